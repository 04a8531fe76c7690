#pragma once

#include "OtpVerifier.h"
#include "Result.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

/// How to reach the database: an embedded SQLite file or a PostgreSQL server.
struct DatabaseConfig
{
    enum class Driver { Sqlite, PostgreSql };
    Driver driver = Driver::Sqlite;
    QString sqlitePath; ///< absolute path of the SQLite file
    QString postgresqlUrl; ///< postgresql://user:password@host:port/dbname
};

/// Our service-provider registration at FranceConnect (FS role, docs/franceconnect.md).
/// The simulator of tools/franceconnect-sim is configured exactly like the real FranceConnect.
struct FranceConnectConfig
{
    QUrl baseUrl; ///< e.g. https://fcp-low.integ01.dev-franceconnect.fr/api/v2 (discovery is read under it)
    QString clientId;
    QString clientSecret;
    QString caCertificateFile; ///< PEM bundle to trust instead of the system's (empty: system CAs)
    int clockSkewSeconds = 30; ///< tolerance on exp / iat

    bool enabled() const { return baseUrl.isValid() && !baseUrl.isEmpty(); }
};

/// FranceConnect's registration as a client of our identity provider (FI role,
/// docs/identity-provider.md): the `[identity_provider]` section.
struct IdentityProviderConfig
{
    QString clientId;
    QString clientSecret;
    QList<QUrl> redirectUris; ///< compared exactly
    QList<QUrl> postLogoutRedirectUris; ///< compared exactly
    QString idTokenAlgorithm = QStringLiteral("ES256"); ///< ES256 (signing_key) or HS256 (client secret)
    QString signingKeyFile; ///< PEM EC P-256 private key for ES256
    int codeLifetimeSeconds = 60;
    int accessTokenLifetimeSeconds = 60;
    int requestLifetimeSeconds = 600; ///< time the aidant has to choose the usager and the démarche

    bool enabled() const { return !clientId.isEmpty(); }
};

/// Outgoing email (`[smtp]`): the outbox worker's SMTP relay (docs/email.md).
struct SmtpConfig
{
    QUrl url; ///< smtp://host:port or smtps://host:port; empty: emails wait in the outbox
    QString from = QStringLiteral("Aidants Connect <ne-pas-repondre@aidantsconnect.beta.gouv.fr>");
    QString username;
    QString password;
    QString caCertificateFile;
    int retryBaseSeconds = 30; ///< first retry delay, doubled each attempt
    int retryMaxSeconds = 3600; ///< cap of the retry delay
    int pollIntervalMs = 2000; ///< how often the worker looks for due emails

    bool enabled() const { return url.isValid() && !url.isEmpty(); }
};

/// Brute-force budgets of the OTP login (`[login]`, docs/security.md). The defaults are the
/// recommended values; tests shorten them.
struct LoginConfig
{
    BudgetPolicy unknownClients = LoginBudget::unknownClients();
    BudgetPolicy familiarDevice = LoginBudget::familiarDevice();
    AlertPolicy alert;
    int deviceTokenLifetimeDays = 180; ///< a familiar device unused this long is forgotten
};

/// The server's configuration file (INI; see packaging/aidants-connect-server.conf).
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString tlsCertificateFile;
    QString tlsPrivateKeyFile;
    /// [http] max_connections, max_connections_per_ip, connection_timeout_seconds (docs/security.md § HTTP
    /// layer).
    int maxConnections = 256;
    int maxConnectionsPerIp = 0;
    int connectionTimeoutSeconds = 30;
    DatabaseConfig database;
    int idleTimeoutSeconds = 15 * 60;
    int absoluteTimeoutSeconds = 12 * 60 * 60;
    QString cguVersion = QStringLiteral("2024-06");
    int databaseThreads = 4;
    /// The server's URL as browsers and clients reach it (FranceConnect callbacks, the printed QR code).
    /// Empty: derived from the listening address and port.
    QUrl publicUrl;
    FranceConnectConfig franceConnect;
    IdentityProviderConfig identityProvider;
    SmtpConfig smtp;
    /// Secret salt of the usagers' hashed FranceConnect sub ([service] sub_salt); never change it once used.
    QByteArray subSalt;
    int draftLifetimeSeconds = 600;
    LoginConfig login;
    /// `[security] seed_key_file`: the key of the OTP seeds at rest (32 bytes, raw or base64).
    /// `$CREDENTIALS_DIRECTORY/seed-key` (a systemd credential) takes precedence when it exists.
    QString seedKeyFile;
    /// `[stats] refresh_seconds`: how often the public statistics are counted again (docs/stats.md).
    int statsRefreshSeconds = 300;

    /// The seed key file to use: the systemd credential when present, else seedKeyFile.
    QString effectiveSeedKeyFile() const;

    bool tlsEnabled() const { return !tlsCertificateFile.isEmpty(); }
    static Result<ServerConfig> load(const QString &path);
};
