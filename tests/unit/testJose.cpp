// Jose::verify over libcjose: signatures, algorithms and key selection, data-driven.
#include "Jose.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cjose/cjose.h>

namespace {
struct Key
{
    cjose_jwk_t *jwk = nullptr;
    QJsonObject publicJson;
};

Key ecKey(const char *kid)
{
    cjose_err err {};
    Key key;
    key.jwk = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
    cjose_jwk_set_kid(key.jwk, kid, strlen(kid), &err);
    char *json = cjose_jwk_to_json(key.jwk, false, &err);
    key.publicJson = QJsonDocument::fromJson(QByteArray(json)).object();
    free(json);
    return key;
}

QByteArray sign(cjose_jwk_t *jwk, const char *alg, const char *kid, const QByteArray &payload)
{
    cjose_err err {};
    cjose_header_t *header = cjose_header_new(&err);
    cjose_header_set(header, CJOSE_HDR_ALG, alg, &err);
    if (kid)
        cjose_header_set(header, CJOSE_HDR_KID, kid, &err);
    cjose_jws_t *jws = cjose_jws_sign(
        jwk, header, reinterpret_cast<const uint8_t *>(payload.constData()), size_t(payload.size()), &err);
    const char *compact = nullptr;
    cjose_jws_export(jws, &compact, &err);
    QByteArray result(compact);
    cjose_jws_release(jws);
    cjose_header_release(header);
    return result;
}

QByteArray hs256(const QByteArray &secret, const QByteArray &payload)
{
    cjose_err err {};
    cjose_jwk_t *jwk = cjose_jwk_create_oct_spec(
        reinterpret_cast<const uint8_t *>(secret.constData()), size_t(secret.size()), &err);
    const QByteArray token = sign(jwk, CJOSE_HDR_ALG_HS256, nullptr, payload);
    cjose_jwk_release(jwk);
    return token;
}
} // namespace

class TestJose : public QObject
{
    Q_OBJECT

    Key m_key1;
    Key m_key2;
    const QByteArray m_payload = R"({"sub":"abc","acr":"eidas1"})";

private slots:
    void initTestCase()
    {
        m_key1 = ecKey("k1");
        m_key2 = ecKey("k2");
        QVERIFY(m_key1.jwk && m_key2.jwk);
    }
    void cleanupTestCase()
    {
        cjose_jwk_release(m_key1.jwk);
        cjose_jwk_release(m_key2.jwk);
    }

    void verify_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QStringList>("algorithms");
        QTest::addColumn<int>("keys"); // 1: key1 only, 2: key1 and key2, 0: none
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("error"); // empty: verifies

