#include "Jose.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>

#include <cjose/cjose.h>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <utility>

namespace {
struct JwsDeleter
{
    void operator()(cjose_jws_t *jws) const { cjose_jws_release(jws); }
};
struct JwkDeleter
{
    void operator()(cjose_jwk_t *jwk) const { cjose_jwk_release(jwk); }
};
using JwsPtr = std::unique_ptr<cjose_jws_t, JwsDeleter>;
using JwkPtr = std::unique_ptr<cjose_jwk_t, JwkDeleter>;

Error joseError(const char *code, const QString &message)
{
    return Error { QString::fromLatin1(code), message };
}

std::optional<QJsonObject> decodeSegment(const QByteArray &segment)
{
    const QByteArray json = QByteArray::fromBase64(segment, QByteArray::Base64UrlEncoding);
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

QString expectedKeyType(const QString &algorithm)
{
    if (algorithm.startsWith(QLatin1String("ES")))
        return QStringLiteral("EC");
    if (algorithm.startsWith(QLatin1String("RS")) || algorithm.startsWith(QLatin1String("PS")))
        return QStringLiteral("RSA");
    return {};
}
} // namespace

namespace Jose {

Result<Parsed> parse(const QByteArray &compact)
{
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3 || parts[2].isEmpty())
        return joseError("malformed_jwt", QStringLiteral("not a compact JWS"));
    const auto header = decodeSegment(parts[0]);
    const auto payload = decodeSegment(parts[1]);
    if (!header || !payload)
        return joseError("malformed_jwt", QStringLiteral("undecodable JWS segment"));
    return Parsed { *header, *payload };
}

Result<QJsonObject> verify(const QByteArray &compact, const QStringList &allowedAlgorithms,
    const QJsonArray &jwks, const QByteArray &hmacSecret)
{
    const Result<Parsed> parsed = parse(compact);
    if (!parsed)
        return parsed.error();
    const QString algorithm = parsed.value().header.value(QStringLiteral("alg")).toString();
    if (!allowedAlgorithms.contains(algorithm))
        return joseError(
            "unsupported_algorithm", QStringLiteral("algorithm %1 is not accepted").arg(algorithm));

    JwkPtr key;
    cjose_err err {};
    if (algorithm == QLatin1String("HS256")) {
        if (hmacSecret.isEmpty())
            return joseError("unknown_key", QStringLiteral("no secret for HS256"));
        key.reset(cjose_jwk_create_oct_spec(
            reinterpret_cast<const uint8_t *>(hmacSecret.constData()), size_t(hmacSecret.size()), &err));
    } else {
        const QString kid = parsed.value().header.value(QStringLiteral("kid")).toString();
        const QString kty = expectedKeyType(algorithm);
        QJsonObject chosen;
        int candidates = 0;
        for (const QJsonValue &value : jwks) {
            const QJsonObject jwk = value.toObject();
            if (jwk.value(QStringLiteral("kty")).toString() != kty)
                continue;
            if (!kid.isEmpty() && jwk.value(QStringLiteral("kid")).toString() != kid)
                continue;
            chosen = jwk;
            ++candidates;
        }
        if (candidates != 1)
            return joseError("unknown_key", QStringLiteral("no single key matches kid '%1'").arg(kid));
        const QByteArray json = QJsonDocument(chosen).toJson(QJsonDocument::Compact);
        key.reset(cjose_jwk_import(json.constData(), size_t(json.size()), &err));
    }
    if (!key)
        return joseError(
            "unknown_key", QStringLiteral("unusable key: %1").arg(QString::fromUtf8(err.message)));

    JwsPtr jws(cjose_jws_import(compact.constData(), size_t(compact.size()), &err));
    if (!jws)
        return joseError("malformed_jwt", QStringLiteral("cjose: %1").arg(QString::fromUtf8(err.message)));
    if (!cjose_jws_verify(jws.get(), key.get(), &err))
        return joseError("bad_signature", QStringLiteral("signature does not verify"));
    // Read the payload from what cjose verified, not from the earlier unverified decoding.
    uint8_t *plaintext = nullptr;
    size_t length = 0;
    if (!cjose_jws_get_plaintext(jws.get(), &plaintext, &length, &err))
        return joseError("malformed_jwt", QStringLiteral("no payload"));
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray(reinterpret_cast<const char *>(plaintext), qsizetype(length)), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return joseError("malformed_jwt", QStringLiteral("payload is not a JSON object"));
    return document.object();
}

SigningKey::SigningKey() = default;

SigningKey::~SigningKey()
{
    if (m_jwk)
        cjose_jwk_release(static_cast<cjose_jwk_t *>(m_jwk));
}

SigningKey::SigningKey(SigningKey &&other) noexcept
    : m_jwk(std::exchange(other.m_jwk, nullptr))
    , m_algorithm(std::move(other.m_algorithm))
    , m_kid(std::move(other.m_kid))
    , m_publicJwk(std::move(other.m_publicJwk))
{
}

SigningKey &SigningKey::operator=(SigningKey &&other) noexcept
{
    if (this != &other) {
        if (m_jwk)
            cjose_jwk_release(static_cast<cjose_jwk_t *>(m_jwk));
        m_jwk = std::exchange(other.m_jwk, nullptr);
        m_algorithm = std::move(other.m_algorithm);
        m_kid = std::move(other.m_kid);
        m_publicJwk = std::move(other.m_publicJwk);
    }
    return *this;
}

Result<SigningKey> SigningKey::fromPemFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return joseError("unusable_key", QStringLiteral("cannot read %1").arg(path));
    return fromPem(file.readAll());
}

