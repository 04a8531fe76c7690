#include "FranceConnect.h"

#include "Jose.h"
#include "UsagerClaims.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcFranceConnect, "ac.server.franceconnect")

namespace {
const QStringList kSignatureAlgorithms = { QStringLiteral("ES256"), QStringLiteral("RS256") };

Error fcError(const char *code, const QString &detail)
{
    // The detail is for the operator's log; it never holds a token or a claim's value.
    qCWarning(lcFranceConnect).noquote() << code << detail;
    return Error { QString::fromLatin1(code), detail };
}

Result<QJsonObject> jsonObject(const HttpClient::Response &response)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fcError(
            "franceconnect_error", QStringLiteral("non-JSON answer (HTTP %1)").arg(response.status));
    return document.object();
}

bool audienceContains(const QJsonValue &aud, const QString &clientId)
{
    if (aud.isString())
        return aud.toString() == clientId;
    if (aud.isArray())
        return aud.toArray().contains(clientId);
    return false;
}
} // namespace

FranceConnect::FranceConnect(const FranceConnectConfig &config)
    : m_config(config)
    , m_http(config.caCertificateFile)
{
}

QString FranceConnect::scope()
{
    return QStringLiteral("openid given_name family_name birthdate gender birthplace birthcountry email "
                          "preferred_username");
}

Result<QJsonObject> FranceConnect::discovery()
{
    QMutexLocker locker(&m_mutex);
    if (!m_discovery.isEmpty())
        return m_discovery;
    QUrl url = m_config.baseUrl;
    url.setPath(url.path() + QStringLiteral("/.well-known/openid-configuration"));
    const auto response = m_http.get(url);
    if (!response)
        return fcError("franceconnect_unreachable", QStringLiteral("discovery: ") + response.error().message);
    if (response.value().status != 200)
        return fcError(
            "franceconnect_error", QStringLiteral("discovery: HTTP %1").arg(response.value().status));
    const auto json = jsonObject(response.value());
    if (!json)
        return json.error();
    if (json.value().value(QStringLiteral("issuer")).toString().isEmpty())
        return fcError("franceconnect_error", QStringLiteral("discovery without issuer"));
    m_discovery = json.value();
    return m_discovery;
}

