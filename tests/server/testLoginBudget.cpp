#include "FrenchDate.h"
#include "TestServer.h"
#include "Totp.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>

namespace {
const QString kLogin = QStringLiteral("/api/v1/auth/login");
const QString kActivityCheck = QStringLiteral("/api/v1/auth/activity-check");
// Shortened budgets (the defaults are minutes and a day): same rules, test-sized numbers.
constexpr int kDailyFailures = 8;
constexpr int kBackoffAfter = 5;
constexpr int kAlertFailures = 4;
} // namespace

/// The brute-force budgets of docs/security.md against the real server process (LoginBudgetSqlite,
/// LoginBudgetPostgres): an attacker's failures from unknown clients are bounded, never lock the
/// aidant out of a familiar device, and alert the référents once.
class TestLoginBudget final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    int m_accounts = 0;

    TestServer::Account newAccount()
    {
        ++m_accounts;
        return m_server->createAccount(QStringLiteral("budget%1@test.example").arg(m_accounts),
            QStringLiteral("Prénom%1").arg(m_accounts), QStringLiteral("Cible%1").arg(m_accounts));
    }

    TestServer::HttpResult login(
        const TestServer::Account &account, const QString &code, const QString &deviceToken = {})
    {
        QJsonObject body { { QStringLiteral("email"), account.email }, { QStringLiteral("code"), code } };
        if (!deviceToken.isEmpty())
            body.insert(QStringLiteral("device_token"), deviceToken);
        return m_server->postJson(kLogin, body);
    }

    /// A well-formed code the account's card does not show now (far from the accepted window).
    static QString wrongCode(const TestServer::Account &account, int n)
    {
        return TestServer::codeFor(account, QDateTime::currentSecsSinceEpoch() + (1000 + 97 * n) * 60);
    }

    /// A device token, as the client gets it from its first login on a workstation.
    QString familiarDevice(const TestServer::Account &account)
    {
        const auto first = login(account, m_server->nextCode(account));
        return first.status == 200 ? first.json.value(QStringLiteral("device_token")).toString() : QString();
    }

    void verifyTooManyAttempts(const TestServer::HttpResult &result)
    {
        QCOMPARE(result.status, 429);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), QStringLiteral("too_many_attempts"));
        QVERIFY(
            result.json.value(QStringLiteral("message"))
                .toString()
                .startsWith(QStringLiteral("Trop de tentatives de connexion ont échoué pour ce compte.")));
        const int retryAfter = result.headers.value("retry-after").toInt();
        QVERIFY2(retryAfter > 0, result.headers.value("retry-after").constData());
        QCOMPARE(result.json.value(QStringLiteral("retry_after")).toInt(), retryAfter);
    }

    qint64 sqlCount(const QString &sql)
    {
        QString out;
        if (m_server->runSqlBehindServer(sql, &out) != 0)
            return -1;
        return out.trimmed().toLongLong();
    }

    qint64 alertsFor(const TestServer::Account &account)
    {
        return sqlCount(QStringLiteral(
            "SELECT COUNT(*) FROM email_outbox WHERE recipient = '%1' AND subject LIKE '%%2%';")
                            .arg(m_server->referent().email, account.lastName));
    }

