#include "ApiClient.h"

#include "AppLogging.h"
#include "Settings.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

namespace {

const QString kNetworkErrorCode = QStringLiteral("network_error");
const QString kTlsErrorCode = QStringLiteral("tls_error");
const QString kTimeoutErrorCode = QStringLiteral("timeout");
const QString kBadResponseCode = QStringLiteral("bad_response");
const QString kConfigurationErrorCode = QStringLiteral("configuration_error");

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    // Redirects are not part of the API: a redirect means a misconfigured server URL.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ApiClient::~ApiClient() = default;

QString ApiClient::unreachableMessage()
{
    return tr("Le serveur Aidants Connect est injoignable. Vérifiez votre connexion.");
}

QString ApiClient::tlsFailureMessage()
{
    return tr("La connexion sécurisée au serveur a échoué : certificat non reconnu.");
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
    qCInfo(lcApi) << "server:" << url.toDisplayString();
}

Status ApiClient::setCaCertificateFile(const QString &path)
{
    m_extraCaCertificates.clear();
    m_configurationError.clear();
    if (path.isEmpty())
        return success();
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(path, QSsl::Pem);
    if (certificates.isEmpty()) {
        qCWarning(lcApi) << "no CA certificate could be read from" << path;
        m_configurationError = tr("Le certificat d'autorité configuré (%1) est illisible. "
                                  "Contactez votre référent ou votre service informatique.")
                                   .arg(QFileInfo(path).fileName());
        return Error { kConfigurationErrorCode, m_configurationError };
    }
    m_extraCaCertificates = certificates;
    qCInfo(lcApi) << "added" << certificates.size() << "CA certificate(s) from" << path;
    return success();
}

QNetworkRequest ApiClient::makeRequest(const QString &path) const
{
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    // A path may carry a query (already percent-encoded): setPath() would encode its '?'.
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    url.setPath(basePath + path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1), QUrl::StrictMode);

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    // JSON, gzip-compressed by the server for large answers: Qt adds "Accept-Encoding: gzip, deflate"
    // itself and decompresses. Not CBOR, which the server also offers: Qt reads it into the same
    // QJsonObject 3-4 times slower than it parses JSON (docs/performance.md § Sync, bench_sync).
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
        QString(QStringLiteral("aidants-connect/") + QCoreApplication::applicationVersion()));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(m_transferTimeoutMs);
    if (url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_extraCaCertificates.isEmpty())
            tls.addCaCertificates(m_extraCaCertificates);
        request.setSslConfiguration(tls);
    }
    return request;
}

void ApiClient::send(const QByteArray &verb, const QString &path, const QJsonObject *body, QObject *context,
    JsonCallback callback)
{
    Q_ASSERT(context);
    QString precondition;
    if (!m_configurationError.isEmpty())
        precondition = m_configurationError;
    else if (!m_baseUrl.isValid()
        || !(m_baseUrl.scheme() == QLatin1String("http") || m_baseUrl.scheme() == QLatin1String("https")))
        precondition = tr("L'adresse du serveur Aidants Connect n'est pas configurée correctement.");
    if (!precondition.isEmpty()) {
        // Keep callbacks asynchronous even when nothing is sent.
        QTimer::singleShot(0, context, [callback = std::move(callback), precondition] {
            callback(Error { kConfigurationErrorCode, precondition });
        });
        return;
    }

    const QNetworkRequest request = makeRequest(path);
    const QByteArray payload = body ? QJsonDocument(*body).toJson(QJsonDocument::Compact) : QByteArray();
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, payload);
    qCDebug(lcApi) << verb.constData() << path;

    connect(reply, &QNetworkReply::sslErrors, this, [path](const QList<QSslError> &errors) {
        // Logged for IT; never ignored: the handshake fails and the user gets a French message.
        for (const QSslError &error : errors)
            qCWarning(lcApi) << "TLS error on" << path << ":" << error.errorString();
    });
    connect(reply, &QNetworkReply::finished, context,
        [reply, callback = std::move(callback)] { callback(parseReply(reply)); });
    // If the context dies first, the reply is still cleaned up.
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

