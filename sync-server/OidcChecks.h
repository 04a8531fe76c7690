#pragma once

// The protocol rules of our identity-provider role as pure functions (docs/identity-provider.md):
// no database, no network, no exceptions. Unit-tested in tests/unit/testOidcChecks.cpp and callable
// from fuzz targets (library ac_oidc_checks: Qt Core, ac_common, OpenSSL's libcrypto).

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <optional>
#include <utility>

/// What the checks need of FranceConnect's registration (`[identity_provider]`).
struct IdpClientConfig
{
    QString clientId; ///< empty: the identity provider is disabled, every request is refused
    QString clientSecret;
    QList<QUrl> redirectUris; ///< compared character for character
    QList<QUrl> postLogoutRedirectUris; ///< compared character for character
};

/// The checked parameters of an authorize request from FranceConnect.
struct AuthorizeParameters
{
    QString clientId;
    QString redirectUri;
    QString state;
    QString nonce;
    std::optional<QStringList> repScope;
};

/// The outcome of checking an authorize request (docs/identity-provider.md § Authorize).
struct AuthorizeCheck
{
    AuthorizeParameters parameters;
    QString error; ///< OAuth error code; empty when the request is acceptable
    QString errorDescription; ///< English, for FranceConnect's logs (never personal data)
    bool redirectTrusted = false; ///< client and redirect URI are registered: errors go back there

    bool ok() const { return error.isEmpty(); }
    /// The OAuth error redirect to the registered redirect URI (only when redirectTrusted).
    QUrl errorRedirect() const;
};

/// The checked fields of a token request (RFC 6749 § 4.1.3 with client_secret_post).
struct TokenRequestCheck
{
    QString code;
    QString redirectUri;
    int status = 200; ///< 400 or 401 when refused
    QString error; ///< OAuth error code; empty when acceptable
    QString errorDescription;

    bool ok() const { return error.isEmpty(); }
};

/// What a stored authorization code is bound to, as the token request's checks need it.
struct CodeBinding
{
    QString clientId;
    QString redirectUri;
    qint64 expiresAtMs = 0;
    qint64 usedAtMs = 0; ///< 0: not spent yet
};

namespace OidcChecks {

/// The only acr we answer (FranceConnect's eidas1).
QString acr();
/// The scopes FranceConnect always asks for, all required.
QStringList requiredScopes();

/// The items of an application/x-www-form-urlencoded query, fully decoded: '+' is a space, "%2B" a
/// '+', "%20" a space (WHATWG URL § 5.1; QUrlQuery alone leaves '+' as it is). In order, repeats kept.
QList<std::pair<QString, QString>> formItems(const QUrlQuery &query);

/// FranceConnect's authorize request, checked in the documented order. Unknown parameters are
/// ignored and empty ones treated as absent (RFC 6749 § 3.1); a known parameter sent twice is refused.
AuthorizeCheck checkAuthorize(const QUrlQuery &query, const IdpClientConfig &client);
/// The same for the raw query string of the URL (what follows '?', still encoded): for fuzz targets.
AuthorizeCheck checkAuthorize(const QString &rawQuery, const IdpClientConfig &client);

/// The token request's own fields: client authentication (constant time), grant type, code and
/// redirect URI present. @p form as ApiRequest::form() gives it ('+' already a space).
TokenRequestCheck checkTokenRequest(const QUrlQuery &form, const IdpClientConfig &client);
/// Why the stored code @p code cannot be exchanged by @p request at @p nowMs: an invalid_grant
/// description, or empty when it can. A spent code gives "code already used" (the caller revokes
/// what its first exchange issued: see isReusedCode).
QString codeRefusal(
    const CodeBinding &code, const TokenRequestCheck &request, const QString &clientId, qint64 nowMs);
/// Whether @p code was already exchanged (a second presentation: it leaked).
inline bool isReusedCode(const CodeBinding &code)
{
    return code.usedAtMs != 0;
}

/// Whether @p uri is one of @p registered, character for character (no normalisation at all).
bool isRegisteredUri(const QList<QUrl> &registered, const QString &uri);
/// FranceConnect sends 64 hex characters; URL-safe tokens of 32 to 256 characters are accepted.
bool isWellFormedStateOrNonce(const QString &value);
/// A request handle as Secrets::randomToken(32) makes it: 43 characters of base64url.
bool isWellFormedHandle(const QString &handle);

/// @p base with @p items added to its query, each value fully percent-encoded.
QUrl withQuery(const QString &base, const QList<std::pair<QString, QString>> &items);

} // namespace OidcChecks
