#include "ApiClient.h"
#include "Session.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace {

SessionInfo sessionInfo(int idleSeconds)
{
    SessionInfo info;
    info.token = QStringLiteral("token-for-tests");
    info.idleTimeoutSeconds = idleSeconds;
    info.currentCguVersion = QStringLiteral("2024-06");
    info.aidant.firstName = QStringLiteral("Camille");
    return info;
}

} // namespace

/// The session's idle lock, logout and the API client's error mapping (no server needed).
class TestSession final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_api = std::make_unique<ApiClient>();
        // A loopback port nobody listens on: requests fail fast as "unreachable".
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_deadUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
        probe.close();
        m_api->setBaseUrl(m_deadUrl);
        m_session = std::make_unique<Session>(m_api.get());
    }
    void cleanup()
    {
        m_session.reset();
        m_api.reset();
    }

    void openKeepsTokenInApiClientOnly()
    {
        QSignalSpy opened(m_session.get(), &Session::opened);
        m_session->open(sessionInfo(900));
        QCOMPARE(opened.count(), 1);
        QVERIFY(m_session->isOpen());
        QVERIFY(!m_session->isLocked());
        QCOMPARE(m_api->token(), QByteArray("token-for-tests"));
        QVERIFY(m_session->info().token.isEmpty());
    }

    void locksAfterIdleTimeout()
    {
        QSignalSpy locked(m_session.get(), &Session::locked);
        m_session->open(sessionInfo(1));
        QCOMPARE(locked.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(locked.count(), 1, 3000);
        QVERIFY(m_session->isLocked());
        // Activity while locked does not unlock nor restart anything.
        m_session->notifyActivity();
        QVERIFY(m_session->isLocked());
        QCOMPARE(locked.count(), 1);
    }

    void activityPostponesTheLock()
    {
        QSignalSpy locked(m_session.get(), &Session::locked);
        m_session->open(sessionInfo(2));
        QTest::qWait(1200);
        m_session->notifyActivity(); // the countdown starts again: lock at ~3.2 s, not 2 s
        QTest::qWait(1400);
        QCOMPARE(locked.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(locked.count(), 1, 3000);
    }

    void logoutClosesAndClearsToken()
    {
        QSignalSpy closed(m_session.get(), &Session::closed);
        m_session->open(sessionInfo(900));
        m_session->logout();
        QCOMPARE(closed.count(), 1);
        QCOMPARE(closed.at(0).at(0).toString(), QString()); // a plain logout has no reason to show
        QVERIFY(!m_session->isOpen());
        QVERIFY(m_api->token().isEmpty());
        QVERIFY(m_session->info().aidant.firstName.isEmpty());
        m_session->logout(); // idempotent
        QCOMPARE(closed.count(), 1);
    }

    void unreachableServerGivesFrenchMessage()
    {
        bool done = false;
        Result<SessionInfo> result = Error {};
        m_api->login(
            QStringLiteral("a@b.fr"), QStringLiteral("123456"), this, [&](const Result<SessionInfo> &r) {
                result = r;
                done = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, ApiClient::unreachableMessage());
    }

    void unreadableCaFileFailsEveryRequest()
    {
        const Status status = m_api->setCaCertificateFile(QStringLiteral("/nonexistent/ca.pem"));
        QVERIFY(!status.ok());
        bool done = false;
        QString code;
        m_api->me(this, [&](const Result<SessionInfo> &r) {
            code = r.ok() ? QString() : r.error().code;
            done = true;
        });
        QVERIFY(!done); // always asynchronous
        QTRY_VERIFY(done);
        QCOMPARE(code, QStringLiteral("configuration_error"));
        QVERIFY(m_api->setCaCertificateFile(QString()).ok());
    }

    void callbackSkippedWhenContextDies()
    {
        auto context = std::make_unique<QObject>();
        bool called = false;
        m_api->me(context.get(), [&](const Result<SessionInfo> &) { called = true; });
        context.reset();
        QTest::qWait(300);
        QTRY_VERIFY(m_api->findChildren<QNetworkReply *>().isEmpty());
        QVERIFY(!called);
    }

private:
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<Session> m_session;
    QUrl m_deadUrl;
};

QTEST_GUILESS_MAIN(TestSession)
#include "testSession.moc"
