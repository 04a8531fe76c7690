#include "Database.h"
#include "Outbox.h"
#include "SmtpSink.h"
#include "TestServer.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

/// The email outbox: the message format, the retry schedule, and the real server's worker against a
/// real SMTP server (smtp-sink.py) that goes down and comes back. Runs on SQLite (EmailOutboxSqlite)
/// and PostgreSQL (EmailOutboxPostgres, which also runs several server instances on one database).
class TestEmailOutbox final : public QObject
{
    Q_OBJECT

private:
    static constexpr auto kFrom = "Aidants Connect Test <notifications@aidants.test>";
    static constexpr auto kFromAddress = "notifications@aidants.test";
    static constexpr int kDeliveryTimeoutMs = 20000;

    static QString testSubject()
    {
        return QStringLiteral("Aidants Connect : message de test de l’envoi des e-mails");
    }

    static std::unique_ptr<TestServer> startedServer(quint16 smtpPort)
    {
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.extraConfig
            = QStringLiteral("[smtp]\nurl=smtp://127.0.0.1:%1\nfrom=%2\nretry_base_seconds=1\n"
                             "retry_max_seconds=2\npoll_interval_ms=200\n")
                  .arg(smtpPort)
                  .arg(QString::fromUtf8(kFrom));
        auto server = std::make_unique<TestServer>(options);
        if (!server->start())
            return nullptr;
        return server;
    }

    /// The newest outbox row: attempts, sent (0/1), recipient, subject and body lengths, last_error.
    static QStringList newestRow(TestServer &server)
    {
        QString out;
        if (server.runSqlBehindServer(
                QStringLiteral(
                    "SELECT attempts, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END, length(recipient),"
                    " length(subject), length(body), last_error FROM email_outbox ORDER BY id DESC LIMIT 1;"),
                &out)
            != 0)
            return {};
        return out.trimmed().split(QLatin1Char('|'));
    }

    static qint64 scalar(TestServer &server, const QString &sql)
    {
        QString out;
        if (server.runSqlBehindServer(sql, &out) != 0)
            return -1;
        return out.trimmed().toLongLong();
    }

    /// Everything the server processes wrote to their logs (TestServer keeps them next to the configuration).
    static QByteArray serverLogs(const TestServer &server)
    {
        const QFileInfo config(server.configPath());
        QByteArray logs;
        for (const QFileInfo &log : config.dir().entryInfoList({ QStringLiteral("*.log") }, QDir::Files)) {
            QFile file(log.filePath());
            if (file.open(QIODevice::ReadOnly))
                logs += file.readAll();
        }
        return logs;
    }

    static bool onlyCrlfLineEnds(const QByteArray &raw)
    {
        return raw.count('\n') == raw.count("\r\n") && raw.count('\r') == raw.count("\r\n");
    }

private slots:
    // --- the message (no server) ---

    void messageFormat_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("expectedSubject");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expectedBody");

