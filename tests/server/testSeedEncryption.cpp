#include "TestServer.h"
#include "Totp.h"

#include <QFile>
#include <QTest>

namespace {
const QString kLogin = QStringLiteral("/api/v1/auth/login");

QString deviceIdOf(const TestServer::Account &account)
{
    return QStringLiteral("(SELECT id FROM otp_devices WHERE aidant_id = %1)").arg(account.id);
}
} // namespace

/// OTP seeds encrypted at rest (docs/security.md): what the database holds, the start-up key
/// check, the encryption of clear seeds, the key rotation and a ciphertext moved to another row;
/// against the real server process (SeedEncryptionSqlite, SeedEncryptionPostgres).
class TestSeedEncryption final : public QObject
{
    Q_OBJECT

private:
    static TestServer::Options options()
    {
        TestServer::Options o;
        o.backend = TestServer::backendFromEnvironment();
        return o;
    }

    static int login(TestServer &server, const TestServer::Account &account)
    {
        return server
            .postJson(kLogin,
                { { QStringLiteral("email"), account.email },
                    { QStringLiteral("code"), server.nextCode(account) } })
            .status;
    }

    static QString sql(TestServer &server, const QString &statement)
    {
        QString out;
        if (server.runSqlBehindServer(statement, &out) != 0)
            return QStringLiteral("<sql failed: %1>").arg(out);
        return out.trimmed();
    }

    /// Runs `serve` expecting it to refuse to start; returns what it printed.
    static QString refusedStart(TestServer &server)
    {
        QString output;
        const int status = server.runAdmin({ QStringLiteral("serve") }, &output);
        return status != 0 ? output : QStringLiteral("<started>");
    }

private slots:
    void seedsInTheDatabaseAreNotTheClearSeeds()
    {
        TestServer server(options());
        QVERIFY(server.start());
        const QList<TestServer::Account> accounts { server.aidant(), server.referent() };
        for (const TestServer::Account &account : accounts) {
            const QString id = deviceIdOf(account);
            QCOMPARE(sql(server, QStringLiteral("SELECT secret_hex FROM otp_devices WHERE id = %1;").arg(id)),
                QString());
            const QString sealed
                = sql(server, QStringLiteral("SELECT secret_sealed FROM otp_devices WHERE id = %1;").arg(id));
            QVERIFY2(sealed.startsWith(QStringLiteral("s1.")), qPrintable(sealed));
            QVERIFY(!sealed.contains(QString::fromLatin1(account.secret.toHex()), Qt::CaseInsensitive));
            QVERIFY(!sealed.contains(QString::fromLatin1(account.secret.toBase64())));
            QCOMPARE(login(server, account), 200);
        }
        // demo-data stores its seeds encrypted too.
        QString output;
        QCOMPARE(server.runAdmin({ QStringLiteral("demo-data") }, &output), 0);
        QCOMPARE(
            sql(server,
                QStringLiteral("SELECT COUNT(*) FROM otp_devices WHERE secret_hex <> '' OR secret_sealed "
                               "NOT LIKE 's1.%';")),
            QStringLiteral("0"));
    }

    void clearSeedsAreEncryptedAtStart()
    {
        // A database of the previous version: seeds in clear in secret_hex.
        TestServer server(options());
        QVERIFY(server.start());
        server.stop();
        const TestServer::Account account = server.aidant();
        QCOMPARE(
            sql(server,
                QStringLiteral("UPDATE otp_devices SET secret_hex = '%1', secret_sealed = '' WHERE id = %2;")
                    .arg(QString::fromLatin1(account.secret.toHex()), deviceIdOf(account))),
            QString());
        QVERIFY(server.restart());
        QCOMPARE(
            sql(server,
                QStringLiteral("SELECT secret_hex FROM otp_devices WHERE id = %1;").arg(deviceIdOf(account))),
            QString());
        QVERIFY(sql(server,
            QStringLiteral("SELECT secret_sealed FROM otp_devices WHERE id = %1;").arg(deviceIdOf(account)))
                    .startsWith(QStringLiteral("s1.")));
        QCOMPARE(login(server, account), 200);
    }

