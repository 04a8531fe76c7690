#include "TestServer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

/// The journal is append-only in the database itself and hash-chained; the card import is all or
/// nothing. Runs on SQLite (JournalIntegritySqlite) and PostgreSQL (JournalIntegrityPostgres).
class TestJournalIntegrity final : public QObject
{
    Q_OBJECT

private:
    static std::unique_ptr<TestServer> startedServer()
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        auto server = std::make_unique<TestServer>(options);
        if (!server->start())
            return nullptr;
        return server;
    }

    static qint64 count(TestServer &server, const QString &table)
    {
        QString out;
        if (server.runSqlBehindServer(QStringLiteral("SELECT COUNT(*) FROM %1;").arg(table), &out) != 0)
            return -1;
        return out.trimmed().toLongLong();
    }

    static QString disableTriggers(const TestServer &server)
    {
        return server.backend() == TestServer::Backend::Sqlite
            ? QStringLiteral("DROP TRIGGER journal_refuse_update; DROP TRIGGER journal_refuse_delete;")
            : QStringLiteral("ALTER TABLE journal DISABLE TRIGGER USER;");
    }

private slots:
    void triggersRefuseChanges_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("update") << QStringLiteral("UPDATE journal SET info = 'rewritten' WHERE seq = 1;");
        QTest::newRow("delete one") << QStringLiteral("DELETE FROM journal WHERE seq = 1;");
        QTest::newRow("delete all") << QStringLiteral("DELETE FROM journal;");
    }
    void triggersRefuseChanges()
    {
        QFETCH(QString, sql);
        auto server = startedServer();
        QVERIFY(server);
        const qint64 before = count(*server, QStringLiteral("journal"));
        QVERIFY(before >= 3);
        QString output;
        QVERIFY(server->runSqlBehindServer(sql, &output) != 0);
        QVERIFY2(output.contains(QStringLiteral("append-only")), qPrintable(output));
        QCOMPARE(count(*server, QStringLiteral("journal")), before);
        QCOMPARE(server->runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output), 0);
    }

    void truncateRefusedOnPostgres()
    {
        auto server = startedServer();
        QVERIFY(server);
        if (server->backend() != TestServer::Backend::PostgreSql)
            QSKIP("TRUNCATE is PostgreSQL's (SQLite's DELETE is covered above)");
        QString output;
        QVERIFY(server->runSqlBehindServer(QStringLiteral("TRUNCATE journal;"), &output) != 0);
        QVERIFY2(output.contains(QStringLiteral("append-only")), qPrintable(output));
    }

    void tamperingIsNamed_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("expected");
        QTest::newRow("content changed")
            << QStringLiteral("UPDATE journal SET info = 'forged' WHERE seq = 2;")
            << QStringLiteral("journal BROKEN at entry 2: entry 2 does not match its hash");
        QTest::newRow("date changed")
            << QStringLiteral("UPDATE journal SET created_at = created_at + 1 WHERE seq = 3;")
            << QStringLiteral("journal BROKEN at entry 3:");
        QTest::newRow("entry removed") << QStringLiteral("DELETE FROM journal WHERE seq = 2;")
                                       << QStringLiteral("journal BROKEN at entry 2: entry 2 is missing");
        QTest::newRow("hash recomputed without the chain")
            << QStringLiteral("UPDATE journal SET previous_hash = hash WHERE seq = 2;")
            << QStringLiteral("journal BROKEN at entry 2: entry 2 does not follow");
        QTest::newRow("last entry removed")
            << QStringLiteral("DELETE FROM journal WHERE seq = (SELECT MAX(seq) FROM journal);")
            << QStringLiteral("the chain head does not match");
    }
    void tamperingIsNamed()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, expected);
        auto server = startedServer();
        QVERIFY(server);
        QString output;
        QCOMPARE(server->runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output), 0);
        QVERIFY2(output.startsWith(QStringLiteral("journal OK")), qPrintable(output));
        QCOMPARE(server->runSqlBehindServer(disableTriggers(*server) + tamper, &output), 0);
        QCOMPARE(server->runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output), 1);
        QVERIFY2(output.contains(expected), qPrintable(output));
    }

    void csvWithOneBadRowImportsNothing()
    {
        auto server = startedServer();
        QVERIFY(server);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cards.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("serial_number,seed\nGADT00009001,3132333435363738393031323334353637383930\n"
                   "GADT00009002,not-hex\nGADT00009003,31323334\n");
        file.close();
        const qint64 cardsBefore = count(*server, QStringLiteral("otp_devices"));
        const qint64 journalBefore = count(*server, QStringLiteral("journal"));
        QString output;
        QCOMPARE(server->runAdmin({ QStringLiteral("import-cards"), path }, &output), 1);
        QVERIFY2(output.contains(QStringLiteral("line 3")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("nothing was imported")), qPrintable(output));
        QCOMPARE(count(*server, QStringLiteral("otp_devices")), cardsBefore);
        QCOMPARE(count(*server, QStringLiteral("journal")), journalBefore);

        // The corrected file imports, and a second import of it updates.
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("serial_number,seed\nGADT00009001,3132333435363738393031323334353637383930\n"
                   "GADT00009003,31323334\n");
        file.close();
        QCOMPARE(server->runAdmin({ QStringLiteral("import-cards"), path }, &output), 0);
        QCOMPARE(output.trimmed(), QStringLiteral("2 added, 0 updated"));
        QCOMPARE(server->runAdmin({ QStringLiteral("import-cards"), path }, &output), 0);
        QCOMPARE(output.trimmed(), QStringLiteral("0 added, 2 updated"));
        QCOMPARE(count(*server, QStringLiteral("otp_devices")), cardsBefore + 2);
    }
};

QTEST_GUILESS_MAIN(TestJournalIntegrity)
#include "testJournalIntegrity.moc"
