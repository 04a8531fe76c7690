#include "ApiClient.h"
#include "Settings.h"
#include "TestServer.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

/// The client keeps the device token the server issues at the first login on this workstation and
/// sends it back at the next ones (docs/security.md: a familiar device's attempts have their own
/// budget), against the real server.
class TestDeviceToken final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_configDir;

    Status login(const QString &email, const QString &code)
    {
        ApiClient api;
        api.setBaseUrl(m_server->baseUrl());
        std::optional<Status> status;
        api.login(email, code, this, [&status](const Result<SessionInfo> &result) {
            status = result ? success() : Status(result.error());
        });
        if (!QTest::qWaitFor([&status] { return status.has_value(); }, 15000))
            return Error { QStringLiteral("timeout"), QStringLiteral("no answer") };
        return *status;
    }

    qint64 devicesOf(const TestServer::Account &account)
    {
        QString out;
        if (m_server->runSqlBehindServer(
                QStringLiteral("SELECT COUNT(*) FROM login_devices WHERE aidant_id = %1;").arg(account.id),
                &out)
            != 0)
            return -1;
        return out.trimmed().toLongLong();
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->start());
        QVERIFY(m_configDir.isValid());
        Settings::setConfigDirOverride(m_configDir.path());
    }

    void cleanupTestCase() { Settings::setConfigDirOverride(QString()); }

    void tokenIsKeptAndSentBack()
    {
        const TestServer::Account aidant = m_server->aidant();
        QVERIFY(Settings().deviceToken(aidant.email).isEmpty());
        QVERIFY(login(aidant.email, m_server->nextCode(aidant)).ok());
        const QString token = Settings().deviceToken(aidant.email);
        QCOMPARE(token.size(), 43);
        QCOMPARE(devicesOf(aidant), 1);
        // The next login (the email typed differently) presents it: the server knows this workstation.
        QVERIFY(login(aidant.email.toUpper(), m_server->nextCode(aidant)).ok());
        QCOMPARE(Settings().deviceToken(aidant.email), token);
        QCOMPARE(devicesOf(aidant), 1);
        // Per aidant: another aidant on the same workstation gets a token of their own.
        const TestServer::Account referent = m_server->referent();
        QVERIFY(login(referent.email, m_server->nextCode(referent)).ok());
        QVERIFY(!Settings().deviceToken(referent.email).isEmpty());
        QVERIFY(Settings().deviceToken(referent.email) != token);
    }
};

QTEST_GUILESS_MAIN(TestDeviceToken)
#include "testDeviceToken.moc"