    void badKeyRefusesStart_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("message");
        QTest::newRow("another key") << QStringLiteral("other")
                                     << QStringLiteral("is not the key the seeds were encrypted with");
        QTest::newRow("missing file") << QStringLiteral("missing") << QStringLiteral("does not exist");
        QTest::newRow("readable by others")
            << QStringLiteral("open") << QStringLiteral("may be read by other users");
        QTest::newRow("not 32 bytes")
            << QStringLiteral("short") << QStringLiteral("must hold 32 random bytes");
        QTest::newRow("not configured") << QStringLiteral("unset") << QStringLiteral("no OTP seed key");
    }
    void badKeyRefusesStart()
    {
        QFETCH(QString, problem);
        QFETCH(QString, message);
        TestServer server(options());
        QVERIFY(server.start());
        server.stop();
        const QString key = server.seedKeyPath();
        QFile original(key);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray saved = original.readAll();
        original.close();
        QFile config(server.configPath());
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray savedConfig = config.readAll();
        config.close();
        if (problem == QLatin1String("other")) {
            QVERIFY(TestServer::writeSeedKey(key));
        } else if (problem == QLatin1String("missing")) {
            QVERIFY(QFile::remove(key));
        } else if (problem == QLatin1String("open")) {
            QVERIFY(QFile::setPermissions(
                key, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        } else if (problem == QLatin1String("short")) {
            QFile file(key);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QByteArray(16, 'k').toBase64());
        } else {
            QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
            config.write(QByteArray(savedConfig).replace("seed_key_file=seed.key", ""));
            config.close();
        }
        const QString output = refusedStart(server);
        QVERIFY2(output.contains(message), qPrintable(output));
        // The data was not touched: with the right key back, the server starts and logins work.
        QFile::remove(key);
        QVERIFY(TestServer::writeSeedKey(key));
        QFile restored(key);
        QVERIFY(restored.open(QIODevice::WriteOnly | QIODevice::Truncate));
        restored.write(saved);
        restored.close();
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(savedConfig);
        config.close();
        QVERIFY(server.restart());
        QCOMPARE(login(server, server.aidant()), 200);
    }

    void rotationReencryptsEverySeed()
    {
        TestServer server(options());
        QVERIFY(server.start());
        QCOMPARE(login(server, server.aidant()), 200);
        server.stop();
        const QString before
            = sql(server, QStringLiteral("SELECT secret_sealed FROM otp_devices ORDER BY id;"));
        const QString newKey = server.seedKeyPath() + QStringLiteral(".new");
        QVERIFY(TestServer::writeSeedKey(newKey));
        QString output;
        QCOMPARE(
            server.runAdmin(
                { QStringLiteral("rotate-seed-key"), QStringLiteral("--new-key-file"), newKey }, &output),
            0);
        QVERIFY2(output.startsWith(QStringLiteral("2 seeds re-encrypted under key ")), qPrintable(output));
        const QString after
            = sql(server, QStringLiteral("SELECT secret_sealed FROM otp_devices ORDER BY id;"));
        QCOMPARE(after.split(QLatin1Char('\n')).size(), 2);
        for (const QString &sealed : after.split(QLatin1Char('\n')))
            QVERIFY(!before.contains(sealed));
        // The old key no longer opens the seeds.
        const QString refused = refusedStart(server);
        QVERIFY2(refused.contains(QStringLiteral("is not the key the seeds were encrypted with")),
            qPrintable(refused));
        // IT swaps the files: the server starts, both cards still work.
        QVERIFY(QFile::remove(server.seedKeyPath()));
        QVERIFY(QFile::rename(newKey, server.seedKeyPath()));
        QVERIFY(server.restart());
        QCOMPARE(login(server, server.aidant()), 200);
        QCOMPARE(login(server, server.referent()), 200);
    }

    void movedCiphertextIsRefused()
    {
        TestServer server(options());
        QVERIFY(server.start());
        const TestServer::Account aidant = server.aidant();
        const TestServer::Account referent = server.referent();
        // Someone with write access to the database copies the référent's sealed seed onto the aidant's card.
        QCOMPARE(
            sql(server,
                QStringLiteral("UPDATE otp_devices SET secret_sealed = (SELECT secret_sealed FROM otp_devices"
                               " WHERE aidant_id = %1) WHERE aidant_id = %2;")
                    .arg(referent.id)
                    .arg(aidant.id)),
            QString());
        // Neither the référent's codes nor the aidant's open the aidant's account.
        TestServer::Account impostor = referent;
        impostor.email = aidant.email;
        QCOMPARE(login(server, impostor), 401);
        QCOMPARE(login(server, aidant), 401);
        QVERIFY(server.serverLog().contains("cannot be used"));
        // The référent's own card is unaffected.
        QCOMPARE(login(server, referent), 200);
    }
};

QTEST_GUILESS_MAIN(TestSeedEncryption)
#include "testSeedEncryption.moc"
