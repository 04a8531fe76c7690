#include "CardImporter.h"

#include <QTest>

/// ANCT's card CSV: every bad row is named by its line, and a bad file yields no card at all.
class TestCardImporter final : public QObject
{
    Q_OBJECT

private slots:
    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("error");
        const QByteArray header = "serial_number,seed\n";
        QTest::newRow("bad seed on line 3") << header + "GADT00000001,3132\nGADT00000002,xyz\n"
                                            << QStringLiteral("line 3: invalid seed");
        QTest::newRow("missing field") << header + "GADT00000001\n"
                                       << QStringLiteral("line 2: expected 2 fields");
        QTest::newRow("extra field") << header + "GADT1,3132,x\n"
                                     << QStringLiteral("line 2: expected 2 fields");
        QTest::newRow("duplicate serial") << header + "A1,3132\nA1,3334\n"
                                          << QStringLiteral("line 3: serial number A1");
        QTest::newRow("bad serial") << header + "A 1,3132\n" << QStringLiteral("line 2: invalid serial");
        QTest::newRow("seed too long") << "A1," + QByteArray(42, 'a') + "\n"
                                       << QStringLiteral("line 1: invalid seed");
        QTest::newRow("empty") << QByteArray("\n\n") << QStringLiteral("no card");
        QTest::newRow("header only") << header << QStringLiteral("no card");
    }
    void badFiles()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, error);
        const auto result = CardImporter::parse(csv);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.startsWith(error), qPrintable(result.error().message));
    }

    void goodFile()
    {
        const auto result
            = CardImporter::parse("serial_number,seed\r\nGADT00000001, 3132333435\n\nGADT00000002,ABCD\n");
        QVERIFY(result.ok());
        QCOMPARE(result.value().size(), 2);
        QCOMPARE(result.value().at(0).serial, QStringLiteral("GADT00000001"));
        QCOMPARE(result.value().at(0).seed, QByteArrayLiteral("12345"));
        QCOMPARE(result.value().at(1).line, 4);
        QCOMPARE(result.value().at(1).seed, QByteArray::fromHex("abcd"));
    }
};

QTEST_GUILESS_MAIN(TestCardImporter)
#include "testCardImporter.moc"
