#include "OidcChecks.h"

#include "ConstantTime.h"
#include "Demarches.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace {
// The parameters of FranceConnect's authorize request; any other is ignored (RFC 6749 § 3.1).
const QStringList kAuthorizeParameters { QStringLiteral("response_type"), QStringLiteral("client_id"),
    QStringLiteral("redirect_uri"), QStringLiteral("scope"), QStringLiteral("acr_values"),
    QStringLiteral("state"), QStringLiteral("nonce"), QStringLiteral("prompt"), QStringLiteral("claims"),
    // Known, not supported: refused with their own errors (OIDC Core § 6).
    QStringLiteral("request"), QStringLiteral("request_uri") };

QString formDecoded(QString encoded)
{
    encoded.replace(QLatin1Char('+'), QLatin1Char(' '));
    return QUrl::fromPercentEncoding(encoded.toUtf8());
}
} // namespace

namespace OidcChecks {

QString acr()
{
    return QStringLiteral("eidas1");
}

QStringList requiredScopes()
{
    return { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
        QStringLiteral("birth") };
}

QList<std::pair<QString, QString>> formItems(const QUrlQuery &query)
{
    QList<std::pair<QString, QString>> items;
    // Fully encoded, a literal '+' is still '+' and an encoded one "%2B": they can be told apart.
    for (const auto &[name, value] : query.queryItems(QUrl::FullyEncoded))
        items.append({ formDecoded(name), formDecoded(value) });
    return items;
}

AuthorizeCheck checkAuthorize(const QUrlQuery &query, const IdpClientConfig &client)
{
    AuthorizeCheck check;
    const auto fail = [&check](const char *error, const QString &description) {
        check.error = QString::fromLatin1(error);
        check.errorDescription = description;
        return check;
    };
    QHash<QString, QString> values;
    QString repeated;
    for (const auto &[name, value] : formItems(query)) {
        // "Parameters sent without a value MUST be treated as if they were omitted from the request.
        // The authorization server MUST ignore unrecognized request parameters." (RFC 6749 § 3.1)
        if (value.isEmpty() || !kAuthorizeParameters.contains(name))
            continue;
        if (values.contains(name))
            repeated = name; // "Request and response parameters MUST NOT be included more than once."
        else
            values.insert(name, value);
    }
    check.parameters.clientId = values.value(QStringLiteral("client_id"));
    check.parameters.redirectUri = values.value(QStringLiteral("redirect_uri"));
    check.parameters.state = values.value(QStringLiteral("state"));
    check.parameters.nonce = values.value(QStringLiteral("nonce"));

    // Until client and redirect URI are known, nothing may be sent back to the redirect URI.
    if (client.clientId.isEmpty() || check.parameters.clientId != client.clientId)
        return fail("invalid_client", QStringLiteral("unknown client_id"));
    if (!isRegisteredUri(client.redirectUris, check.parameters.redirectUri))
        return fail("invalid_request", QStringLiteral("redirect_uri is not registered"));
    check.redirectTrusted = true;

    if (!repeated.isEmpty())
        return fail("invalid_request", QStringLiteral("repeated parameter: %1").arg(repeated));
    if (values.contains(QStringLiteral("request")))
        return fail("request_not_supported", QStringLiteral("request objects are not supported"));
    if (values.contains(QStringLiteral("request_uri")))
        return fail("request_uri_not_supported", QStringLiteral("request_uri is not supported"));
    if (values.value(QStringLiteral("response_type")) != QLatin1String("code"))
        return fail("unsupported_response_type", QStringLiteral("response_type must be code"));
    if (!isWellFormedStateOrNonce(check.parameters.state))
        return fail("invalid_request", QStringLiteral("state is missing or malformed"));
    if (!isWellFormedStateOrNonce(check.parameters.nonce))
        return fail("invalid_request", QStringLiteral("nonce is missing or malformed"));
    const QStringList scopes
        = values.value(QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &required : requiredScopes()) {
        if (!scopes.contains(required))
            return fail("invalid_scope", QStringLiteral("scope must contain openid profile email birth"));
    }
    if (values.value(QStringLiteral("acr_values")) != acr())
        return fail("invalid_request", QStringLiteral("acr_values must be eidas1"));
    if (!values.value(QStringLiteral("prompt"))
             .split(QLatin1Char(' '), Qt::SkipEmptyParts)
             .contains(QStringLiteral("login")))
        return fail("invalid_request", QStringLiteral("prompt must contain login"));
    if (values.contains(QStringLiteral("claims"))) {
        QJsonParseError parseError {};
        const QJsonDocument claims
            = QJsonDocument::fromJson(values.value(QStringLiteral("claims")).toUtf8(), &parseError);
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

AuthorizeCheck checkAuthorize(const QString &rawQuery, const IdpClientConfig &client)
{
    return checkAuthorize(QUrlQuery(rawQuery), client);
}

TokenRequestCheck checkTokenRequest(const QUrlQuery &form, const IdpClientConfig &client)
{
    TokenRequestCheck check;
    const auto fail = [&check](int status, const char *error, const char *description) {
        check.status = status;
        check.error = QString::fromLatin1(error);
        check.errorDescription = QString::fromLatin1(description);
        return check;
    };
    const auto field
        = [&form](const char *name) { return form.queryItemValue(QLatin1String(name), QUrl::FullyDecoded); };
    if (client.clientId.isEmpty())
        return fail(400, "invalid_client", "identity provider disabled");
    if (field("client_id") != client.clientId
        || !constantTimeEquals(field("client_secret"), client.clientSecret))
        return fail(401, "invalid_client", "client authentication failed");
    if (field("grant_type") != QLatin1String("authorization_code"))
        return fail(400, "unsupported_grant_type", "grant_type must be authorization_code");
    check.code = field("code");
    check.redirectUri = field("redirect_uri");
    if (check.code.isEmpty() || check.redirectUri.isEmpty())
        return fail(400, "invalid_request", "code and redirect_uri are required");
    return check;
}

QString codeRefusal(
    const CodeBinding &code, const TokenRequestCheck &request, const QString &clientId, qint64 nowMs)
{
    if (isReusedCode(code))
        return QStringLiteral("code already used");
    if (code.expiresAtMs <= nowMs)
        return QStringLiteral("code expired");
    if (code.clientId != clientId || code.redirectUri != request.redirectUri)
        return QStringLiteral("code issued for another redirect_uri");
    return {};
}

bool isRegisteredUri(const QList<QUrl> &registered, const QString &uri)
{
    return !uri.isEmpty() && std::any_of(registered.begin(), registered.end(), [&](const QUrl &r) {
        return r.toString() == uri;
    });
}

bool isWellFormedStateOrNonce(const QString &value)
{
    // \z, not $: $ also matches before a final newline.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._~-]{32,256}\\z"));
    return pattern.match(value).hasMatch();
}

bool isWellFormedHandle(const QString &handle)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{43}\\z"));
    return pattern.match(handle).hasMatch();
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

} // namespace OidcChecks

QUrl AuthorizeCheck::errorRedirect() const
{
    if (!redirectTrusted)
        return {};
    QList<std::pair<QString, QString>> items { { QStringLiteral("error"), error },
        { QStringLiteral("error_description"), errorDescription } };
    if (OidcChecks::isWellFormedStateOrNonce(parameters.state))
        items.append({ QStringLiteral("state"), parameters.state });
    return OidcChecks::withQuery(parameters.redirectUri, items);
}