Result<SigningKey> SigningKey::fromPem(const QByteArray &pem)
{
    // OpenSSL reads the PEM (both PKCS#8 and SEC1); cjose then holds the key and signs.
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.constData(), int(pem.size())), &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr, &EVP_PKEY_free);
    if (!pkey || EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_EC)
        return joseError("unusable_key", QStringLiteral("not a PEM EC private key"));
    char group[64] = {};
    size_t groupLength = 0;
    if (!EVP_PKEY_get_utf8_string_param(
            pkey.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &groupLength)
        || qstrcmp(group, "prime256v1") != 0)
        return joseError("unusable_key", QStringLiteral("the EC key must be on P-256 (prime256v1)"));
    unsigned char point[65] = {};
    size_t pointLength = 0;
    BIGNUM *d = nullptr;
    if (!EVP_PKEY_get_octet_string_param(
            pkey.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &pointLength)
        || pointLength != 65 || point[0] != 0x04
        || !EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d))
        return joseError("unusable_key", QStringLiteral("cannot read the EC key's components"));
    uint8_t dBytes[32] = {};
    const bool dOk = BN_bn2binpad(d, dBytes, sizeof dBytes) == 32;
    BN_clear_free(d);
    if (!dOk)
        return joseError("unusable_key", QStringLiteral("cannot read the EC private scalar"));

    cjose_jwk_ec_keyspec spec {};
    spec.crv = CJOSE_JWK_EC_P_256;
    spec.d = dBytes;
    spec.dlen = 32;
    spec.x = point + 1;
    spec.xlen = 32;
    spec.y = point + 33;
    spec.ylen = 32;
    cjose_err err {};
    cjose_jwk_t *jwk = cjose_jwk_create_EC_spec(&spec, &err);
    OPENSSL_cleanse(dBytes, sizeof dBytes);
    if (!jwk)
        return joseError("unusable_key", QStringLiteral("cjose: %1").arg(QString::fromUtf8(err.message)));

    SigningKey key;
    key.m_jwk = jwk;
    key.m_algorithm = QStringLiteral("ES256");
    const auto b64 = [](const unsigned char *data, int length) {
        return QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(data), length)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    const QString x = b64(point + 1, 32);
    const QString y = b64(point + 33, 32);
    // RFC 7638: SHA-256 of the required members in lexicographic order, without whitespace.
    const QByteArray thumbprintInput
        = QStringLiteral("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%1\",\"y\":\"%2\"}").arg(x, y).toUtf8();
    key.m_kid
        = QString::fromLatin1(QCryptographicHash::hash(thumbprintInput, QCryptographicHash::Sha256)
                                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    key.m_publicJwk = QJsonObject { { QStringLiteral("kty"), QStringLiteral("EC") },
        { QStringLiteral("crv"), QStringLiteral("P-256") }, { QStringLiteral("x"), x },
        { QStringLiteral("y"), y }, { QStringLiteral("kid"), key.m_kid },
        { QStringLiteral("use"), QStringLiteral("sig") },
        { QStringLiteral("alg"), QStringLiteral("ES256") } };
    return key;
}

Result<SigningKey> SigningKey::hmac(const QByteArray &secret)
{
    if (secret.size() < 32)
        return joseError("unusable_key", QStringLiteral("an HS256 secret needs 32 bytes or more"));
    cjose_err err {};
    cjose_jwk_t *jwk = cjose_jwk_create_oct_spec(
        reinterpret_cast<const uint8_t *>(secret.constData()), size_t(secret.size()), &err);
    if (!jwk)
        return joseError("unusable_key", QStringLiteral("cjose: %1").arg(QString::fromUtf8(err.message)));
    SigningKey key;
    key.m_jwk = jwk;
    key.m_algorithm = QStringLiteral("HS256");
    return key;
}

Result<QByteArray> SigningKey::sign(const QJsonObject &payload) const
{
    if (!m_jwk)
        return joseError("unusable_key", QStringLiteral("no signing key"));
    cjose_err err {};
    std::unique_ptr<cjose_header_t, decltype(&cjose_header_release)> header(
        cjose_header_new(&err), &cjose_header_release);
    const QByteArray alg = m_algorithm.toLatin1();
    const QByteArray kid = m_kid.toLatin1();
    if (!header || !cjose_header_set(header.get(), CJOSE_HDR_ALG, alg.constData(), &err)
        || !cjose_header_set(header.get(), "typ", "JWT", &err)
        || (!kid.isEmpty() && !cjose_header_set(header.get(), CJOSE_HDR_KID, kid.constData(), &err)))
        return joseError(
            "sign_failed", QStringLiteral("cjose header: %1").arg(QString::fromUtf8(err.message)));
    const QByteArray plaintext = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    JwsPtr jws(cjose_jws_sign(static_cast<const cjose_jwk_t *>(m_jwk), header.get(),
        reinterpret_cast<const uint8_t *>(plaintext.constData()), size_t(plaintext.size()), &err));
    if (!jws)
        return joseError("sign_failed", QStringLiteral("cjose: %1").arg(QString::fromUtf8(err.message)));
    const char *compact = nullptr;
    if (!cjose_jws_export(jws.get(), &compact, &err))
        return joseError(
            "sign_failed", QStringLiteral("cjose export: %1").arg(QString::fromUtf8(err.message)));
    return QByteArray(compact);
}

} // namespace Jose
