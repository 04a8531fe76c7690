#include "OtpDeviceService.h"

#include "ApiError.h"
#include "ApiInput.h"
#include "Clock.h"
#include "ConstantTime.h"
#include "Journal.h"
#include "OtpVerifier.h"
#include "Outbox.h"
#include "ReferentAccess.h"
#include "Repository.h"
#include "Secrets.h"
#include "Totp.h"
#include "Validation.h"

#include <QJsonValue>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUrl>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcDevices, "ac.server.devices")

namespace {
using ApiInput::requireOtpCode;
using ApiInput::requireString;

constexpr int kSecretBytes = 20; // 160 bits (RFC 4226 recommends it for HMAC-SHA1)
constexpr int kMaxSerialLength = 64;
constexpr int kMaxDetailsLength = 500;
const QString kCard = QStringLiteral("card");
const QString kApp = QStringLiteral("app");

ApiError invalidCode()
{
    return { 400, QStringLiteral("invalid_code"), QStringLiteral("Le code saisi est incorrect.") };
}

QByteArray randomSecret()
{
    QByteArray secret(kSecretBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), kSecretBytes / 4);
    return secret;
}

/// An active référent without a confirmed device: the only account a first login may enrol.
bool needsFirstLogin(Repository &repository, const std::optional<AidantRecord> &aidant)
{
    return aidant && aidant->active && !aidant->info.referentOf.isEmpty()
        && !repository.hasConfirmedDevice(aidant->info.id);
}

QString requireEmail(const QJsonObject &body)
{
    const QString email = requireString(body, QStringLiteral("email"), Validation::kMaxEmailLength).trimmed();
    if (!Validation::isValidEmail(email))
        throw ApiError::invalidField(QStringLiteral("email"));
    return email;
}

} // namespace

OtpDeviceService::OtpDeviceService(Database &database, AuthService &auth)
    : m_database(database)
    , m_auth(auth)
{
}

const QStringList &OtpDeviceService::dissociationReasons()
{
    static const QStringList reasons { QStringLiteral("perte"), QStringLiteral("casse"),
        QStringLiteral("dysfonctionnement"), QStringLiteral("depart"), QStringLiteral("erreur"),
        QStringLiteral("autre") };
    return reasons;
}

bool OtpDeviceService::retiresCard(const QString &reason)
{
    return reason == QLatin1String("perte") || reason == QLatin1String("casse")
        || reason == QLatin1String("dysfonctionnement");
}

QString OtpDeviceService::otpauthUri(const QString &email, const QByteArray &secret)
{
    const QString issuer = QStringLiteral("Aidants Connect");
    QUrl uri;
    uri.setScheme(QStringLiteral("otpauth"));
    uri.setHost(QStringLiteral("totp"));
    uri.setPath(QLatin1Char('/') + issuer + QLatin1Char(':') + email);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("secret"), Totp::encodeBase32(secret));
    query.addQueryItem(QStringLiteral("issuer"), issuer);
    query.addQueryItem(QStringLiteral("algorithm"), QStringLiteral("SHA1"));
    query.addQueryItem(QStringLiteral("digits"), QString::number(Totp::kDigits));
    query.addQueryItem(QStringLiteral("period"), QString::number(Totp::kPhoneStepSeconds));
    uri.setQuery(query);
    return uri.toString(QUrl::FullyEncoded);
}

void OtpDeviceService::requireDeviceCode(Repository &repository, Transaction &tx, qint64 aidantId,
    const OtpDeviceRecord &device, const QString &code, qint64 nowMs, qint64 loginDeviceId)
{
    if (m_auth.verifyDeviceCode(repository, tx, aidantId, device, code, nowMs, loginDeviceId))
        return;
    tx.commit(); // the failure counts are the brute-force protection: keep them, and only them
    throw invalidCode();
}