        const QStringList es = { QStringLiteral("ES256") };
        const QStringList hs = { QStringLiteral("HS256") };
        const QByteArray good = sign(m_key1.jwk, CJOSE_HDR_ALG_ES256, "k1", m_payload);
        QList<QByteArray> parts = good.split('.');
        QByteArray tamperedPayload = parts[0] + '.'
            + QByteArray(R"({"sub":"xyz","acr":"eidas1"})")
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.' + parts[2];
        QByteArray tamperedSignature = good;
        tamperedSignature[tamperedSignature.size() - 5]
            = tamperedSignature.at(tamperedSignature.size() - 5) == 'A' ? 'B' : 'A';
        const QByteArray noneHeader
            = QByteArray(R"({"alg":"none"})")
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);

        QTest::newRow("ES256 with its kid") << good << es << 2 << QByteArray() << "";
        QTest::newRow("ES256 without kid, one key")
            << sign(m_key1.jwk, CJOSE_HDR_ALG_ES256, nullptr, m_payload) << es << 1 << QByteArray() << "";
        QTest::newRow("ES256 without kid, two keys") << sign(m_key1.jwk, CJOSE_HDR_ALG_ES256, nullptr,
            m_payload) << es << 2 << QByteArray() << "unknown_key";
        QTest::newRow("signed by another key, same kid") << sign(m_key2.jwk, CJOSE_HDR_ALG_ES256, "k1",
            m_payload) << es << 2 << QByteArray() << "bad_signature";
        QTest::newRow("unknown kid") << sign(m_key1.jwk, CJOSE_HDR_ALG_ES256, "k9", m_payload) << es << 2
                                     << QByteArray() << "unknown_key";
        QTest::newRow("no keys") << good << es << 0 << QByteArray() << "unknown_key";
        QTest::newRow("payload changed") << tamperedPayload << es << 2 << QByteArray() << "bad_signature";
        QTest::newRow("signature changed") << tamperedSignature << es << 2 << QByteArray() << "bad_signature";
        QTest::newRow("alg none") << noneHeader + '.' + parts[1] + ".x" << es << 2 << QByteArray()
                                  << "unsupported_algorithm";
        QTest::newRow("HS256 when ES256 is expected")
            << hs256("secret-of-the-client", m_payload) << es << 2 << QByteArray("secret-of-the-client")
            << "unsupported_algorithm";
        QTest::newRow("HS256 with the client secret") << hs256("secret-of-the-client", m_payload) << hs << 0
                                                      << QByteArray("secret-of-the-client") << "";
        QTest::newRow("HS256 with another secret") << hs256("secret-of-the-client", m_payload) << hs << 0
                                                   << QByteArray("another-secret-value") << "bad_signature";
        QTest::newRow("two segments")
            << parts[0] + '.' + parts[1] << es << 2 << QByteArray() << "malformed_jwt";
        QTest::newRow("not base64 JSON") << QByteArray("a.b.c") << es << 2 << QByteArray() << "malformed_jwt";
    }

    void verify()
    {
        QFETCH(QByteArray, token);
        QFETCH(QStringList, algorithms);
        QFETCH(int, keys);
        QFETCH(QByteArray, secret);
        QFETCH(QString, error);
        QJsonArray jwks;
        if (keys >= 1)
            jwks.append(m_key1.publicJson);
        if (keys >= 2)
            jwks.append(m_key2.publicJson);
        const auto result = Jose::verify(token, algorithms, jwks, secret);
        if (error.isEmpty()) {
            QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
            QCOMPARE(result.value().value(QStringLiteral("sub")).toString(), QStringLiteral("abc"));
        } else {
            QVERIFY(!result);
            QCOMPARE(result.error().code, error);
        }
    }

    // Our identity provider's signatures: what we sign, a verifier accepts with the published key
    // (ES256) or the shared secret (HS256), and refuses with anything else.
    void signingKey_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("ES256 from a PKCS#8 PEM") << "ES256";
        QTest::newRow("ES256 from a SEC1 PEM") << "ES256-sec1";
        QTest::newRow("HS256") << "HS256";
    }

    void signingKey()
    {
        QFETCH(QString, algorithm);
        const QByteArray secret = QByteArrayLiteral("0123456789abcdef0123456789abcdef-secret");
        Result<Jose::SigningKey> key = Jose::SigningKey::hmac(secret);
        if (algorithm.startsWith(QLatin1String("ES256"))) {
            QTemporaryDir dir;
            const QString pem = dir.filePath(QStringLiteral("key.pem"));
            const QStringList args = algorithm == QLatin1String("ES256")
                ? QStringList { QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                      QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                      QStringLiteral("-out"), pem }
                : QStringList { QStringLiteral("ecparam"), QStringLiteral("-name"),
                      QStringLiteral("prime256v1"), QStringLiteral("-genkey"), QStringLiteral("-noout"),
                      QStringLiteral("-out"), pem };
            QCOMPARE(QProcess::execute(QStringLiteral("openssl"), args), 0);
            key = Jose::SigningKey::fromPemFile(pem);
        }
        QVERIFY2(key, qPrintable(key ? QString() : key.error().message));
        const Jose::SigningKey &k = key.value();
        const QString alg = algorithm.left(5);
        QCOMPARE(k.algorithm(), alg);
        const QJsonObject payload { { QStringLiteral("sub"), QStringLiteral("abc") },
            { QStringLiteral("nonce"), QStringLiteral("n") } };
        const Result<QByteArray> token = k.sign(payload);
        QVERIFY(token);
        const auto parsed = Jose::parse(token.value());
        QVERIFY(parsed);
        QCOMPARE(parsed.value().header.value(QStringLiteral("alg")).toString(), alg);
        QCOMPARE(parsed.value().header.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
        const QJsonArray jwks = k.publicJwk().isEmpty() ? QJsonArray() : QJsonArray { k.publicJwk() };
        if (alg == QLatin1String("ES256")) {
            QVERIFY(!k.publicJwk().contains(QStringLiteral("d"))); // the private scalar is never published
            QCOMPARE(parsed.value().header.value(QStringLiteral("kid")).toString(), k.keyId());
            QCOMPARE(k.keyId().size(), 43); // base64url SHA-256 thumbprint
            QVERIFY(Jose::verify(token.value(), { alg }, jwks));
            // Another key, or the payload changed: refused.
            QVERIFY(!Jose::verify(token.value(), { alg }, QJsonArray { m_key1.publicJson }));
        } else {
            QVERIFY(Jose::verify(token.value(), { alg }, {}, secret));
            QVERIFY(!Jose::verify(token.value(), { alg }, {}, secret + "x"));
        }
        QList<QByteArray> parts = token.value().split('.');
        parts[1] = QJsonDocument(QJsonObject { { QStringLiteral("sub"), QStringLiteral("xyz") } })
                       .toJson(QJsonDocument::Compact)
                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QVERIFY(!Jose::verify(parts.join('.'), { alg }, jwks, secret));
        QCOMPARE(Jose::verify(token.value(), { alg }, jwks, secret)
                     .value()
                     .value(QStringLiteral("sub"))
                     .toString(),
            QStringLiteral("abc"));
    }

    void unusableSigningKeys_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        QTest::newRow("a certificate, not a key")
            << QByteArray("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    }

    void unusableSigningKeys()
    {
        QFETCH(QByteArray, pem);
        const auto key = Jose::SigningKey::fromPem(pem);
        QVERIFY(!key);
        QCOMPARE(key.error().code, QStringLiteral("unusable_key"));
        QVERIFY(!Jose::SigningKey::hmac("short"));
    }

    void otherCurvesRefused()
    {
        QTemporaryDir dir;
        const QString pem = dir.filePath(QStringLiteral("p384.pem"));
        QCOMPARE(QProcess::execute(QStringLiteral("openssl"),
                     { QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-384"),
                         QStringLiteral("-out"), pem }),
            0);
        QVERIFY(!Jose::SigningKey::fromPemFile(pem));
    }
};

QTEST_APPLESS_MAIN(TestJose)
#include "testJose.moc"
