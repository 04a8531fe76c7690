#include "Database.h"
#include "MandatFixture.h"
#include "MandatRepository.h"
#include "MockClock.h"
#include "Outbox.h"
#include "SmtpSink.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <atomic>
#include <memory>
#include <vector>

/// The database goes away and comes back (issue 10 §2), on a PostgreSQL cluster of this test's own
/// (tests/support/pg-test-server.sh), which it stops and starts again while a load of requests runs:
/// answers are 503 database_unavailable during the outage, the server serves again after it without
/// being restarted, nothing acknowledged is lost, and the outbox sends the email queued before it.
/// Also: two identifications of one usager at the same moment (the usager upsert), on both backends.
class TestDatabaseOutage final : public QObject
{
    Q_OBJECT

private:
    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray retryAfter;
    };

    /// A blocking request from any thread (its own network manager and event loop).
    static Reply call(
        const QUrl &url, const QByteArray &method, const QJsonObject &body = {}, const QString &token = {})
    {
        QNetworkAccessManager manager;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1());
        QNetworkReply *reply = manager.sendCustomRequest(request, method,
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        Reply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.json = QJsonDocument::fromJson(reply->readAll()).object();
        result.retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
        reply->deleteLater();
        return result;
    }

    /// A 503 as docs/api.md describes it.
    static bool isDatabaseUnavailable(const Reply &reply)
    {
        return reply.status == 503
            && reply.json.value(QStringLiteral("error")).toString() == QLatin1String("database_unavailable")
            && reply.json.value(QStringLiteral("status")).toString() == QLatin1String("unavailable")
            && !reply.json.value(QStringLiteral("message")).toString().isEmpty()
            && reply.retryAfter.toInt() == DatabaseUnavailable::kRetryAfterSeconds;
    }

    /// @p log without the lines containing @p noise (to show what else happened).
    static QByteArray logWithout(const QByteArray &log, const QByteArray &noise)
    {
        QByteArray kept;
        for (const QByteArray &line : log.split('\n')) {
            if (!line.contains(noise))
                kept += line + '\n';
        }
        return kept;
    }

    bool pg(const QString &action)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedChannels);
        process.start(QStringLiteral("bash"), { QStringLiteral(AC_PG_TEST_SCRIPT), action, pgDir() });
        return process.waitForFinished(120000) && process.exitStatus() == QProcess::NormalExit
            && process.exitCode() == 0;
    }
    QString pgDir() const { return m_dir.filePath(QStringLiteral("pg")); }
    QString adminUrl() const
    {
        QFile file(pgDir() + QStringLiteral("/url"));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    }

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The cluster runs as the postgres user when the tests run as root: let it reach its directory.
        QFile::setPermissions(
            m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther | QFileDevice::ReadOther);
        QVERIFY(pg(QStringLiteral("start")));
        // TestServer creates its databases on the cluster named by this file.
        qputenv("AC_TEST_PG_URL_FILE", QFile::encodeName(pgDir() + QStringLiteral("/url")));
    }

    void cleanupTestCase() { pg(QStringLiteral("stop")); }

    void healthChecksTheDatabase_data()
    {
        QTest::addColumn<TestServer::Backend>("backend");
        QTest::newRow("sqlite") << TestServer::Backend::Sqlite;
        QTest::newRow("postgresql") << TestServer::Backend::PostgreSql;
    }

    void healthChecksTheDatabase()
    {
        QFETCH(TestServer::Backend, backend);
        TestServer::Options options;
        options.backend = backend;
        TestServer server(options);
        QVERIFY(server.start());
        const Reply health = call(server.baseUrl().resolved(QUrl(QStringLiteral("/api/v1/health"))), "GET");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(!health.json.value(QStringLiteral("version")).toString().isEmpty());
    }

    void outageAnswers503AndTheServerComesBack()
    {
        SmtpSink sink;
        QVERIFY(sink.start()); // learns a free port; the relay is down until the database is
        sink.stop();
        TestServer::Options options;
        options.backend = TestServer::Backend::PostgreSql;
        options.franceConnect = true; // drafts need it
        options.extraConfig
            = QStringLiteral("[smtp]\nurl=smtp://127.0.0.1:%1\nfrom=notifications@aidants.test\n"
                             "retry_base_seconds=1\nretry_max_seconds=1\npoll_interval_ms=200\n")
                  .arg(sink.port());
        TestServer server(options);
        QVERIFY(server.start());
        MandatFixture fixture(server);
        const MandatFixture::Aidant aidant = fixture.newAidant();
        QVERIFY(!aidant.token.isEmpty());
        const TestServer::Account other = server.createAccount(QStringLiteral("dominique.panne@test.example"),
            QStringLiteral("Dominique"), QStringLiteral("Panne"));
        QVERIFY(other.id != 0);
        // An email queued before the outage; the relay is down, so it waits in the outbox.
        QCOMPARE(server.runAdmin({ QStringLiteral("send-test-email"), QStringLiteral("--to"),
                     QStringLiteral("usager.panne@example.org"), QStringLiteral("--queue-only") }),
            0);

        // The load: drafts created (writes, acknowledged with their id), sync pages (reads), health.
        const QUrl base = server.baseUrl();
        QMutex mutex;
        QStringList acknowledgedDrafts;
        QStringList unexpected;
        std::atomic<int> ok { 0 };
        std::atomic<int> unavailable { 0 };
        std::atomic<bool> stopLoad { false };
        std::vector<std::unique_ptr<QThread>> load;
        for (int t = 0; t < 4; ++t) {
            load.emplace_back(QThread::create([&, t] {
                for (int i = 0; !stopLoad; ++i) {
                    const int kind = (i + t) % 3;
                    Reply reply;
                    if (kind == 0) {
                        reply = call(base.resolved(QUrl(QStringLiteral("/api/v1/mandat-drafts"))), "POST",
                            { { QStringLiteral("demarches"), QJsonArray { QStringLiteral("papiers") } },
                                { QStringLiteral("duration"), QStringLiteral("SEMESTER") },
                                { QStringLiteral("remote"), false },
                                { QStringLiteral("remote_consent_certified"), false } },
                            aidant.token);
                    } else if (kind == 1) {
                        reply = call(
                            base.resolved(QUrl(QStringLiteral("/api/v1/sync"))), "GET", {}, aidant.token);
                    } else {
                        reply = call(base.resolved(QUrl(QStringLiteral("/api/v1/health"))), "GET");
                    }
                    if (reply.status == 200) {
                        ++ok;
                        if (kind == 0) {
                            QMutexLocker lock(&mutex);
                            acknowledgedDrafts.append(reply.json.value(QStringLiteral("id")).toString());
                        }
                    } else if (isDatabaseUnavailable(reply)) {
                        ++unavailable;
                        QThread::msleep(20); // a client waits a little (Retry-After) before trying again
                    } else {
                        QMutexLocker lock(&mutex);
                        unexpected.append(QStringLiteral("kind %1: HTTP %2 %3")
                                              .arg(kind)
                                              .arg(reply.status)
                                              .arg(QString::fromUtf8(QJsonDocument(reply.json).toJson())));
                    }
                }
            }));
            load.back()->start();
        }
        const auto stopTheLoad = qScopeGuard([&] {
            stopLoad = true;
            for (auto &thread : load)
                thread->wait();
        });
        const QUrl health = base.resolved(QUrl(QStringLiteral("/api/v1/health")));
        const QUrl login = base.resolved(QUrl(QStringLiteral("/api/v1/auth/login")));
        QTRY_VERIFY_WITH_TIMEOUT(ok >= 30, 30000);

        // The outage: PostgreSQL stops (fast shutdown: every session is ended).
        QVERIFY(pg(QStringLiteral("stop")));
        bool resumed = false;
        const auto resumeOnFailure = qScopeGuard([&] {
            if (!resumed)
                pg(QStringLiteral("resume"));
        });
        const int okBefore = ok;
        QTRY_VERIFY_WITH_TIMEOUT(isDatabaseUnavailable(call(health, "GET")), 10000);
        const Reply refused = call(login, "POST",
            { { QStringLiteral("email"), other.email }, { QStringLiteral("code"), server.nextCode(other) } });
        QVERIFY2(isDatabaseUnavailable(refused), QJsonDocument(refused.json).toJson().constData());
        // The browser pages (here the QR code's verification page) say it in French, with Retry-After too.
        const Reply page = call(
            base.resolved(QUrl(QStringLiteral("/verify/1?h=") + QString(64, QLatin1Char('0')))), "GET");
        QCOMPARE(page.status, 503);
        QCOMPARE(page.retryAfter.toInt(), DatabaseUnavailable::kRetryAfterSeconds);
        QTest::qWait(2000);
        QVERIFY2(server.isRunning(), server.serverLog().right(4000).constData());
        const int unavailableDuring = unavailable;
        QVERIFY(unavailableDuring > 0);
        sink.start(); // the relay is back before the database

        // PostgreSQL comes back: the same server serves again within a few seconds.
        resumed = true;
        QVERIFY(pg(QStringLiteral("resume")));
        QElapsedTimer recovery;
        recovery.start();
        bool healthy = false;
        while (!healthy && recovery.elapsed() < 15000) {
            healthy = call(health, "GET").status == 200;
            if (!healthy)
                QTest::qWait(50);
        }
        QVERIFY2(healthy, logWithout(server.serverLog(), "next connection attempt").right(6000).constData());
        const qint64 healthBackMs = recovery.elapsed();
        const int okAtRecovery = ok;
        QTRY_VERIFY_WITH_TIMEOUT(ok >= okAtRecovery + 30, 15000);
        const qint64 loadBackMs = recovery.elapsed();
        const Reply loggedIn = call(login, "POST",
            { { QStringLiteral("email"), other.email }, { QStringLiteral("code"), server.nextCode(other) } });
        QCOMPARE(loggedIn.status, 200);
        QVERIFY(!loggedIn.json.value(QStringLiteral("token")).toString().isEmpty());
        stopLoad = true;
        for (auto &thread : load)
            thread->wait();
        qInfo("before the outage: %d answers 200; during and after it: %d answers 503 database_unavailable; "
              "health "
              "200 again %lld ms and the load served again %lld ms after PostgreSQL was back",
            okBefore, int(unavailable), healthBackMs, loadBackMs);

        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QLatin1Char('\n'))));
        QVERIFY(server.isRunning());
        // Nothing acknowledged is lost: every draft answered 200 is in the database.
        QVERIFY(!acknowledgedDrafts.isEmpty());
        QStringList quoted;
        for (const QString &id : std::as_const(acknowledgedDrafts)) {
            QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$")).match(id).hasMatch());
            quoted.append(QLatin1Char('\'') + id + QLatin1Char('\''));
        }
        QString out;
        QCOMPARE(
            server.runSqlBehindServer(QStringLiteral("SELECT COUNT(*) FROM mandat_drafts WHERE id IN (%1);")
                                          .arg(quoted.join(QLatin1Char(','))),
                &out),
            0);
        QCOMPARE(out.trimmed().toLongLong(), qint64(acknowledgedDrafts.size()));
        // The outbox worker reconnected too and sent the email queued before the outage, once.
        QTRY_COMPARE_WITH_TIMEOUT(sink.count(), 1, 20000);
        QCOMPARE(
            sink.messages().constFirst().rcptTos, QStringList { QStringLiteral("usager.panne@example.org") });
        const QByteArray log = server.serverLog();
        QVERIFY(log.contains("database connection reopened"));
        // The worker says once that it waits for the database (not at each of its polls), and once that it is
        // back.
        QCOMPARE(log.count("outbox paused until the database is back"), 1);
        QCOMPARE(log.count("the database is back: outbox resumed"), 1);
    }

    void outboxRecordsWhatTheDatabaseMissed_data()
    {
        QTest::addColumn<bool>("relayUp");
        QTest::newRow("sent, then the database went away") << true;
        QTest::newRow("send failed, then the database went away") << false;
    }

    /// The database goes away between the relay's answer and the outbox's UPDATE (simulated with a
    /// trigger that refuses the UPDATE): a sent email is recorded as sent once the database is back,
    /// never sent again; an unsent one is given back at once, not after its 5-minute claim.
    void outboxRecordsWhatTheDatabaseMissed()
    {
        QFETCH(bool, relayUp);
        SmtpSink sink;
        QVERIFY(sink.start());
        if (!relayUp)
            sink.stop();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DatabaseConfig config;
        config.sqlitePath = dir.filePath(QStringLiteral("outbox.sqlite3"));
        Database database(config);
        QVERIFY(database.open());
        MockClock clock(1'700'000'000'000);
        SmtpConfig smtp;
        smtp.url = sink.url();
        smtp.from = QStringLiteral("notifications@aidants.test");
        QSqlDatabase db = database.connection();
        {
            Transaction tx(db, database.dialect());
            Outbox::enqueue(db,
                { QStringLiteral("usager@example.org"), QStringLiteral("Démarche effectuée"),
                    QStringLiteral("Bonjour") },
                clock.nowMs());
            tx.commit();
        }
        // Every outcome (sent or failed) ends the claim: refuse those UPDATEs as a lost database would.
        Sql::exec(db,
            QStringLiteral("CREATE TRIGGER outage BEFORE UPDATE ON email_outbox WHEN NEW.claimed_until = 0"
                           " BEGIN SELECT RAISE(ABORT, 'the database went away'); END"));
        OutboxWorker worker(database, smtp);
        QVERIFY_THROWS_EXCEPTION(DatabaseError, worker.runOnce());
        QCOMPARE(sink.count(), relayUp ? 1 : 0);

        Sql::exec(db, QStringLiteral("DROP TRIGGER outage"));
        if (!relayUp)
            QVERIFY(sink.start());
        // Sent: even once its claim has expired it is not sent again. Unsent: it goes at once.
        clock.advanceMs(relayUp ? OutboxWorker::kClaimMs + 1000 : 2000);
        QCOMPARE(worker.runOnce(), relayUp ? 0 : 1);
        QCOMPARE(sink.count(), 1);
        QVERIFY(Sql::scalar(db, QStringLiteral("SELECT sent_at FROM email_outbox")).toLongLong() > 0);
    }

    void concurrentIdentificationsOfOneUsager_data()
    {
        QTest::addColumn<bool>("postgresql");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgresql") << true;
    }

    /// Two FranceConnect identifications of one usager at the same moment: the second waits for the
    /// first and finds its usager (it must not fail on the unique sub_hash).
    void concurrentIdentificationsOfOneUsager()
    {
        QFETCH(bool, postgresql);
        DatabaseConfig config;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString databaseName;
        if (postgresql) {
            config.driver = DatabaseConfig::Driver::PostgreSql;
            databaseName = QStringLiteral("ac_upsert_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
            QProcess psql;
            psql.start(QStringLiteral("psql"),
                { adminUrl(), QStringLiteral("-q"), QStringLiteral("-c"),
                    QStringLiteral("CREATE DATABASE %1").arg(databaseName) });
            QVERIFY(psql.waitForFinished(30000) && psql.exitCode() == 0);
            config.postgresqlUrl
                = adminUrl().section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') + databaseName;
        } else {
            config.driver = DatabaseConfig::Driver::Sqlite;
            config.sqlitePath = dir.filePath(QStringLiteral("usagers.sqlite3"));
        }
        Database database(config);
        QVERIFY(database.open());
        const QString subHash = QUuid::createUuid().toString(QUuid::Id128);
        auto identity = [](const QString &email) {
            UsagerIdentity u;
            u.givenName = QStringLiteral("Angela Claire Louise");
            u.familyName = QStringLiteral("DUBOIS");
            u.birthdate = QStringLiteral("1962-08-24");
            u.gender = QStringLiteral("female");
            u.birthplace = QStringLiteral("75107");
            u.birthcountry = QStringLiteral("99100");
            u.email = email;
            return u;
        };

        QSqlDatabase db = database.connection();
        auto first = std::make_unique<Transaction>(db, database.dialect());
        const auto created
            = MandatRepository(db).upsertUsager(subHash, identity(QStringLiteral("a@example.org")), 1000);
        QVERIFY(created.created);

        std::atomic<bool> done { false };
        MandatRepository::UsagerUpsert second;
        QString error;
        std::unique_ptr<QThread> other(QThread::create([&] {
            try {
                QSqlDatabase otherDb = database.connection();
                Transaction tx(otherDb, database.dialect());
                second = MandatRepository(otherDb).upsertUsager(
                    subHash, identity(QStringLiteral("b@example.org")), 2000);
                tx.commit();
            } catch (const std::exception &e) {
                error = QString::fromUtf8(e.what());
            }
            done = true;
        }));
        other->start();
        // The second waits for the first: on PostgreSQL on the new row's key, on SQLite on the write lock.
        if (postgresql) {
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    QProcess psql;
                    psql.start(QStringLiteral("psql"),
                        { adminUrl(), QStringLiteral("-tA"), QStringLiteral("-c"),
                            QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '%1'"
                                           " AND wait_event_type = 'Lock'")
                                .arg(databaseName) });
                    return psql.waitForFinished(10000) && psql.readAllStandardOutput().trimmed() == "1";
                }(),
                10000);
        } else {
            QTest::qWait(300);
        }
        QVERIFY(!done);
        first->commit();
        first.reset();
        QVERIFY(other->wait(30000));
        QCOMPARE(error, QString());
        QVERIFY(!second.created);
        QCOMPARE(second.id, created.id);
        QVERIFY(second.emailChanged);
        QCOMPARE(Sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM usagers")).toInt(), 1);
        QCOMPARE(Sql::scalar(db, QStringLiteral("SELECT email FROM usagers WHERE id = ?"), { created.id })
                     .toString(),
            QStringLiteral("b@example.org"));
    }
};

QTEST_MAIN(TestDatabaseOutage)
#include "testDatabaseOutage.moc"
