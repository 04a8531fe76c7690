#include "IdentityProvider.h"

#include "ApiError.h"
#include "Clock.h"
#include "Demarches.h"
#include "IdpRepository.h"
#include "Journal.h"
#include "Mandat.h"
#include "MandatRepository.h"
#include "Outbox.h"
#include "Repository.h"
#include "Secrets.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimeZone>

#include <openssl/crypto.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcIdp, "ac.server.idp")

namespace {
const QString kAcr = QStringLiteral("eidas1");
const QString kCookieName = QStringLiteral("ac_idp_session");
const QStringList kRequiredScopes { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                                    QStringLiteral("birth") };
const QStringList kAuthorizeParameters { QStringLiteral("response_type"), QStringLiteral("client_id"),
                                         QStringLiteral("redirect_uri"),  QStringLiteral("scope"),
                                         QStringLiteral("acr_values"),    QStringLiteral("state"),
                                         QStringLiteral("nonce"),         QStringLiteral("prompt"),
                                         QStringLiteral("claims") };
// 43 characters of base64url: what Secrets::randomToken(32) makes.
constexpr int kHandleLength = 43;

/// FranceConnect sends 64 hex characters; accept URL-safe tokens of reasonable length, nothing else.
bool isWellFormedStateOrNonce(const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._~-]{32,256}$"));
    return pattern.match(value).hasMatch();
}

/// A request the aidant may still answer: neither answered nor expired.
bool isOpen(const std::optional<IdpRequestRecord> &request, qint64 nowMs)
{
    return request && request->completedAtMs == 0 && request->expiresAtMs > nowMs;
}

bool isWellFormedHandle(const QString &handle)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{%1}$").arg(kHandleLength));
    return pattern.match(handle).hasMatch();
}

bool constantTimeEquals(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8();
    const QByteArray y = b.toUtf8();
    return x.size() == y.size() && CRYPTO_memcmp(x.constData(), y.constData(), size_t(x.size())) == 0;
}

QUrl withQuery(const QString &base, const QList<std::pair<QString, QString>> &items)
{
    QUrl url(base);
    QUrlQuery query(url);
    for (const auto &[name, value] : items)
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    url.setQuery(query);
    return url;
}

ApiError requestGone()
{
    return ApiError(404, QStringLiteral("idp_request_not_found"),
                    QStringLiteral("Cette demande de connexion n'est plus valide. Recommencez depuis le site de la "
                                   "démarche."));
}

ApiError noActiveAutorisation()
{
    return ApiError(403, QStringLiteral("no_active_autorisation"),
                    QStringLiteral("Aucun mandat en cours ne vous permet de réaliser cette démarche pour cet usager."));
}

QString frenchDateTime(qint64 ms)
{
    static const char *const months[] = { "janvier", "février", "mars",      "avril",   "mai",      "juin",
                                          "juillet", "août",    "septembre", "octobre", "novembre", "décembre" };
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone("Europe/Paris"));
    return QStringLiteral("%1 %2 %3 à %4h%5")
        .arg(local.date().day())
        .arg(QString::fromUtf8(months[local.date().month() - 1]))
        .arg(local.date().year())
        .arg(local.time().hour(), 2, 10, QLatin1Char('0'))
        .arg(local.time().minute(), 2, 10, QLatin1Char('0'));
}

/// The notice sent to the usager at each démarche carried out on their behalf.
OutgoingEmail noticeEmail(const UsagerIdentity &usager, const AidantInfo &aidant, const QString &organisation,
                          const QString &demarche, qint64 nowMs)
{
    const Demarche *d = Demarches::find(demarche);
    OutgoingEmail email;
    email.to = usager.email;
    email.subject = QStringLiteral("Aidants Connect : une démarche a été réalisée pour vous");
    email.body = QStringLiteral(
                     "Bonjour %1,\n\n"
                     "Le %2, %3 %4, aidant(e) de la structure « %5 », a réalisé pour vous une démarche en ligne "
                     "dans le domaine « %6 », au titre du mandat Aidants Connect que vous avez signé.\n\n"
                     "Si vous n'avez pas demandé cette démarche, contactez la structure « %5 ». Vous pouvez à tout "
                     "moment révoquer votre mandat auprès d'elle.\n\n"
                     "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n\n"
                     "Aidants Connect\n")
                     .arg(usager.fullName(), frenchDateTime(nowMs), aidant.firstName, aidant.lastName, organisation,
                          d ? d->title : demarche);
    return email;
}

