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
    QJsonObject body { { QStringLiteral("error"), error.code() }, { QStringLiteral("message"), error.message() } };
    if (!error.redirect().isEmpty())
        body.insert(QStringLiteral("redirect"), error.redirect().toString(QUrl::FullyEncoded));
    return jsonResponse(body, error.status());
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

void setBrowserHeaders(QHttpServerResponse &response)
{
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    // FranceConnect URLs carry state, codes and id_token hints: never leak them through Referer.
    response.setHeader(QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer"));
    response.setHeader(QByteArrayLiteral("Content-Security-Policy"),
                       QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"));
}

QHttpServerResponse browserResponse(const BrowserAnswer &answer)
{
    if (answer.redirect.isValid() && !answer.redirect.isEmpty()) {
        QHttpServerResponse response(StatusCode::Found);
        response.setHeader(QByteArrayLiteral("Location"), answer.redirect.toEncoded());
        setBrowserHeaders(response);
        return response;
    }
    const QString html = QStringLiteral(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>%1 - Aidants Connect</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}"
        "h1{color:#000091}</style></head>"
        "<body><main><h1>%1</h1><p>%2</p></main></body></html>")
                             .arg(answer.title.toHtmlEscaped(), answer.message.toHtmlEscaped());
    QHttpServerResponse response(QByteArrayLiteral("text/html; charset=utf-8"), html.toUtf8(),
                                 StatusCode(answer.status));
    setBrowserHeaders(response);
    return response;
}

QHttpServerResponse protocolResponse(const HttpAnswer &answer)
{
    QHttpServerResponse response = answer.contentType.isEmpty()
        ? QHttpServerResponse(StatusCode(answer.status))
        : QHttpServerResponse(answer.contentType, answer.body, StatusCode(answer.status));
    setBrowserHeaders(response);
    response.setHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    for (const auto &[name, value] : answer.headers)
        response.addHeader(name, value);
    return response;
}

BrowserAnswer verificationPage(const QJsonObject &result)
{
    if (!result.value(QStringLiteral("authentic")).toBool()) {
        return BrowserAnswer { QUrl(), 200, QStringLiteral("Mandat non reconnu"),
                               QStringLiteral("Ce mandat est inconnu d'Aidants Connect ou son code a été modifié : "
                                              "il n'est pas authentique.") };
    }
    const QString state = result.value(QStringLiteral("state")).toString();
    const QString stateText = state == QLatin1String("active") ? QStringLiteral("Il est en cours de validité.")
        : state == QLatin1String("expired")                   ? QStringLiteral("Il est expiré.")
                                                              : QStringLiteral("Il a été révoqué.");
    return BrowserAnswer { QUrl(), 200, QStringLiteral("Mandat authentique"),
                           QStringLiteral("Ce mandat a bien été enregistré par Aidants Connect. ") + stateText };
}
} // namespace

