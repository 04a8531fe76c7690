#include "AuthService.h"

#include "ApiError.h"
#include "Clock.h"
#include "FrenchDate.h"
#include "Journal.h"
#include "OtpVerifier.h"
#include "Outbox.h"
#include "Repository.h"
#include "Secrets.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAuth, "ac.server.auth")

AuthService::AuthService(Database &database, const ServerConfig &config)
    : m_database(database)
    , m_config(config)
{
}

QString AuthService::hashToken(const QString &token)
{
    return Secrets::sha256Hex(token);
}

bool AuthService::verifyAidantCode(Repository &repository, const Transaction &tx, qint64 aidantId,
    const QString &code, qint64 nowMs, qint64 loginDeviceId)
{
    // The aidant's row first (the guard's lock), then the devices': the order of every action on an
    // aidant's devices.
    const LoginGuard guard = repository.loginGuardForUpdate(tx, aidantId);
    return verifyCode(repository, aidantId, code, nowMs, loginDeviceId, guard,
        repository.confirmedDevicesForUpdate(tx, aidantId));
}

bool AuthService::verifyDeviceCode(Repository &repository, const Transaction &tx, qint64 aidantId,
    const OtpDeviceRecord &device, const QString &code, qint64 nowMs, qint64 loginDeviceId)
{
    if (device.aidantId != aidantId)
        return false;
    return verifyCode(repository, aidantId, code, nowMs, loginDeviceId,
        repository.loginGuardForUpdate(tx, aidantId), { device });
}

bool AuthService::verifyCode(Repository &repository, qint64 aidantId, const QString &code, qint64 nowMs,
    qint64 loginDeviceId, LoginGuard guard, const QList<OtpDeviceRecord> &devices)
{
    // The guard's lock on the aidant's row serialises the attempts on one account: concurrent
    // guesses cannot overrun a budget.
    std::optional<LoginDeviceRecord> device;
    if (loginDeviceId != 0) {
        device = repository.loginDevice(loginDeviceId);
        if (device && device->aidantId != aidantId)
            device.reset();
        if (device)
            device->budget.recentFailuresMs = repository.recentDeviceFailures(device->id, nowMs);
    }
    const bool familiar = device.has_value();
    if (!familiar)
        guard.unknown.recentFailuresMs = repository.recentUnknownFailures(aidantId, nowMs);
    const BudgetPolicy &policy = familiar ? m_config.login.familiarDevice : m_config.login.unknownClients;
    BudgetState budget = familiar ? device->budget : guard.unknown;
    const qint64 waitMs = LoginBudget::retryAfterMs(policy, budget, nowMs);
    if (waitMs > 0) {
        qCInfo(lcAuth) << "OTP attempt not checked for aidant" << aidantId
                       << (familiar ? "(familiar device, budget exhausted)"
                                    : "(unknown client, budget exhausted)");
        throw ApiError::tooManyAttempts(int((waitMs + 999) / 1000));
    }
    // Only a familiar device's own failures widen the window: an unknown client's guesses never
    // get the 61 codes of the widened window (docs/security.md).
    const int tolerance
        = familiar ? OtpVerifier::toleranceAfter(budget.consecutiveFailures) : OtpVerifier::kNormalTolerance;
    bool accepted = false;
    for (const OtpDeviceRecord &otp : devices) {
        const OtpCheck check = OtpVerifier::verify(otp.state, code, nowMs, tolerance);
        if (check.outcome == OtpOutcome::Accepted) {
            repository.saveDeviceState(otp.id, check.state);
            accepted = true;
            break;
        }
        qCInfo(lcAuth) << "OTP refused for aidant" << aidantId << "device" << otp.id << "outcome"
                       << int(check.outcome);
    }
    if (accepted) {
        budget.consecutiveFailures = 0;
        if (familiar)
            repository.saveLoginDevice(device->id, budget, nowMs);
        else if (guard.unknown.consecutiveFailures != 0)
            repository.saveUnknownBudget(aidantId, budget); // the daily count is kept
        return true;
    }
    budget.consecutiveFailures += 1;
    budget.lastFailureAtMs = nowMs;
    repository.recordFailure(aidantId, familiar ? device->id : 0, nowMs);
    if (familiar) {
        repository.saveLoginDevice(device->id, budget, nowMs);
        return false;
    }
    repository.saveUnknownBudget(aidantId, budget);
    budget.recentFailuresMs.append(nowMs);
    int inWindow = 0;
    for (const qint64 at : std::as_const(budget.recentFailuresMs)) {
        if (at > nowMs - m_config.login.alert.windowMs)
            ++inWindow;
    }
    const bool dailyLimitReached = budget.recentFailuresMs.size() >= policy.dailyLimit;
    if (LoginBudget::shouldAlert(
            m_config.login.alert, inWindow, dailyLimitReached, guard.lastAlertAtMs, nowMs))
        alertReferents(repository, aidantId, inWindow, dailyLimitReached, nowMs);
    return false;
}