// --- Server-rendered pages (no JavaScript) --------------------------------------------------------

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

HttpAnswer htmlPage(int status, const QString &title, const QString &content)
{
    const QString document = QStringLiteral(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>%1 - Aidants Connect</title>"
        "<style>body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em;line-height:1.5}"
        "h1{color:#000091;font-size:1.6em}label{display:block;margin-top:1em;font-weight:bold}"
        "input{font-size:1.1em;padding:.3em;width:100%;max-width:22em}"
        "button,.choice{display:block;width:100%;text-align:left;margin:.5em 0;padding:.8em;font-size:1em;"
        "border:1px solid #000091;background:#fff;color:#000091;border-radius:4px;text-decoration:none;cursor:pointer}"
        "button.primary{background:#000091;color:#fff;text-align:center;width:auto}"
        "button:focus,.choice:focus,input:focus{outline:3px solid #0a76f6;outline-offset:2px}"
        ".error{color:#ce0500;font-weight:bold}.note{color:#3a3a3a}</style></head>"
        "<body><header><p><strong>Aidants Connect</strong></p></header><main><h1>%1</h1>%2</main></body></html>")
                                 .arg(escaped(title), content);
    return HttpAnswer::html(document, status);
}

HttpAnswer messagePage(int status, const QString &title, const QString &message)
{
    return htmlPage(status, title, QStringLiteral("<p>%1</p>").arg(escaped(message)));
}

HttpAnswer invalidRequestPage()
{
    return messagePage(400, QStringLiteral("Demande de connexion invalide"),
                       QStringLiteral("Cette demande de connexion ne vient pas de FranceConnect ou n'est pas valide. "
                                      "Retournez sur le site de la démarche et recommencez."));
}
} // namespace

QUrl AuthorizeCheck::errorRedirect() const
{
    if (!redirectTrusted)
        return {};
    QList<std::pair<QString, QString>> items { { QStringLiteral("error"), error },
                                               { QStringLiteral("error_description"), errorDescription } };
    if (isWellFormedStateOrNonce(parameters.state))
        items.append({ QStringLiteral("state"), parameters.state });
    return withQuery(parameters.redirectUri, items);
}

IdentityProvider::IdentityProvider(Database &database, const ServerConfig &config, AuthService &auth)
    : m_database(database)
    , m_config(config)
    , m_auth(auth)
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