QJsonObject OtpDeviceService::associateCard(
    const AuthContext &context, const QString &org, const QString &aidantArg, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    Repository &repository = scope.repository;
    Transaction &tx = scope.tx;
    const qint64 organisationId = scope.organisation(org);
    const AidantRecord aidant = scope.aidant(organisationId, aidantArg);
    const qint64 aidantId = aidant.info.id;
    const QString serial = requireString(body, QStringLiteral("serial"), kMaxSerialLength).trimmed();
    repository.lockAidant(tx, aidantId);
    const auto card = repository.unretiredCardForUpdate(tx, serial);
    if (!card)
        throw ApiError(404, QStringLiteral("unknown_card"),
            QStringLiteral("Aucune carte disponible ne porte ce numéro de série."));
    if (card->aidantId != 0)
        throw ApiError::conflict(
            QStringLiteral("card_in_use"), QStringLiteral("Cette carte est déjà associée à un aidant."));
    if (!aidant.active)
        throw ApiError::conflict(QStringLiteral("aidant_inactive"),
            QStringLiteral("Cet aidant est désactivé : réactivez-le avant de lui associer un dispositif."));
    if (repository.aidantDeviceForUpdate(tx, aidantId, kCard))
        throw ApiError::conflict(QStringLiteral("aidant_has_card"),
            QStringLiteral("Cet aidant a déjà une carte. Dissociez-la avant d'en associer une autre."));
    repository.associateCard(card->id, aidantId, false);
    scope.journal(QStringLiteral("card_association"), organisationId, aidantId,
        QStringLiteral(", card %1").arg(serial));
    tx.commit();
    qCInfo(lcDevices) << "card" << card->id << "associated with aidant" << aidantId << "by référent"
                      << context.aidantId;
    return scope.view(aidantId, organisationId).toJson();
}

QJsonObject OtpDeviceService::confirmPendingDevice(const AuthContext &context, const QString &org,
    const QString &aidantArg, const QJsonObject &body, const QString &kind)
{
    const bool isCard = kind == kCard;
    ReferentScope scope(m_database, context.aidantId);
    const qint64 organisationId = scope.organisation(org);
    const qint64 aidantId = scope.aidant(organisationId, aidantArg).info.id;
    const QString code = requireOtpCode(body);
    scope.repository.lockAidant(scope.tx, aidantId);
    const auto device = scope.repository.aidantDeviceForUpdate(scope.tx, aidantId, kind);
    if (!device || device->confirmed) {
        throw isCard ? ApiError::conflict(QStringLiteral("no_card_to_validate"),
            QStringLiteral("Cet aidant n'a pas de carte en attente de validation."))
                     : ApiError::conflict(QStringLiteral("no_app_to_confirm"),
                         QStringLiteral("Cet aidant n'a pas d'application en attente de confirmation."));
    }
    requireDeviceCode(scope.repository, scope.tx, aidantId, *device, code, scope.nowMs);
    scope.repository.confirmDevice(device->id);
    if (isCard)
        scope.journal(QStringLiteral("card_validation"), organisationId, aidantId,
            QStringLiteral(", card %1").arg(device->serial));
    else
        scope.journal(QStringLiteral("app_association"), organisationId, aidantId);
    scope.commit();
    qCInfo(lcDevices) << kind << device->id << "of aidant" << aidantId << "confirmed";
    return scope.view(aidantId, organisationId).toJson();
}

QJsonObject OtpDeviceService::validateCard(
    const AuthContext &context, const QString &org, const QString &aidantArg, const QJsonObject &body)
{
    return confirmPendingDevice(context, org, aidantArg, body, kCard);
}

QJsonObject OtpDeviceService::dissociateCard(
    const AuthContext &context, const QString &org, const QString &aidantArg, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    Repository &repository = scope.repository;
    Transaction &tx = scope.tx;
    const qint64 now = scope.nowMs;
    const qint64 organisationId = scope.organisation(org);
    const AidantRecord aidant = scope.aidant(organisationId, aidantArg);
    const qint64 aidantId = aidant.info.id;
    const QString reason = requireString(body, QStringLiteral("reason"), 32);
    if (!dissociationReasons().contains(reason))
        throw ApiError::invalidField(QStringLiteral("reason"));
    const QString details = ApiInput::optionalString(body, QStringLiteral("details"), kMaxDetailsLength);
    if (reason == QLatin1String("autre") && details.isEmpty())
        throw ApiError::missingField(QStringLiteral("details"));
    repository.lockAidant(tx, aidantId);
    const auto card = repository.aidantDeviceForUpdate(tx, aidantId, kCard);
    if (!card)
        throw ApiError::notFound();
    const bool retire = retiresCard(reason);
    repository.dissociateCard(card->id, retire, now);
    QString more = QStringLiteral(", card %1, reason %2").arg(card->serial, reason);
    if (!details.isEmpty())
        more += QStringLiteral(", details: %1").arg(details);
    scope.journal(QStringLiteral("card_dissociation"), organisationId, aidantId, more);
    tx.commit();
    qCInfo(lcDevices) << "card" << card->id << "dissociated from aidant" << aidantId << "reason" << reason
                      << (retire ? "(retired)" : "(back to the free stock)");
    return scope.view(aidantId, organisationId).toJson();
}

