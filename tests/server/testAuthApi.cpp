#include "TestServer.h"
#include "Totp.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

namespace {
const QString kLogin = QStringLiteral("/api/v1/auth/login");
const QString kActivityCheck = QStringLiteral("/api/v1/auth/activity-check");
const QString kGenericMessage
    = QStringLiteral("Les informations saisies ne permettent pas de vous identifier.");
constexpr int kIdleSeconds = 3;
} // namespace

/// Login, activity check, logout, CGU and the generic failure answer, against the real server
/// process on SQLite (AuthApiSqlite) or PostgreSQL (AuthApiPostgres).
class TestAuthApi final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    int m_accounts = 0;

    TestServer::Account newAccount(bool withCard = true)
    {
        ++m_accounts;
        return m_server->createAccount(QStringLiteral("aidant%1@test.example").arg(m_accounts),
            QStringLiteral("Prénom%1").arg(m_accounts), QStringLiteral("Nom"), false, withCard);
    }

    TestServer::HttpResult login(
        const TestServer::Account &account, const QString &code, const QUrl &base = {})
    {
        return m_server->postJson(kLogin,
            { { QStringLiteral("email"), account.email }, { QStringLiteral("code"), code } }, {}, base);
    }

    QString loginToken(const TestServer::Account &account)
    {
        const auto result = login(account, m_server->nextCode(account));
        return result.status == 200 ? result.json.value(QStringLiteral("token")).toString() : QString();
    }

    qint64 journalCount(const QString &action = {})
    {
        QString out;
        const QString where
            = action.isEmpty() ? QString() : QStringLiteral(" WHERE action = '%1'").arg(action);
        if (m_server->runSqlBehindServer(
                QStringLiteral("SELECT COUNT(*) FROM journal") + where + QLatin1Char(';'), &out)
            != 0)
            return -1;
        return out.trimmed().toLongLong();
    }

    void verifyGenericFailure(const TestServer::HttpResult &result)
    {
        QCOMPARE(result.status, 401);
        QCOMPARE(
            result.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_credentials"));
        QCOMPARE(result.json.value(QStringLiteral("message")).toString(), kGenericMessage);
    }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.idleTimeoutSeconds = kIdleSeconds;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
    }

    void loginSucceeds()
    {
        const TestServer::Account account = newAccount();
        const qint64 before = journalCount(QStringLiteral("connect_aidant"));
        // Email is matched case-insensitively.
        TestServer::Account shouted = account;
        shouted.email = account.email.toUpper();
        const auto result = login(shouted, m_server->nextCode(account));
        QCOMPARE(result.status, 200);
        const QString token = result.json.value(QStringLiteral("token")).toString();
        QCOMPARE(token.size(), 43); // 256 bits, base64url
        const QJsonObject aidant = result.json.value(QStringLiteral("aidant")).toObject();
        QCOMPARE(aidant.value(QStringLiteral("first_name")).toString(), account.firstName);
        QCOMPARE(aidant.value(QStringLiteral("id")).toInteger(), account.id);
        const QJsonArray organisations = result.json.value(QStringLiteral("organisations")).toArray();
        QCOMPARE(organisations.size(), 1);
        QCOMPARE(organisations.at(0).toObject().value(QStringLiteral("name")).toString(),
            m_server->organisationName());
        QCOMPARE(result.json.value(QStringLiteral("idle_timeout_seconds")).toInt(), kIdleSeconds);
        QCOMPARE(journalCount(QStringLiteral("connect_aidant")), before + 1);

        const auto me = m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json.value(QStringLiteral("aidant")).toObject().value(QStringLiteral("email")).toString(),
            account.email.toLower());
        QVERIFY(!me.json.contains(QStringLiteral("token")));
    }

    void unknownEmailIsGeneric()
    {
        TestServer::Account nobody;
        nobody.email = QStringLiteral("personne@test.example");
        verifyGenericFailure(login(nobody, QStringLiteral("123456")));
    }

    void aidantWithoutCardIsGeneric()
    {
        const TestServer::Account account = newAccount(false);
        verifyGenericFailure(login(account, QStringLiteral("123456")));
    }

    void inactiveAidantIsGeneric()
    {
        const TestServer::Account account = newAccount();
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("UPDATE aidants SET is_active = FALSE WHERE id = %1;").arg(account.id)),
            0);
        verifyGenericFailure(login(account, m_server->nextCode(account)));
    }

    void wrongCodeIsGenericAndDoesNotLockOut()
    {
        const TestServer::Account account = newAccount();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        // A typo is not a lock-out: the next attempts are checked at once (the back-off of the
        // attempt budgets starts after 5 failures, see testLoginBudget).
        for (int i = 1; i <= 4; ++i)
            verifyGenericFailure(login(account, TestServer::codeFor(account, now + i * 10 * 60)));
        QCOMPARE(login(account, m_server->nextCode(account)).status, 200);
    }

    void replayedCodeIsGeneric()
    {
        const TestServer::Account account = newAccount();
        const QString code = m_server->nextCode(account);
        QCOMPARE(login(account, code).status, 200);
        verifyGenericFailure(login(account, code));
    }

    void replayIsRefusedByAnotherInstance()
    {
        // Replay state lives in the database: a second server process refuses the replay too.
        const QUrl other = m_server->startAnotherInstance();
        QVERIFY(other.isValid());
        const TestServer::Account account = newAccount();
        const QString code = m_server->nextCode(account);
        QCOMPARE(login(account, code).status, 200);
        verifyGenericFailure(login(account, code, other));
        QCOMPARE(login(account, m_server->nextCode(account), other).status, 200);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("not JSON") << QByteArray("{email:") << 400 << QStringLiteral("malformed_json");
        QTest::newRow("array") << QByteArray("[]") << 400 << QStringLiteral("malformed_json");
        QTest::newRow("empty body") << QByteArray() << 400 << QStringLiteral("malformed_json");
        QTest::newRow("no email") << QByteArray(R"({"code":"123456"})") << 400
                                  << QStringLiteral("missing_field");
        QTest::newRow("no code") << QByteArray(R"({"email":"EMAIL"})") << 400
                                 << QStringLiteral("missing_field");
        QTest::newRow("code as number")
            << QByteArray(R"({"email":"EMAIL","code":123456})") << 400 << QStringLiteral("invalid_field");
        QTest::newRow("code with a letter")
            << QByteArray(R"({"email":"EMAIL","code":"12a456"})") << 400 << QStringLiteral("invalid_field");
        QTest::newRow("code too long") << QByteArray(R"({"email":"EMAIL","code":"12345678901234567"})") << 400
                                       << QStringLiteral("invalid_field");
        QTest::newRow("email oversized")
            << QByteArray(R"({"email":")" + QByteArray(300, 'a') + R"(@x.fr","code":"123456"})") << 400
            << QStringLiteral("invalid_field");
        QTest::newRow("email malformed") << QByteArray(R"({"email":"not-an-email","code":"123456"})") << 400
                                         << QStringLiteral("invalid_field");
        QTest::newRow("body over 64 KiB") << QByteArray(R"({"email":"EMAIL","code":"123456","x":")")
                + QByteArray(70 * 1024, 'x') + QByteArray(R"("})")
                                          << 413 << QStringLiteral("payload_too_large");
    }
    void badInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, error);
        const TestServer::Account account = newAccount();
        body.replace("EMAIL", account.email.toUtf8());
        const qint64 journalBefore = journalCount();
        const auto result = m_server->request(QByteArrayLiteral("POST"), kLogin, body);
        QCOMPARE(result.status, status);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), error);
        QVERIFY(!result.json.value(QStringLiteral("message")).toString().isEmpty());
        // Nothing changed: no journal entry, no failure counted (an immediate login works, unthrottled).
        QCOMPARE(journalCount(), journalBefore);
        QCOMPARE(login(account, m_server->nextCode(account)).status, 200);
    }

    void idleSessionNeedsActivityCheck()
    {
        const TestServer::Account account = newAccount();
        const QString token = loginToken(account);
        QVERIFY(!token.isEmpty());
        QTest::qWait(kIdleSeconds * 1000 + 600);
        auto me = m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.json.value(QStringLiteral("error")).toString(), QStringLiteral("session_locked"));

        const qint64 checksBefore = journalCount(QStringLiteral("activity_check_aidant"));
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        verifyGenericFailure(m_server->postJson(
            kActivityCheck, { { QStringLiteral("code"), TestServer::codeFor(account, now + 3600) } }, token));
        const auto check = m_server->postJson(
            kActivityCheck, { { QStringLiteral("code"), m_server->nextCode(account) } }, token);
        QCOMPARE(check.status, 200);
        QCOMPARE(
            check.json.value(QStringLiteral("aidant")).toObject().value(QStringLiteral("id")).toInteger(),
            account.id);
        QCOMPARE(journalCount(QStringLiteral("activity_check_aidant")), checksBefore + 1);
        me = m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 200);
    }

    // A burst of calls writes the session's activity once: not again within 1/60 of the idle timeout,
    // again after it.
    void activityIsWrittenAtMostEverySixtiethOfTheIdleTimeout()
    {
        const TestServer::Account account = newAccount();
        const QString token = loginToken(account);
        QVERIFY(!token.isEmpty());
        const auto lastActivity = [&] {
            QString out;
            m_server->runSqlBehindServer(
                QStringLiteral("SELECT last_activity_at FROM sessions WHERE aidant_id = %1;").arg(account.id),
                &out);
            return out.trimmed().toLongLong();
        };
        const auto setLastActivity = [&](qint64 ms) {
            return m_server->runSqlBehindServer(
                QStringLiteral("UPDATE sessions SET last_activity_at = %1 WHERE aidant_id = %2;")
                    .arg(ms)
                    .arg(account.id));
        };
        // Written a moment ago (here: a little ahead of the server's clock): not written again.
        const qint64 recent = QDateTime::currentMSecsSinceEpoch() + 5000;
        QCOMPARE(setLastActivity(recent), 0);
        QCOMPARE(
            m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token).status, 200);
        QCOMPARE(lastActivity(), recent);
        // Written longer ago than 1/60 of the idle timeout, and not idle: written.
        const qint64 older = QDateTime::currentMSecsSinceEpoch() - kIdleSeconds * 1000 / 2;
        QCOMPARE(setLastActivity(older), 0);
        QCOMPARE(
            m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token).status, 200);
        QVERIFY(lastActivity() > older + kIdleSeconds * 1000 / 4);
    }

    void logoutEndsTheSession()
    {
        const TestServer::Account account = newAccount();
        const QString token = loginToken(account);
        QVERIFY(!token.isEmpty());
        QCOMPARE(
            m_server->request(QByteArrayLiteral("POST"), QStringLiteral("/api/v1/auth/logout"), {}, token)
                .status,
            200);
        const auto me = m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.json.value(QStringLiteral("error")).toString(), QStringLiteral("unauthenticated"));
        const auto check = m_server->postJson(
            kActivityCheck, { { QStringLiteral("code"), m_server->nextCode(account) } }, token);
        QCOMPARE(check.json.value(QStringLiteral("error")).toString(), QStringLiteral("unauthenticated"));
    }

    void deactivationEndsSessions()
    {
        const TestServer::Account account = newAccount();
        const QString token = loginToken(account);
        QVERIFY(!token.isEmpty());
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("UPDATE aidants SET is_active = FALSE WHERE id = %1;").arg(account.id)),
            0);
        const auto me = m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.json.value(QStringLiteral("error")).toString(), QStringLiteral("unauthenticated"));
    }

    void absoluteExpiryEndsAndPurgesSessions()
    {
        // A server whose sessions end 3 s after login whatever the activity.
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.idleTimeoutSeconds = 2;
        options.absoluteTimeoutSeconds = 3;
        TestServer server(options);
        QVERIFY(server.start());
        const auto first = server.postJson(kLogin,
            { { QStringLiteral("email"), server.aidant().email },
                { QStringLiteral("code"), server.nextCode(server.aidant()) } });
        QCOMPARE(first.status, 200);
        const QString token = first.json.value(QStringLiteral("token")).toString();
        QTest::qWait(1500);
        QCOMPARE(
            server.request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token).status, 200);
        QTest::qWait(1800);
        const auto me = server.request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.json.value(QStringLiteral("error")).toString(), QStringLiteral("unauthenticated"));

        // The next login removes expired sessions from the database.
        const auto second = server.postJson(kLogin,
            { { QStringLiteral("email"), server.referent().email },
                { QStringLiteral("code"), server.nextCode(server.referent()) } });
        QCOMPARE(second.status, 200);
        QString out;
        QCOMPARE(
            server.runSqlBehindServer(
                QStringLiteral("SELECT COUNT(*) FROM sessions WHERE aidant_id = %1;").arg(server.aidant().id),
                &out),
            0);
        QCOMPARE(out.trimmed(), QStringLiteral("0"));
    }

    void unknownTokenIsRefused_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("none") << QString();
        QTest::newRow("random") << QStringLiteral("Nszedn4CnDQ-g0B-2eZxf_WyGKZTeITDYheZfdP4NKU");
        QTest::newRow("oversized") << QString(500, QLatin1Char('a'));
    }
    void unknownTokenIsRefused()
    {
        QFETCH(QString, token);
        const auto me = m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/me"), {}, token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.json.value(QStringLiteral("error")).toString(), QStringLiteral("unauthenticated"));
    }

    void acceptCgu()
    {
        const TestServer::Account account = newAccount();
        const QString token = loginToken(account);
        const auto wrong = m_server->postJson(QStringLiteral("/api/v1/me/cgu"),
            { { QStringLiteral("version"), QStringLiteral("1999") } }, token);
        QCOMPARE(wrong.status, 400);
        QCOMPARE(wrong.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_field"));
        const auto ok = m_server->postJson(QStringLiteral("/api/v1/me/cgu"),
            { { QStringLiteral("version"), QStringLiteral("2024-06") } }, token);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json.value(QStringLiteral("aidant"))
                     .toObject()
                     .value(QStringLiteral("accepted_cgu_version"))
                     .toString(),
            QStringLiteral("2024-06"));
    }

    void unknownRouteIsJson404()
    {
        const auto result = m_server->request(QByteArrayLiteral("GET"), QStringLiteral("/api/v1/nope"));
        QCOMPARE(result.status, 404);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
        // A known path with another method is not routed either.
        QCOMPARE(m_server->request(QByteArrayLiteral("GET"), kLogin).status, 404);
    }

    void journalStaysValid()
    {
        QString output;
        QCOMPARE(m_server->runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output), 0);
        QVERIFY2(output.startsWith(QStringLiteral("journal OK")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestAuthApi)
#include "testAuthApi.moc"