AuthorizeCheck IdentityProvider::checkAuthorize(const QUrlQuery &query, const IdentityProviderConfig &config)
{
    AuthorizeCheck check;
    const auto fail = [&check](const char *error, const QString &description) {
        check.error = QString::fromLatin1(error);
        check.errorDescription = description;
        return check;
    };
    QHash<QString, QString> values;
    QString unexpected;
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!kAuthorizeParameters.contains(name) || values.contains(name))
            unexpected = name;
        else
            values.insert(name, value);
    }
    check.parameters.clientId = values.value(QStringLiteral("client_id"));
    check.parameters.redirectUri = values.value(QStringLiteral("redirect_uri"));
    check.parameters.state = values.value(QStringLiteral("state"));
    check.parameters.nonce = values.value(QStringLiteral("nonce"));

    // Until client and redirect URI are known, nothing may be sent back to the redirect URI.
    if (!config.enabled() || check.parameters.clientId != config.clientId)
        return fail("invalid_client", QStringLiteral("unknown client_id"));
    const bool registered = std::any_of(config.redirectUris.begin(), config.redirectUris.end(),
                                        [&](const QUrl &uri) { return uri.toString() == check.parameters.redirectUri; });
    if (!registered)
        return fail("invalid_request", QStringLiteral("redirect_uri is not registered"));
    check.redirectTrusted = true;

    if (!unexpected.isEmpty())
        return fail("invalid_request", QStringLiteral("unexpected or repeated parameter: %1").arg(unexpected.left(64)));
    if (values.value(QStringLiteral("response_type")) != QLatin1String("code"))
        return fail("unsupported_response_type", QStringLiteral("response_type must be code"));
    if (!isWellFormedStateOrNonce(check.parameters.state))
        return fail("invalid_request", QStringLiteral("state is missing or malformed"));
    if (!isWellFormedStateOrNonce(check.parameters.nonce))
        return fail("invalid_request", QStringLiteral("nonce is missing or malformed"));
    const QStringList scopes = values.value(QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &required : kRequiredScopes) {
        if (!scopes.contains(required))
            return fail("invalid_scope", QStringLiteral("scope must contain openid profile email birth"));
    }
    if (values.value(QStringLiteral("acr_values")) != kAcr)
        return fail("invalid_request", QStringLiteral("acr_values must be eidas1"));
    if (!values.value(QStringLiteral("prompt")).split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(QStringLiteral("login")))
        return fail("invalid_request", QStringLiteral("prompt must contain login"));
    if (values.contains(QStringLiteral("claims"))) {
        QJsonParseError parseError {};
        const QJsonDocument claims = QJsonDocument::fromJson(values.value(QStringLiteral("claims")).toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !claims.isObject())
            return fail("invalid_request", QStringLiteral("claims is not a JSON object"));
        const QJsonValue repScope = claims.object()
                                        .value(QStringLiteral("id_token"))
                                        .toObject()
                                        .value(QStringLiteral("rep_scope"))
                                        .toObject()
                                        .value(QStringLiteral("values"));
        if (!repScope.isUndefined()) {
            if (!repScope.isArray() || repScope.toArray().isEmpty())
                return fail("invalid_request", QStringLiteral("rep_scope values must be a non-empty array"));
            QStringList codes;
            for (const QJsonValue &value : repScope.toArray()) {
                if (!value.isString() || !Demarches::isKnown(value.toString()))
                    return fail("invalid_request", QStringLiteral("rep_scope holds an unknown démarche"));
                if (!codes.contains(value.toString()))
                    codes.append(value.toString());
            }
            check.parameters.repScope = codes;
        }
    }
    return check;
}

HttpAnswer IdentityProvider::discovery() const
{
    if (!enabled())
        return HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("not_found") } }, 404);
    const QString base = issuer();
    const QJsonArray claims { QStringLiteral("sub"),        QStringLiteral("given_name"),  QStringLiteral("family_name"),
                              QStringLiteral("birthdate"),  QStringLiteral("gender"),      QStringLiteral("birthplace"),
                              QStringLiteral("birthcountry"), QStringLiteral("email"),     QStringLiteral("preferred_username"),
                              QStringLiteral("rep_scope") };
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
        { QStringLiteral("token_endpoint_auth_methods_supported"), QJsonArray { QStringLiteral("client_secret_post") } },
        { QStringLiteral("scopes_supported"), QJsonArray::fromStringList(kRequiredScopes) },
        { QStringLiteral("acr_values_supported"), QJsonArray { kAcr } },
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
    const AuthorizeCheck check = checkAuthorize(QUrlQuery(url), m_config.identityProvider);
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

QString IdentityProvider::storeRequest(const AuthorizeParameters &parameters, qint64 aidantId, IdpRequestRecord *stored)
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
    qint64 last = m_lastPurgeMs.load();
    if (now - last >= 60 * 1000 && m_lastPurgeMs.compare_exchange_strong(last, now))
        store.purge(now - 24LL * 3600 * 1000);
    store.insertRequest(Secrets::sha256Hex(handle), request);
    if (stored)
        *stored = request;
    return handle;
}

