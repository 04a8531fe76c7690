#pragma once

#include "Result.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

/// How to reach the database: an embedded SQLite file or a PostgreSQL server.
struct DatabaseConfig
{
    enum class Driver { Sqlite, PostgreSql };
    Driver driver = Driver::Sqlite;
    QString sqlitePath;    ///< absolute path of the SQLite file
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

/// The server's configuration file (INI; see packaging/aidants-connect-server.conf).
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString tlsCertificateFile;
    QString tlsPrivateKeyFile;
    DatabaseConfig database;
    int idleTimeoutSeconds = 15 * 60;
    int absoluteTimeoutSeconds = 12 * 60 * 60;
    QString cguVersion = QStringLiteral("2024-06");
    int databaseThreads = 4;
    /// The server's URL as browsers and clients reach it (FranceConnect callbacks, the printed QR code).
    /// Empty: derived from the listening address and port.
    QUrl publicUrl;
    FranceConnectConfig franceConnect;
    /// Secret salt of the usagers' hashed FranceConnect sub ([service] sub_salt); never change it once used.
    QByteArray subSalt;
    int draftLifetimeSeconds = 600;

    bool tlsEnabled() const { return !tlsCertificateFile.isEmpty(); }
    static Result<ServerConfig> load(const QString &path);
};