void AuthService::alertReferents(
    Repository &repository, qint64 aidantId, int failuresInWindow, bool dailyLimitReached, qint64 nowMs)
{
    const auto aidant = repository.aidant(aidantId);
    if (!aidant)
        return;
    QStringList recipients;
    for (const qint64 organisation : aidant->info.organisationIds) {
        for (const QString &email : repository.referentEmails(organisation)) {
            if (!recipients.contains(email, Qt::CaseInsensitive))
                recipients.append(email);
        }
    }
    repository.setFailureAlertAt(aidantId, nowMs);
    if (recipients.isEmpty()) {
        qCWarning(lcAuth) << "login failures on aidant" << aidantId << "and no référent to alert";
        return;
    }
    const QString name = aidant->info.firstName + QLatin1Char(' ') + aidant->info.lastName;
    const int windowMinutes = int(m_config.login.alert.windowMs / 60000);
    const QString what = dailyLimitReached
        ? QStringLiteral(
            "Le nombre maximal de tentatives de connexion refusées en 24 heures depuis des postes "
            "inconnus a été atteint pour le compte de %1 (%2) : les connexions depuis un poste "
            "inconnu sont suspendues jusqu’à ce que ces échecs aient plus de 24 heures.")
              .arg(name, aidant->info.email)
        : QStringLiteral(
            "%1 tentatives de connexion au compte de %2 (%3) ont été refusées en moins de %4 minutes, "
            "depuis des postes ou des navigateurs où ce compte ne s’était pas encore connecté.")
              .arg(failuresInWindow)
              .arg(name, aidant->info.email)
              .arg(windowMinutes);
    OutgoingEmail email;
    email.subject = QStringLiteral("Aidants Connect : tentatives de connexion refusées pour %1").arg(name);
    email.body
        = QStringLiteral("Bonjour,\n\n%1\n\nDernière tentative : le %2 (heure de Paris).\n\n"
                         "Si ces tentatives ne viennent pas de %3, quelqu’un essaie peut-être de deviner ses "
                         "codes de connexion. Le compte reste utilisable depuis les postes où l’aidant se "
                         "connecte habituellement. Vérifiez avec l’aidant qu’il a toujours sa carte, et "
                         "prévenez votre responsable informatique si les tentatives continuent.\n\n"
                         "Vous recevez ce message en tant que référent de la structure.\n\n"
                         "— Aidants Connect\n")
              .arg(what, FrenchDate::dateTime(nowMs), name);
    QSqlDatabase db = repository.connection();
    for (const QString &to : std::as_const(recipients)) {
        email.to = to;
        Outbox::enqueue(db, email, nowMs);
    }
    qCWarning(lcAuth) << "login failures on aidant" << aidantId << ":" << recipients.size()
                      << "référent(s) alerted";
}

SessionInfo AuthService::sessionInfo(Repository &repository, qint64 aidantId, qint64 expiresAtMs)
{
    const auto aidant = repository.aidant(aidantId);
    if (!aidant)
        throw ApiError::unauthenticated();
    return sessionInfo(repository, *aidant, expiresAtMs);
}

SessionInfo AuthService::sessionInfo(Repository &repository, const AidantRecord &aidant, qint64 expiresAtMs)
{
    SessionInfo info;
    info.idleTimeoutSeconds = m_config.idleTimeoutSeconds;
    info.expiresAtMs = expiresAtMs;
    info.currentCguVersion = m_config.cguVersion;
    info.aidant = aidant.info;
    info.organisations = repository.organisations(aidant.info.organisationIds);
    return info;
}

qint64 AuthService::familiarDevice(Repository &repository, qint64 aidantId, const QString &deviceToken)
{
    if (deviceToken.isEmpty() || deviceToken.size() > 128)
        return 0;
    const auto device = repository.loginDeviceByTokenHash(hashToken(deviceToken));
    return device && device->aidantId == aidantId ? device->id : 0;
}

SessionInfo AuthService::login(
    const QString &email, const QString &code, const QString &deviceToken, QString *issuedDeviceToken)
{
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto aidant = repository.aidantByEmail(email);
    if (!aidant || !aidant->active)
        throw ApiError::invalidCredentials();
    const qint64 loginDeviceId = familiarDevice(repository, aidant->info.id, deviceToken);
    if (!verifyAidantCode(repository, tx, aidant->info.id, code, now, loginDeviceId)) {
        tx.commit(); // keep the failure counts: they are the brute-force protection
        throw ApiError::invalidCredentials();
    }
    SessionInfo info = openSession(repository, tx, *aidant, loginDeviceId, now, issuedDeviceToken);
    tx.commit();
    qCInfo(lcAuth) << "aidant" << aidant->info.id << "logged in";
    return info;
}