Result<QJsonObject> ApiClient::parseReply(QNetworkReply *reply)
{
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const QString path = reply->url().path();

    if (status == 0) {
        const QNetworkReply::NetworkError error = reply->error();
        qCWarning(lcApi) << "request to" << path << "failed:" << error << reply->errorString();
        switch (error) {
        case QNetworkReply::SslHandshakeFailedError:
            return Error { kTlsErrorCode, tlsFailureMessage() };
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError:
            return Error { kTimeoutErrorCode,
                tr("Le serveur Aidants Connect ne répond pas. Réessayez dans un instant.") };
        default:
            return Error { kNetworkErrorCode, unreachableMessage() };
        }
    }

    const QByteArray data = reply->readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && document.isObject();
    const QJsonObject json = document.object();

    if (status >= 200 && status < 300) {
        if (!isObject) {
            qCWarning(lcApi) << "non-JSON answer from" << path << "status" << status;
            return Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") };
        }
        return json;
    }

    const QString code = json.value(QStringLiteral("error")).toString();
    const QString message = json.value(QStringLiteral("message")).toString();
    qCInfo(lcApi) << "request to" << path << "answered" << status << code;
    if (!isObject || code.isEmpty()) {
        return Error { kBadResponseCode,
            tr("Le serveur a envoyé une réponse inattendue (code %1).").arg(status) };
    }
    return Error { code, message.isEmpty() ? tr("Erreur du serveur (%1).").arg(code) : message,
        json.value(QStringLiteral("redirect")).toString() };
}

template<typename T>
void ApiClient::sendFor(const QByteArray &verb, const QString &path, const QJsonObject *body,
    QObject *context, std::function<void(const Result<T> &)> callback)
{
    send(verb, path, body, context, [callback = std::move(callback)](const Result<QJsonObject> &result) {
        if (!result)
            return callback(result.error());
        callback(T::fromJson(result.value()));
    });
}

void ApiClient::login(const QString &email, const QString &code, QObject *context, SessionCallback callback)
{
    const QJsonObject body { { QStringLiteral("email"), email }, { QStringLiteral("code"), code } };
    sendLogin(QStringLiteral("/api/v1/auth/login"), email, body, context, std::move(callback));
}

void ApiClient::sendLogin(
    const QString &path, const QString &email, QJsonObject body, QObject *context, SessionCallback callback)
{
    // This workstation's device token for the aidant (docs/security.md): its attempts count apart
    // from unknown clients'. The server issues one at the first successful login here.
    const QString deviceToken = Settings().deviceToken(email);
    if (!deviceToken.isEmpty())
        body.insert(QStringLiteral("device_token"), deviceToken);
    send("POST", path, &body, context,
        [email, callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!result)
                return callback(result.error());
            SessionInfo info = SessionInfo::fromJson(result.value());
            if (info.token.isEmpty())
                return callback(
                    Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") });
            const QString issued = result.value().value(QStringLiteral("device_token")).toString();
            if (!issued.isEmpty() && issued.size() <= 128)
                Settings().setDeviceToken(email, issued);
            callback(info);
        });
}

void ApiClient::activityCheck(const QString &code, QObject *context, SessionCallback callback)
{
    const QJsonObject body { { QStringLiteral("code"), code } };
    sendFor<SessionInfo>(
        "POST", QStringLiteral("/api/v1/auth/activity-check"), &body, context, std::move(callback));
}

void ApiClient::logout(QObject *context, StatusCallback callback)
{
    send("POST", QStringLiteral("/api/v1/auth/logout"), nullptr, context,
        [callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!callback)
                return;
            if (!result)
                return callback(result.error());
            callback(success());
        });
}

void ApiClient::me(QObject *context, SessionCallback callback)
{
    sendFor<SessionInfo>("GET", QStringLiteral("/api/v1/me"), nullptr, context, std::move(callback));
}

