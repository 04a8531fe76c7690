#include "Jose.h"

#include <QJsonDocument>

#include <cjose/cjose.h>

#include <memory>

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

Result<QJsonObject> verify(const QByteArray &compact, const QStringList &allowedAlgorithms, const QJsonArray &jwks,
                           const QByteArray &hmacSecret)
{
    const Result<Parsed> parsed = parse(compact);
    if (!parsed)
        return parsed.error();
    const QString algorithm = parsed.value().header.value(QStringLiteral("alg")).toString();
    if (!allowedAlgorithms.contains(algorithm))
        return joseError("unsupported_algorithm", QStringLiteral("algorithm %1 is not accepted").arg(algorithm));

    JwkPtr key;
    cjose_err err {};
    if (algorithm == QLatin1String("HS256")) {
        if (hmacSecret.isEmpty())
            return joseError("unknown_key", QStringLiteral("no secret for HS256"));
        key.reset(cjose_jwk_create_oct_spec(reinterpret_cast<const uint8_t *>(hmacSecret.constData()),
                                            size_t(hmacSecret.size()), &err));
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
        return joseError("unknown_key", QStringLiteral("unusable key: %1").arg(QString::fromUtf8(err.message)));

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
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(plaintext), qsizetype(length)), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return joseError("malformed_jwt", QStringLiteral("payload is not a JSON object"));
    return document.object();
}

} // namespace Jose
