#include "Migrations.h"
#include "TestServer.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

/// The journal is append-only in the database itself and hash-chained, one chain per organisation plus
/// the national chain and the closed legacy chain (docs/journal.md); the card import is all or nothing.
/// Runs on SQLite (JournalIntegritySqlite) and PostgreSQL (JournalIntegrityPostgres).
class TestJournalIntegrity final : public QObject
{
    Q_OBJECT

private:
    static std::unique_ptr<TestServer> startedServer(const TestServer::Options &base = {})
    {
        TestServer::Options options = base;
        options.backend = TestServer::backendFromEnvironment();
        auto server = std::make_unique<TestServer>(options);
        if (!server->start())
            return nullptr;
        return server;
    }

    static qint64 scalar(TestServer &server, const QString &sql)
    {
        QString out;
        if (server.runSqlBehindServer(sql, &out) != 0)
            return -1;
        return out.trimmed().toLongLong();
    }

    static qint64 count(TestServer &server, const QString &table)
    {
        return scalar(server, QStringLiteral("SELECT COUNT(*) FROM %1;").arg(table));
    }

    static qint64 chainLength(TestServer &server, qint64 chain)
    {
        return scalar(server, QStringLiteral("SELECT COUNT(*) FROM journal WHERE chain_id = %1;").arg(chain));
    }

    /// Every trigger guarding the journal and its heads, gone: what an owner of the database could do.
    static QString disableTriggers(const TestServer &server)
    {
        return server.backend() == TestServer::Backend::Sqlite
            ? QStringLiteral(
                "DROP TRIGGER journal_refuse_update; DROP TRIGGER journal_refuse_delete;"
                " DROP TRIGGER journal_extend_head; DROP TRIGGER journal_heads_refuse_delete;"
                " DROP TRIGGER journal_heads_refuse_rollback;"
                " DROP TRIGGER journal_head_closed_update; DROP TRIGGER journal_head_closed_delete;")
            : QStringLiteral("ALTER TABLE journal DISABLE TRIGGER USER;"
                             " ALTER TABLE journal_heads DISABLE TRIGGER USER;"
                             " ALTER TABLE journal_head DISABLE TRIGGER USER;");
    }