void ApiClient::acceptCgu(const QString &version, QObject *context, SessionCallback callback)
{
    const QJsonObject body { { QStringLiteral("version"), version } };
    sendFor<SessionInfo>("POST", QStringLiteral("/api/v1/me/cgu"), &body, context, std::move(callback));
}

void ApiClient::createMandatDraft(const QStringList &demarches, const QString &duration, bool remote,
    bool remoteConsentCertified, QObject *context, DraftCallback callback)
{
    const QJsonObject body { { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) },
        { QStringLiteral("duration"), duration }, { QStringLiteral("remote"), remote },
        { QStringLiteral("remote_consent_certified"), remoteConsentCertified } };
    sendFor<MandatDraftInfo>(
        "POST", QStringLiteral("/api/v1/mandat-drafts"), &body, context, std::move(callback));
}

void ApiClient::mandatDraft(const QString &draftId, QObject *context, DraftCallback callback)
{
    sendFor<MandatDraftInfo>(
        "GET", QStringLiteral("/api/v1/mandat-drafts/") + draftId, nullptr, context, std::move(callback));
}

void ApiClient::signMandatDraft(const QString &draftId, const QString &code, bool informationGiven,
    bool remoteWrittenConsent, QObject *context, MandatCallback callback)
{
    const QJsonObject consents { { QStringLiteral("information_given"), informationGiven },
        { QStringLiteral("remote_written_consent"), remoteWrittenConsent } };
    const QJsonObject body { { QStringLiteral("code"), code }, { QStringLiteral("consents"), consents } };
    sendFor<MandatInfo>("POST", QStringLiteral("/api/v1/mandat-drafts/") + draftId + QStringLiteral("/sign"),
        &body, context, std::move(callback));
}

void ApiClient::mandat(qint64 mandatId, QObject *context, MandatCallback callback)
{
    sendFor<MandatInfo>("GET", QStringLiteral("/api/v1/mandats/") + QString::number(mandatId), nullptr,
        context, std::move(callback));
}

void ApiClient::sync(const QString &cursor, QObject *context, SyncCallback callback)
{
    QString path = QStringLiteral("/api/v1/sync");
    if (!cursor.isEmpty())
        path += QStringLiteral("?cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
    sendFor<SyncPage>("GET", path, nullptr, context, std::move(callback));
}

void ApiClient::revokeAutorisation(
    qint64 mandatId, qint64 autorisationId, QObject *context, MandatCallback callback)
{
    sendFor<MandatInfo>("POST",
        QStringLiteral("/api/v1/mandats/%1/autorisations/%2/revoke").arg(mandatId).arg(autorisationId),
        nullptr, context, std::move(callback));
}

void ApiClient::revokeMandat(qint64 mandatId, QObject *context, MandatCallback callback)
{
    sendFor<MandatInfo>("POST", QStringLiteral("/api/v1/mandats/%1/revoke").arg(mandatId), nullptr, context,
        std::move(callback));
}

void ApiClient::createRenewalDraft(qint64 mandatId, const QStringList &demarches, const QString &duration,
    bool remote, bool remoteConsentCertified, QObject *context, DraftCallback callback)
{
    const QJsonObject body { { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) },
        { QStringLiteral("duration"), duration }, { QStringLiteral("remote"), remote },
        { QStringLiteral("remote_consent_certified"), remoteConsentCertified } };
    sendFor<MandatDraftInfo>("POST", QStringLiteral("/api/v1/mandats/%1/renewal").arg(mandatId), &body,
        context, std::move(callback));
}

void ApiClient::switchOrganisation(qint64 organisationId, QObject *context, SessionCallback callback)
{
    const QJsonObject body { { QStringLiteral("organisation_id"), organisationId } };
    sendFor<SessionInfo>(
        "POST", QStringLiteral("/api/v1/me/organisation"), &body, context, std::move(callback));
}

