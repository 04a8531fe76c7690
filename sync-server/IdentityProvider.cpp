#include "IdentityProvider.h"

#include "Clock.h"
#include "Demarches.h"
#include "IdentityProviderInternal.h"
#include "IdpRepository.h"
#include "Repository.h"
#include "Secrets.h"

#include <QJsonArray>

Q_LOGGING_CATEGORY(lcIdp, "ac.server.idp")

using namespace IdpInternal;

IdentityProvider::IdentityProvider(Database &database, const ServerConfig &config, AuthService &auth)
    : m_database(database)
    , m_config(config)
    , m_auth(auth)
    , m_client(clientOf(config.identityProvider))
{
}

bool IdentityProvider::initialise(QString *error)
{
    if (!enabled())
        return true;
    const IdentityProviderConfig &idp = m_config.identityProvider;
    Result<Jose::SigningKey> key = idp.idTokenAlgorithm == QLatin1String("HS256")
        ? Jose::SigningKey::hmac(idp.clientSecret.toUtf8())
        : Jose::SigningKey::fromPemFile(idp.signingKeyFile);
    if (!key) {
        *error = QStringLiteral("[identity_provider] %1").arg(key.error().message);
        return false;
    }
    m_key = std::move(key.value());
    return true;
}

void IdentityProvider::setPublicUrl(const QUrl &url)
{
    m_publicUrl = url;
}

QString IdentityProvider::issuer() const
{
    return m_publicUrl.toString(QUrl::StripTrailingSlash);
}

IdpClientConfig IdentityProvider::clientOf(const IdentityProviderConfig &config)
{
    return { config.clientId, config.clientSecret, config.redirectUris, config.postLogoutRedirectUris };
}

HttpAnswer IdentityProvider::discovery() const
{
    if (!enabled())
        return HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("not_found") } }, 404);
    const QString base = issuer();
    const QJsonArray claims { QStringLiteral("sub"), QStringLiteral("given_name"),
        QStringLiteral("family_name"), QStringLiteral("birthdate"), QStringLiteral("gender"),
        QStringLiteral("birthplace"), QStringLiteral("birthcountry"), QStringLiteral("email"),
        QStringLiteral("preferred_username"), QStringLiteral("rep_scope") };
    return HttpAnswer::json(QJsonObject {
        { QStringLiteral("issuer"), base },
        { QStringLiteral("authorization_endpoint"), QString(base + QStringLiteral("/oidc/authorize")) },
        { QStringLiteral("token_endpoint"), QString(base + QStringLiteral("/oidc/token")) },
        { QStringLiteral("userinfo_endpoint"), QString(base + QStringLiteral("/oidc/userinfo")) },
        { QStringLiteral("jwks_uri"), QString(base + QStringLiteral("/oidc/jwks")) },
        { QStringLiteral("end_session_endpoint"), QString(base + QStringLiteral("/oidc/logout")) },
        { QStringLiteral("response_types_supported"), QJsonArray { QStringLiteral("code") } },
        { QStringLiteral("grant_types_supported"), QJsonArray { QStringLiteral("authorization_code") } },
        { QStringLiteral("subject_types_supported"), QJsonArray { QStringLiteral("public") } },
        { QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray { m_key.algorithm() } },
        { QStringLiteral("token_endpoint_auth_methods_supported"),
            QJsonArray { QStringLiteral("client_secret_post") } },
        { QStringLiteral("scopes_supported"), QJsonArray::fromStringList(OidcChecks::requiredScopes()) },
        { QStringLiteral("acr_values_supported"), QJsonArray { OidcChecks::acr() } },
        { QStringLiteral("claims_supported"), claims },
        { QStringLiteral("claims_parameter_supported"), true },
        { QStringLiteral("request_parameter_supported"), false },
        { QStringLiteral("request_uri_parameter_supported"), false },
    });
}

HttpAnswer IdentityProvider::jwks() const
{
    QJsonArray keys;
    if (enabled() && !m_key.publicJwk().isEmpty())
        keys.append(m_key.publicJwk());
    return HttpAnswer::json({ { QStringLiteral("keys"), keys } });
}

// --- The desktop client's API ------------------------------------------------------------------------

