#include "ApiServer.h"

#include "ApiError.h"
#include "OtpVerifier.h"
#include "Validation.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcApi, "ac.server.api")

namespace {
using StatusCode = QHttpServerResponder::StatusCode;

QHttpServerResponse jsonResponse(const QJsonObject &body, int status)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(body).toJson(QJsonDocument::Compact), StatusCode(status));
    // Answers carry tokens and personal data: never cache them.
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    return response;
}

QHttpServerResponse errorResponse(const ApiError &error)
{
    return jsonResponse({ { QStringLiteral("error"), error.code() }, { QStringLiteral("message"), error.message() } },
                        error.status());
}

QString bearerToken(const QHttpServerRequest &request)
{
    const QByteArray header = request.value(QByteArrayLiteral("Authorization"));
    static const QByteArray prefix = QByteArrayLiteral("Bearer ");
    if (!header.startsWith(prefix))
        return {};
    return QString::fromLatin1(header.mid(prefix.size()).trimmed());
}

/// A required string field of at most @p maxLength characters.
QString requireString(const QJsonObject &json, const QString &field, int maxLength)
{
    const QJsonValue value = json.value(field);
    if (value.isUndefined() || value.isNull())
        throw ApiError::missingField(field);
    if (!value.isString() || value.toString().size() > maxLength)
        throw ApiError::invalidField(field);
    if (value.toString().trimmed().isEmpty())
        throw ApiError::missingField(field);
    return value.toString();
}

QString requireCode(const QJsonObject &json)
{
    const QString code = requireString(json, QStringLiteral("code"), 16);
    if (!OtpVerifier::isWellFormedCode(code))
        throw ApiError::invalidField(QStringLiteral("code"));
    return code;
}

const QJsonObject kOk { { QStringLiteral("status"), QStringLiteral("ok") } };
} // namespace

QJsonObject ApiRequest::json() const
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw ApiError::malformedJson();
    return document.object();
}

ApiServer::ApiServer(Database &database, const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_auth(database, config)
{
    m_pool.setMaxThreadCount(config.databaseThreads);
    m_pool.setExpiryTimeout(-1); // keep the threads, and so their database connections

    using Method = QHttpServerRequest::Method;
    addRoute(QStringLiteral("/api/v1/health"), Method::Get, [](const ApiRequest &) {
        return QJsonObject { { QStringLiteral("status"), QStringLiteral("ok") },
                             { QStringLiteral("version"), QStringLiteral(AC_VERSION) } };
    });
    addRoute(QStringLiteral("/api/v1/auth/login"), Method::Post, [this](const ApiRequest &request) {
        const QJsonObject json = request.json();
        const QString email = requireString(json, QStringLiteral("email"), Validation::kMaxEmailLength);
        const QString code = requireCode(json);
        if (!Validation::isValidEmail(email))
            throw ApiError::invalidField(QStringLiteral("email"));
        return m_auth.login(email, code).toJson();
    });
    addRoute(QStringLiteral("/api/v1/auth/activity-check"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken, true);
        const QString code = requireCode(request.json());
        return m_auth.activityCheck(context, code).toJson();
    });
    addRoute(QStringLiteral("/api/v1/auth/logout"), Method::Post, [this](const ApiRequest &request) {
        m_auth.logout(m_auth.authenticate(request.bearerToken, true));
        return kOk;
    });
    addRoute(QStringLiteral("/api/v1/me"), Method::Get, [this](const ApiRequest &request) {
        return m_auth.me(m_auth.authenticate(request.bearerToken)).toJson();
    });
    addRoute(QStringLiteral("/api/v1/me/cgu"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        const QString version = requireString(request.json(), QStringLiteral("version"), 32);
        return m_auth.acceptCgu(context, version).toJson();
    });

    m_http.setMissingHandler([](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        errorResponse(ApiError::notFound()).write(std::move(responder));
    });
}

ApiServer::~ApiServer()
{
    m_pool.waitForDone();
}

void ApiServer::addRoute(const QString &path, QHttpServerRequest::Method method, Handler handler)
{
    m_http.route(path, method, [this, handler](const QHttpServerRequest &request) {
        if (request.body().size() > kMaxBodyBytes)
            return QtFuture::makeReadyFuture(errorResponse(ApiError::payloadTooLarge()));
        ApiRequest copy { request.body(), bearerToken(request) };
        return QtConcurrent::run(&m_pool, [handler, copy = std::move(copy)]() {
            try {
                return jsonResponse(handler(copy), 200);
            } catch (const ApiError &error) {
                return errorResponse(error);
            } catch (const DatabaseError &error) {
                qCWarning(lcApi) << "database error:" << error.what();
                return errorResponse(ApiError::internal());
            } catch (const std::exception &error) {
                qCWarning(lcApi) << "unexpected error:" << error.what();
                return errorResponse(ApiError::internal());
            }
        });
    });
}

quint16 ApiServer::listen(QString *errorMessage)
{
    if (m_config.tlsEnabled()) {
        QFile certFile(m_config.tlsCertificateFile);
        QFile keyFile(m_config.tlsPrivateKeyFile);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *errorMessage = QStringLiteral("cannot read the TLS certificate or key");
            return 0;
        }
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        if (chain.isEmpty()) {
            *errorMessage = QStringLiteral("no certificate in %1").arg(m_config.tlsCertificateFile);
            return 0;
        }
        const QByteArray keyPem = keyFile.readAll();
        QSslKey privateKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (privateKey.isNull())
            privateKey = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
        if (privateKey.isNull()) {
            *errorMessage = QStringLiteral("cannot read the private key %1").arg(m_config.tlsPrivateKeyFile);
            return 0;
        }
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificateChain(chain);
        ssl.setPrivateKey(privateKey);
        ssl.setProtocol(QSsl::TlsV1_2OrLater);
        m_http.sslSetup(ssl);
    }
    const quint16 port = m_http.listen(m_config.listenAddress, m_config.port);
    if (port == 0)
        *errorMessage = QStringLiteral("cannot listen on %1:%2").arg(m_config.listenAddress.toString()).arg(m_config.port);
    return port;
}