void ApiClient::createIdpRequest(const QUrl &authorizeUrl, QObject *context, IdpRequestCallback callback)
{
    const QJsonObject body { { QStringLiteral("authorize_url"), authorizeUrl.toString(QUrl::FullyEncoded) } };
    send("POST", QStringLiteral("/api/v1/idp/requests"), &body, context,
        [callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!result)
                return callback(result.error());
            const IdpRequestInfo info = IdpRequestInfo::fromJson(result.value());
            if (!info.isValid())
                return callback(
                    Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") });
            callback(info);
        });
}

namespace {

QString idpRequestPath(const QString &requestId, const char *action)
{
    return QStringLiteral("/api/v1/idp/requests/") + QString::fromLatin1(QUrl::toPercentEncoding(requestId))
        + QLatin1Char('/') + QLatin1String(action);
}

} // namespace

void ApiClient::chooseIdpRequest(const QString &requestId, qint64 usagerId, const QString &demarche,
    QObject *context, IdpRedirectCallback callback)
{
    const QJsonObject body { { QStringLiteral("usager_id"), usagerId },
        { QStringLiteral("demarche"), demarche } };
    send("POST", idpRequestPath(requestId, "choice"), &body, context,
        [callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!result)
                return callback(result.error());
            const IdpRedirect redirect = IdpRedirect::fromJson(result.value());
            if (!redirect.isValid())
                return callback(
                    Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") });
            callback(redirect);
        });
}

void ApiClient::cancelIdpRequest(const QString &requestId, QObject *context, IdpRedirectCallback callback)
{
    send("POST", idpRequestPath(requestId, "cancel"), nullptr, context,
        [callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!callback)
                return;
            if (!result)
                return callback(result.error());
            const IdpRedirect redirect = IdpRedirect::fromJson(result.value());
            if (!redirect.isValid())
                return callback(
                    Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") });
            callback(redirect);
        });
}

Result<StatsFigures> ApiClient::readStats(const QJsonObject &json, const QString &expectedScope)
{
    // StatsFigures::fromJson reads what is missing as 0: an answer that is not the figures must be an
    // error here, never a page of zeros.
    static const char *const numbers[]
        = { "demarches_realisees", "personnes_accompagnees", "mandats_crees", "aidants_habilites",
              "aidants_en_cours_habilitation", "structures_habilitees", "structures_en_cours_habilitation" };
    bool valid = json.value(QStringLiteral("scope")).isString()
        && json.value(QStringLiteral("demarches_par_type")).isArray();
    for (const char *name : numbers) {
        const QJsonValue value = json.value(QLatin1String(name));
        valid = valid && value.isDouble() && value.toDouble() >= 0;
    }
    for (const QJsonValue &entry : json.value(QStringLiteral("demarches_par_type")).toArray()) {
        const QJsonObject type = entry.toObject();
        valid = valid && type.value(QStringLiteral("code")).isString()
            && type.value(QStringLiteral("count")).isDouble()
            && type.value(QStringLiteral("count")).toDouble() >= 0;
    }
    const QString scope = json.value(QStringLiteral("scope")).toString();
    if (!valid || (!expectedScope.isEmpty() && scope != expectedScope)) {
        qCWarning(lcApi) << "unexpected statistics answer, scope" << scope << "expected" << expectedScope;
        return Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") };
    }
    return StatsFigures::fromJson(json);
}

void ApiClient::stats(
    const QString &departement, const QString &region, QObject *context, StatsCallback callback)
{
    QString path = QStringLiteral("/api/v1/stats");
    QString scope = QStringLiteral("national");
    if (!departement.isEmpty()) {
        path += QStringLiteral("?departement=") + QString::fromLatin1(QUrl::toPercentEncoding(departement));
        scope = QStringLiteral("departement:") + departement;
    } else if (!region.isEmpty()) {
        path += QStringLiteral("?region=") + QString::fromLatin1(QUrl::toPercentEncoding(region));
        scope = QStringLiteral("region:") + region;
    }
    send("GET", path, nullptr, context,
        [scope, callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!result)
                return callback(result.error());
            callback(readStats(result.value(), scope));
        });
}