qint64 OtpDeviceService::createPendingApp(
    Repository &repository, const Transaction &tx, qint64 aidantId, qint64 nowMs, QByteArray *secret)
{
    if (const auto pending = repository.aidantDeviceForUpdate(tx, aidantId, kApp)) {
        if (pending->confirmed)
            throw ApiError::conflict(QStringLiteral("aidant_has_app"),
                QStringLiteral(
                    "Cet aidant a déjà une application. Supprimez-la avant d'en activer une autre."));
        repository.deleteDevice(pending->id); // a scan never confirmed: its secret is forgotten
    }
    *secret = randomSecret();
    return repository.createApp(aidantId, *secret, nowMs);
}

QJsonObject OtpDeviceService::enrolApp(
    const AuthContext &context, const QString &org, const QString &aidantArg)
{
    ReferentScope scope(m_database, context.aidantId);
    Repository &repository = scope.repository;
    Transaction &tx = scope.tx;
    const qint64 now = scope.nowMs;
    const qint64 organisationId = scope.organisation(org);
    const AidantRecord aidant = scope.aidant(organisationId, aidantArg);
    const qint64 aidantId = aidant.info.id;
    if (!aidant.active)
        throw ApiError::conflict(QStringLiteral("aidant_inactive"),
            QStringLiteral("Cet aidant est désactivé : réactivez-le avant de lui associer un dispositif."));
    repository.lockAidant(tx, aidantId);
    QByteArray secret;
    const qint64 deviceId = createPendingApp(repository, tx, aidantId, now, &secret);
    tx.commit();
    // The secret is answered here once; it is neither logged nor journalled.
    qCInfo(lcDevices) << "phone app" << deviceId << "of aidant" << aidantId << "waiting for its first code";
    return QJsonObject { { QStringLiteral("otpauth_uri"), otpauthUri(aidant.info.email, secret) },
        { QStringLiteral("aidant"), scope.view(aidantId, organisationId).toJson() } };
}

QJsonObject OtpDeviceService::confirmApp(
    const AuthContext &context, const QString &org, const QString &aidantArg, const QJsonObject &body)
{
    return confirmPendingDevice(context, org, aidantArg, body, kApp);
}

QJsonObject OtpDeviceService::removeApp(
    const AuthContext &context, const QString &org, const QString &aidantArg)
{
    ReferentScope scope(m_database, context.aidantId);
    Repository &repository = scope.repository;
    Transaction &tx = scope.tx;
    const qint64 organisationId = scope.organisation(org);
    const AidantRecord aidant = scope.aidant(organisationId, aidantArg);
    const qint64 aidantId = aidant.info.id;
    repository.lockAidant(tx, aidantId);
    const auto app = repository.aidantDeviceForUpdate(tx, aidantId, kApp);
    if (!app)
        throw ApiError::notFound();
    repository.deleteDevice(app->id);
    scope.journal(QStringLiteral("app_removal"), organisationId, aidantId, {});
    tx.commit();
    qCInfo(lcDevices) << "phone app" << app->id << "of aidant" << aidantId << "removed";
    return scope.view(aidantId, organisationId).toJson();
}

QJsonObject OtpDeviceService::firstLoginRequest(const QJsonObject &body)
{
    const QString email = requireEmail(body);
    const QJsonObject sent { { QStringLiteral("status"), QStringLiteral("sent") } };
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto aidant = repository.aidantByEmail(email);
    if (!needsFirstLogin(repository, aidant))
        return sent; // the same answer: nothing tells whether the account exists
    const qint64 aidantId = aidant->info.id;
    repository.lockAidant(tx, aidantId); // serialises the requests of one account
    qint64 latestAt = 0;
    const int sentToday = repository.firstLoginCodesSince(aidantId, now - LoginBudget::kDayMs, &latestAt);
    if (sentToday >= kFirstLoginEmailsPerDay
        || (latestAt != 0 && now - latestAt < kFirstLoginEmailIntervalMs)) {
        qCInfo(lcDevices) << "first-login code not sent again yet to aidant" << aidantId;
        return sent;
    }
    const QString code = QStringLiteral("%1").arg(
        QRandomGenerator::system()->bounded(100000000u), kFirstLoginCodeDigits, 10, QLatin1Char('0'));
    repository.createFirstLoginCode(aidantId, Secrets::sha256Hex(code), now, now + kFirstLoginCodeLifetimeMs);
    OutgoingEmail message;
    message.to = aidant->info.email;
    message.subject = QStringLiteral("Aidants Connect : votre code de première connexion");
    message.body = QStringLiteral(
        "Bonjour %1,\n\n"
        "Voici votre code pour activer l’application d’authentification de votre compte Aidants "
        "Connect :\n\n%2\n\n"
        "Saisissez-le dans Aidants Connect, à la page « Première connexion ». Ce code est valable "
        "15 minutes et ne sert qu’une fois.\n\n"
        "Si vous n’avez pas demandé ce code, ignorez ce message : votre compte n’est pas modifié.\n\n"
        "— Aidants Connect\n")
                       .arg(aidant->info.firstName, code);
    Outbox::enqueue(db, message, now);
    tx.commit();
    qCInfo(lcDevices) << "first-login code emailed to aidant" << aidantId;
    return sent;
}

