#pragma once

#include "Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

/// JSON Web Signatures over libcjose (the JOSE library mod_auth_openidc uses).
namespace Jose {

/// The decoded parts of a compact JWS, before any verification.
struct Parsed
{
    QJsonObject header;
    QJsonObject payload;
};

/// Decodes a compact JWS without verifying it (to read `alg` and `kid`).
Result<Parsed> parse(const QByteArray &compact);

/// Verifies a compact JWS with the key of @p jwks (a JWK Set's "keys") whose `kid` matches the
/// header's (or the only key of a compatible type when the header has no kid), or with
/// @p hmacSecret for HS256. The header's `alg` must be one of @p allowedAlgorithms.
/// Returns the payload. Error codes: malformed_jwt, unsupported_algorithm, unknown_key, bad_signature.
Result<QJsonObject> verify(const QByteArray &compact, const QStringList &allowedAlgorithms,
    const QJsonArray &jwks, const QByteArray &hmacSecret = {});

/// A signing key of our identity provider: an EC P-256 private key (ES256) or an HMAC secret (HS256).
class SigningKey
{
public:
    SigningKey();
    ~SigningKey();
    SigningKey(SigningKey &&other) noexcept;
    SigningKey &operator=(SigningKey &&other) noexcept;
    Q_DISABLE_COPY(SigningKey)

    /// Reads a PEM EC P-256 private key (PKCS#8 or SEC1, as `openssl genpkey` / `ecparam` write it).
    static Result<SigningKey> fromPemFile(const QString &path);
    static Result<SigningKey> fromPem(const QByteArray &pem);
    static Result<SigningKey> hmac(const QByteArray &secret);

    bool isNull() const { return m_jwk == nullptr; }
    QString algorithm() const { return m_algorithm; }
    /// RFC 7638 thumbprint of the public key (empty for HS256).
    QString keyId() const { return m_kid; }
    /// The public JWK (kty, crv, x, y, kid, use, alg), for the JWKS; empty for HS256.
    QJsonObject publicJwk() const { return m_publicJwk; }
    /// A compact JWS of @p payload with header {alg, typ: JWT, kid}.
    Result<QByteArray> sign(const QJsonObject &payload) const;

private:
    void *m_jwk = nullptr; // cjose_jwk_t
    QString m_algorithm;
    QString m_kid;
    QJsonObject m_publicJwk;
};

} // namespace Jose