void ApiClient::organisationStats(qint64 organisationId, QObject *context, StatsCallback callback)
{
    const QString scope = QStringLiteral("organisation:%1").arg(organisationId);
    send("GET", QStringLiteral("/api/v1/referent/organisations/%1/stats").arg(organisationId), nullptr,
        context, [scope, callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!result)
                return callback(result.error());
            callback(readStats(result.value(), scope));
        });
}

ManagedOrganisationList ManagedOrganisationList::fromJson(const QJsonObject &json)
{
    ManagedOrganisationList list;
    for (const QJsonValue &value : json.value(QStringLiteral("organisations")).toArray())
        list.organisations.append(ManagedOrganisation::fromJson(value.toObject()));
    return list;
}

ReferentAidantList ReferentAidantList::fromJson(const QJsonObject &json)
{
    ReferentAidantList list;
    for (const QJsonValue &value : json.value(QStringLiteral("aidants")).toArray())
        list.aidants.append(ReferentAidant::fromJson(value.toObject()));
    return list;
}

AppEnrolment AppEnrolment::fromJson(const QJsonObject &json)
{
    return { json.value(QStringLiteral("otpauth_uri")).toString(),
        ReferentAidant::fromJson(json.value(QStringLiteral("aidant")).toObject()) };
}

AidantRemoval AidantRemoval::fromJson(const QJsonObject &json)
{
    return { json.value(QStringLiteral("deactivated")).toBool(),
        ReferentAidant::fromJson(json.value(QStringLiteral("aidant")).toObject()) };
}

FirstLoginEnrolment FirstLoginEnrolment::fromJson(const QJsonObject &json)
{
    return { json.value(QStringLiteral("enrolment_token")).toString(),
        json.value(QStringLiteral("otpauth_uri")).toString() };
}

void ApiClient::requestFirstLoginCode(const QString &email, QObject *context, StatusCallback callback)
{
    const QJsonObject body { { QStringLiteral("email"), email } };
    send("POST", QStringLiteral("/api/v1/auth/first-login/request"), &body, context,
        [callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!result)
                return callback(result.error());
            callback(success());
        });
}

void ApiClient::startFirstLogin(
    const QString &email, const QString &emailCode, QObject *context, FirstLoginCallback callback)
{
    const QJsonObject body { { QStringLiteral("email"), email },
        { QStringLiteral("email_code"), emailCode } };
    send("POST", QStringLiteral("/api/v1/auth/first-login/start"), &body, context,
        [callback = std::move(callback)](const Result<QJsonObject> &result) {
            if (!result)
                return callback(result.error());
            const FirstLoginEnrolment enrolment = FirstLoginEnrolment::fromJson(result.value());
            if (enrolment.enrolmentToken.isEmpty()
                || !enrolment.otpauthUri.startsWith(QLatin1String("otpauth://")))
                return callback(
                    Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") });
            callback(enrolment);
        });
}

void ApiClient::confirmFirstLogin(const QString &email, const QString &enrolmentToken, const QString &code,
    QObject *context, SessionCallback callback)
{
    const QJsonObject body { { QStringLiteral("enrolment_token"), enrolmentToken },
        { QStringLiteral("code"), code } };
    sendLogin(QStringLiteral("/api/v1/auth/first-login/confirm"), email, body, context, std::move(callback));
}

namespace {

QString organisationPath(qint64 organisationId)
{
    return QStringLiteral("/api/v1/referent/organisations/%1").arg(organisationId);
}

QString aidantPath(qint64 organisationId, qint64 aidantId)
{
    return organisationPath(organisationId) + QStringLiteral("/aidants/%1").arg(aidantId);
}

} // namespace

template<typename T>
void ApiClient::sendAidantAction(qint64 organisationId, qint64 aidantId, const char *action,
    const QJsonObject &body, QObject *context, std::function<void(const Result<T> &)> callback)
{
    sendFor<T>("POST", aidantPath(organisationId, aidantId) + QLatin1Char('/') + QLatin1String(action), &body,
        context, std::move(callback));
}

void ApiClient::referentOrganisations(QObject *context, OrganisationsCallback callback)
{
    sendFor<ManagedOrganisationList>(
        "GET", QStringLiteral("/api/v1/referent/organisations"), nullptr, context, std::move(callback));
}

void ApiClient::referentOrganisation(qint64 organisationId, QObject *context, OrganisationCallback callback)
{
    sendFor<ManagedOrganisation>(
        "GET", organisationPath(organisationId), nullptr, context, std::move(callback));
}

void ApiClient::setOrganisationDemarches(
    qint64 organisationId, const QStringList &demarches, QObject *context, OrganisationCallback callback)
{
    const QJsonObject body { { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) } };
    sendFor<ManagedOrganisation>("POST", organisationPath(organisationId) + QStringLiteral("/demarches"),
        &body, context, std::move(callback));
}

