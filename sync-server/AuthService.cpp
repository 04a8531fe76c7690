#include "AuthService.h"

#include "ApiError.h"
#include "Clock.h"
#include "Journal.h"
#include "OtpVerifier.h"
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

bool AuthService::verifyAidantCode(Repository &repository, const Transaction &tx, qint64 aidantId, const QString &code,
                             qint64 nowMs)
{
    const QList<OtpDeviceRecord> devices = repository.confirmedDevicesForUpdate(tx, aidantId);
    for (const OtpDeviceRecord &device : devices) {
        const OtpCheck check = OtpVerifier::verify(device.state, code, nowMs);
        if (check.outcome != OtpOutcome::Throttled)
            repository.saveDeviceState(device.id, check.state);
        if (check.outcome == OtpOutcome::Accepted)
            return true;
        qCInfo(lcAuth) << "OTP refused for aidant" << aidantId << "device" << device.id << "outcome"
                       << int(check.outcome);
    }
    return false;
}

SessionInfo AuthService::sessionInfo(Repository &repository, qint64 aidantId, qint64 expiresAtMs)
{
    const auto aidant = repository.aidant(aidantId);
    if (!aidant)
        throw ApiError::unauthenticated();
    SessionInfo info;
    info.idleTimeoutSeconds = m_config.idleTimeoutSeconds;
    info.expiresAtMs = expiresAtMs;
    info.currentCguVersion = m_config.cguVersion;
    info.aidant = aidant->info;
    info.organisations = repository.organisations(aidant->info.organisationIds);
    return info;
}

SessionInfo AuthService::login(const QString &email, const QString &code)
{
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto aidant = repository.aidantByEmail(email);
    if (!aidant || !aidant->active)
        throw ApiError::invalidCredentials();
    if (!verifyAidantCode(repository, tx, aidant->info.id, code, now)) {
        tx.commit(); // keep the failure count and throttle: they are the brute-force protection
        throw ApiError::invalidCredentials();
    }
    const QString token = Secrets::randomToken(32); // 256 bits
    const qint64 expiresAt = now + qint64(m_config.absoluteTimeoutSeconds) * 1000;
    repository.deleteExpiredSessions(now);
    repository.createSession(hashToken(token), aidant->info.id, now, expiresAt);
    SessionInfo info = sessionInfo(repository, aidant->info.id, expiresAt);
    // Last before the commit: the journal head stays locked for as short a time as possible.
    JournalEntry entry;
    entry.action = QStringLiteral("connect_aidant");
    entry.aidantId = aidant->info.id;
    entry.organisationId = aidant->info.currentOrganisationId;
    Journal::append(db, tx, entry, now);
    tx.commit();
    info.token = token;
    qCInfo(lcAuth) << "aidant" << aidant->info.id << "logged in";
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
    const bool idle = now - session->lastActivityAtMs > qint64(m_config.idleTimeoutSeconds) * 1000;
    if (idle && !allowIdle)
        throw ApiError::sessionLocked();
    if (!idle)
        repository.touchSession(session->id, now);
    return AuthContext { session->id, session->aidantId, session->expiresAtMs };
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
    if (!verifyAidantCode(repository, tx, context.aidantId, code, now)) {
        tx.commit();
        throw ApiError::invalidCredentials();
    }
    repository.touchSession(context.sessionId, now);
    SessionInfo info = sessionInfo(repository, context.aidantId, context.expiresAtMs);
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