QJsonObject IdentityProvider::createRequest(const AuthContext &context, const QJsonObject &body)
{
    if (!enabled())
        throw ApiError::notFound();
    const QJsonValue value = body.value(QStringLiteral("authorize_url"));
    if (!value.isString() || value.toString().isEmpty())
        throw ApiError::missingField(QStringLiteral("authorize_url"));
    if (value.toString().size() > 8192)
        throw ApiError::invalidField(QStringLiteral("authorize_url"));
    const QUrl url(value.toString(), QUrl::StrictMode);
    if (!url.isValid() || url.path() != QLatin1String("/oidc/authorize"))
        throw ApiError::invalidField(QStringLiteral("authorize_url"));
    const AuthorizeCheck check = OidcChecks::checkAuthorize(QUrlQuery(url), m_client);
    if (!check.ok()) {
        qCInfo(lcIdp) << "authorize refused:" << check.error << check.errorDescription;
        const ApiError error(400, QStringLiteral("invalid_authorize_request"),
            QStringLiteral("La demande de connexion du site n'est pas valide (%1). Retournez sur le "
                           "site de la démarche et recommencez.")
                .arg(check.error));
        throw check.redirectTrusted ? error.withRedirect(check.errorRedirect()) : error;
    }

    IdpRequestRecord request;
    const QString handle = storeRequest(check.parameters, context.aidantId, &request);
    return requestSummary(handle, request, context.aidantId);
}

QString IdentityProvider::storeRequest(
    const AuthorizeParameters &parameters, qint64 aidantId, IdpRequestRecord *stored)
{
    const qint64 now = Clock::instance().nowMs();
    IdpRequestRecord request;
    request.clientId = parameters.clientId;
    request.redirectUri = parameters.redirectUri;
    request.state = parameters.state;
    request.nonce = parameters.nonce;
    request.repScope = parameters.repScope;
    request.aidantId = aidantId;
    request.createdAtMs = now;
    request.expiresAtMs = now + qint64(m_config.identityProvider.requestLifetimeSeconds) * 1000;
    const QString handle = Secrets::randomToken(32);
    QSqlDatabase db = m_database.connection();
    IdpRepository store(db);
    // What ended a day ago is of no use: drop it as new requests come, at most once a minute.
    if (m_purgeGate.pass(now, 60 * 1000))
        store.purge(now - 24LL * 3600 * 1000);
    store.insertRequest(Secrets::sha256Hex(handle), request);
    if (stored)
        *stored = request;
    return handle;
}

QJsonObject IdentityProvider::requestSummary(
    const QString &handle, const IdpRequestRecord &request, qint64 aidantId)
{
    QSqlDatabase db = m_database.connection();
    // Its current organisation and whether it is active: not its memberships.
    const auto aidant = Repository(db).aidant(aidantId, Repository::Memberships::Skipped);
    if (!aidant || !aidant->active)
        throw ApiError::unauthenticated();
    QJsonArray usagers;
    for (const IdpEligibleUsager &u :
        IdpRepository(db).eligibleUsagers(aidant->info.currentOrganisationId, Clock::instance().nowMs())) {
        QStringList demarches;
        for (const QString &d : u.demarches) {
            if (!request.repScope || request.repScope->contains(d))
                demarches.append(d);
        }
        if (demarches.isEmpty())
            continue;
        demarches.sort();
        usagers.append(
            QJsonObject { { QStringLiteral("id"), u.id }, { QStringLiteral("given_name"), u.givenName },
                { QStringLiteral("family_name"), u.familyName }, { QStringLiteral("birthdate"), u.birthdate },
                { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) } });
    }
    QJsonObject summary { { QStringLiteral("id"), handle }, { QStringLiteral("usagers"), usagers } };
    if (request.repScope)
        summary.insert(QStringLiteral("rep_scope"), QJsonArray::fromStringList(*request.repScope));
    return summary;
}

