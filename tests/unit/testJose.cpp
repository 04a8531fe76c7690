// Jose::verify over libcjose: signatures, algorithms and key selection, data-driven.
#include "Jose.h"

#include <QJsonDocument>
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
    cjose_jws_t *jws = cjose_jws_sign(jwk, header, reinterpret_cast<const uint8_t *>(payload.constData()),
                                      size_t(payload.size()), &err);
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
    cjose_jwk_t *jwk = cjose_jwk_create_oct_spec(reinterpret_cast<const uint8_t *>(secret.constData()),
                                                 size_t(secret.size()), &err);
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
            + QByteArray(R"({"sub":"xyz","acr":"eidas1"})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.' + parts[2];
        QByteArray tamperedSignature = good;
        tamperedSignature[tamperedSignature.size() - 5] = tamperedSignature.at(tamperedSignature.size() - 5) == 'A' ? 'B' : 'A';
        const QByteArray noneHeader = QByteArray(R"({"alg":"none"})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);

        QTest::newRow("ES256 with its kid") << good << es << 2 << QByteArray() << "";
        QTest::newRow("ES256 without kid, one key") << sign(m_key1.jwk, CJOSE_HDR_ALG_ES256, nullptr, m_payload) << es << 1
                                                    << QByteArray() << "";
        QTest::newRow("ES256 without kid, two keys") << sign(m_key1.jwk, CJOSE_HDR_ALG_ES256, nullptr, m_payload) << es
                                                     << 2 << QByteArray() << "unknown_key";
        QTest::newRow("signed by another key, same kid") << sign(m_key2.jwk, CJOSE_HDR_ALG_ES256, "k1", m_payload) << es
                                                         << 2 << QByteArray() << "bad_signature";
        QTest::newRow("unknown kid") << sign(m_key1.jwk, CJOSE_HDR_ALG_ES256, "k9", m_payload) << es << 2 << QByteArray()
                                     << "unknown_key";
        QTest::newRow("no keys") << good << es << 0 << QByteArray() << "unknown_key";
        QTest::newRow("payload changed") << tamperedPayload << es << 2 << QByteArray() << "bad_signature";
        QTest::newRow("signature changed") << tamperedSignature << es << 2 << QByteArray() << "bad_signature";
        QTest::newRow("alg none") << noneHeader + '.' + parts[1] + ".x" << es << 2 << QByteArray() << "unsupported_algorithm";
        QTest::newRow("HS256 when ES256 is expected") << hs256("secret-of-the-client", m_payload) << es << 2
                                                      << QByteArray("secret-of-the-client") << "unsupported_algorithm";
        QTest::newRow("HS256 with the client secret") << hs256("secret-of-the-client", m_payload) << hs << 0
                                                      << QByteArray("secret-of-the-client") << "";
        QTest::newRow("HS256 with another secret") << hs256("secret-of-the-client", m_payload) << hs << 0
                                                   << QByteArray("another-secret-value") << "bad_signature";
        QTest::newRow("two segments") << parts[0] + '.' + parts[1] << es << 2 << QByteArray() << "malformed_jwt";
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
};

QTEST_APPLESS_MAIN(TestJose)
#include "testJose.moc"
