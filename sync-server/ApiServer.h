#pragma once

#include "AuthService.h"
#include "Database.h"
#include "HabilitationService.h"
#include "HttpAnswer.h"
#include "HttpServer.h"
#include "IdentityProvider.h"
#include "MandatService.h"
#include "OtpDeviceService.h"
#include "ReferentService.h"
#include "ServerConfig.h"
#include "StatsService.h"
#include "SyncService.h"

#include <QJsonObject>
#include <QObject>
#include <QThreadPool>
#include <QUrlQuery>

#include <functional>

/// What a handler may read of a request: copied out of the HttpRequest before the handler runs
/// on a database thread (the request object does not outlive the routing call).
struct ApiRequest
{
    QByteArray body;
    QString bearerToken;
    QString arg; ///< the route's first <arg>, when it has one
    QString arg2; ///< the route's second <arg>
    QUrlQuery query; ///< the URL's query
    bool acceptsHtml = false;
    bool acceptsCbor = false; ///< Accept lists application/cbor: JSON routes answer in CBOR
    QByteArray cookie; ///< the Cookie header
    QByteArray ifNoneMatch; ///< the If-None-Match header
    /// Refuses control characters in the path arguments, the query and the cookie (ApiError 400
    /// invalid_field); every route wrapper calls it first.
    void checkInput() const;
    QJsonObject json() const; ///< the body as a JSON object (control characters refused), or ApiError 400
    /// The body as an application/x-www-form-urlencoded form ('+' is a space), fully decoded by
    /// queryItemValue.
    QUrlQuery form() const;
};

/// The HTTP JSON API (docs/api.md) over HttpServer (libmicrohttpd). Handlers run on a thread pool,
/// never on the HTTP thread, each pool thread with its own database connection.
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    ApiServer(Database &database, const ServerConfig &config, QObject *parent = nullptr);
    ~ApiServer() override;

    /// Loads what the services need before serving (the identity provider's signing key).
    bool initialise(QString *errorMessage);
    /// Listens on the configured address (TLS when configured). Returns the bound port, 0 on failure.
    quint16 listen(QString *errorMessage);

    static constexpr qsizetype kMaxBodyBytes = 64 * 1024;

    /// Routes one request: called on the HTTP thread, answers through @p reply (from the pool).
    /// Public for the fuzz target of the request path.
    void dispatch(HttpRequest &&request, const HttpServer::Reply &reply);

private:
    using Handler = std::function<QJsonObject(const ApiRequest &)>;
    using ProtocolHandler = std::function<HttpAnswer(const ApiRequest &)>;
    using Respond = std::function<HttpAnswer(const ApiRequest &)>;
    struct Route
    {
        QByteArray method;
        QList<QByteArray> segments; ///< literal segments, or "<arg>"
        Respond respond;
    };
    /// A JSON route; @p path may hold up to two `<arg>` (ApiRequest::arg, arg2).
    void addRoute(const QString &path, HttpMethod method, Handler handler);
    /// A route for browsers (FranceConnect journeys, QR verification): redirects and French pages.
    void addBrowserRoute(const QString &path, ProtocolHandler handler);
    /// A protocol route (OpenID Connect endpoints and the identity provider's pages): the handler
    /// shapes the whole answer; security headers and no-store are added here.
    void addProtocolRoute(const QString &path, HttpMethod method, ProtocolHandler handler);
    void route(const QString &path, HttpMethod method, Respond respond);

    const ServerConfig &m_config;
    AuthService m_auth;
    MandatService m_mandats;
    SyncService m_sync;
    IdentityProvider m_idp;
    ReferentService m_referent;
    OtpDeviceService m_devices;
    HabilitationService m_habilitation;
    StatsService m_stats;
    QThreadPool m_pool;
    QList<Route> m_routes;
    HttpServer m_http;
};