void ApiClient::referentAidants(qint64 organisationId, QObject *context, AidantsCallback callback)
{
    sendFor<ReferentAidantList>("GET", organisationPath(organisationId) + QStringLiteral("/aidants"), nullptr,
        context, std::move(callback));
}

void ApiClient::referentAidant(
    qint64 organisationId, qint64 aidantId, QObject *context, AidantCallback callback)
{
    sendFor<ReferentAidant>(
        "GET", aidantPath(organisationId, aidantId), nullptr, context, std::move(callback));
}

void ApiClient::associateCard(
    qint64 organisationId, qint64 aidantId, const QString &serial, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(organisationId, aidantId, "card",
        { { QStringLiteral("serial"), serial } }, context, std::move(callback));
}

void ApiClient::validateCard(
    qint64 organisationId, qint64 aidantId, const QString &code, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(organisationId, aidantId, "card/validate",
        { { QStringLiteral("code"), code } }, context, std::move(callback));
}

void ApiClient::dissociateCard(qint64 organisationId, qint64 aidantId, const QString &reason,
    const QString &details, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(organisationId, aidantId, "card/dissociate",
        { { QStringLiteral("reason"), reason }, { QStringLiteral("details"), details } }, context,
        std::move(callback));
}

void ApiClient::enrolApp(
    qint64 organisationId, qint64 aidantId, QObject *context, AppEnrolmentCallback callback)
{
    sendAidantAction<AppEnrolment>(organisationId, aidantId, "app", {}, context,
        [callback = std::move(callback)](const Result<AppEnrolment> &result) {
            if (result && !result.value().otpauthUri.startsWith(QLatin1String("otpauth://")))
                return callback(
                    Error { kBadResponseCode, tr("Le serveur a envoyé une réponse inattendue.") });
            callback(result);
        });
}

void ApiClient::confirmApp(
    qint64 organisationId, qint64 aidantId, const QString &code, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(organisationId, aidantId, "app/confirm",
        { { QStringLiteral("code"), code } }, context, std::move(callback));
}

void ApiClient::removeApp(qint64 organisationId, qint64 aidantId, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(
        organisationId, aidantId, "app/remove", {}, context, std::move(callback));
}

void ApiClient::removeAidant(
    qint64 organisationId, qint64 aidantId, QObject *context, RemovalCallback callback)
{
    sendAidantAction<AidantRemoval>(organisationId, aidantId, "remove", {}, context, std::move(callback));
}

void ApiClient::reactivateAidant(
    qint64 organisationId, qint64 aidantId, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(
        organisationId, aidantId, "reactivate", {}, context, std::move(callback));
}

void ApiClient::setAidantOrganisations(qint64 organisationId, qint64 aidantId,
    const QList<qint64> &organisationIds, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(organisationId, aidantId, "organisations",
        { { QStringLiteral("organisation_ids"), JsonIds::toJson(organisationIds) } }, context,
        std::move(callback));
}

