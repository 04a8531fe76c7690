#pragma once

#include "HttpAnswer.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

/// The methods the API routes on.
enum class HttpMethod { Get, Post };

/// A request as the HTTP layer received it: raw (still percent-encoded) path and query, the headers
/// the API reads, and the whole body (at most HttpServer::Limits::maxBodyBytes).
struct HttpRequest
{
    QByteArray method;
    QByteArray path; ///< percent-encoded, without the query
    QByteArray query; ///< percent-encoded, after '?' (empty when none)
    QByteArray authorization;
    QByteArray accept;
    QByteArray acceptEncoding;
    QByteArray cookie;
    QByteArray body;
    QByteArray ifNoneMatch; ///< the If-None-Match header (cacheable public answers)
};

/// The server's HTTP/1.1 layer, over GNU libmicrohttpd (docs/security.md § HTTP layer).
///
/// libmicrohttpd owns every connection: it parses requests (a malformed one gets its 400), bounds
/// connections, header sizes and idle time, and keeps a connection object alive until its request
/// completes, even when the client has gone. While a request's answer is computed elsewhere (the
/// database pool) its connection is suspended, so an answer is never written to a socket that no
/// longer exists: the client's departure is noticed only after the answer is handed back.
///
/// A body whose declared Content-Length exceeds the limit is refused with 413 before any of it is
/// read; a chunked body is refused as soon as it crosses the limit.
class HttpServer
{
public:
    struct Limits
    {
        qsizetype maxBodyBytes = 64 * 1024;
        /// Memory for one connection's request line and headers (and its read buffer): bigger headers get
        /// 431.
        qsizetype maxHeaderBytes = 32 * 1024;
        int maxConnections = 256;
        int maxConnectionsPerIp = 0; ///< 0: no per-address limit (a reverse proxy shows one address)
        int idleTimeoutSeconds = 30; ///< a connection silent this long is closed
    };
    struct Tls
    {
        QByteArray certificateChainPem; ///< empty: plain HTTP
        QByteArray privateKeyPem;
    };
    /// Hands the answer back; callable once, from any thread.
    using Reply = std::function<void(HttpAnswer)>;
    /// Called on the HTTP thread for each complete request; must not block: hand the work to a
    /// pool and call @p reply from there.
    using Dispatch = std::function<void(HttpRequest &&request, Reply reply)>;

    /// @p tooLarge is the answer to a body over Limits::maxBodyBytes (the API's 413 error).
    HttpServer(const Limits &limits, HttpAnswer tooLarge, Dispatch dispatch);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    /// Starts serving on @p address:@p port (0: any free port). Returns the bound port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port, const Tls &tls, QString *errorMessage);
    /// Stops accepting, waits (at most @p graceMs) for the answers being computed and sent, then closes
    /// everything.
    void stop(int graceMs = 5000);

private:
    struct Private;
    std::unique_ptr<Private> d;
};