QJsonObject IdentityProvider::choose(
    const AuthContext &context, const QString &handle, const QJsonObject &body)
{
    const QJsonValue usager = body.value(QStringLiteral("usager_id"));
    if (usager.isUndefined() || usager.isNull())
        throw ApiError::missingField(QStringLiteral("usager_id"));
    if (!usager.isDouble() || usager.toDouble() < 1 || usager.toDouble() != double(qint64(usager.toDouble())))
        throw ApiError::invalidField(QStringLiteral("usager_id"));
    const QJsonValue demarche = body.value(QStringLiteral("demarche"));
    if (demarche.isUndefined() || demarche.isNull())
        throw ApiError::missingField(QStringLiteral("demarche"));
    if (!demarche.isString() || !Demarches::isKnown(demarche.toString()))
        throw ApiError::invalidField(QStringLiteral("demarche"));
    const QUrl redirect = issueCode(handle, context.aidantId, qint64(usager.toDouble()), demarche.toString());
    return { { QStringLiteral("redirect"), redirect.toString(QUrl::FullyEncoded) } };
}

QJsonObject IdentityProvider::cancel(const AuthContext &context, const QString &handle)
{
    return { { QStringLiteral("redirect"),
        cancelRequest(handle, context.aidantId).toString(QUrl::FullyEncoded) } };
}

IdpRequestRecord IdentityProvider::openRequest(const QString &handle, qint64 aidantId)
{
    if (!enabled() || !OidcChecks::isWellFormedHandle(handle))
        throw requestGone();
    QSqlDatabase db = m_database.connection();
    IdpRepository store(db);
    auto request = store.requestByHandle(Secrets::sha256Hex(handle));
    if (!isOpen(request, Clock::instance().nowMs()))
        throw requestGone();
    if (request->aidantId == 0) {
        if (!store.bindRequest(request->id, aidantId))
            throw requestGone();
        request->aidantId = aidantId;
    }
    if (request->aidantId != aidantId)
        throw requestGone();
    return *request;
}

QUrl IdentityProvider::issueCode(
    const QString &handle, qint64 aidantId, qint64 usagerId, const QString &demarche)
{
    if (!enabled() || !OidcChecks::isWellFormedHandle(handle))
        throw requestGone();
    QSqlDatabase db = m_database.connection();
    IdpRepository store(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, m_database.dialect());
    const auto request = store.requestByHandle(Secrets::sha256Hex(handle), &tx);
    if (!isOpen(request, now) || request->aidantId != aidantId)
        throw requestGone();
    if (request->repScope && !request->repScope->contains(demarche)) {
        throw ApiError(403, QStringLiteral("demarche_not_requested"),
            QStringLiteral("Le site de la démarche n'a pas demandé ce type de démarche."));
    }
    // Its current organisation and whether it is active: not its memberships.
    const auto aidant = Repository(db).aidant(aidantId, Repository::Memberships::Skipped);
    if (!aidant || !aidant->active)
        throw ApiError::unauthenticated();
    const auto autorisation
        = store.activeAutorisation(tx, aidant->info.currentOrganisationId, usagerId, demarche, now);
    if (!autorisation)
        throw noActiveAutorisation();

    IdpCodeRecord code;
    code.clientId = request->clientId;
    code.redirectUri = request->redirectUri;
    code.nonce = request->nonce;
    code.aidantId = aidantId;
    code.organisationId = aidant->info.currentOrganisationId;
    code.usagerId = usagerId;
    code.autorisationId = autorisation->id;
    code.demarche = demarche;
    code.createdAtMs = now;
    code.expiresAtMs = now + qint64(m_config.identityProvider.codeLifetimeSeconds) * 1000;
    const QString secret = Secrets::randomToken(32);
    store.insertCode(Secrets::sha256Hex(secret), code);
    store.completeRequest(request->id, now);
    tx.commit();
    return OidcChecks::withQuery(request->redirectUri,
        { { QStringLiteral("code"), secret }, { QStringLiteral("state"), request->state } });
}

QUrl IdentityProvider::cancelRequest(const QString &handle, qint64 aidantId)
{
    const IdpRequestRecord request = openRequest(handle, aidantId);
    QSqlDatabase db = m_database.connection();
    IdpRepository(db).completeRequest(request.id, Clock::instance().nowMs());
    return OidcChecks::withQuery(request.redirectUri,
        { { QStringLiteral("error"), QStringLiteral("access_denied") },
            { QStringLiteral("error_description"), QStringLiteral("The aidant cancelled the login") },
            { QStringLiteral("state"), request.state } });
}