QJsonObject IdentityProvider::requestSummary(const QString &handle, const IdpRequestRecord &request, qint64 aidantId)
{
    QSqlDatabase db = m_database.connection();
    const auto aidant = Repository(db).aidant(aidantId);
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
        usagers.append(QJsonObject { { QStringLiteral("id"), u.id },
                                     { QStringLiteral("given_name"), u.givenName },
                                     { QStringLiteral("family_name"), u.familyName },
                                     { QStringLiteral("birthdate"), u.birthdate },
                                     { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) } });
    }
    QJsonObject summary { { QStringLiteral("id"), handle }, { QStringLiteral("usagers"), usagers } };
    if (request.repScope)
        summary.insert(QStringLiteral("rep_scope"), QJsonArray::fromStringList(*request.repScope));
    return summary;
}

QJsonObject IdentityProvider::choose(const AuthContext &context, const QString &handle, const QJsonObject &body)
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
    return { { QStringLiteral("redirect"), cancelRequest(handle, context.aidantId).toString(QUrl::FullyEncoded) } };
}

IdpRequestRecord IdentityProvider::openRequest(const QString &handle, qint64 aidantId)
{
    if (!enabled() || !isWellFormedHandle(handle))
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

QUrl IdentityProvider::issueCode(const QString &handle, qint64 aidantId, qint64 usagerId, const QString &demarche)
{
    if (!enabled() || !isWellFormedHandle(handle))
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
    const auto aidant = Repository(db).aidant(aidantId);
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
    return withQuery(request->redirectUri, { { QStringLiteral("code"), secret }, { QStringLiteral("state"), request->state } });
}

QUrl IdentityProvider::cancelRequest(const QString &handle, qint64 aidantId)
{
    const IdpRequestRecord request = openRequest(handle, aidantId);
    QSqlDatabase db = m_database.connection();
    IdpRepository(db).completeRequest(request.id, Clock::instance().nowMs());
    return withQuery(request.redirectUri, { { QStringLiteral("error"), QStringLiteral("access_denied") },
                                            { QStringLiteral("error_description"),
                                              QStringLiteral("The aidant cancelled the login") },
                                            { QStringLiteral("state"), request.state } });
}

// --- Browsers outside the app ----------------------------------------------------------------------

QUrl IdentityProvider::interactionUrl(const QString &handle) const
{
    return QUrl(issuer() + QStringLiteral("/oidc/interaction/") + handle);
}

std::optional<AuthContext> IdentityProvider::cookieSession(const QByteArray &cookieHeader, bool allowIdle)
{
    for (const QByteArray &part : cookieHeader.split(';')) {
        const QByteArray trimmed = part.trimmed();
        const QByteArray prefix = kCookieName.toLatin1() + '=';
        if (!trimmed.startsWith(prefix))
            continue;
        try {
            return m_auth.authenticate(QString::fromLatin1(trimmed.mid(prefix.size())), allowIdle);
        } catch (const ApiError &) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

QByteArray IdentityProvider::sessionCookie(const QString &token) const
{
    QByteArray cookie = kCookieName.toLatin1() + '=' + token.toLatin1() + QByteArrayLiteral("; Path=/oidc; HttpOnly; SameSite=Lax");
    if (token.isEmpty())
        cookie += QByteArrayLiteral("; Max-Age=0");
    if (m_publicUrl.scheme() == QLatin1String("https"))
        cookie += QByteArrayLiteral("; Secure");
    return cookie;
}

HttpAnswer IdentityProvider::interactionLogout(const QString &handle, const QByteArray &cookieHeader)
{
    // « Se déconnecter » on a shared browser: the session ends on the server, the cookie goes.
    if (const auto session = cookieSession(cookieHeader, true))
        m_auth.logout(*session);
    return HttpAnswer::redirect(interactionUrl(handle), 303).withHeader(QByteArrayLiteral("Set-Cookie"), sessionCookie({}));
}

HttpAnswer IdentityProvider::authorizePage(const QUrlQuery &query)
{
    const AuthorizeCheck check = checkAuthorize(query, m_config.identityProvider);
    if (!check.ok()) {
        qCInfo(lcIdp) << "authorize refused:" << check.error << check.errorDescription;
        return check.redirectTrusted ? HttpAnswer::redirect(check.errorRedirect(), 302)
                                     : invalidRequestPage();
    }
    // Not bound to an aidant yet: the one who logs in on the interaction page takes it.
    return HttpAnswer::redirect(interactionUrl(storeRequest(check.parameters, 0, nullptr)), 303);
}

namespace {
QString loginForm(const QString &action, const QString &error)
{
    QString html;
    if (!error.isEmpty())
        html += QStringLiteral("<p class=\"error\" role=\"alert\">%1</p>").arg(escaped(error));
    html += QStringLiteral(
                "<p>Identifiez-vous avec votre adresse email et le code à 6 chiffres de votre carte Aidants Connect.</p>"
                "<form method=\"post\" action=\"%1/login\">"
                "<label for=\"email\">Adresse email</label>"
                "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required autofocus>"
                "<label for=\"code\">Code à 6 chiffres</label>"
                "<input id=\"code\" name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" maxlength=\"6\" "
                "autocomplete=\"one-time-code\" required>"
                "<p><button class=\"primary\" type=\"submit\" id=\"login\">Se connecter</button></p></form>")
                .arg(escaped(action));
    return html;
}

QString cancelForm(const QString &action)
{
    return QStringLiteral("<form method=\"post\" action=\"%1/cancel\"><button type=\"submit\" id=\"cancel\">Annuler et "
                          "revenir sur FranceConnect</button></form>"
                          "<form method=\"post\" action=\"%1/logout\"><button type=\"submit\" id=\"logout\">Se "
                          "déconnecter d'Aidants Connect</button></form>")
        .arg(escaped(action));
}

const QString kMissingNote = QStringLiteral(
    "Si vous ne trouvez pas le type de démarche que vous souhaitez effectuer, il se peut que vous n'ayez pas de mandat "
    "ou que le mandat a expiré. Pour créer un nouveau mandat, utilisez l'application Aidants Connect.");
} // namespace

HttpAnswer IdentityProvider::interactionPage(const QString &handle, const QByteArray &cookieHeader,
                                             const QUrlQuery &query)
{
    const QString action = QStringLiteral("/oidc/interaction/") + handle;
    const auto session = cookieSession(cookieHeader);
    if (!session) {
        // Asking for a login only makes sense for a request that can still be answered.
        bool open = enabled() && isWellFormedHandle(handle);
        if (open) {
            QSqlDatabase db = m_database.connection();
            const auto request = IdpRepository(db).requestByHandle(Secrets::sha256Hex(handle));
            open = isOpen(request, Clock::instance().nowMs());
        }
        if (!open)
            return messagePage(404, QStringLiteral("Demande expirée"), requestGone().message());
        return htmlPage(200, QStringLiteral("Connexion aidant"), loginForm(action, {}));
    }
    try {
        const IdpRequestRecord request = openRequest(handle, session->aidantId);
        const QJsonObject summary = requestSummary(handle, request, session->aidantId);
        const QJsonArray usagers = summary.value(QStringLiteral("usagers")).toArray();
        const qint64 chosen = query.queryItemValue(QStringLiteral("usager")).toLongLong();
        for (const QJsonValue &value : usagers) {
            const QJsonObject u = value.toObject();
            if (u.value(QStringLiteral("id")).toInteger() != chosen)
                continue;
            const QString name = u.value(QStringLiteral("given_name")).toString() + QLatin1Char(' ')
                + u.value(QStringLiteral("family_name")).toString();
            QString html = QStringLiteral("<p>En sélectionnant une démarche, vous allez FranceConnecter <strong>%1</strong> "
                                          "(<a href=\"%2\">Changer d'utilisateur</a>)</p>"
                                          "<form method=\"post\" action=\"%3/choice\">"
                                          "<input type=\"hidden\" name=\"usager\" value=\"%4\">")
                               .arg(escaped(name), escaped(action), escaped(action))
                               .arg(chosen);
            for (const QJsonValue &d : u.value(QStringLiteral("demarches")).toArray()) {
                const Demarche *demarche = Demarches::find(d.toString());
                html += QStringLiteral("<button type=\"submit\" name=\"demarche\" value=\"%1\" id=\"demarche-%1\">"
                                       "<strong>%2</strong><br>%3</button>")
                            .arg(escaped(d.toString()), escaped(demarche->title), escaped(demarche->description));
            }
            html += QStringLiteral("</form><p class=\"note\">%1</p>").arg(escaped(kMissingNote)) + cancelForm(action);
            return htmlPage(200, QStringLiteral("Sélectionnez le type de démarche que vous allez effectuer"), html);
        }
        QString html = QStringLiteral("<p>Seuls les usagers avec un mandat en cours sont affichés ici.</p>");
        if (usagers.isEmpty())
            html += QStringLiteral("<p>Aucun usager n'a de mandat en cours pour cette démarche.</p><p class=\"note\">%1</p>")
                        .arg(escaped(kMissingNote));
        html += QStringLiteral("<ul style=\"list-style:none;padding:0\">");
        for (const QJsonValue &value : usagers) {
            const QJsonObject u = value.toObject();
            const QDate birth = QDate::fromString(u.value(QStringLiteral("birthdate")).toString(), Qt::ISODate);
            html += QStringLiteral("<li><a class=\"choice\" id=\"usager-%1\" href=\"%2?usager=%1\"><strong>%3 %4</strong>%5</a></li>")
                        .arg(u.value(QStringLiteral("id")).toInteger())
                        .arg(escaped(action), escaped(u.value(QStringLiteral("given_name")).toString()),
                             escaped(u.value(QStringLiteral("family_name")).toString()),
                             birth.isValid() ? QStringLiteral(" — né(e) le ") + birth.toString(QStringLiteral("dd/MM/yyyy"))
                                             : QString());
        }
        html += QStringLiteral("</ul>") + cancelForm(action);
        return htmlPage(200, QStringLiteral("Sélectionnez l'usager que vous souhaitez FranceConnecter"), html);
    } catch (const ApiError &error) {
        return messagePage(error.status(), QStringLiteral("Connexion impossible"), error.message());
    }
}

HttpAnswer IdentityProvider::interactionLogin(const QString &handle, const QUrlQuery &form)
{
    const QString action = QStringLiteral("/oidc/interaction/") + handle;
    if (!enabled() || !isWellFormedHandle(handle))
        return messagePage(404, QStringLiteral("Demande expirée"), requestGone().message());
    try {
        const SessionInfo session = m_auth.login(form.queryItemValue(QStringLiteral("email"), QUrl::FullyDecoded).trimmed(),
                                                 form.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).trimmed());
        return HttpAnswer::redirect(interactionUrl(handle), 303)
            .withHeader(QByteArrayLiteral("Set-Cookie"), sessionCookie(session.token));
    } catch (const ApiError &error) {
        return htmlPage(error.status(), QStringLiteral("Connexion aidant"), loginForm(action, error.message()));
    }
}

HttpAnswer IdentityProvider::interactionChoice(const QString &handle, const QByteArray &cookieHeader,
                                               const QUrlQuery &form)
{
    const auto session = cookieSession(cookieHeader);
    if (!session)
        return HttpAnswer::redirect(interactionUrl(handle), 303);
    try {
        openRequest(handle, session->aidantId); // binds or refuses before anything else
        const qint64 usager = form.queryItemValue(QStringLiteral("usager")).toLongLong();
        const QString demarche = form.queryItemValue(QStringLiteral("demarche"));
        if (usager <= 0 || !Demarches::isKnown(demarche))
            throw ApiError::invalidField(QStringLiteral("demarche"));
        return HttpAnswer::redirect(issueCode(handle, session->aidantId, usager, demarche), 303);
    } catch (const ApiError &error) {
        return messagePage(error.status(), QStringLiteral("Connexion impossible"), error.message());
    }
}

HttpAnswer IdentityProvider::interactionCancel(const QString &handle, const QByteArray &cookieHeader)
{
    const auto session = cookieSession(cookieHeader);
    if (!session)
        return HttpAnswer::redirect(interactionUrl(handle), 303);
    try {
        return HttpAnswer::redirect(cancelRequest(handle, session->aidantId), 303);
    } catch (const ApiError &error) {
        return messagePage(error.status(), QStringLiteral("Connexion impossible"), error.message());
    }
}

// --- FranceConnect's back channel ------------------------------------------------------------------

HttpAnswer IdentityProvider::tokenError(int status, const QString &error, const QString &description) const
{
    HttpAnswer answer = HttpAnswer::json(
        { { QStringLiteral("error"), error }, { QStringLiteral("error_description"), description } }, status);
    if (status == 401)
        answer.withHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Basic realm=\"aidants-connect\""));
    return answer;
}

