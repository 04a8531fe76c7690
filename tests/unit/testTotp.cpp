#include "Totp.h"

#include <QTest>

/// RFC 4226 and RFC 6238 (HMAC-SHA1) test vectors, and the seed formats of cards and phone apps.
class TestTotp final : public QObject
{
    Q_OBJECT

private slots:
    void hotpRfc4226_data()
    {
        QTest::addColumn<quint64>("counter");
        QTest::addColumn<QString>("expected");
        const char *values[] = { "755224", "287082", "359152", "969429", "338314", "254676", "287922",
            "162583", "399871", "520489" };
        for (quint64 i = 0; i < 10; ++i)
            QTest::addRow("counter %llu", i) << i << QString::fromLatin1(values[i]);
    }
    void hotpRfc4226()
    {
        QFETCH(quint64, counter);
        QFETCH(QString, expected);
        QCOMPARE(Totp::hotp(QByteArrayLiteral("12345678901234567890"), counter, 6), expected);
    }

    void totpRfc6238Sha1_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<QString>("expected");
        QTest::newRow("59") << qint64(59) << QStringLiteral("94287082");
        QTest::newRow("1111111109") << qint64(1111111109) << QStringLiteral("07081804");
        QTest::newRow("1111111111") << qint64(1111111111) << QStringLiteral("14050471");
        QTest::newRow("1234567890") << qint64(1234567890) << QStringLiteral("89005924");
        QTest::newRow("2000000000") << qint64(2000000000) << QStringLiteral("69279037");
        QTest::newRow("20000000000") << qint64(20000000000) << QStringLiteral("65353130");
    }
    void totpRfc6238Sha1()
    {
        QFETCH(qint64, time);
        QFETCH(QString, expected);
        QCOMPARE(Totp::totp(QByteArrayLiteral("12345678901234567890"), time, 30, 8), expected);
    }

    void cardStepIsSixtySeconds()
    {
        const QByteArray seed = QByteArrayLiteral("12345678901234567890");
        QCOMPARE(Totp::totp(seed, 119, 60), Totp::hotp(seed, 1));
        QCOMPARE(Totp::totp(seed, 120, 60), Totp::hotp(seed, 2));
        QCOMPARE(Totp::timeStep(1111111109, 60), qint64(18518518));
    }

    void hexSeeds_data()
    {
        QTest::addColumn<QString>("hex");
        QTest::addColumn<bool>("valid");
        QTest::newRow("40 chars") << QStringLiteral("3132333435363738393031323334353637383930") << true;
        QTest::newRow("upper case") << QStringLiteral("ABCDEF0123") << true;
        QTest::newRow("42 chars") << QStringLiteral("313233343536373839303132333435363738393031") << false;
        QTest::newRow("odd length") << QStringLiteral("abc") << false;
        QTest::newRow("not hex") << QStringLiteral("zz11") << false;
        QTest::newRow("empty") << QString() << false;
        // Found by tests/fuzz/fuzz_otp: `$` also matched before a final newline.
        QTest::newRow("final newline") << QStringLiteral("3132\n") << false;
    }
    void hexSeeds()
    {
        QFETCH(QString, hex);
        QFETCH(bool, valid);
        QCOMPARE(Totp::decodeHexSeed(hex).has_value(), valid);
    }

    void base32RoundTrip()
    {
        const QByteArray secret = QByteArrayLiteral("12345678901234567890");
        const QString encoded = Totp::encodeBase32(secret);
        QCOMPARE(encoded, QStringLiteral("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        QCOMPARE(Totp::decodeBase32(encoded.toLower()).value(), secret);
        QVERIFY(!Totp::decodeBase32(QStringLiteral("1!")).has_value());
    }
};

QTEST_GUILESS_MAIN(TestTotp)
#include "testTotp.moc"
