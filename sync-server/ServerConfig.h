#pragma once

#include "Result.h"

#include <QHostAddress>
#include <QString>

/// How to reach the database: an embedded SQLite file or a PostgreSQL server.
struct DatabaseConfig
{
    enum class Driver { Sqlite, PostgreSql };
    Driver driver = Driver::Sqlite;
    QString sqlitePath;    ///< absolute path of the SQLite file
    QString postgresqlUrl; ///< postgresql://user:password@host:port/dbname
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

    bool tlsEnabled() const { return !tlsCertificateFile.isEmpty(); }
    static Result<ServerConfig> load(const QString &path);
};