void ApiClient::setAidantReferent(
    qint64 organisationId, qint64 aidantId, bool referent, QObject *context, AidantCallback callback)
{
    sendAidantAction<ReferentAidant>(organisationId, aidantId, "referent",
        { { QStringLiteral("referent"), referent } }, context, std::move(callback));
}

// Habilitation (docs/habilitation.md).

namespace {

QString habilitationPath(qint64 organisationId, const QString &tail)
{
    return organisationPath(organisationId) + tail;
}

} // namespace

ApiClient::TrainingSession ApiClient::TrainingSession::fromJson(const QJsonObject &json)
{
    TrainingSession s;
    s.id = json.value(QStringLiteral("id")).toInteger();
    s.organisme = json.value(QStringLiteral("organisme")).toString();
    s.datesLabel = json.value(QStringLiteral("dates_label")).toString();
    s.durationLabel = json.value(QStringLiteral("duration_label")).toString();
    s.formatLabel = json.value(QStringLiteral("format_label")).toString();
    s.place = json.value(QStringLiteral("place")).toString();
    s.seatsLeft = json.value(QStringLiteral("seats_left")).toInt();
    s.selected = json.value(QStringLiteral("selected")).toBool();
    return s;
}

ApiClient::HabilitationRequest ApiClient::HabilitationRequest::fromJson(const QJsonObject &json)
{
    HabilitationRequest r;
    r.id = json.value(QStringLiteral("id")).toInteger();
    r.firstName = json.value(QStringLiteral("first_name")).toString();
    r.lastName = json.value(QStringLiteral("last_name")).toString();
    r.email = json.value(QStringLiteral("email")).toString();
    r.profession = json.value(QStringLiteral("profession")).toString();
    r.conseillerNumerique = json.value(QStringLiteral("conseiller_numerique")).toBool();
    r.status = json.value(QStringLiteral("status")).toString();
    r.statusLabel = json.value(QStringLiteral("status_label")).toString();
    r.actions = JsonStrings::fromJson(json.value(QStringLiteral("actions")));
    r.aidantId = json.value(QStringLiteral("aidant_id")).toInteger();
    for (const QJsonValue &value : json.value(QStringLiteral("training_sessions")).toArray())
        r.trainingSessions.append(TrainingSession::fromJson(value.toObject()));
    return r;
}

ApiClient::HabilitationRequestList ApiClient::HabilitationRequestList::fromJson(const QJsonObject &json)
{
    HabilitationRequestList list;
    for (const QJsonValue &value : json.value(QStringLiteral("habilitation_requests")).toArray())
        list.requests.append(HabilitationRequest::fromJson(value.toObject()));
    return list;
}

ApiClient::TrainingOffer ApiClient::TrainingOffer::fromJson(const QJsonObject &json)
{
    TrainingOffer offer;
    offer.request = HabilitationRequest::fromJson(json.value(QStringLiteral("request")).toObject());
    for (const QJsonValue &value : json.value(QStringLiteral("training_sessions")).toArray())
        offer.sessions.append(TrainingSession::fromJson(value.toObject()));
    return offer;
}

ApiClient::StructureChange ApiClient::StructureChange::fromJson(const QJsonObject &json)
{
    StructureChange c;
    c.id = json.value(QStringLiteral("id")).toInteger();
    c.email = json.value(QStringLiteral("email")).toString();
    c.newEmail = json.value(QStringLiteral("new_email")).toString();
    c.firstName = json.value(QStringLiteral("first_name")).toString();
    c.lastName = json.value(QStringLiteral("last_name")).toString();
    c.status = json.value(QStringLiteral("status")).toString();
    c.statusLabel = json.value(QStringLiteral("status_label")).toString();
    c.actions = JsonStrings::fromJson(json.value(QStringLiteral("actions")));
    return c;
}

