#include "HttpServer.h"

#include <QLoggingCategory>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <microhttpd.h>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcHttp, "ac.server.http")

namespace {
/// Of a body over the limit, how much is read (and dropped) before the 413, at most.
constexpr qsizetype kMaxDrainBytes = 1024 * 1024;

/// One request and its answer. Created when libmicrohttpd has read the request line (URI log
/// callback), deleted when libmicrohttpd says the request is over (completed callback): libmicrohttpd
/// never ends a request while its connection is suspended, so a dispatched request's exchange lives
/// until its answer has been handed back.
struct Exchange
{
    QByteArray rawUri;
    HttpRequest request;
    bool headersSeen = false;
    bool refused = false; ///< body over the limit: answered 413, the rest of the body dropped
    qsizetype discarded = 0; ///< bytes of a refused body read and dropped
    bool dispatched = false;
    bool answered = false; ///< written by the reply (another thread) before it resumes the connection
    HttpAnswer answer;
};

QByteArray header(MHD_Connection *connection, const char *name)
{
    const char *value = nullptr;
    size_t size = 0;
    if (MHD_lookup_connection_value_n(connection, MHD_HEADER_KIND, name, std::strlen(name), &value, &size)
            != MHD_YES
        || value == nullptr)
        return {};
    return QByteArray(value, qsizetype(size));
}

MHD_Result queue(MHD_Connection *connection, const HttpAnswer &answer)
{
    MHD_Response *response = MHD_create_response_from_buffer(
        size_t(answer.body.size()), const_cast<char *>(answer.body.constData()), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr)
        return MHD_NO;
    if (!answer.contentType.isEmpty())
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, answer.contentType.constData());
    for (const auto &[name, value] : answer.headers)
        MHD_add_response_header(response, name.constData(), value.constData());
    const MHD_Result result = MHD_queue_response(connection, unsigned(answer.status), response);
    MHD_destroy_response(response);
    return result;
}

void logFromLibrary(void *, const char *format, va_list args)
{
    // libmicrohttpd's own messages (malformed requests, limits, TLS handshakes): they name no header value.
    char text[512];
    std::vsnprintf(text, sizeof text, format, args);
    qCDebug(lcHttp, "%s", QByteArray(text).trimmed().constData());
}
} // namespace

struct HttpServer::Private
{
    Limits limits;
    HttpAnswer tooLarge;
    Dispatch dispatch;
    MHD_Daemon *daemon = nullptr;
    QByteArray certificate; // kept alive while the daemon runs (libmicrohttpd keeps pointers)
    QByteArray key;
    std::mutex mutex;
    std::condition_variable idle;
    int pending = 0; ///< dispatched requests whose answer is not handed back yet

    static void *onUri(void *, const char *uri, MHD_Connection *)
    {
        auto *exchange = new Exchange;
        exchange->rawUri = QByteArray(uri);
        return exchange;
    }

    static void onCompleted(void *, MHD_Connection *, void **context, MHD_RequestTerminationCode)
    {
        delete static_cast<Exchange *>(*context);
        *context = nullptr;
    }