Result<QUrl> FranceConnect::endpoint(const char *name)
{
    const auto document = discovery();
    if (!document)
        return document.error();
    const QUrl url(document.value().value(QLatin1String(name)).toString(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return fcError(
            "franceconnect_error", QStringLiteral("discovery without %1").arg(QLatin1String(name)));
    return url;
}

Result<QJsonArray> FranceConnect::keys(bool refresh)
{
    {
        QMutexLocker locker(&m_mutex);
        if (!refresh && !m_keys.isEmpty())
            return m_keys;
    }
    const auto url = endpoint("jwks_uri");
    if (!url)
        return url.error();
    const auto response = m_http.get(url.value());
    if (!response)
        return fcError("franceconnect_unreachable", QStringLiteral("jwks: ") + response.error().message);
    const auto json = jsonObject(response.value());
    if (!json)
        return json.error();
    const QJsonArray keys = json.value().value(QStringLiteral("keys")).toArray();
    QMutexLocker locker(&m_mutex);
    m_keys = keys;
    return keys;
}

Result<QJsonObject> FranceConnect::verifySigned(const QByteArray &jwt)
{
    for (const bool refresh : { false, true }) {
        const auto jwks = keys(refresh);
        if (!jwks)
            return jwks.error();
        const auto payload = Jose::verify(jwt, kSignatureAlgorithms, jwks.value());
        if (payload)
            return payload;
        // FranceConnect rotates its keys: an unknown kid is worth one fresh look at /jwks.
        if (payload.error().code != QLatin1String("unknown_key") || refresh)
            return fcError(
                "invalid_signature", payload.error().code + QStringLiteral(": ") + payload.error().message);
    }
    return fcError("invalid_signature", QStringLiteral("unreachable"));
}

Result<QUrl> FranceConnect::authorizeUrl(const QString &state, const QString &nonce, const QUrl &redirectUri)
{
    auto url = endpoint("authorization_endpoint");
    if (!url)
        return url.error();
    QUrlQuery query;
    const auto add = [&query](const QString &key, const QString &value) {
        query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add(QStringLiteral("response_type"), QStringLiteral("code"));
    add(QStringLiteral("client_id"), m_config.clientId);
    add(QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded));
    add(QStringLiteral("scope"), scope());
    add(QStringLiteral("state"), state);
    add(QStringLiteral("nonce"), nonce);
    add(QStringLiteral("acr_values"), kAcr);
    add(QStringLiteral("prompt"), QStringLiteral("login"));
    url.value().setQuery(query);
    return url;
}

Result<FranceConnect::Identity> FranceConnect::identify(
    const QString &code, const QString &expectedNonce, const QUrl &redirectUri, qint64 nowMs)
{
    const auto tokenUrl = endpoint("token_endpoint");
    if (!tokenUrl)
        return tokenUrl.error();
    // client_secret_post: FranceConnect refuses client_secret_basic.
    const auto tokenResponse = m_http.postForm(tokenUrl.value(),
        { { QStringLiteral("grant_type"), QStringLiteral("authorization_code") },
            { QStringLiteral("code"), code },
            { QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded) },
            { QStringLiteral("client_id"), m_config.clientId },
            { QStringLiteral("client_secret"), m_config.clientSecret } });
    if (!tokenResponse)
        return fcError(
            "franceconnect_unreachable", QStringLiteral("token: ") + tokenResponse.error().message);
    const auto tokens = jsonObject(tokenResponse.value());
    if (!tokens)
        return tokens.error();
    if (tokenResponse.value().status != 200) {
        return fcError("franceconnect_error",
            QStringLiteral("token: HTTP %1 %2")
                .arg(tokenResponse.value().status)
                .arg(tokens.value().value(QStringLiteral("error")).toString()));
    }
    const QByteArray idToken = tokens.value().value(QStringLiteral("id_token")).toString().toLatin1();
    const QByteArray accessToken = tokens.value().value(QStringLiteral("access_token")).toString().toLatin1();
    if (idToken.isEmpty() || accessToken.isEmpty())
        return fcError(
            "franceconnect_error", QStringLiteral("token answer without id_token or access_token"));

    // The id_token: signature with FranceConnect's keys, then every claim the web service forgets.
    const auto claims = verifySigned(idToken);
    if (!claims)
        return claims.error();
    const QJsonObject &c = claims.value();
    const QString issuer = discovery().value().value(QStringLiteral("issuer")).toString();
    if (c.value(QStringLiteral("iss")).toString() != issuer)
        return fcError("invalid_issuer", QStringLiteral("id_token iss differs from the discovery issuer"));
    if (!audienceContains(c.value(QStringLiteral("aud")), m_config.clientId))
        return fcError("invalid_audience", QStringLiteral("id_token aud is not our client id"));
    const qint64 nowSeconds = nowMs / 1000;
    const qint64 skew = m_config.clockSkewSeconds;
    const QJsonValue exp = c.value(QStringLiteral("exp"));
    const QJsonValue iat = c.value(QStringLiteral("iat"));
    if (!exp.isDouble() || exp.toInteger() + skew <= nowSeconds)
        return fcError("token_expired", QStringLiteral("id_token expired or without exp"));
    if (!iat.isDouble() || iat.toInteger() - skew > nowSeconds)
        return fcError("token_expired", QStringLiteral("id_token issued in the future or without iat"));
    if (c.value(QStringLiteral("nonce")).toString() != expectedNonce)
        return fcError("invalid_nonce", QStringLiteral("id_token nonce differs from ours"));
    if (c.value(QStringLiteral("acr")).toString() != kAcr)
        return fcError("invalid_acr", QStringLiteral("id_token acr is not eidas1"));
    const QString sub = c.value(QStringLiteral("sub")).toString();
    if (sub.isEmpty() || sub.size() > 255)
        return fcError("invalid_claims", QStringLiteral("id_token without sub"));

    // Userinfo: a signed JWT in FranceConnect v2.
    const auto userinfoUrl = endpoint("userinfo_endpoint");
    if (!userinfoUrl)
        return userinfoUrl.error();
    const auto userinfoResponse = m_http.get(userinfoUrl.value(), accessToken);
    if (!userinfoResponse)
        return fcError(
            "franceconnect_unreachable", QStringLiteral("userinfo: ") + userinfoResponse.error().message);
    if (userinfoResponse.value().status != 200)
        return fcError(
            "franceconnect_error", QStringLiteral("userinfo: HTTP %1").arg(userinfoResponse.value().status));
    if (!userinfoResponse.value().contentType.startsWith("application/jwt"))
        return fcError("invalid_signature", QStringLiteral("userinfo is not a signed JWT"));
    const auto userinfo = verifySigned(userinfoResponse.value().body.trimmed());
    if (!userinfo)
        return userinfo.error();
    const QJsonObject &u = userinfo.value();
    if (u.contains(QStringLiteral("iss")) && u.value(QStringLiteral("iss")).toString() != issuer)
        return fcError("invalid_issuer", QStringLiteral("userinfo iss differs from the discovery issuer"));
    if (u.contains(QStringLiteral("aud"))
        && !audienceContains(u.value(QStringLiteral("aud")), m_config.clientId))
        return fcError("invalid_audience", QStringLiteral("userinfo aud is not our client id"));
    if (u.value(QStringLiteral("sub")).toString() != sub)
        return fcError("invalid_claims", QStringLiteral("userinfo sub differs from the id_token's"));
    const auto usager = UsagerClaims::fromClaims(u);
    if (!usager)
        return fcError("invalid_claims", usager.error().message);
    return Identity { sub, usager.value(), idToken };
}

Result<QUrl> FranceConnect::endSessionUrl(
    const QByteArray &idToken, const QString &state, const QUrl &postLogoutRedirectUri)
{
    auto url = endpoint("end_session_endpoint");
    if (!url)
        return url.error();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("id_token_hint"), QString::fromLatin1(idToken));
    query.addQueryItem(QStringLiteral("state"), state);
    query.addQueryItem(QStringLiteral("post_logout_redirect_uri"),
        QString::fromLatin1(QUrl::toPercentEncoding(postLogoutRedirectUri.toString(QUrl::FullyEncoded))));
    url.value().setQuery(query);
    return url;
}