ApiClient::StructureChangeList ApiClient::StructureChangeList::fromJson(const QJsonObject &json)
{
    StructureChangeList list;
    for (const QJsonValue &value : json.value(QStringLiteral("structure_change_requests")).toArray())
        list.changes.append(StructureChange::fromJson(value.toObject()));
    return list;
}

void ApiClient::habilitationRequests(
    qint64 organisationId, QObject *context, HabilitationRequestsCallback callback)
{
    sendFor<HabilitationRequestList>("GET",
        habilitationPath(organisationId, QStringLiteral("/habilitation-requests")), nullptr, context,
        std::move(callback));
}

void ApiClient::createHabilitationRequests(qint64 organisationId, const QList<NewHabilitationAidant> &aidants,
    QObject *context, HabilitationRequestsCallback callback)
{
    QJsonArray list;
    for (const NewHabilitationAidant &a : aidants) {
        list.append(QJsonObject { { QStringLiteral("first_name"), a.firstName },
            { QStringLiteral("last_name"), a.lastName }, { QStringLiteral("email"), a.email },
            { QStringLiteral("profession"), a.profession },
            { QStringLiteral("conseiller_numerique"), a.conseillerNumerique },
            { QStringLiteral("professional"), a.professional } });
    }
    const QJsonObject body { { QStringLiteral("aidants"), list } };
    sendFor<HabilitationRequestList>("POST",
        habilitationPath(organisationId, QStringLiteral("/habilitation-requests")), &body, context,
        std::move(callback));
}

void ApiClient::cancelHabilitationRequest(
    qint64 organisationId, qint64 requestId, QObject *context, HabilitationRequestCallback callback)
{
    const QJsonObject body;
    sendFor<HabilitationRequest>("POST",
        habilitationPath(organisationId, QStringLiteral("/habilitation-requests/%1/cancel").arg(requestId)),
        &body, context, std::move(callback));
}

void ApiClient::trainingSessions(
    qint64 organisationId, qint64 requestId, QObject *context, TrainingOfferCallback callback)
{
    sendFor<TrainingOffer>("GET",
        habilitationPath(
            organisationId, QStringLiteral("/habilitation-requests/%1/training-sessions").arg(requestId)),
        nullptr, context, std::move(callback));
}

void ApiClient::registerTraining(qint64 organisationId, qint64 requestId, const QList<qint64> &sessionIds,
    QObject *context, HabilitationRequestCallback callback)
{
    const QJsonObject body { { QStringLiteral("session_ids"), JsonIds::toJson(sessionIds) } };
    sendFor<HabilitationRequest>("POST",
        habilitationPath(
            organisationId, QStringLiteral("/habilitation-requests/%1/training-sessions").arg(requestId)),
        &body, context, std::move(callback));
}

void ApiClient::structureChanges(qint64 organisationId, QObject *context, StructureChangesCallback callback)
{
    sendFor<StructureChangeList>("GET",
        habilitationPath(organisationId, QStringLiteral("/structure-change-requests")), nullptr, context,
        std::move(callback));
}

void ApiClient::createStructureChanges(qint64 organisationId, const QList<StructureChangeEmail> &emails,
    QObject *context, StructureChangesCallback callback)
{
    QJsonArray list;
    for (const StructureChangeEmail &e : emails) {
        QJsonObject item { { QStringLiteral("email"), e.email } };
        if (!e.newEmail.isEmpty())
            item.insert(QStringLiteral("new_email"), e.newEmail);
        list.append(item);
    }
    const QJsonObject body { { QStringLiteral("emails"), list } };
    sendFor<StructureChangeList>("POST",
        habilitationPath(organisationId, QStringLiteral("/structure-change-requests")), &body, context,
        std::move(callback));
}

void ApiClient::cancelStructureChange(
    qint64 organisationId, qint64 changeId, QObject *context, StructureChangeCallback callback)
{
    const QJsonObject body;
    sendFor<StructureChange>("POST",
        habilitationPath(
            organisationId, QStringLiteral("/structure-change-requests/%1/cancel").arg(changeId)),
        &body, context, std::move(callback));
}
