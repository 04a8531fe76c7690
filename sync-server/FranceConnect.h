#pragma once

#include "HttpClient.h"
#include "Mandat.h"
#include "Result.h"
#include "ServerConfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QUrl>

/// Our service-provider (FS) role towards FranceConnect v2 (docs/franceconnect.md): the authorize
/// URL, the code exchange (client_secret_post), the id_token and signed userinfo checks, the logout.
/// Thread-safe: the discovery document and the keys are cached under a mutex.
///
/// Failures are Errors whose code is one of the stable draft failure codes: franceconnect_unreachable,
/// franceconnect_error, invalid_signature, invalid_issuer, invalid_audience, token_expired,
/// invalid_nonce, invalid_acr, invalid_claims.
class FranceConnect
{
public:
    explicit FranceConnect(const FranceConnectConfig &config);

    /// What we ask FranceConnect for (reference/franceconnect.md § 1).
    static QString scope();
    static inline const QString kAcr = QStringLiteral("eidas1");

    struct Identity
    {
        QString sub; ///< FranceConnect's pairwise sub (to be hashed before storage)
        UsagerIdentity usager;
        QByteArray idToken; ///< only for the logout's id_token_hint; never stored or logged
    };

    Result<QUrl> authorizeUrl(const QString &state, const QString &nonce, const QUrl &redirectUri);
    /// Exchanges the code, verifies the id_token (signature, iss, aud, exp, iat, nonce, acr) and the
    /// signed userinfo, and checks the claims' formats.
    Result<Identity> identify(
        const QString &code, const QString &expectedNonce, const QUrl &redirectUri, qint64 nowMs);
    Result<QUrl> endSessionUrl(
        const QByteArray &idToken, const QString &state, const QUrl &postLogoutRedirectUri);

private:
    Result<QJsonObject> discovery();
    Result<QJsonArray> keys(bool refresh);
    /// Verifies a JWT of FranceConnect's, refetching the keys once on an unknown kid.
    Result<QJsonObject> verifySigned(const QByteArray &jwt);
    Result<QUrl> endpoint(const char *name);

    FranceConnectConfig m_config;
    HttpClient m_http;
    QMutex m_mutex;
    QJsonObject m_discovery;
    QJsonArray m_keys;
};