        const QString body = QStringLiteral("Bonjour,\n\nUne démarche a été effectuée pour vous.\n");
        QTest::newRow("plain ascii") << QStringLiteral("Hello") << QStringLiteral("Hello") << body << body;
        QTest::newRow("accents") << QStringLiteral("Démarche effectuée pour vous : « Impôts »")
                                 << QStringLiteral("Démarche effectuée pour vous : « Impôts »") << body
                                 << body;
        const QString longSubject
            = QStringLiteral("Aidants Connect : une démarche « Argent, impôts et consommation » "
                             "a été effectuée pour vous par Élodie Bénéteau-Désérable, "
                             "aidante à la Maison France Services de Saint-Étienne-du-Rouvray");
        QTest::newRow("long accented") << longSubject << longSubject << body << body;
        QTest::newRow("accents at every byte boundary")
            << QString(120, QChar(0x00E9)) << QString(120, QChar(0x00E9)) << body << body;
        QTest::newRow("emoji and three-byte characters")
            << QStringLiteral("Démarche ✅ effectuée 🇫🇷 — merci ! €€€€€€€€€€€€€€€€€€€€€€€€€€€€€€")
            << QStringLiteral("Démarche ✅ effectuée 🇫🇷 — merci ! €€€€€€€€€€€€€€€€€€€€€€€€€€€€€€") << body
            << body;
        QTest::newRow("long ascii") << QString(100, QLatin1Char('a')) << QString(100, QLatin1Char('a'))
                                    << body << body;
        QTest::newRow("header injection in the subject")
            << QStringLiteral("Sujet\r\nBcc: pirate@example.org")
            << QStringLiteral("Sujet  Bcc: pirate@example.org") << body << body;
        QTest::newRow("encoded-word lookalike")
            << QStringLiteral("=?UTF-8?B?abc?=") << QStringLiteral("=?UTF-8?B?abc?=") << body << body;
        QTest::newRow("empty subject") << QString() << QString() << body << body;
        QTest::newRow("lines starting with a dot")
            << QStringLiteral("Points") << QStringLiteral("Points")
            << QStringLiteral(".\n.ligne qui commence par un point\n..deux points\nfin\n.")
            << QStringLiteral(".\n.ligne qui commence par un point\n..deux points\nfin\n.");
        QTest::newRow("mixed line ends")
            << QStringLiteral("Fins de ligne") << QStringLiteral("Fins de ligne")
            << QStringLiteral("un\r\ndeux\rtrois\nquatre") << QStringLiteral("un\ndeux\ntrois\nquatre");
        QTest::newRow("empty body") << QStringLiteral("Vide") << QStringLiteral("Vide") << QString()
                                    << QString();
        QTest::newRow("long body") << QStringLiteral("Long") << QStringLiteral("Long")
                                   << QString(5000, QChar(0x00E0)) << QString(5000, QChar(0x00E0));
    }
    void messageFormat()
    {
        QFETCH(QString, subject);
        QFETCH(QString, expectedSubject);
        QFETCH(QString, body);
        QFETCH(QString, expectedBody);

        const OutgoingEmail email { QStringLiteral("usager@example.org"), subject, body };
        const QByteArray raw = Outbox::buildMessage(email, QString::fromUtf8(kFrom), 1'700'000'000'000,
            QByteArrayLiteral("outbox-7.1700000000000@aidants.test"));
        QVERIFY2(onlyCrlfLineEnds(raw), raw.constData());
        const qsizetype headEnd = raw.indexOf("\r\n\r\n");
        QVERIFY(headEnd > 0);
        for (const QByteArray &line : raw.split('\n')) {
            QVERIFY2(line.size() <= 79, line.constData()); // 78 characters + the CR
            for (const char c : line)
                QVERIFY2(uchar(c) < 0x80, "8-bit byte in the message");
        }
        const SmtpSink::Message parsed = SmtpSink::parse(raw);
        QCOMPARE(parsed.subject, expectedSubject);
        QCOMPARE(parsed.body, expectedBody);
        QCOMPARE(parsed.headers.count("subject"), 1);
        QVERIFY(!parsed.headers.contains("bcc"));
        QCOMPARE(parsed.header("to"), QByteArrayLiteral("<usager@example.org>"));
        QCOMPARE(
            parsed.header("from"), QByteArrayLiteral("Aidants Connect Test <notifications@aidants.test>"));
        QCOMPARE(parsed.header("date"), QByteArrayLiteral("Tue, 14 Nov 2023 22:13:20 +0000"));
        QCOMPARE(parsed.header("message-id"), QByteArrayLiteral("<outbox-7.1700000000000@aidants.test>"));
        QCOMPARE(parsed.header("mime-version"), QByteArrayLiteral("1.0"));
        QCOMPARE(parsed.header("content-type"), QByteArrayLiteral("text/plain; charset=UTF-8"));
        QCOMPARE(parsed.header("content-transfer-encoding"), QByteArrayLiteral("base64"));
    }

    void fromDisplayName_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("decoded");
        QTest::newRow("address only")
            << QStringLiteral("a@b.fr") << QByteArrayLiteral("<a@b.fr>") << QStringLiteral("<a@b.fr>");
        QTest::newRow("atoms") << QStringLiteral("Aidants Connect <a@b.fr>")
                               << QByteArrayLiteral("Aidants Connect <a@b.fr>")
                               << QStringLiteral("Aidants Connect <a@b.fr>");
        QTest::newRow("specials are quoted") << QStringLiteral("Aidants Connect (test) <a@b.fr>")
                                             << QByteArrayLiteral("\"Aidants Connect (test)\" <a@b.fr>")
                                             << QStringLiteral("\"Aidants Connect (test)\" <a@b.fr>");
        QTest::newRow("accents are encoded") << QStringLiteral("Mairie de Sète <a@b.fr>")
                                             << QByteArrayLiteral("=?UTF-8?B?TWFpcmllIGRlIFPDqHRl?= <a@b.fr>")
                                             << QStringLiteral("Mairie de Sète <a@b.fr>");
    }
    void fromDisplayName()
    {
        QFETCH(QString, from);
        QFETCH(QByteArray, header);
        QFETCH(QString, decoded);
        const QByteArray raw = Outbox::buildMessage(
            { QStringLiteral("u@example.org"), QStringLiteral("s"), QStringLiteral("b") }, from, 0,
            QByteArrayLiteral("id@b.fr"));
        const SmtpSink::Message parsed = SmtpSink::parse(raw);
        QCOMPARE(parsed.header("from"), header);
        QCOMPARE(parsed.from, decoded);
        QCOMPARE(Outbox::addressOf(from), QStringLiteral("a@b.fr"));
    }

    void retrySchedule_data()
    {
        QTest::addColumn<int>("base");
        QTest::addColumn<int>("max");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<qint64>("delay");
        QTest::newRow("first failure") << 30 << 3600 << 1 << qint64(30);
        QTest::newRow("second") << 30 << 3600 << 2 << qint64(60);
        QTest::newRow("third") << 30 << 3600 << 3 << qint64(120);
        QTest::newRow("seventh") << 30 << 3600 << 7 << qint64(1920);
        QTest::newRow("capped") << 30 << 3600 << 8 << qint64(3600);
        QTest::newRow("far beyond") << 30 << 3600 << 1000 << qint64(3600);
        QTest::newRow("test settings") << 1 << 2 << 3 << qint64(2);
    }
    void retrySchedule()
    {
        QFETCH(int, base);
        QFETCH(int, max);
        QFETCH(int, attempts);
        QFETCH(qint64, delay);
        SmtpConfig config;
        config.retryBaseSeconds = base;
        config.retryMaxSeconds = max;
        QCOMPARE(Outbox::retryDelaySeconds(attempts, config), delay);
    }

    // --- libcurl against a real SMTP server (no server process) ---

    void sendOverSmtp()
    {
        SmtpSink sink;
        QVERIFY(sink.start());
        SmtpConfig config;
        config.url = sink.url();
        config.from = QString::fromUtf8(kFrom);
        const OutgoingEmail email { QStringLiteral("usager@example.org"),
            QStringLiteral("Démarche effectuée"),
            QStringLiteral(".\n.ligne qui commence par un point\n..\nàéèùç — fin\n") };
        const Status sent
            = Outbox::send(config, email.to, Outbox::buildMessage(email, config.from, 0, "x@aidants.test"));
        QVERIFY2(sent.ok(), sent.ok() ? "" : qPrintable(sent.error().message));
        QCOMPARE(sink.count(), 1);
        const SmtpSink::Message message = sink.messages().constFirst();
        QCOMPARE(message.mailFrom, QString::fromUtf8(kFromAddress));
        QCOMPARE(message.rcptTos, QStringList { QStringLiteral("usager@example.org") });
        QCOMPARE(message.subject, email.subject);
        QCOMPARE(message.body, email.body);
        QVERIFY(onlyCrlfLineEnds(message.raw));

        // The relay is down: a short error, without the recipient.
        sink.stop();
        const Status failed
            = Outbox::send(config, email.to, Outbox::buildMessage(email, config.from, 0, "y@aidants.test"));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, QStringLiteral("smtp"));
        QVERIFY2(
            failed.error().message.startsWith(QStringLiteral("curl 7:")), qPrintable(failed.error().message));
        QVERIFY(!failed.error().message.contains(QStringLiteral("usager")));
    }

    // --- the worker thread in this process (SQLite) ---

    void workerThreadStartsAndStops()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        SmtpSink sink;
        QVERIFY(sink.start());
        QTemporaryDir dir;
        DatabaseConfig databaseConfig;
        databaseConfig.sqlitePath = dir.filePath(QStringLiteral("outbox.sqlite3"));
        Database database(databaseConfig);
        QVERIFY(database.open().ok());
        SmtpConfig config;
        config.url = sink.url();
        config.pollIntervalMs = 100;
        {
            QSqlDatabase db = database.connection();
            Transaction tx(db, database.dialect());
            Outbox::enqueue(db,
                { QStringLiteral("usager@example.org"), QStringLiteral("Sujet é"), QStringLiteral("Corps") },
                QDateTime::currentMSecsSinceEpoch());
            tx.commit();
            // Rolled back with its transaction: never sent.
            Transaction rolledBack(db, database.dialect());
            Outbox::enqueue(db,
                { QStringLiteral("annule@example.org"), QStringLiteral("Annulé"), QStringLiteral("Corps") },
                QDateTime::currentMSecsSinceEpoch());
        }
        OutboxWorker worker(database, config);
        worker.start();
        QTRY_COMPARE_WITH_TIMEOUT(sink.count(), 1, kDeliveryTimeoutMs);
        worker.stop();
        QCOMPARE(sink.messages().constFirst().subject, QStringLiteral("Sujet é"));
        QSqlDatabase db = database.connection();
        QCOMPARE(Sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM email_outbox")).toInt(), 1);
        QCOMPARE(Sql::scalar(db, QStringLiteral("SELECT recipient FROM email_outbox")).toString(), QString());
        QCOMPARE(worker.runOnce(), 0); // nothing left
        worker.start(); // and again, for a clean stop by the destructor
    }

    // --- the server's worker ---

    void queuedEmailIsDeliveredByTheServer()
    {
        SmtpSink sink;
        QVERIFY(sink.start());
        auto server = startedServer(sink.port());
        QVERIFY(server);

        QString output;
        QCOMPARE(
            server->runAdmin({ QStringLiteral("send-test-email"), QStringLiteral("--to"),
                                 QStringLiteral("usager.test@example.org"), QStringLiteral("--queue-only") },
                &output),
            0);
        QCOMPARE(output.trimmed(), QStringLiteral("queued"));
        QTRY_COMPARE_WITH_TIMEOUT(sink.count(), 1, kDeliveryTimeoutMs);

        const SmtpSink::Message message = sink.messages().constFirst();
        QCOMPARE(message.subject, testSubject());
        QVERIFY2(
            message.body.contains(QStringLiteral("Ce message a été envoyé par le serveur Aidants Connect")),
            qPrintable(message.body));
        QVERIFY(message.body.contains(QStringLiteral("Vous n’avez rien à faire.")));
        QCOMPARE(message.from, QString::fromUtf8(kFrom));
        QCOMPARE(message.to, QStringLiteral("<usager.test@example.org>"));
        QCOMPARE(message.mailFrom, QString::fromUtf8(kFromAddress));
        QCOMPARE(message.rcptTos, QStringList { QStringLiteral("usager.test@example.org") });
        QVERIFY(!message.header("date").isEmpty());
        QVERIFY(message.header("message-id").startsWith("<outbox-"));
        QVERIFY(onlyCrlfLineEnds(message.raw));

        // Marked sent and blanked; not sent again.
        QTRY_COMPARE_WITH_TIMEOUT(newestRow(*server).value(1), QStringLiteral("1"), 5000);
        const QStringList row = newestRow(*server);
        QCOMPARE(row.mid(0, 5),
            (QStringList { QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("0"), QStringLiteral("0"),
                QStringLiteral("0") }));
        QTest::qWait(1500);
        QCOMPARE(sink.count(), 1);

        // A bad address is refused before anything is queued.
        QVERIFY(server->runAdmin({ QStringLiteral("send-test-email"), QStringLiteral("--to"),
                                     QStringLiteral("pas-une-adresse") },
                    &output)
            != 0);
        QCOMPARE(scalar(*server, QStringLiteral("SELECT COUNT(*) FROM email_outbox;")), 1);

        // Without a running server, the command sends it itself.
        server->stop();
        QCOMPARE(server->runAdmin({ QStringLiteral("send-test-email"), QStringLiteral("--to"),
                                      QStringLiteral("it@example.org") },
                     &output),
            0);
        QCOMPARE(output.trimmed(), QStringLiteral("sent"));
        QCOMPARE(sink.count(), 2);
        QCOMPARE(sink.messages().at(1).rcptTos, QStringList { QStringLiteral("it@example.org") });
        QVERIFY(!serverLogs(*server).contains("example.org"));
    }

    // systemd stops the server with SIGTERM: it stops the worker and exits through its clean path.
    void sigtermStopsCleanly()
    {
        SmtpSink sink;
        QVERIFY(sink.start());
        auto server = startedServer(sink.port());
        QVERIFY(server);
        server->stop();
        QVERIFY2(server->stoppedCleanly(), server->serverLog().right(400).constData());
        QVERIFY(server->serverLog().contains("stopped"));
    }

    void relayDownDelaysButLosesNothing()
    {
        SmtpSink sink;
        QVERIFY(sink.start()); // learns a free port, then goes down
        sink.stop();
        auto server = startedServer(sink.port());
        QVERIFY(server);

        QString output;
        QCOMPARE(server->runAdmin(
                     { QStringLiteral("send-test-email"), QStringLiteral("--to"),
                         QStringLiteral("usager.attente@example.org"), QStringLiteral("--queue-only") },
                     &output),
            0);
        // Retried with back-off (1 s, 2 s, 2 s…), kept whole.
        QTRY_VERIFY_WITH_TIMEOUT(newestRow(*server).value(0).toInt() >= 3, kDeliveryTimeoutMs);
        QStringList row = newestRow(*server);
        QCOMPARE(row.value(1), QStringLiteral("0"));
        QCOMPARE(row.value(2).toInt(), QStringLiteral("usager.attente@example.org").size());
        QVERIFY(row.value(3).toInt() > 0);
        QVERIFY(row.value(4).toInt() > 0);
        QVERIFY2(row.value(5).startsWith(QStringLiteral("curl 7:")), qPrintable(row.join(QLatin1Char('|'))));
        QCOMPARE(sink.count(), 0);

        // The relay comes back on the same port: delivered, exactly once.
        QVERIFY(sink.start());
        QTRY_COMPARE_WITH_TIMEOUT(sink.count(), 1, kDeliveryTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(newestRow(*server).value(1), QStringLiteral("1"), 5000);
        QTest::qWait(5000); // a few retry periods
        QCOMPARE(sink.count(), 1);
        row = newestRow(*server);
        QVERIFY(row.value(0).toInt() >= 3); // the failed attempts stay counted
        QCOMPARE(row.mid(1, 4),
            (QStringList {
                QStringLiteral("1"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0") }));
        QCOMPARE(row.value(5), QString());
        const SmtpSink::Message message = sink.messages().constFirst();
        QCOMPARE(message.rcptTos, QStringList { QStringLiteral("usager.attente@example.org") });
        QCOMPARE(message.subject, testSubject());

        // Privacy: the logs name outbox ids and curl errors, never the recipient or the subject.
        const QByteArray logs = serverLogs(*server);
        QVERIFY(logs.contains("outbox email"));
        QVERIFY(!logs.contains("usager.attente"));
        QVERIFY(!logs.contains("message de test"));
    }

    void invalidRecipientIsNotRetried()
    {
        SmtpSink sink;
        QVERIFY(sink.start());
        auto server = startedServer(sink.port());
        QVERIFY(server);
        QString output;
        QVERIFY2(server->runSqlBehindServer(
                     QStringLiteral(
                         "INSERT INTO email_outbox (recipient, subject, body, created_at, next_attempt_at)"
                         " VALUES ('Pirate <pirate@example.org>', 'Sujet', 'Corps', 0, 0);"),
                     &output)
                == 0,
            qPrintable(output));
        QTRY_COMPARE_WITH_TIMEOUT(newestRow(*server).value(0), QStringLiteral("1"), kDeliveryTimeoutMs);
        QTest::qWait(2500); // beyond the retry delay
        QCOMPARE(newestRow(*server),
            (QStringList { QStringLiteral("1"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"),
                QStringLiteral("0"), QStringLiteral("invalid recipient address") }));
        QCOMPARE(sink.count(), 0);
    }

    void severalInstancesSendEachEmailOnce()
    {
        if (TestServer::backendFromEnvironment() != TestServer::Backend::PostgreSql)
            QSKIP("several server instances share a database on PostgreSQL");
        SmtpSink sink;
        QVERIFY(sink.start());
        auto server = startedServer(sink.port());
        QVERIFY(server);
        QVERIFY(server->startAnotherInstance().isValid());
        QVERIFY(server->startAnotherInstance().isValid());

        constexpr int kEmails = 60;
        QString output;
        QVERIFY2(server->runSqlBehindServer(
                     QStringLiteral(
                         "INSERT INTO email_outbox (recipient, subject, body, created_at, next_attempt_at)"
                         " SELECT 'usager' || g || '@example.org', 'Démarche ' || g, 'Corps é', 0, 0"
                         " FROM generate_series(1, %1) g;")
                         .arg(kEmails),
                     &output)
                == 0,
            qPrintable(output));
        QTRY_COMPARE_WITH_TIMEOUT(sink.count(), kEmails, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(*server, QStringLiteral("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NOT NULL;")),
            qint64(kEmails), 5000);
        QTest::qWait(2000);
        const QList<SmtpSink::Message> messages = sink.messages();
        QCOMPARE(messages.size(), kEmails);
        QSet<QString> recipients;
        for (const SmtpSink::Message &message : messages)
            recipients.insert(message.rcptTos.value(0));
        QCOMPARE(recipients.size(), kEmails);
        QCOMPARE(
            scalar(*server, QStringLiteral("SELECT COUNT(*) FROM email_outbox WHERE recipient <> '';")), 0);

        // Each instance logs what it sent: together, each email once.
        const QFileInfo config(server->configPath());
        int logged = 0;
        QStringList perInstance;
        for (const QFileInfo &log : config.dir().entryInfoList({ QStringLiteral("*.log") }, QDir::Files)) {
            QFile file(log.filePath());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const int sent = int(file.readAll().count("sent at attempt"));
            perInstance.append(QString::number(sent));
            logged += sent;
        }
        qInfo("emails sent per instance: %s", qPrintable(perInstance.join(QStringLiteral(", "))));
        QCOMPARE(logged, kEmails);
    }
};

QTEST_GUILESS_MAIN(TestEmailOutbox)
#include "testEmailOutbox.moc"