    static QString verifyOutput(TestServer &server, int *exitCode)
    {
        QString output;
        *exitCode = server.runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output);
        return output.trimmed();
    }

    /// The fixture's organisation chain with a few more entries (a card associated per account).
    static bool growOrganisationChain(TestServer &server, int minimum)
    {
        int n = 0;
        while (chainLength(server, server.organisationId()) < minimum) {
            ++n;
            const TestServer::Account account
                = server.createAccount(QStringLiteral("grow%1@journal.test").arg(n), QStringLiteral("Alix"),
                    QStringLiteral("Ngo%1").arg(n));
            if (account.id == 0)
                return false;
        }
        return chainLength(server, 0) >= 2; // the national chain: the cards imported
    }

    /// The hash of a journal entry of before the chains, computed here from docs/journal.md alone.
    static QString legacyHash(qint64 seq, qint64 createdAt, const QString &action, qint64 organisationId,
        const QString &info, const QString &previous)
    {
        const QJsonObject content {
            { QStringLiteral("seq"), seq },
            { QStringLiteral("action"), action },
            { QStringLiteral("created_at"), createdAt },
            { QStringLiteral("aidant_id"), QJsonValue::Null },
            { QStringLiteral("organisation_id"),
                organisationId > 0 ? QJsonValue(organisationId) : QJsonValue(QJsonValue::Null) },
            { QStringLiteral("usager_id"), QJsonValue::Null },
            { QStringLiteral("demarches"), QString() },
            { QStringLiteral("duration"), QString() },
            { QStringLiteral("mandat_id"), QJsonValue::Null },
            { QStringLiteral("autorisation_id"), QJsonValue::Null },
            { QStringLiteral("attestation_hash"), QString() },
            { QStringLiteral("info"), info },
            { QStringLiteral("previous_hash"), previous },
        };
        return QString::fromLatin1(QCryptographicHash::hash(
            QJsonDocument(content).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
                                       .toHex());
    }

    static constexpr int kLegacyEntries = 4;

    /// Builds the schema of before the journal chains (every migration but the last) and writes
    /// kLegacyEntries entries the way the server did then; @p lastHash receives the last one's hash.
    static bool buildLegacyDatabase(TestServer &server, QString *lastHash)
    {
        const Dialect dialect
            = server.backend() == TestServer::Backend::Sqlite ? Dialect::Sqlite : Dialect::PostgreSql;
        const QList<Migration> &migrations = Migrations::all();
        QString sql = QStringLiteral("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                                     " applied_at BIGINT NOT NULL);\n");
        for (int version = 1; version < migrations.size(); ++version) {
            for (const QString &statement : migrations.at(version - 1).statements(dialect))
                sql += statement + QStringLiteral(";\n");
            sql += QStringLiteral("INSERT INTO schema_migrations VALUES (%1, 0);\n").arg(version);
        }
        QString previous = QString(64, QLatin1Char('0'));
        for (qint64 seq = 1; seq <= kLegacyEntries; ++seq) {
            const qint64 createdAt = 1790000000000 + seq;
            const QString action = QStringLiteral("import_totp_cards");
            const qint64 organisation = seq % 2 == 0 ? 1 : 0; // entries of an organisation and national ones
            const QString info = QStringLiteral("legacy entry %1: é").arg(seq);
            const QString hash = legacyHash(seq, createdAt, action, organisation, info, previous);
            sql += QStringLiteral("INSERT INTO journal (seq, action, created_at, organisation_id, info,"
                                  " previous_hash, hash) VALUES (%1, '%2', %3, %4, '%5', '%6', '%7');\n")
                       .arg(seq)
                       .arg(action)
                       .arg(createdAt)
                       .arg(organisation > 0 ? QString::number(organisation) : QStringLiteral("NULL"), info,
                           previous, hash);
            previous = hash;
        }
        sql += QStringLiteral("UPDATE journal_head SET last_seq = %1, last_hash = '%2';\n")
                   .arg(kLegacyEntries)
                   .arg(previous);
        QString output;
        if (server.runSqlBehindServer(sql, &output) != 0) {
            qWarning("legacy schema: %s", qPrintable(output));
            return false;
        }
        *lastHash = previous;
        return true;
    }

private slots:
    void databaseRefusesChanges_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("message");
        QTest::newRow("update") << QStringLiteral(
            "UPDATE journal SET info = 'rewritten' WHERE chain_seq = 1;")
                                << QStringLiteral("append-only");
        QTest::newRow("delete one") << QStringLiteral("DELETE FROM journal WHERE chain_seq = 1;")
                                    << QStringLiteral("append-only");
        QTest::newRow("delete all") << QStringLiteral("DELETE FROM journal;")
                                    << QStringLiteral("append-only");
        QTest::newRow("head deleted") << QStringLiteral("DELETE FROM journal_heads WHERE chain_id = %ORG%;")
                                      << QStringLiteral("only move forward");
        QTest::newRow("head rolled back")
            << QStringLiteral("UPDATE journal_heads SET last_seq = last_seq - 1 WHERE chain_id = %ORG%;")
            << QStringLiteral("only move forward");
        QTest::newRow("head moved to another chain")
            << QStringLiteral("UPDATE journal_heads SET chain_id = 999999 WHERE chain_id = %ORG%;")
            << QStringLiteral("only move forward");
        QTest::newRow("legacy head changed")
            << QStringLiteral("UPDATE journal_head SET last_seq = last_seq + 1;")
            << QStringLiteral("append-only");
        QTest::newRow("legacy head deleted")
            << QStringLiteral("DELETE FROM journal_head;") << QStringLiteral("append-only");
        // An entry that does not extend its chain's head: at a later position, or after another hash.
        QTest::newRow("entry after a gap") << QStringLiteral(
            "INSERT INTO journal (seq, chain_id, chain_seq, action, created_at,"
            " organisation_id, previous_hash, hash) SELECT 999999, chain_id, last_seq + 2,"
            " 'forged', 0, %ORG%, last_hash, 'x' FROM journal_heads WHERE chain_id = %ORG%;")
                                           << QStringLiteral("does not extend its chain head");
        QTest::newRow("entry after another hash")
            << QStringLiteral("INSERT INTO journal (seq, chain_id, chain_seq, action, created_at,"
                              " organisation_id, previous_hash, hash) SELECT 999999, chain_id, last_seq + 1,"
                              " 'forged', 0, %ORG%, 'y', 'x' FROM journal_heads WHERE chain_id = %ORG%;")
            << QStringLiteral("does not extend its chain head");
        QTest::newRow("entry in the closed legacy chain") << QStringLiteral(
            "INSERT INTO journal (seq, action, created_at, previous_hash, hash)"
            " VALUES (999999, 'forged', 0, 'y', 'x');") << QStringLiteral("does not extend its chain head");
    }
    void databaseRefusesChanges()
    {
        QFETCH(QString, sql);
        QFETCH(QString, message);
        auto server = startedServer();
        QVERIFY(server);
        sql.replace(QStringLiteral("%ORG%"), QString::number(server->organisationId()));
        const qint64 before = count(*server, QStringLiteral("journal"));
        QVERIFY(chainLength(*server, server->organisationId()) >= 1);
        QString output;
        QVERIFY(server->runSqlBehindServer(sql, &output) != 0);
        QVERIFY2(output.contains(message), qPrintable(output));
        QCOMPARE(count(*server, QStringLiteral("journal")), before);
        int code = -1;
        output = verifyOutput(*server, &code);
        QVERIFY2(code == 0, qPrintable(output));
    }

    void truncateRefusedOnPostgres_data()
    {
        QTest::addColumn<QString>("table");
        QTest::newRow("entries") << QStringLiteral("journal");
        QTest::newRow("chain heads") << QStringLiteral("journal_heads");
        QTest::newRow("legacy head") << QStringLiteral("journal_head");
    }
    void truncateRefusedOnPostgres()
    {
        QFETCH(QString, table);
        if (TestServer::backendFromEnvironment() != TestServer::Backend::PostgreSql)
            QSKIP("TRUNCATE is PostgreSQL's (SQLite's DELETE is covered above)");
        auto server = startedServer();
        QVERIFY(server);
        QString output;
        QVERIFY(server->runSqlBehindServer(QStringLiteral("TRUNCATE %1;").arg(table), &output) != 0);
        QVERIFY2(output.contains(QStringLiteral("append-only")), qPrintable(output));
    }

    void tamperingIsNamed_data()
    {
        // %ORG%: the fixture organisation's chain (at least 4 entries); %NAT%: the national chain's next
        // position. `expected`: a regular expression on the output of `journal verify`.
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("expected");
        const QString inOrg = QStringLiteral("^journal BROKEN in the chain of organisation %ORG% at entry ");
        QTest::newRow("content changed")
            << QStringLiteral("UPDATE journal SET info = 'forged' WHERE chain_id = %ORG% AND chain_seq = 2;")
            << inOrg + QStringLiteral("2: entry 2 does not match its hash");
        QTest::newRow("date changed") << QStringLiteral(
            "UPDATE journal SET created_at = created_at + 1 WHERE chain_id = %ORG%"
            " AND chain_seq = 3;") << inOrg + QStringLiteral("3: entry 3 does not match its hash");
        QTest::newRow("entry removed in the middle")
            << QStringLiteral("DELETE FROM journal WHERE chain_id = %ORG% AND chain_seq = 2;")
            << inOrg + QStringLiteral("2: entry 2 is missing \\(found 3 next\\)");
        QTest::newRow("hash recomputed without the chain")
            << QStringLiteral(
                   "UPDATE journal SET previous_hash = hash WHERE chain_id = %ORG% AND chain_seq = 2;")
            << inOrg + QStringLiteral("2: entry 2 does not follow the previous entry's hash");
        QTest::newRow("two entries swapped")
            << QStringLiteral(
                   "UPDATE journal SET chain_seq = -chain_seq WHERE chain_id = %ORG% AND chain_seq IN"
                   " (2, 3); UPDATE journal SET chain_seq = 5 + chain_seq WHERE chain_id = %ORG%"
                   " AND chain_seq IN (-2, -3);")
            << inOrg + QStringLiteral("2: entry 2 does not follow the previous entry's hash");
        QTest::newRow("last entry removed")
            << QStringLiteral(
                   "DELETE FROM journal WHERE chain_id = %ORG% AND chain_seq = (SELECT last_seq FROM"
                   " journal_heads WHERE chain_id = %ORG%);")
            << inOrg + QStringLiteral("\\d+: the chain head does not match the last entry");
        QTest::newRow("head rolled back")
            << QStringLiteral(
                   "UPDATE journal_heads SET last_seq = last_seq - 1, last_hash = (SELECT previous_hash"
                   " FROM journal WHERE chain_id = %ORG% AND chain_seq = journal_heads.last_seq)"
                   " WHERE chain_id = %ORG%;")
            << inOrg + QStringLiteral("\\d+: the chain head does not match the last entry");
        QTest::newRow("head removed") << QStringLiteral("DELETE FROM journal_heads WHERE chain_id = %ORG%;")
                                      << inOrg + QStringLiteral("\\d+: the chain has no head");
        QTest::newRow("whole chain removed, head kept")
            << QStringLiteral("DELETE FROM journal WHERE chain_id = %ORG%;")
            << inOrg + QStringLiteral("1: the chain head does not match the last entry");
        QTest::newRow("entry moved to the national chain")
            << QStringLiteral("UPDATE journal SET chain_id = 0, chain_seq = %NAT% WHERE chain_id = %ORG%"
                              " AND chain_seq = 2;")
            << QStringLiteral(
                   "^journal BROKEN in the national chain at entry %NAT%: entry %NAT% belongs to the"
                   " chain of organisation %ORG%");
        QTest::newRow("entry moved with its organisation")
            << QStringLiteral("UPDATE journal SET chain_id = 0, organisation_id = NULL, chain_seq = %NAT%"
                              " WHERE chain_id = %ORG% AND chain_seq = 2;")
            << QStringLiteral("^journal BROKEN in the national chain at entry %NAT%: entry %NAT% does not"
                              " follow the previous entry's hash");
        QTest::newRow("national entry changed")
            << QStringLiteral("UPDATE journal SET info = 'forged' WHERE chain_id = 0 AND chain_seq = 1;")
            << QStringLiteral(
                   "^journal BROKEN in the national chain at entry 1: entry 1 does not match its hash");
    }
    void tamperingIsNamed()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, expected);
        auto server = startedServer();
        QVERIFY(server);
        QVERIFY(growOrganisationChain(*server, 4));
        const QString org = QString::number(server->organisationId());
        const QString nextNational = QString::number(chainLength(*server, 0) + 1);
        for (QString *text : { &tamper, &expected }) {
            text->replace(QStringLiteral("%ORG%"), org);
            text->replace(QStringLiteral("%NAT%"), nextNational);
        }
        int code = -1;
        QString output = verifyOutput(*server, &code);
        QVERIFY2(code == 0 && output.startsWith(QStringLiteral("journal OK")), qPrintable(output));
        QCOMPARE(server->runSqlBehindServer(disableTriggers(*server) + tamper, &output), 0);
        output = verifyOutput(*server, &code);
        QCOMPARE(code, 1);
        QVERIFY2(QRegularExpression(expected).match(output).hasMatch(), qPrintable(output));
    }

    void forkRefusedByTheUniqueIndex()
    {
        // Even without the triggers, two entries never share a position in a chain.
        auto server = startedServer();
        QVERIFY(server);
        QVERIFY(growOrganisationChain(*server, 2));
        QString output;
        QCOMPARE(server->runSqlBehindServer(disableTriggers(*server), &output), 0);
        const qint64 before = count(*server, QStringLiteral("journal"));
        QVERIFY(
            server->runSqlBehindServer(
                QStringLiteral("INSERT INTO journal (seq, chain_id, chain_seq, action, created_at,"
                               " organisation_id, previous_hash, hash) SELECT 999999, chain_id, chain_seq,"
                               " 'fork', created_at, organisation_id, previous_hash, hash FROM journal"
                               " WHERE chain_id = %1 AND chain_seq = 2;")
                    .arg(server->organisationId()),
                &output)
            != 0);
        QVERIFY2(output.contains(QStringLiteral("journal_chain_position"))
                || output.contains(
                    QStringLiteral("UNIQUE constraint failed: journal.chain_id, journal.chain_seq")),
            qPrintable(output));
        QCOMPARE(count(*server, QStringLiteral("journal")), before);
    }

    void legacyEntriesStayVerifiable_data()
    {
        // Applied after the migration, on the entries written before it. `expected`: a regular expression.
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("expected");
        QTest::newRow("untouched") << QString()
                                   << QStringLiteral(
                                          "^journal OK: \\d+ entries in \\d+ chains \\(%1 in the legacy"
                                          " chain\\)")
                                          .arg(kLegacyEntries);
        QTest::newRow("legacy content changed")
            << QStringLiteral("UPDATE journal SET info = 'forged' WHERE seq = 2;")
            << QStringLiteral(
                   "^journal BROKEN in the legacy chain at entry 2: entry 2 does not match its hash");
        QTest::newRow("legacy entry removed")
            << QStringLiteral("DELETE FROM journal WHERE seq = 3;")
            << QStringLiteral("^journal BROKEN in the legacy chain at entry 3: entry 3 is missing");
        QTest::newRow("legacy last entry removed")
            << QStringLiteral("DELETE FROM journal WHERE seq = %1;").arg(kLegacyEntries)
            << QStringLiteral(
                   "^journal BROKEN in the legacy chain at entry %1: the chain head does not match")
                   .arg(kLegacyEntries);
        QTest::newRow("legacy entry moved into a chain")
            << QStringLiteral("UPDATE journal SET chain_id = 0, chain_seq = 0 WHERE seq = %1;")
                   .arg(kLegacyEntries)
            << QStringLiteral(
                   "^journal BROKEN in the legacy chain at entry %1: the chain head does not match")
                   .arg(kLegacyEntries);
    }
    void legacyEntriesStayVerifiable()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, expected);
        QString legacyLast;
        TestServer::Options options;
        options.beforeMigrations
            = [&legacyLast](TestServer &s) { return buildLegacyDatabase(s, &legacyLast); };
        auto server = startedServer(options);
        QVERIFY(server);
        QCOMPARE(legacyLast.size(), 64);
        // The migration kept the entries as they were; the new chains start from the legacy chain's end.
        QCOMPARE(scalar(*server, QStringLiteral("SELECT COUNT(*) FROM journal WHERE chain_id IS NULL;")),
            kLegacyEntries);
        QString output;
        QCOMPARE(
            server->runSqlBehindServer(
                QStringLiteral("SELECT DISTINCT previous_hash FROM journal WHERE chain_seq = 1;"), &output),
            0);
        QCOMPARE(output.trimmed(), legacyLast);
        QVERIFY(chainLength(*server, server->organisationId()) >= 1);
        // New entries take primary keys after the legacy ones.
        QVERIFY(scalar(*server, QStringLiteral("SELECT MIN(seq) FROM journal WHERE chain_id IS NOT NULL;"))
            > kLegacyEntries);
        if (!tamper.isEmpty())
            QCOMPARE(server->runSqlBehindServer(disableTriggers(*server) + tamper, &output), 0);
        int code = -1;
        output = verifyOutput(*server, &code);
        QCOMPARE(code, tamper.isEmpty() ? 0 : 1);
        QVERIFY2(QRegularExpression(expected).match(output).hasMatch(), qPrintable(output));
    }

    void concurrentAppendsFromTwoInstances()
    {
        // Aidants of two organisations switch between them through two server processes at once: the
        // appends to one organisation's chain queue on its head, those to different chains do not
        // meet; no fork, no gap, everything verifies.
        if (TestServer::backendFromEnvironment() != TestServer::Backend::PostgreSql)
            QSKIP("several instances share a PostgreSQL database (SQLite is embedded: one instance)");
        auto server = startedServer();
        QVERIFY(server);
        const qint64 orgA = server->organisationId();
        const qint64 orgB = server->createOrganisation(QStringLiteral("Structure B"));
        QVERIFY(orgB > 0);
        const QUrl second = server->startAnotherInstance();
        QVERIFY(second.isValid());
        constexpr int kAidants = 8;
        constexpr int kSwitches = 12; // per aidant, alternately to B and to A
        QStringList tokens;
        for (int i = 0; i < kAidants; ++i) {
            const TestServer::Account account
                = server->createAccount(QStringLiteral("concurrent%1@journal.test").arg(i),
                    QStringLiteral("Sam"), QStringLiteral("Lee"));
            QVERIFY(account.id > 0);
            QCOMPARE(server->runSqlBehindServer(QStringLiteral(
                         "INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                                                    .arg(account.id)
                                                    .arg(orgB)),
                0);
            const auto login = server->postJson(QStringLiteral("/api/v1/auth/login"),
                { { QStringLiteral("email"), account.email },
                    { QStringLiteral("code"), server->nextCode(account) } });
            QCOMPARE(login.status, 200);
            tokens.append(login.json.value(QStringLiteral("token")).toString());
        }
        const qint64 lengthA = chainLength(*server, orgA);
        const qint64 lengthB = chainLength(*server, orgB);

        // Each aidant runs its switches in order (B, A, B…), every aidant at the same time, alternating
        // the instances.
        QNetworkAccessManager manager;
        QEventLoop loop;
        int running = kAidants;
        int failures = 0;
        std::function<void(int, int)> next = [&](int aidant, int step) {
            if (step == kSwitches) {
                if (--running == 0)
                    loop.quit();
                return;
            }
            const QUrl base = (aidant + step) % 2 == 0 ? server->baseUrl() : second;
            QNetworkRequest request(base.resolved(QUrl(QStringLiteral("/api/v1/me/organisation"))));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + tokens.at(aidant).toLatin1());
            const QJsonObject body { { QStringLiteral("organisation_id"), step % 2 == 0 ? orgB : orgA } };
            QNetworkReply *reply = manager.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
            connect(reply, &QNetworkReply::finished, &loop, [&, reply, aidant, step] {
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
                    ++failures;
                    qWarning("switch %d of aidant %d: %s", step, aidant, reply->readAll().constData());
                }
                reply->deleteLater();
                next(aidant, step + 1);
            });
        };
        for (int i = 0; i < kAidants; ++i)
            next(i, 0);
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(running, 0);
        QCOMPARE(failures, 0);
        QCOMPARE(chainLength(*server, orgB), lengthB + kAidants * kSwitches / 2);
        QCOMPARE(chainLength(*server, orgA), lengthA + kAidants * kSwitches / 2);
        // Gap-free positions, one entry per position, heads on the last entries: verify says so.
        int code = -1;
        const QString output = verifyOutput(*server, &code);
        QVERIFY2(code == 0, qPrintable(output));
        QCOMPARE(scalar(*server,
                     QStringLiteral("SELECT last_seq FROM journal_heads WHERE chain_id = %1;").arg(orgB)),
            lengthB + kAidants * kSwitches / 2);
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
