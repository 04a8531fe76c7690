#include "PageHelpers.h"
#include "SettingsDialog.h"

#include <QTest>

/// The client-side input rules of the pages.
class TestPageHelpers final : public QObject
{
    Q_OBJECT

private slots:
    void code_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("valid");
        QTest::newRow("six digits") << QStringLiteral("123456") << true;
        QTest::newRow("grouped") << QStringLiteral("123 456") << true;
        QTest::newRow("letters") << QStringLiteral("12a") << false;
        QTest::newRow("five") << QStringLiteral("12345") << false;
        QTest::newRow("seven") << QStringLiteral("1234567") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("arabic-indic digits")
            << QStringLiteral("\u0661\u0662\u0663\u0664\u0665\u0666") << false;
    }
    void code()
    {
        QFETCH(QString, typed);
        QFETCH(bool, valid);
        QCOMPARE(PageHelpers::isValidCode(PageHelpers::normalizeCode(typed)), valid);
    }

    void duration_data()
    {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("15 min") << 900 << QStringLiteral("15 minutes");
        QTest::newRow("1 min") << 60 << QStringLiteral("1 minute");
        QTest::newRow("3 s") << 3 << QStringLiteral("3 secondes");
        QTest::newRow("90 s") << 90 << QStringLiteral("90 secondes");
    }
    void duration()
    {
        QFETCH(int, seconds);
        QFETCH(QString, text);
        QCOMPARE(PageHelpers::durationText(seconds), text);
    }

    void serverUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::newRow("https") << QStringLiteral("https://ac.exemple.fr") << true;
        QTest::newRow("http with port") << QStringLiteral("http://127.0.0.1:8080") << true;
        QTest::newRow("https with path") << QStringLiteral("https://exemple.fr/ac") << true;
        QTest::newRow("ftp") << QStringLiteral("ftp://exemple.fr") << false;
        QTest::newRow("no scheme") << QStringLiteral("exemple.fr") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("query") << QStringLiteral("https://exemple.fr/?a=b") << false;
    }
    void serverUrl()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        QCOMPARE(SettingsDialog::validateServerUrl(QUrl(url, QUrl::StrictMode)).isEmpty(), valid);
    }
};

QTEST_MAIN(TestPageHelpers)
#include "testPageHelpers.moc"