HttpAnswer IdentityProvider::token(const QUrlQuery &form)
{
    if (!enabled())
        return tokenError(400, QStringLiteral("invalid_client"), QStringLiteral("identity provider disabled"));
    const IdentityProviderConfig &idp = m_config.identityProvider;
    const auto field = [&form](const char *name) { return form.queryItemValue(QLatin1String(name), QUrl::FullyDecoded); };
    if (field("client_id") != idp.clientId || !constantTimeEquals(field("client_secret"), idp.clientSecret))
        return tokenError(401, QStringLiteral("invalid_client"), QStringLiteral("client authentication failed"));
    if (field("grant_type") != QLatin1String("authorization_code"))
        return tokenError(400, QStringLiteral("unsupported_grant_type"), QStringLiteral("grant_type must be authorization_code"));
    const QString secret = field("code");
    const QString redirectUri = field("redirect_uri");
    if (secret.isEmpty() || redirectUri.isEmpty())
        return tokenError(400, QStringLiteral("invalid_request"), QStringLiteral("code and redirect_uri are required"));

    QSqlDatabase db = m_database.connection();
    IdpRepository store(db);
    const qint64 now = Clock::instance().nowMs();
    const QString accessToken = Secrets::randomToken(32);
    UsagerIdentity usager;
    QString subHash;
    IdpCodeRecord code;
    {
        Transaction tx(db, m_database.dialect());
        const auto found = store.codeByHash(tx, Secrets::sha256Hex(secret));
        if (!found)
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("unknown code"));
        code = *found;
        if (code.usedAtMs != 0) {
            // A second exchange: the code leaked. Revoke what the first exchange gave.
            store.revokeTokensOfCode(code.id, now);
            tx.commit();
            qCWarning(lcIdp) << "authorization code" << code.id << "presented twice; its tokens are revoked";
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("code already used"));
        }
        if (code.expiresAtMs <= now)
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("code expired"));
        if (code.clientId != idp.clientId || code.redirectUri != redirectUri)
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("code issued for another redirect_uri"));
        const auto autorisation = store.autorisationIfActive(code.autorisationId, now);
        if (!autorisation)
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("the mandat no longer allows it"));
        if (!store.spendCode(code.id, now))
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("code already used"));

        QHash<qint64, QString> subHashes;
        const QList<UsagerIdentity> identities = MandatRepository(db).usagers({ code.usagerId }, &subHashes);
        if (identities.isEmpty())
            return tokenError(400, QStringLiteral("invalid_grant"), QStringLiteral("unknown usager"));
        usager = identities.first();
        subHash = subHashes.value(code.usagerId);
        store.insertAccessToken(Secrets::sha256Hex(accessToken), code.id, code.usagerId, code.demarche, now,
                                now + qint64(idp.accessTokenLifetimeSeconds) * 1000);

        JournalEntry entry;
        entry.action = QStringLiteral("use_autorisation");
        entry.aidantId = code.aidantId;
        entry.organisationId = code.organisationId;
        entry.usagerId = code.usagerId;
        entry.demarches = { code.demarche };
        entry.mandatId = autorisation->mandatId;
        entry.autorisationId = autorisation->id;
        Journal::append(db, tx, entry, now);

        if (!usager.email.isEmpty()) {
            Repository repository(db);
            const auto aidant = repository.aidant(code.aidantId);
            const auto organisation = repository.organisation(code.organisationId);
            Outbox::enqueue(db, noticeEmail(usager, aidant ? aidant->info : AidantInfo {},
                                            organisation ? organisation->name : QString(), code.demarche, now),
                            now);
        }
        tx.commit();
    }

    const qint64 iat = now / 1000;
    const QJsonObject claims {
        { QStringLiteral("iss"), issuer() },
        { QStringLiteral("sub"), subHash },
        { QStringLiteral("aud"), idp.clientId },
        { QStringLiteral("iat"), iat },
        { QStringLiteral("exp"), iat + idp.accessTokenLifetimeSeconds },
        { QStringLiteral("auth_time"), iat },
        { QStringLiteral("nonce"), code.nonce },
        { QStringLiteral("acr"), kAcr },
        { QStringLiteral("rep_scope"), QJsonArray { code.demarche } },
    };
    const Result<QByteArray> idToken = m_key.sign(claims);
    if (!idToken) {
        qCWarning(lcIdp) << "cannot sign an id_token:" << idToken.error().message;
        return tokenError(500, QStringLiteral("server_error"), QStringLiteral("cannot sign"));
    }
    HttpAnswer answer = HttpAnswer::json({ { QStringLiteral("access_token"), accessToken },
                                           { QStringLiteral("token_type"), QStringLiteral("Bearer") },
                                           { QStringLiteral("expires_in"), idp.accessTokenLifetimeSeconds },
                                           { QStringLiteral("id_token"), QString::fromLatin1(idToken.value()) } });
    return answer;
}