SessionInfo AuthService::openSession(Repository &repository, const Transaction &tx,
    const AidantRecord &aidant, qint64 loginDeviceId, qint64 now, QString *issuedDeviceToken)
{
    if (loginDeviceId == 0) {
        // A new familiar device: its token is returned once; only its SHA-256 is stored.
        const QString newDeviceToken = Secrets::randomToken(32);
        repository.deleteStaleLoginDevices(
            aidant.info.id, now - qint64(m_config.login.deviceTokenLifetimeDays) * 24 * 3600 * 1000);
        loginDeviceId = repository.createLoginDevice(aidant.info.id, hashToken(newDeviceToken), now);
        if (issuedDeviceToken)
            *issuedDeviceToken = newDeviceToken;
    }
    const QString token = Secrets::randomToken(32); // 256 bits
    const qint64 expiresAt = now + qint64(m_config.absoluteTimeoutSeconds) * 1000;
    // Expired sessions are refused anyway (authenticate); removing them is housekeeping, done by one
    // login at most every minute (or every session lifetime, when shorter), not by each.
    const qint64 purgeEveryMs = qMin<qint64>(60 * 1000, qint64(m_config.absoluteTimeoutSeconds) * 1000);
    if (m_sessionPurgeGate.pass(now, purgeEveryMs))
        repository.deleteExpiredSessions(now);
    repository.createSession(hashToken(token), aidant.info.id, now, expiresAt, loginDeviceId);
    repository.setLastLogin(aidant.info.id, now);
    // The answer is built from the record read at the start of the login, not read again: a
    // login changes nothing it holds.
    SessionInfo info = sessionInfo(repository, aidant, expiresAt);
    // Last before the commit: the journal head stays locked for as short a time as possible.
    JournalEntry entry;
    entry.action = QStringLiteral("connect_aidant");
    entry.aidantId = aidant.info.id;
    entry.organisationId = aidant.info.currentOrganisationId;
    QSqlDatabase db = repository.connection();
    Journal::append(db, tx, entry, now);
    info.token = token;
    return info;
}

AuthContext AuthService::authenticate(const QString &token, bool allowIdle)
{
    if (token.isEmpty() || token.size() > 128)
        throw ApiError::unauthenticated();
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    const auto session = repository.sessionByTokenHash(hashToken(token));
    if (!session || session->expiresAtMs <= now)
        throw ApiError::unauthenticated();
    const qint64 idleMs = qint64(m_config.idleTimeoutSeconds) * 1000;
    const bool idle = now - session->lastActivityAtMs > idleMs;
    if (idle && !allowIdle)
        throw ApiError::sessionLocked();
    // The activity is written at most every 1/60 of the idle timeout (15 s for 15 minutes): a burst
    // of calls costs one write, and the lock comes at most that much later.
    if (!idle && now - session->lastActivityAtMs >= idleMs / 60)
        repository.touchSession(session->id, now);
    return AuthContext { session->id, session->aidantId, session->expiresAtMs, session->loginDeviceId };
}

SessionInfo AuthService::activityCheck(const AuthContext &context, const QString &code)
{
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto aidant = repository.aidant(context.aidantId);
    if (!aidant || !aidant->active)
        throw ApiError::invalidCredentials();
    if (!verifyAidantCode(repository, tx, context.aidantId, code, now, context.loginDeviceId)) {
        tx.commit();
        throw ApiError::invalidCredentials();
    }
    repository.touchSession(context.sessionId, now);
    SessionInfo info = sessionInfo(repository, *aidant, context.expiresAtMs);
    JournalEntry entry;
    entry.action = QStringLiteral("activity_check_aidant");
    entry.aidantId = context.aidantId;
    entry.organisationId = aidant->info.currentOrganisationId;
    Journal::append(db, tx, entry, now);
    tx.commit();
    return info;
}

void AuthService::logout(const AuthContext &context)
{
    QSqlDatabase db = m_database.connection();
    Repository(db).deleteSession(context.sessionId);
    qCInfo(lcAuth) << "aidant" << context.aidantId << "logged out";
}

SessionInfo AuthService::me(const AuthContext &context)
{
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    return sessionInfo(repository, context.aidantId, context.expiresAtMs);
}

SessionInfo AuthService::acceptCgu(const AuthContext &context, const QString &version)
{
    if (version != m_config.cguVersion)
        throw ApiError::invalidField(QStringLiteral("version"));
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    repository.setAcceptedCgu(context.aidantId, version);
    return sessionInfo(repository, context.aidantId, context.expiresAtMs);
}
