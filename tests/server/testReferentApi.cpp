#include "TestServer.h"

#include <QtTest>

/// Placeholder: filled by the Espace référent work (docs/referent.md).
class TestReferentApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
    }

    void serverAnswersHealth()
    {
        QCOMPARE(m_server->request("GET", QStringLiteral("/api/v1/health")).status, 200);
    }

private:
    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(TestReferentApi)
#include "testReferentApi.moc"
