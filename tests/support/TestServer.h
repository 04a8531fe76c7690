#pragma once

#include "FranceConnectSim.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

/// A real aidants-connect-server process for integration tests, on SQLite or on the test PostgreSQL
/// (started by the `postgres` CTest fixture), with a fixture organisation, two aidants and their cards.
class TestServer
{
public:
    enum class Backend { Sqlite, PostgreSql };
    struct Options
    {
        Backend backend = Backend::Sqlite;
        int idleTimeoutSeconds = 900;
        int absoluteTimeoutSeconds = 12 * 3600;
        QString cguVersion = QStringLiteral("2024-06");
        bool tls
            = false; ///< serve HTTPS with a self-signed certificate for 127.0.0.1 (see caCertificatePath())
        /// Start the FranceConnect simulator and register the server at it as FranceConnect would.
        bool franceConnect = false;
        /// With franceConnect: our identity provider is configured for FranceConnect, whose id_token
        /// algorithm is this (ES256 or HS256); empty: no identity provider.
        QString identityProvider;
        /// INI text appended to the configuration file (e.g. an [smtp] section).
        QString extraConfig;
        /// INI lines added to the [http] section (e.g. max_connections=20).
        QString httpConfig;
        /// Run on the empty database before anything migrates it (e.g. to build an older schema with
        /// runSqlBehindServer()); start() fails when it returns false.
        std::function<bool(TestServer &)> beforeMigrations;
    };
    struct Account
    {
        qint64 id = 0;
        QString email;
        QString firstName;
        QString lastName;
        QByteArray secret;
        int stepSeconds = 60;
    };
    struct HttpResult
    {
        int status = 0;
        QJsonObject json;
        QByteArray body;
        QMap<QByteArray, QByteArray> headers; ///< names in lower case
    };

    TestServer();
    explicit TestServer(const Options &options);
    ~TestServer();

    /// The backend chosen by the environment (AC_TEST_BACKEND=postgresql), SQLite otherwise.
    static Backend backendFromEnvironment();

    /// Creates the database, loads the fixture data with the admin commands, starts `serve` on a free port.
    bool start();
    void stop();
    /// After stop(): true when the server exited by itself with status 0 (its clean shutdown path).
    bool stoppedCleanly() const;
    /// What the main server process wrote on stderr (its log).
    QByteArray serverLog() const;
    /// Starts the stopped server again on the same database (and the same port when it was fixed).
    bool restart();
    bool isRunning() const;
    /// The main server process's id (0 when not running).
    qint64 processId() const;
    QUrl baseUrl() const { return m_baseUrl; }
    Backend backend() const { return m_options.backend; }

    Account aidant() const { return m_aidant; }
    Account referent() const { return m_referent; }
    QString organisationName() const { return QStringLiteral("France Services de Test"); }

    /// An imported card, associated with nobody.
    struct Card
    {
        QString serial;
        QByteArray secret; ///< 60 s step
    };

    /// Adds an aidant of the fixture organisation (or of @p organisationId) with a fresh card
    /// (import-cards + associate-card, validated).
    Account createAccount(const QString &email, const QString &firstName, const QString &lastName,
        bool referent = false, bool withCard = true, qint64 organisationId = 0);
    /// Imports a fresh card (import-cards) and returns its serial and seed; empty on failure.
    Card importCard();
    /// Creates another organisation (create-organisation, every démarche allowed); returns its id.
    qint64 createOrganisation(const QString &name);
    /// The fixture organisation's id.
    qint64 organisationId() const { return m_organisationId; }
    /// Starts another `serve` process on the same database; returns its base URL (empty on failure).
    QUrl startAnotherInstance();

    static QString codeFor(const Account &account, qint64 unixSeconds);
    /// A code the server accepts now that was not used yet (waits for the next time step when needed).
    QString nextCode(const Account &account);

    /// Runs an admin subcommand on this server's configuration; returns its exit code.
    int runAdmin(const QStringList &arguments, QString *output = nullptr);
    /// Runs SQL with the database's own command-line tool (sqlite3 / psql), behind the server's back.
    int runSqlBehindServer(const QString &sql, QString *output = nullptr);
    /// A journal row written behind the server, for tests that need entries the routes would take
    /// long to produce (statistics). SQL for runSqlBehindServer() that appends it to the chain of
    /// @p organisationId (0: national) where the server would (next chain position, the head's hash
    /// as previous hash; the database moves the head). Its own hash is made up, so `journal verify`
    /// fails afterwards: never use it where the journal is verified.
    struct JournalRow
    {
        QString action;
        qint64 organisationId = 0;
        qint64 aidantId = 0;
        qint64 usagerId = 0;
        QString demarches;
        qint64 createdAtMs = 0;
    };
    QString journalRowSql(const JournalRow &row) const;

    /// A blocking JSON request to the server (for tests only).
    /// @p headers are added to the request (an Accept-Encoding there turns off Qt's decompression:
    /// the body is then as sent).
    HttpResult request(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const QString &token = {}, const QUrl &baseUrl = {},
        const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    HttpResult postJson(
        const QString &path, const QJsonObject &json, const QString &token = {}, const QUrl &baseUrl = {});

    QString configPath() const;
    /// FranceConnect's client id and secret at our identity provider (Options::identityProvider).
    QString idpClientId() const { return QStringLiteral("franceconnect-test"); }
    QString idpClientSecret() const { return m_idpSecret; }
    /// The FranceConnect simulator (Options::franceConnect), or null.
    FranceConnectSim *franceConnect() const { return m_franceConnect.get(); }
    /// The self-signed certificate of a TLS server, to trust as a private CA.
    QString caCertificatePath() const;
    /// The OTP seed key file of this server ([security] seed_key_file, mode 600).
    QString seedKeyPath() const;
    /// Writes a fresh random seed key (base64, mode 600) to @p path.
    static bool writeSeedKey(const QString &path);

private:
    bool createDatabase();
    bool loadFixture();
    static QUrl startServe(QProcess &process, const QString &configPath);

    Options m_options;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FranceConnectSim> m_franceConnect;
    QProcess m_process;
    std::vector<std::unique_ptr<QProcess>> m_otherInstances;
    qint64 m_organisationId = 0;
    int m_cardCounter = 100;
    QUrl m_baseUrl;
    QString m_postgresAdminUrl;
    QString m_postgresUrl;
    QString m_databaseName;
    Account m_aidant;
    Account m_referent;
    QMap<QString, qint64> m_lastStep;
    QString m_idpSecret;
};
