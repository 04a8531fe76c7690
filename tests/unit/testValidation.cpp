#include "Validation.h"

#include <QTest>

/// Input formats shared by the client and the server. The final-newline and control-character rows
/// were found by tests/fuzz/fuzz_usager_claims.
class TestValidation final : public QObject
{
    Q_OBJECT

private slots:
    void siret_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("14 digits") << QStringLiteral("12345678901234") << true;
        QTest::newRow("13 digits") << QStringLiteral("1234567890123") << false;
        QTest::newRow("with spaces") << QStringLiteral("123 456 789 01234") << false;
        QTest::newRow("final newline") << QStringLiteral("12345678901234\n") << false;
    }
    void siret()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QCOMPARE(Validation::isValidSiret(value), ok);
    }

    void postcode_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("Trappes") << QStringLiteral("78190") << true;
        QTest::newRow("Ajaccio") << QStringLiteral("20000") << true;
        QTest::newRow("four digits") << QStringLiteral("7819") << false;
        QTest::newRow("final newline") << QStringLiteral("78190\n") << false;
    }
    void postcode()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QCOMPARE(Validation::isValidPostcode(value), ok);
    }

    void email_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << QStringLiteral("camille.fwolk@example.fr") << true;
        QTest::newRow("surrounding spaces") << QStringLiteral(" camille.fwolk@example.fr ") << true;
        QTest::newRow("no domain dot") << QStringLiteral("camille@localhost") << false;
        QTest::newRow("two @") << QStringLiteral("a@b@example.fr") << false;
        QTest::newRow("inner space") << QStringLiteral("camille fwolk@example.fr") << false;
        QTest::newRow("NUL") << QStringLiteral("camille") + QChar(0) + QStringLiteral("@example.fr") << false;
        QTest::newRow("control character") << QStringLiteral("camille\u0001@example.fr") << false;
        QTest::newRow("DEL") << QStringLiteral("camille@example\u007f.fr") << false;
        QTest::newRow("too long") << QString(250, QLatin1Char('a')) + QStringLiteral("@b.fr") << false;
    }
    void email()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QCOMPARE(Validation::isValidEmail(value), ok);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "testValidation.moc"
