#include "TestServer.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTest>

/// The server serves HTTPS when a certificate is configured; a client trusts it only through the
/// configured CA (a private PKI), never by ignoring TLS errors.
class TestTls final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    QNetworkReply::NetworkError get(const QUrl &url, bool trustServerCa, int *status)
    {
        QNetworkAccessManager manager;
        QNetworkRequest request(url);
        if (trustServerCa) {
            QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
            ssl.addCaCertificates(m_server->caCertificatePath());
            request.setSslConfiguration(ssl);
        }
        QNetworkReply *reply = manager.get(request);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QNetworkReply::NetworkError error = reply->error();
        delete reply;
        return error;
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

    void trustedThroughTheConfiguredCa()
    {
        int status = 0;
        QCOMPARE(get(m_server->baseUrl().resolved(QUrl(QStringLiteral("/api/v1/health"))), true, &status),
            QNetworkReply::NoError);
        QCOMPARE(status, 200);
    }

    void refusedWithoutTheCa()
    {
        int status = 0;
        QCOMPARE(get(m_server->baseUrl().resolved(QUrl(QStringLiteral("/api/v1/health"))), false, &status),
            QNetworkReply::SslHandshakeFailedError);
        QCOMPARE(status, 0);
    }

    void plainHttpIsNotServed()
    {
        QUrl url = m_server->baseUrl().resolved(QUrl(QStringLiteral("/api/v1/health")));
        url.setScheme(QStringLiteral("http"));
        int status = 0;
        QVERIFY(get(url, false, &status) != QNetworkReply::NoError);
        QVERIFY(status != 200);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "testTls.moc"