QJsonObject OtpDeviceService::firstLoginStart(const QJsonObject &body)
{
    const QString email = requireEmail(body);
    const QString emailCode = requireString(body, QStringLiteral("email_code"), 16).trimmed();
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto aidant = repository.aidantByEmail(email);
    if (!needsFirstLogin(repository, aidant))
        throw ApiError::invalidCredentials();
    const qint64 aidantId = aidant->info.id;
    repository.lockAidant(tx, aidantId);
    const auto stored = repository.latestFirstLoginCodeForUpdate(tx, aidantId);
    if (!stored || stored->used || stored->expiresAtMs <= now || stored->attempts >= kFirstLoginCodeAttempts)
        throw ApiError::invalidCredentials();
    if (!constantTimeEquals(Secrets::sha256Hex(emailCode), stored->codeHash)) {
        // The fifth wrong attempt burns the code.
        repository.setFirstLoginCodeAttempts(stored->id, stored->attempts + 1);
        tx.commit();
        qCInfo(lcDevices) << "wrong first-login code for aidant" << aidantId;
        throw ApiError::invalidCredentials();
    }
    repository.useFirstLoginCode(stored->id, now);
    QByteArray secret;
    const qint64 deviceId = createPendingApp(repository, tx, aidantId, now, &secret);
    const QString token = Secrets::randomToken(32);
    repository.createEnrolment(
        AuthService::hashToken(token), aidantId, deviceId, now, now + kEnrolmentLifetimeMs);
    tx.commit();
    qCInfo(lcDevices) << "first login of aidant" << aidantId << ": phone app" << deviceId << "to confirm";
    return QJsonObject { { QStringLiteral("enrolment_token"), token },
        { QStringLiteral("otpauth_uri"), otpauthUri(aidant->info.email, secret) } };
}

SessionInfo OtpDeviceService::firstLoginConfirm(const QJsonObject &body, QString *issuedDeviceToken)
{
    const QString token = requireString(body, QStringLiteral("enrolment_token"), 128);
    const QString code = requireOtpCode(body);
    const QJsonValue deviceToken = body.value(QStringLiteral("device_token"));
    if (!deviceToken.isUndefined() && !deviceToken.isNull() && !deviceToken.isString())
        throw ApiError::invalidField(QStringLiteral("device_token"));
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const QString tokenHash = AuthService::hashToken(token);
    const auto named = repository.enrolment(tokenHash);
    if (!named)
        throw ApiError::invalidCredentials();
    // The aidant's row first (as every action on their devices and enrolments), then read again.
    repository.lockAidant(tx, named->aidantId);
    const auto enrolment = repository.enrolment(tokenHash);
    if (!enrolment || enrolment->used || enrolment->expiresAtMs <= now)
        throw ApiError::invalidCredentials();
    const auto aidant = repository.aidant(enrolment->aidantId);
    if (!needsFirstLogin(repository, aidant))
        throw ApiError::invalidCredentials();
    const qint64 aidantId = aidant->info.id;
    const auto app = repository.aidantDeviceForUpdate(tx, aidantId, kApp);
    if (!app || app->id != enrolment->deviceId || app->confirmed)
        throw ApiError::invalidCredentials();
    const qint64 loginDeviceId = m_auth.familiarDevice(repository, aidantId, deviceToken.toString());
    requireDeviceCode(repository, tx, aidantId, *app, code, now, loginDeviceId);
    repository.confirmDevice(app->id);
    repository.useEnrolment(enrolment->id, now);
    JournalEntry entry; // the référent enrols their own app: actor and subject
    entry.action = QStringLiteral("app_association");
    entry.aidantId = aidantId;
    entry.organisationId = aidant->info.currentOrganisationId;
    entry.info = QStringLiteral("aidant %1, first login").arg(aidantId);
    Journal::append(db, tx, entry, now);
    SessionInfo info = m_auth.openSession(repository, tx, *aidant, loginDeviceId, now, issuedDeviceToken);
    tx.commit();
    qCInfo(lcDevices) << "first login of aidant" << aidantId << ": phone app" << app->id
                      << "confirmed, logged in";
    return info;
}
