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
            return configError(QStringLiteral(
                "[http] public_url: an absolute URL without path, e.g. https://ac.example.fr"));
    }
    config.maxConnections = ini.value(QStringLiteral("max_connections"), config.maxConnections).toInt(&ok);
    if (!ok || config.maxConnections < 1 || config.maxConnections > 10000)
        return configError(QStringLiteral("[http] max_connections: between 1 and 10000"));
    config.maxConnectionsPerIp = ini.value(QStringLiteral("max_connections_per_ip"), 0).toInt(&ok);
    if (!ok || config.maxConnectionsPerIp < 0)
        return configError(QStringLiteral("[http] max_connections_per_ip: 0 (no limit) or more"));
    config.connectionTimeoutSeconds = ini.value(QStringLiteral("connection_timeout_seconds"), 30).toInt(&ok);
    if (!ok || config.connectionTimeoutSeconds < 1 || config.connectionTimeoutSeconds > 3600)
        return configError(QStringLiteral("[http] connection_timeout_seconds: between 1 and 3600"));
    ini.endGroup();

    ini.beginGroup(QStringLiteral("database"));
    const QString driver = ini.value(QStringLiteral("driver"), QStringLiteral("sqlite")).toString();
    if (driver == QLatin1String("sqlite")) {
        config.database.driver = DatabaseConfig::Driver::Sqlite;
        config.database.sqlitePath = resolvePath(
            ini.value(QStringLiteral("sqlite_path"), QStringLiteral("aidants-connect.sqlite3")).toString(),
            base);
    } else if (driver == QLatin1String("postgresql")) {
        config.database.driver = DatabaseConfig::Driver::PostgreSql;
        config.database.postgresqlUrl = ini.value(QStringLiteral("postgresql_url")).toString();
        if (config.database.postgresqlUrl.isEmpty())
            return configError(
                QStringLiteral("[database] postgresql_url is required with driver=postgresql"));
    } else {
        return configError(QStringLiteral("[database] driver must be sqlite or postgresql"));
    }
    config.databaseThreads = qBound(1, ini.value(QStringLiteral("threads"), 4).toInt(), 64);
    ini.endGroup();

    ini.beginGroup(QStringLiteral("sessions"));
    config.idleTimeoutSeconds
        = ini.value(QStringLiteral("idle_timeout_seconds"), config.idleTimeoutSeconds).toInt();
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
        fc.clockSkewSeconds
            = qBound(0, ini.value(QStringLiteral("clock_skew_seconds"), fc.clockSkewSeconds).toInt(), 300);
        const QString scheme = fc.baseUrl.scheme();
        if (!fc.baseUrl.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
            return configError(QStringLiteral("[franceconnect] base_url must be an http(s) URL"));
        if (fc.clientId.isEmpty() || fc.clientSecret.isEmpty())
            return configError(QStringLiteral("[franceconnect] client_id and client_secret are required"));
        if (config.subSalt.size() < 16)
            return configError(
                QStringLiteral("[service] sub_salt (16 characters or more) is required with FranceConnect"));
    }
    ini.endGroup();

    ini.beginGroup(QStringLiteral("identity_provider"));
    IdentityProviderConfig &idp = config.identityProvider;
    idp.clientId = ini.value(QStringLiteral("client_id")).toString();
    if (!idp.clientId.isEmpty()) {
        idp.clientSecret = ini.value(QStringLiteral("client_secret")).toString();
        if (idp.clientSecret.size() < 32)
            return configError(
                QStringLiteral("[identity_provider] client_secret of 32 characters or more is required"));
        for (const QString &key :
            { QStringLiteral("redirect_uris"), QStringLiteral("post_logout_redirect_uris") }) {
            QList<QUrl> &target
                = key == QLatin1String("redirect_uris") ? idp.redirectUris : idp.postLogoutRedirectUris;
            const QStringList values = ini.value(key).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
            for (const QString &value : values) {
                const QUrl url(value, QUrl::StrictMode);
                if (!url.isValid() || url.host().isEmpty() || url.hasFragment()
                    || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
                    return configError(
                        QStringLiteral("[identity_provider] %1: not an absolute http(s) URL: %2")
                            .arg(key, value));
                target.append(url);
            }
        }
        if (idp.redirectUris.isEmpty())
            return configError(QStringLiteral("[identity_provider] redirect_uris is required"));
        idp.idTokenAlgorithm = ini.value(QStringLiteral("id_token_alg"), idp.idTokenAlgorithm).toString();
        if (idp.idTokenAlgorithm != QLatin1String("ES256") && idp.idTokenAlgorithm != QLatin1String("HS256"))
            return configError(QStringLiteral("[identity_provider] id_token_alg must be ES256 or HS256"));
        idp.signingKeyFile = resolvePath(ini.value(QStringLiteral("signing_key")).toString(), base);
        if (idp.idTokenAlgorithm == QLatin1String("ES256") && idp.signingKeyFile.isEmpty())
            return configError(
                QStringLiteral("[identity_provider] signing_key (EC P-256 PEM) is required with ES256"));
        idp.codeLifetimeSeconds
            = qBound(10, ini.value(QStringLiteral("code_lifetime_seconds"), 60).toInt(), 60);
        idp.accessTokenLifetimeSeconds
            = qBound(10, ini.value(QStringLiteral("access_token_lifetime_seconds"), 60).toInt(), 600);
        idp.requestLifetimeSeconds
            = qBound(60, ini.value(QStringLiteral("request_lifetime_seconds"), 600).toInt(), 1800);
        if (config.subSalt.size() < 16)
            return configError(QStringLiteral(
                "[service] sub_salt (16 characters or more) is required with the identity provider"));
    }
    ini.endGroup();

    ini.beginGroup(QStringLiteral("smtp"));
    SmtpConfig &smtp = config.smtp;
    const QString smtpUrl = ini.value(QStringLiteral("url")).toString();
    if (!smtpUrl.isEmpty()) {
        smtp.url = QUrl(smtpUrl, QUrl::StrictMode);
        if (!smtp.url.isValid()
            || (smtp.url.scheme() != QLatin1String("smtp") && smtp.url.scheme() != QLatin1String("smtps")))
            return configError(QStringLiteral("[smtp] url must be smtp://host:port or smtps://host:port"));
    }
    smtp.from = ini.value(QStringLiteral("from"), smtp.from).toString();
    smtp.username = ini.value(QStringLiteral("username")).toString();
    smtp.password = ini.value(QStringLiteral("password")).toString();
    smtp.caCertificateFile = resolvePath(ini.value(QStringLiteral("ca_certificate")).toString(), base);
    smtp.retryBaseSeconds
        = qBound(1, ini.value(QStringLiteral("retry_base_seconds"), smtp.retryBaseSeconds).toInt(), 3600);
    smtp.retryMaxSeconds = qBound(smtp.retryBaseSeconds,
        ini.value(QStringLiteral("retry_max_seconds"), smtp.retryMaxSeconds).toInt(), 86400);
    smtp.pollIntervalMs
        = qBound(100, ini.value(QStringLiteral("poll_interval_ms"), smtp.pollIntervalMs).toInt(), 60000);
    ini.endGroup();

    ini.beginGroup(QStringLiteral("stats"));
    config.statsRefreshSeconds
        = qBound(1, ini.value(QStringLiteral("refresh_seconds"), config.statsRefreshSeconds).toInt(), 86400);
    ini.endGroup();

    ini.beginGroup(QStringLiteral("security"));
    config.seedKeyFile = resolvePath(ini.value(QStringLiteral("seed_key_file")).toString(), base);
    ini.endGroup();

    ini.beginGroup(QStringLiteral("login"));
    LoginConfig &login = config.login;
    const auto readPolicy = [&ini](const QString &prefix, BudgetPolicy &policy) {
        policy.dailyLimit = qBound(
            0, ini.value(prefix + QStringLiteral("daily_failures"), policy.dailyLimit).toInt(), 10000);
        policy.backoffAfter = qBound(
            1, ini.value(prefix + QStringLiteral("backoff_after"), policy.backoffAfter).toInt(), 1000);
        policy.backoffBaseMs = 1000LL
            * qBound(0,
                ini.value(prefix + QStringLiteral("backoff_base_seconds"), int(policy.backoffBaseMs / 1000))
                    .toInt(),
                3600);
        policy.backoffMaxMs = 1000LL
            * qBound(0,
                ini.value(prefix + QStringLiteral("backoff_max_seconds"), int(policy.backoffMaxMs / 1000))
                    .toInt(),
                86400);
    };
    readPolicy(QStringLiteral("unknown_"), login.unknownClients);
    readPolicy(QStringLiteral("familiar_"), login.familiarDevice);
    if (login.unknownClients.dailyLimit == 0)
        return configError(QStringLiteral("[login] unknown_daily_failures must be between 1 and 10000"));
    if (login.familiarDevice.backoffMaxMs > 15 * 60 * 1000)
        return configError(
            QStringLiteral("[login] familiar_backoff_max_seconds is at most 900: an attacker elsewhere "
                           "must not lock the aidant out of their own workstation"));
    login.alert.failures
        = qBound(0, ini.value(QStringLiteral("alert_failures"), login.alert.failures).toInt(), 10000);
    login.alert.windowMs = 1000LL
        * qBound(1,
            ini.value(QStringLiteral("alert_window_seconds"), int(login.alert.windowMs / 1000)).toInt(),
            86400);
    login.alert.minIntervalMs = 1000LL
        * qBound(1,
            ini.value(QStringLiteral("alert_interval_seconds"), int(login.alert.minIntervalMs / 1000))
                .toInt(),
            86400);
    login.deviceTokenLifetimeDays = qBound(1,
        ini.value(QStringLiteral("device_token_lifetime_days"), login.deviceTokenLifetimeDays).toInt(), 3650);
    ini.endGroup();
    return config;
}

QString ServerConfig::effectiveSeedKeyFile() const
{
    const QString credentials = qEnvironmentVariable("CREDENTIALS_DIRECTORY");
    if (!credentials.isEmpty()) {
        const QString credential = QDir(credentials).filePath(QStringLiteral("seed-key"));
        if (QFileInfo::exists(credential))
            return credential;
    }
    return seedKeyFile;
}