HttpAnswer IdentityProvider::userinfo(const QString &bearerToken)
{
    const auto invalid = [] {
        return HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("invalid_token") },
                                  { QStringLiteral("error_description"), QStringLiteral("unknown, expired or revoked token") } },
                                401)
            .withHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer error=\"invalid_token\""));
    };
    if (!enabled() || bearerToken.isEmpty())
        return invalid();
    QSqlDatabase db = m_database.connection();
    const auto token = IdpRepository(db).accessToken(Secrets::sha256Hex(bearerToken));
    if (!token || token->revokedAtMs != 0 || token->expiresAtMs <= Clock::instance().nowMs())
        return invalid();
    // The usager and their hashed sub in one query.
    QHash<qint64, QString> subHashes;
    const QList<UsagerIdentity> usagers = MandatRepository(db).usagers({ token->usagerId }, &subHashes);
    if (usagers.isEmpty())
        return invalid();
    const UsagerIdentity *usager = &usagers.first();
    QJsonObject claims { { QStringLiteral("sub"), subHashes.value(token->usagerId) },
                         { QStringLiteral("given_name"), usager->givenName },
                         { QStringLiteral("family_name"), usager->familyName },
                         { QStringLiteral("birthdate"), usager->birthdate },
                         { QStringLiteral("gender"), usager->gender },
                         // Empty when born abroad: never the string "None".
                         { QStringLiteral("birthplace"), usager->birthplace },
                         { QStringLiteral("birthcountry"), usager->birthcountry },
                         { QStringLiteral("email"), usager->email } };
    if (!usager->preferredUsername.isEmpty())
        claims.insert(QStringLiteral("preferred_username"), usager->preferredUsername);
    return HttpAnswer::json(claims);
}

HttpAnswer IdentityProvider::logout(const QUrlQuery &query)
{
    const QString target = query.queryItemValue(QStringLiteral("post_logout_redirect_uri"), QUrl::FullyDecoded);
    if (target.isEmpty()) {
        return messagePage(200, QStringLiteral("Déconnexion"),
                           QStringLiteral("Vous êtes déconnecté de la démarche réalisée avec Aidants Connect."));
    }
    const QList<QUrl> &allowed = m_config.identityProvider.postLogoutRedirectUris;
    if (!enabled()
        || std::none_of(allowed.begin(), allowed.end(), [&](const QUrl &uri) { return uri.toString() == target; }))
        return invalidRequestPage();
    const QString state = query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    return HttpAnswer::redirect(isWellFormedStateOrNonce(state) ? withQuery(target, { { QStringLiteral("state"), state } })
                                                                : QUrl(target),
                                302);
}