    static MHD_Result onRequest(void *cls, MHD_Connection *connection, const char *url, const char *method,
        const char *, const char *uploadData, size_t *uploadSize, void **context)
    {
        auto *d = static_cast<Private *>(cls);
        auto *exchange = static_cast<Exchange *>(*context);
        if (exchange == nullptr) { // not expected: the URI callback made it
            exchange = new Exchange;
            exchange->rawUri = QByteArray(url);
            *context = exchange;
        }
        if (!exchange->headersSeen) {
            exchange->headersSeen = true;
            HttpRequest &request = exchange->request;
            request.method = QByteArray(method);
            const qsizetype question = exchange->rawUri.indexOf('?');
            request.path = question < 0 ? exchange->rawUri : exchange->rawUri.left(question);
            request.query = question < 0 ? QByteArray() : exchange->rawUri.mid(question + 1);
            request.authorization = header(connection, MHD_HTTP_HEADER_AUTHORIZATION);
            request.accept = header(connection, MHD_HTTP_HEADER_ACCEPT);
            request.acceptEncoding = header(connection, MHD_HTTP_HEADER_ACCEPT_ENCODING);
            request.cookie = header(connection, MHD_HTTP_HEADER_COOKIE);
            request.ifNoneMatch = header(connection, MHD_HTTP_HEADER_IF_NONE_MATCH);
            // A declared length over the limit is refused before one byte of the body is kept. A client
            // that waits for "100 Continue", or declares more than kMaxDrainBytes, gets the 413 at once
            // (and the connection closes); a small excess is read and dropped first, so that clients
            // that send their body without waiting (most do) read the 413 instead of a reset connection.
            const QByteArray length = header(connection, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (!length.isEmpty()) {
                bool ok = false;
                const qulonglong declared = length.toULongLong(&ok);
                if (!ok || declared > qulonglong(d->limits.maxBodyBytes)) {
                    exchange->refused = true;
                    if (!ok || declared > qulonglong(kMaxDrainBytes)
                        || header(connection, MHD_HTTP_HEADER_EXPECT).toLower() == "100-continue") {
                        return queue(connection, d->tooLarge);
                    }
                }
            }
            return MHD_YES;
        }
        if (*uploadSize > 0) {
            if (!exchange->refused
                && exchange->request.body.size() + qsizetype(*uploadSize) > d->limits.maxBodyBytes) {
                exchange->refused = true; // a chunked body crossed the limit
                exchange->request.body.clear();
                exchange->request.body.squeeze();
            }
            if (exchange->refused) {
                exchange->discarded += qsizetype(*uploadSize);
                *uploadSize = 0;
                return exchange->discarded > kMaxDrainBytes ? MHD_NO : MHD_YES; // MHD_NO: close now
            }
            exchange->request.body.append(uploadData, qsizetype(*uploadSize));
            *uploadSize = 0;
            return MHD_YES;
        }
        if (exchange->refused)
            return queue(connection, d->tooLarge); // whole body read and dropped (or the 413 already queued)
        if (exchange->dispatched) {
            // Resumed: the answer was handed back by the reply.
            return exchange->answered ? queue(connection, exchange->answer) : MHD_NO;
        }
        exchange->dispatched = true;
        {
            std::lock_guard lock(d->mutex);
            ++d->pending;
        }
        MHD_suspend_connection(connection);
        // The reply may run on any thread, once. After it resumes the connection, libmicrohttpd may
        // end the request (and delete the exchange) at any moment: nothing is touched after that.
        auto once = std::make_shared<std::atomic_bool>(false);
        d->dispatch(std::move(exchange->request), [d, connection, exchange, once](HttpAnswer answer) {
            if (once->exchange(true))
                return;
            exchange->answer = std::move(answer);
            exchange->answered = true;
            MHD_resume_connection(connection);
            std::lock_guard lock(d->mutex);
            if (--d->pending == 0)
                d->idle.notify_all();
        });
        return MHD_YES;
    }
};

HttpServer::HttpServer(const Limits &limits, HttpAnswer tooLarge, Dispatch dispatch)
    : d(std::make_unique<Private>())
{
    d->limits = limits;
    d->tooLarge = std::move(tooLarge);
    d->dispatch = std::move(dispatch);
}

HttpServer::~HttpServer()
{
    stop();
}

quint16 HttpServer::listen(const QHostAddress &address, quint16 port, const Tls &tls, QString *errorMessage)
{
    if (d->daemon != nullptr) {
        *errorMessage = QStringLiteral("already listening");
        return 0;
    }
    sockaddr_storage storage {};
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        flags |= MHD_USE_IPv6;
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    }
    const bool useTls = !tls.certificateChainPem.isEmpty();
    if (useTls) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            *errorMessage = QStringLiteral("this libmicrohttpd has no TLS support");
            return 0;
        }
        flags |= MHD_USE_TLS;
        d->certificate = tls.certificateChainPem;
        d->key = tls.privateKeyPem;
    }
    std::vector<MHD_OptionItem> options {
        { MHD_OPTION_EXTERNAL_LOGGER, intptr_t(&logFromLibrary),
            nullptr }, // first, so that it logs everything
        { MHD_OPTION_CONNECTION_LIMIT, d->limits.maxConnections, nullptr },
        { MHD_OPTION_PER_IP_CONNECTION_LIMIT, d->limits.maxConnectionsPerIp, nullptr },
        { MHD_OPTION_CONNECTION_MEMORY_LIMIT, intptr_t(d->limits.maxHeaderBytes), nullptr },
        { MHD_OPTION_CONNECTION_TIMEOUT, d->limits.idleTimeoutSeconds, nullptr },
        { MHD_OPTION_SOCK_ADDR, 0, &storage },
        { MHD_OPTION_URI_LOG_CALLBACK, intptr_t(&Private::onUri), nullptr },
        { MHD_OPTION_NOTIFY_COMPLETED, intptr_t(&Private::onCompleted), nullptr },
        // Requests that break HTTP/1.1 (bare LF, spaces in header names…) are refused.
        { MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr },
    };
    if (useTls) {
        options.push_back({ MHD_OPTION_HTTPS_MEM_CERT, 0, d->certificate.data() });
        options.push_back({ MHD_OPTION_HTTPS_MEM_KEY, 0, d->key.data() });
        options.push_back({ MHD_OPTION_HTTPS_PRIORITIES, 0,
            const_cast<char *>("NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2") });
    }
    options.push_back({ MHD_OPTION_END, 0, nullptr });

    // The callbacks above are plain functions; intptr_t casts are how libmicrohttpd's option array
    // carries them (MHD_OPTION_ARRAY). The URI and completed callbacks need no closure.
    d->daemon = MHD_start_daemon(flags, port, nullptr, nullptr, &Private::onRequest, d.get(),
        MHD_OPTION_ARRAY, options.data(), MHD_OPTION_END);
    if (d->daemon == nullptr) {
        *errorMessage = QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port);
        return 0;
    }
    const MHD_DaemonInfo *info = MHD_get_daemon_info(d->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info != nullptr ? quint16(info->port) : port;
}

void HttpServer::stop(int graceMs)
{
    if (d->daemon == nullptr)
        return;
    // No new connections; the answers being computed are handed back (a suspended connection must
    // be resumed before the daemon stops), then given a moment to be written.
    const MHD_socket listening = MHD_quiesce_daemon(d->daemon);
    if (listening != MHD_INVALID_SOCKET)
        ::close(listening);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
    {
        std::unique_lock lock(d->mutex);
        d->idle.wait_until(lock, deadline, [this] { return d->pending == 0; });
        if (d->pending != 0)
            qCWarning(lcHttp) << d->pending << "requests still being answered at shutdown";
    }
    // Keep-alive connections may stay open: only a short moment for the last answers to be written.
    const auto flushed
        = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(300));
    while (std::chrono::steady_clock::now() < flushed) {
        const MHD_DaemonInfo *info = MHD_get_daemon_info(d->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (info == nullptr || info->num_connections == 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    MHD_stop_daemon(d->daemon);
    d->daemon = nullptr;
}