QUrlQuery ApiRequest::form() const
{
    QByteArray text = body;
    text.replace('+', QByteArrayLiteral("%20"));
    return QUrlQuery(QString::fromLatin1(text));
}

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
    , m_mandats(database, config, m_auth)
    , m_sync(database)
    , m_idp(database, config, m_auth)
{
    m_pool.setMaxThreadCount(config.databaseThreads);
    m_pool.setExpiryTimeout(-1); // keep the threads, and so their database connections

    using Method = QHttpServerRequest::Method;
    addRoute(QStringLiteral("/api/v1/health"), Method::Get, [&database](const ApiRequest &) {
        // Readiness: this pool thread's connection answers a trivial query. A connection found lost
        // is reopened at once and asked again (no transaction: nothing to lose); a failure is the
        // 503 database_unavailable answer, with "status": "unavailable".
        for (int attempt = 1;; ++attempt) {
            try {
                QSqlDatabase db = database.connection();
                Sql::exec(db, QStringLiteral("SELECT 1"));
                break;
            } catch (const DatabaseUnavailable &) {
                if (attempt == 2)
                    throw;
            }
        }
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

    addRoute(QStringLiteral("/api/v1/mandat-drafts"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_mandats.createDraft(context, request.json()).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandat-drafts/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_mandats.draft(m_auth.authenticate(request.bearerToken), request.arg).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandat-drafts/<arg>/sign"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_mandats.sign(context, request.arg, request.json()).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandats/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_mandats.mandat(m_auth.authenticate(request.bearerToken), request.arg).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandats/<arg>/revoke"), Method::Post, [this](const ApiRequest &request) {
        return m_mandats.revokeMandat(m_auth.authenticate(request.bearerToken), request.arg).toJson();
    });
    addRoute(QStringLiteral("/api/v1/mandats/<arg>/autorisations/<arg>/revoke"), Method::Post,
             [this](const ApiRequest &request) {
                 return m_mandats.revokeAutorisation(m_auth.authenticate(request.bearerToken), request.arg, request.arg2)
                     .toJson();
             });
    addRoute(QStringLiteral("/api/v1/mandats/<arg>/renewal"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_mandats.createRenewalDraft(context, request.arg, request.json()).toJson();
    });
    addRoute(QStringLiteral("/api/v1/me/organisation"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        m_mandats.switchOrganisation(context, request.json());
        return m_auth.me(context).toJson();
    });
    addRoute(QStringLiteral("/api/v1/sync"), Method::Get, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_sync.page(context, request.query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded)).toJson();
    });
    addRoute(QStringLiteral("/api/v1/verify/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_mandats.verify(request.arg, request.query.queryItemValue(QStringLiteral("h")));
    });
    // The browser side of the FranceConnect journey, and the page the printed QR code opens.
    addBrowserRoute(QStringLiteral("/fc/start/<arg>"),
                    [this](const ApiRequest &request) { return m_mandats.start(request.arg); });
    addBrowserRoute(QStringLiteral("/fc/callback"),
                    [this](const ApiRequest &request) { return m_mandats.franceConnectCallback(request.query); });
    addBrowserRoute(QStringLiteral("/fc/logout-callback"), [this](const ApiRequest &request) {
        return m_mandats.franceConnectLogoutCallback(request.query);
    });
    addBrowserRoute(QStringLiteral("/fc/done"),
                    [this](const ApiRequest &request) { return m_mandats.done(request.query); });
    addBrowserRoute(QStringLiteral("/verify/<arg>"), [this](const ApiRequest &request) {
        return verificationPage(m_mandats.verify(request.arg, request.query.queryItemValue(QStringLiteral("h"))));
    });

    // Our identity provider for FranceConnect (docs/identity-provider.md).
    addProtocolRoute(QStringLiteral("/.well-known/openid-configuration"), Method::Get,
                     [this](const ApiRequest &) { return m_idp.discovery(); });
    addProtocolRoute(QStringLiteral("/oidc/jwks"), Method::Get, [this](const ApiRequest &) { return m_idp.jwks(); });
    addProtocolRoute(QStringLiteral("/oidc/authorize"), Method::Get,
                     [this](const ApiRequest &request) { return m_idp.authorizePage(request.query); });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>"), Method::Get, [this](const ApiRequest &request) {
        return m_idp.interactionPage(request.arg, request.cookie, request.query);
    });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>/login"), Method::Post, [this](const ApiRequest &request) {
        return m_idp.interactionLogin(request.arg, request.form());
    });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>/choice"), Method::Post, [this](const ApiRequest &request) {
        return m_idp.interactionChoice(request.arg, request.cookie, request.form());
    });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>/cancel"), Method::Post, [this](const ApiRequest &request) {
        return m_idp.interactionCancel(request.arg, request.cookie);
    });
    addProtocolRoute(QStringLiteral("/oidc/interaction/<arg>/logout"), Method::Post, [this](const ApiRequest &request) {
        return m_idp.interactionLogout(request.arg, request.cookie);
    });
    addProtocolRoute(QStringLiteral("/oidc/token"), Method::Post,
                     [this](const ApiRequest &request) { return m_idp.token(request.form()); });
    addProtocolRoute(QStringLiteral("/oidc/userinfo"), Method::Get,
                     [this](const ApiRequest &request) { return m_idp.userinfo(request.bearerToken); });
    addProtocolRoute(QStringLiteral("/oidc/logout"), Method::Get,
                     [this](const ApiRequest &request) { return m_idp.logout(request.query); });
    // The desktop client's side of the same flow.
    addRoute(QStringLiteral("/api/v1/idp/requests"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_idp.createRequest(context, request.json());
    });
    addRoute(QStringLiteral("/api/v1/idp/requests/<arg>/choice"), Method::Post, [this](const ApiRequest &request) {
        const AuthContext context = m_auth.authenticate(request.bearerToken);
        return m_idp.choose(context, request.arg, request.json());
    });
    addRoute(QStringLiteral("/api/v1/idp/requests/<arg>/cancel"), Method::Post, [this](const ApiRequest &request) {
        return m_idp.cancel(m_auth.authenticate(request.bearerToken), request.arg);
    });

    m_http.setMissingHandler([](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        errorResponse(ApiError::notFound()).write(std::move(responder));
    });
}

ApiServer::~ApiServer()
{
    m_pool.waitForDone();
}