private slots:
    void initTestCase()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.extraConfig = QStringLiteral("[login]\nunknown_daily_failures=%1\nunknown_backoff_after=%2\n"
                                             "unknown_backoff_base_seconds=1\nunknown_backoff_max_seconds=2\n"
                                             "familiar_backoff_after=%2\nalert_failures=%3\n")
                                  .arg(kDailyFailures)
                                  .arg(kBackoffAfter)
                                  .arg(kAlertFailures);
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
    }

    void loginIssuesADeviceTokenStoredAsHash()
    {
        const TestServer::Account account = newAccount();
        const auto first = login(account, m_server->nextCode(account));
        QCOMPARE(first.status, 200);
        const QString token = first.json.value(QStringLiteral("device_token")).toString();
        QCOMPARE(token.size(), 43); // 256 bits, base64url
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
        QCOMPARE(sqlCount(QStringLiteral(
                     "SELECT COUNT(*) FROM login_devices WHERE token_hash = '%1' AND aidant_id = %2;")
                              .arg(hash)
                              .arg(account.id)),
            1);
        QCOMPARE(
            sqlCount(
                QStringLiteral("SELECT COUNT(*) FROM login_devices WHERE token_hash = '%1';").arg(token)),
            0);
        // Sent back: recognised, no new token.
        const auto second = login(account, m_server->nextCode(account), token);
        QCOMPARE(second.status, 200);
        QVERIFY(!second.json.contains(QStringLiteral("device_token")));
        // Another aidant's token is an unknown client's: a new token is issued.
        const TestServer::Account other = newAccount();
        const auto foreign = login(other, m_server->nextCode(other), token);
        QCOMPARE(foreign.status, 200);
        QCOMPARE(foreign.json.value(QStringLiteral("device_token")).toString().size(), 43);
        // A device token that is not a string is bad input.
        const auto bad = m_server->postJson(kLogin,
            { { QStringLiteral("email"), account.email },
                { QStringLiteral("code"), QStringLiteral("123456") },
                { QStringLiteral("device_token"), 42 } });
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_field"));
    }

    void attackerCannotLockOutTheFamiliarDevice()
    {
        const TestServer::Account account = newAccount();
        const QString device = familiarDevice(account);
        QVERIFY(!device.isEmpty());
        // The attacker knows the email and hammers from unknown clients: failures, then 429.
        int refused = 0;
        int throttled = 0;
        for (int i = 0; i < 3 * kBackoffAfter; ++i) {
            const auto attempt = login(account, wrongCode(account, i));
            if (attempt.status == 429) {
                verifyTooManyAttempts(attempt);
                ++throttled;
            } else {
                QCOMPARE(attempt.status, 401);
                ++refused;
            }
        }
        // Five checked, then (1 s back-off) mostly refused unchecked: how many depends on the pace.
        QVERIFY2(refused >= kBackoffAfter && refused < kDailyFailures, qPrintable(QString::number(refused)));
        QVERIFY(throttled > 0);
        // Meanwhile a valid code from an unknown client is not even checked...
        const QString code = m_server->nextCode(account);
        verifyTooManyAttempts(login(account, code));
        // ...so it is not spent: the aidant's workstation logs in with it at once.
        const auto aidant = login(account, code, device);
        QCOMPARE(aidant.status, 200);
        // Its own typo is an ordinary failure, not a 429.
        QCOMPARE(login(account, wrongCode(account, 99), device).status, 401);
    }

    void familiarDeviceHasItsOwnCappedBudget()
    {
        const TestServer::Account account = newAccount();
        const QString device = familiarDevice(account);
        QVERIFY(!device.isEmpty());
        for (int i = 0; i < kBackoffAfter; ++i)
            QCOMPARE(login(account, wrongCode(account, i), device).status, 401);
        const QString code = m_server->nextCode(account);
        const auto throttled = login(account, code, device);
        verifyTooManyAttempts(throttled);
        QVERIFY(throttled.headers.value("retry-after").toInt() <= 30); // 30 s after 5 failures
        // The unknown clients' budget is untouched by the device's failures (and the code was not spent).
        QCOMPARE(login(account, code).status, 200);
    }

    void unknownBudgetStopsAtItsBound()
    {
        const TestServer::Account account = newAccount();
        const QString device = familiarDevice(account);
        int checked = 0;
        int attempts = 0;
        TestServer::HttpResult last;
        QElapsedTimer timer;
        timer.start();
        // Try as fast as the back-off allows, until the server refuses for much longer than it.
        while (timer.elapsed() < 60000) {
            last = login(account, wrongCode(account, attempts++));
            if (last.status == 401) {
                ++checked;
                continue;
            }
            verifyTooManyAttempts(last);
            const int retryAfter = last.headers.value("retry-after").toInt();
            if (retryAfter > 60)
                break;
            QTest::qWait(retryAfter * 1000);
        }
        QCOMPARE(checked, kDailyFailures);
        // Until the oldest failure is 24 h old.
        QVERIFY2(last.headers.value("retry-after").toInt() > 23 * 3600,
            last.headers.value("retry-after").constData());
        QCOMPARE(sqlCount(QStringLiteral(
                     "SELECT COUNT(*) FROM login_failures WHERE aidant_id = %1 AND device_id IS NULL;")
                              .arg(account.id)),
            kDailyFailures);
        // The aidant still logs in from the familiar device.
        QCOMPARE(login(account, m_server->nextCode(account), device).status, 200);
    }

    void alertIsQueuedOnce()
    {
        const TestServer::Account account = newAccount();
        QCOMPARE(alertsFor(account), 0);
        QStringList tried;
        for (int i = 0; i < kAlertFailures - 1; ++i) {
            tried.append(wrongCode(account, i));
            QCOMPARE(login(account, tried.last()).status, 401);
        }
        QCOMPARE(alertsFor(account), 0);
        tried.append(wrongCode(account, kAlertFailures));
        const qint64 alertFrom = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(login(account, tried.last()).status, 401);
        const qint64 alertTo = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(alertsFor(account), 1);
        // More failures within the hour: no second alert.
        tried.append(wrongCode(account, 50));
        QCOMPARE(login(account, tried.last()).status, 401);
        QTest::qWait(1100); // the 5th failure's back-off
        tried.append(wrongCode(account, 51));
        QCOMPARE(login(account, tried.last()).status, 401);
        QCOMPARE(alertsFor(account), 1);

        QString body;
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral(
                         "SELECT body FROM email_outbox WHERE recipient = '%1' AND subject LIKE '%%2%';")
                         .arg(m_server->referent().email, account.lastName),
                     &body),
            0);
        QVERIFY2(body.contains(account.firstName + QLatin1Char(' ') + account.lastName), qPrintable(body));
        // The time of the alerting attempt, in Paris whatever the machine's zone (the minute may
        // turn during the request).
        QVERIFY2(body.contains(QStringLiteral("Dernière tentative : le %1 (heure de Paris)")
                                   .arg(FrenchDate::dateTime(alertFrom)))
                || body.contains(QStringLiteral("Dernière tentative : le %1 (heure de Paris)")
                                     .arg(FrenchDate::dateTime(alertTo))),
            qPrintable(body));
        for (const QString &code : std::as_const(tried))
            QVERIFY2(!body.contains(code), qPrintable(code));
        // The aidant's colleagues who are not référents get nothing.
        QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM email_outbox WHERE recipient = '%1';")
                              .arg(account.email)),
            0);
    }
};

QTEST_GUILESS_MAIN(TestLoginBudget)
#include "testLoginBudget.moc"
