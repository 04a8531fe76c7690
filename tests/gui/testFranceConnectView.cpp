// The FranceConnect journey's browser and TLS: a server certified by a private CA is trusted only
// when the workstation is configured with that CA (as the API client is), never otherwise.
#include "FranceConnectView.h"
#include "TestServer.h"
#include "WebEngineTestMain.h"

#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

class TestFranceConnectView : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;

    /// Loads a page of the TLS server (the verification page of an unknown mandat) in a fresh view.
    bool loads(const QList<QSslCertificate> &extraCas)
    {
        FranceConnectView view(m_server->baseUrl());
        view.journeyPage()->setExtraCaCertificates(extraCas);
        QSignalSpy finished(view.page(), &QWebEnginePage::loadFinished);
        view.resize(400, 300);
        view.show();
        view.start(m_server->baseUrl().resolved(
            QUrl(QStringLiteral("/verify/1?h=%1").arg(QString(64, QLatin1Char('0'))))));
        [&] { QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000); }();
        QString title;
        bool done = false;
        view.page()->runJavaScript(QStringLiteral("document.title"), [&](const QVariant &v) {
            title = v.toString();
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 10000); }();
        // The server's French page, not Chromium's certificate error page.
        return finished.first().first().toBool() && title.contains(QStringLiteral("Mandat non reconnu"));
    }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.tls = true;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        QCOMPARE(m_server->baseUrl().scheme(), QStringLiteral("https"));
    }

    void privateCaIsTrustedOnlyWhenConfigured()
    {
        QFile ca(m_server->caCertificatePath());
        QVERIFY(ca.open(QIODevice::ReadOnly));
        const QList<QSslCertificate> cas = QSslCertificate::fromData(ca.readAll(), QSsl::Pem);
        QCOMPARE(cas.size(), 1);
        QVERIFY(loads(cas));
        // Each journey has its own profile: the acceptance above does not carry over.
        QVERIFY(!loads({}));
        // The default configuration is left as it was.
        QVERIFY(!QSslConfiguration::defaultConfiguration().caCertificates().contains(cas.first()));
    }

    void anotherCaIsNotEnough()
    {
        // A self-signed certificate of another server is no CA of this one.
        TestServer::Options options;
        options.tls = true;
        TestServer other(options);
        QVERIFY(other.start());
        QFile ca(other.caCertificatePath());
        QVERIFY(ca.open(QIODevice::ReadOnly));
        QVERIFY(!loads(QSslCertificate::fromData(ca.readAll(), QSsl::Pem)));
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestFranceConnectView>(argc, argv);
}

#include "testFranceConnectView.moc"
