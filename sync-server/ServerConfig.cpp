#include "ServerConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace {
Error configError(const QString &message)
{
    return Error { QStringLiteral("config"), message };
}

QString resolvePath(const QString &value, const QDir &base)
{
    if (value.isEmpty())
        return value;
    return QDir::cleanPath(base.absoluteFilePath(value));
}
} // namespace

Result<ServerConfig> ServerConfig::load(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isReadable())
        return configError(QStringLiteral("cannot read configuration file %1").arg(path));
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError)
        return configError(QStringLiteral("malformed configuration file %1").arg(path));
    const QDir base = info.absoluteDir();

    ServerConfig config;
    ini.beginGroup(QStringLiteral("http"));
    const QString address = ini.value(QStringLiteral("address"), QStringLiteral("127.0.0.1")).toString();
    if (!config.listenAddress.setAddress(address))
        return configError(QStringLiteral("[http] address: not an IP address: %1").arg(address));
    bool ok = false;
    const uint port = ini.value(QStringLiteral("port"), 8080).toUInt(&ok);
    if (!ok || port > 65535)
        return configError(QStringLiteral("[http] port: not a port number"));
    config.port = quint16(port);
    config.tlsCertificateFile = resolvePath(ini.value(QStringLiteral("tls_certificate")).toString(), base);
    config.tlsPrivateKeyFile = resolvePath(ini.value(QStringLiteral("tls_private_key")).toString(), base);
    if (config.tlsCertificateFile.isEmpty() != config.tlsPrivateKeyFile.isEmpty())
        return configError(QStringLiteral("[http] tls_certificate and tls_private_key go together"));
    const QString publicUrl = ini.value(QStringLiteral("public_url")).toString();
    if (!publicUrl.isEmpty()) {
        config.publicUrl = QUrl(publicUrl, QUrl::StrictMode);
        if (!config.publicUrl.isValid() || config.publicUrl.host().isEmpty()
            || !config.publicUrl.path(QUrl::FullyEncoded).isEmpty() || config.publicUrl.hasQuery())
            return configError(QStringLiteral("[http] public_url: an absolute URL without path, e.g. https://ac.example.fr"));
    }
    ini.endGroup();

    ini.beginGroup(QStringLiteral("database"));
    const QString driver = ini.value(QStringLiteral("driver"), QStringLiteral("sqlite")).toString();
    if (driver == QLatin1String("sqlite")) {
        config.database.driver = DatabaseConfig::Driver::Sqlite;
        config.database.sqlitePath = resolvePath(
            ini.value(QStringLiteral("sqlite_path"), QStringLiteral("aidants-connect.sqlite3")).toString(), base);
    } else if (driver == QLatin1String("postgresql")) {
        config.database.driver = DatabaseConfig::Driver::PostgreSql;
        config.database.postgresqlUrl = ini.value(QStringLiteral("postgresql_url")).toString();
        if (config.database.postgresqlUrl.isEmpty())
            return configError(QStringLiteral("[database] postgresql_url is required with driver=postgresql"));
    } else {
        return configError(QStringLiteral("[database] driver must be sqlite or postgresql"));
    }
    config.databaseThreads = qBound(1, ini.value(QStringLiteral("threads"), 4).toInt(), 64);
    ini.endGroup();

    ini.beginGroup(QStringLiteral("sessions"));
    config.idleTimeoutSeconds = ini.value(QStringLiteral("idle_timeout_seconds"), config.idleTimeoutSeconds).toInt();
    config.absoluteTimeoutSeconds
        = ini.value(QStringLiteral("absolute_timeout_seconds"), config.absoluteTimeoutSeconds).toInt();
    if (config.idleTimeoutSeconds <= 0 || config.absoluteTimeoutSeconds < config.idleTimeoutSeconds)
        return configError(QStringLiteral("[sessions] timeouts must be positive, absolute >= idle"));
    ini.endGroup();

    ini.beginGroup(QStringLiteral("service"));
    config.cguVersion = ini.value(QStringLiteral("cgu_version"), config.cguVersion).toString();
    config.subSalt = ini.value(QStringLiteral("sub_salt")).toString().toUtf8();
    ini.endGroup();

    ini.beginGroup(QStringLiteral("mandats"));
    config.draftLifetimeSeconds
        = ini.value(QStringLiteral("draft_lifetime_seconds"), config.draftLifetimeSeconds).toInt();
    if (config.draftLifetimeSeconds < 60 || config.draftLifetimeSeconds > 3600)
        return configError(QStringLiteral("[mandats] draft_lifetime_seconds must be between 60 and 3600"));
    ini.endGroup();

    ini.beginGroup(QStringLiteral("franceconnect"));
    const QString fcBase = ini.value(QStringLiteral("base_url")).toString();
    if (!fcBase.isEmpty()) {
        FranceConnectConfig &fc = config.franceConnect;
        fc.baseUrl = QUrl(fcBase, QUrl::StrictMode);
        fc.clientId = ini.value(QStringLiteral("client_id")).toString();
        fc.clientSecret = ini.value(QStringLiteral("client_secret")).toString();
        fc.caCertificateFile = resolvePath(ini.value(QStringLiteral("ca_certificate")).toString(), base);
        fc.clockSkewSeconds = qBound(0, ini.value(QStringLiteral("clock_skew_seconds"), fc.clockSkewSeconds).toInt(), 300);
        const QString scheme = fc.baseUrl.scheme();
        if (!fc.baseUrl.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
            return configError(QStringLiteral("[franceconnect] base_url must be an http(s) URL"));
        if (fc.clientId.isEmpty() || fc.clientSecret.isEmpty())
            return configError(QStringLiteral("[franceconnect] client_id and client_secret are required"));
        if (config.subSalt.size() < 16)
            return configError(QStringLiteral("[service] sub_salt (16 characters or more) is required with FranceConnect"));
    }
    ini.endGroup();
    return config;
}