template<typename Respond>
void ApiServer::route(const QString &path, QHttpServerRequest::Method method, Respond respond)
{
    // The request object does not outlive the routing call: copy what handlers read, then run them
    // on the pool, whose threads own database connections.
    auto dispatch = [this, respond](const QHttpServerRequest &request, const QString &arg, const QString &arg2) {
        if (request.body().size() > kMaxBodyBytes)
            return QtFuture::makeReadyFuture(errorResponse(ApiError::payloadTooLarge()));
        ApiRequest copy { request.body(), bearerToken(request), arg, arg2, request.query(),
                          request.value(QByteArrayLiteral("Accept")).contains("text/html"),
                          request.value(QByteArrayLiteral("Cookie")) };
        return QtConcurrent::run(&m_pool, [respond, copy = std::move(copy)]() { return respond(copy); });
    };
    const qsizetype args = path.count(QLatin1String("<arg>"));
    if (args == 2) {
        m_http.route(path, method,
                     [dispatch](const QString &arg, const QString &arg2, const QHttpServerRequest &request) {
                         return dispatch(request, arg, arg2);
                     });
    } else if (args == 1) {
        m_http.route(path, method, [dispatch](const QString &arg, const QHttpServerRequest &request) {
            return dispatch(request, arg, QString());
        });
    } else {
        m_http.route(path, method,
                     [dispatch](const QHttpServerRequest &request) { return dispatch(request, QString(), QString()); });
    }
}

void ApiServer::addRoute(const QString &path, QHttpServerRequest::Method method, Handler handler)
{
    route(path, method, [handler](const ApiRequest &request) {
        try {
            return jsonResponse(handler(request), 200);
        } catch (const ApiError &error) {
            return errorResponse(error);
        } catch (const DatabaseUnavailable &error) {
            qCWarning(lcApi) << "database unavailable:" << error.what();
            QJsonObject body { { QStringLiteral("status"), QStringLiteral("unavailable") },
                               { QStringLiteral("error"), ApiError::databaseUnavailable().code() },
                               { QStringLiteral("message"), ApiError::databaseUnavailable().message() } };
            QHttpServerResponse response = jsonResponse(body, 503);
            response.setHeader(QByteArrayLiteral("Retry-After"),
                               QByteArray::number(DatabaseUnavailable::kRetryAfterSeconds));
            return response;
        } catch (const DatabaseError &error) {
            qCWarning(lcApi) << "database error:" << error.what();
            return errorResponse(ApiError::internal());
        } catch (const std::exception &error) {
            qCWarning(lcApi) << "unexpected error:" << error.what();
            return errorResponse(ApiError::internal());
        }
    });
}

void ApiServer::addBrowserRoute(const QString &path, BrowserHandler handler)
{
    route(path, QHttpServerRequest::Method::Get, [handler](const ApiRequest &request) {
        try {
            return browserResponse(handler(request));
        } catch (const DatabaseUnavailable &error) {
            qCWarning(lcApi) << "database unavailable on a browser route:" << error.what();
            QHttpServerResponse response = browserResponse(BrowserAnswer {
                QUrl(), 503, QStringLiteral("Service momentanément indisponible"),
                QStringLiteral("Le service est momentanément indisponible. Rechargez cette page dans quelques "
                               "instants.") });
            response.setHeader(QByteArrayLiteral("Retry-After"),
                               QByteArray::number(DatabaseUnavailable::kRetryAfterSeconds));
            return response;
        } catch (const std::exception &error) {
            qCWarning(lcApi) << "error on a browser route:" << error.what();
            return browserResponse(BrowserAnswer { QUrl(), 500, QStringLiteral("Erreur"),
                                                   QStringLiteral("Une erreur interne est survenue. Revenez dans "
                                                                  "l'application Aidants Connect et réessayez.") });
        }
    });
}

void ApiServer::addProtocolRoute(const QString &path, QHttpServerRequest::Method method, ProtocolHandler handler)
{
    route(path, method, [handler](const ApiRequest &request) {
        try {
            return protocolResponse(handler(request));
        } catch (const DatabaseUnavailable &error) {
            qCWarning(lcApi) << "database unavailable on a protocol route:" << error.what();
            return protocolResponse(
                HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("temporarily_unavailable") } }, 503)
                    .withHeader(QByteArrayLiteral("Retry-After"),
                                QByteArray::number(DatabaseUnavailable::kRetryAfterSeconds)));
        } catch (const std::exception &error) {
            qCWarning(lcApi) << "error on a protocol route:" << error.what();
            return protocolResponse(HttpAnswer::json({ { QStringLiteral("error"), QStringLiteral("server_error") } }, 500));
        }
    });
}

bool ApiServer::initialise(QString *errorMessage)
{
    return m_idp.initialise(errorMessage);
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
    if (port == 0) {
        *errorMessage = QStringLiteral("cannot listen on %1:%2").arg(m_config.listenAddress.toString()).arg(m_config.port);
        return 0;
    }
    QUrl publicUrl = m_config.publicUrl;
    if (publicUrl.isEmpty()) {
        publicUrl.setScheme(m_config.tlsEnabled() ? QStringLiteral("https") : QStringLiteral("http"));
        publicUrl.setHost(m_config.listenAddress.toString());
        publicUrl.setPort(port);
    }
    m_mandats.setPublicUrl(publicUrl);
    m_sync.setPublicUrl(publicUrl);
    m_idp.setPublicUrl(publicUrl);
    return port;
}
