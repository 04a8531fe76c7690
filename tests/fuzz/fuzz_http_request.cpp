// A raw request on a TCP connection through the server's real HTTP layer and routing: HttpServer
// (GNU libmicrohttpd) and ApiServer::dispatch, on a migrated SQLite database, the identity provider
// enabled (HS256), handlers on the database pool as in production.
//
// Each input is written on a fresh blocking socket, the write side shut as soon as the answer starts
// or after 30 ms without one (so an incomplete request ends at once instead of at the idle timeout),
// and the answer read until the server closes (or 2 s).
//
// Invariants: the server answers nothing or an HTTP/1.1 status line with a three-digit status and a
// complete header block; never a 5xx other than 501 (a method it does not implement), 503 (database
// unavailable) or 505 (HTTP version); and every 64 inputs it still answers GET /api/v1/health with
// 200. AddressSanitizer and UBSan watch the HTTP thread and the pool threads too.
//
// AC_FUZZ_VERBOSE=1 keeps the server's log and prints each input's time and status line.
#include "ApiServer.h"
#include "Database.h"
#include "FuzzCheck.h"
#include "Secrets.h"
#include "ServerConfig.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace {

struct Server
{
    QTemporaryDir dir;
    ServerConfig config;
    std::unique_ptr<Database> database;
    std::unique_ptr<ApiServer> api;
    quint16 port = 0;
};

Server *g_server = nullptr;
constexpr int kReadTimeoutMs = 2000;

void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz_http_request: %s: %s\n", what, qPrintable(detail));
    std::abort();
}

bool waitReadable(int fd, int ms)
{
    pollfd p { fd, POLLIN, 0 };
    return ::poll(&p, 1, ms) > 0;
}

/// Whether @p answer holds a whole header block and the Content-Length it announces.
bool isComplete(const QByteArray &answer)
{
    const qsizetype end = answer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QByteArray head = answer.left(end).toLower();
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    if (at < 0)
        return true;
    const qsizetype eol = head.indexOf("\r\n", at + 2);
    const qsizetype length = head.mid(at + 17, eol < 0 ? -1 : eol - at - 17).trimmed().toLongLong();
    return answer.size() >= end + 4 + length;
}

/// Writes @p request on a new connection and returns everything the server sent until it closed
/// (or the timeout). The write side is shut once the answer has started, or after @p quietMs without
/// one: an incomplete request then ends at once instead of at the idle timeout. (libmicrohttpd takes
/// a half-close before the answer for a client that left: it may close without answering then.)
/// With @p quietMs < 0 the write side stays open and reading stops at the first complete answer.
QByteArray exchange(const QByteArray &request, int quietMs = 30, int timeoutMs = kReadTimeoutMs)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    FUZZ_CHECK(fd >= 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(g_server->port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
        fail("connect", QString::fromLocal8Bit(std::strerror(errno)));
    // The server may close before reading everything (413, 431, a malformed request line): not a finding.
    for (qsizetype sent = 0; sent < request.size();) {
        const ssize_t n = ::send(fd, request.constData() + sent, size_t(request.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += n;
    }
    if (quietMs >= 0) {
        waitReadable(fd, quietMs);
        ::shutdown(fd, SHUT_WR);
    }
    QByteArray answer;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0 || !waitReadable(fd, int(left)))
            break;
        char buffer[16384];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        answer.append(buffer, n);
        if (quietMs < 0 && isComplete(answer))
            break;
    }
    // Closed with a reset: thousands of connections a minute would otherwise leave as many local
    // ports in TIME_WAIT and exhaust them.
    const linger reset { 1, 0 };
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(fd);
    return answer;
}

int statusOf(const QByteArray &answer)
{
    if (!answer.startsWith("HTTP/1.1 ") || answer.size() < 12)
        return 0;
    for (int i = 9; i < 12; ++i) {
        if (answer.at(i) < '0' || answer.at(i) > '9')
            return 0;
    }
    return answer.mid(9, 3).toInt();
}

void checkAnswer(const QByteArray &answer)
{
    if (answer.isEmpty())
        return; // closed without an answer (a request cut by the shut write side, or refused early)
    const int status = statusOf(answer);
    if (status < 100 || status > 599)
        fail("not an HTTP/1.1 status line", QString::fromLatin1(answer.left(200).toPercentEncoding(" /:")));
    if (status >= 500 && status != 501 && status != 503 && status != 505)
        fail("server error", QString::fromLatin1(answer.left(2000)));
    if (!answer.contains("\r\n\r\n"))
        fail("incomplete header block", QString::fromLatin1(answer.left(2000)));
}

void checkHealth()
{
    QByteArray answer;
    for (int attempt = 1; attempt <= 5; ++attempt) {
        QElapsedTimer timer;
        timer.start();
        answer
            = exchange(QByteArrayLiteral("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), -1, 5000);
        if (statusOf(answer) == 200) {
            if (attempt > 1)
                std::fprintf(stderr, "fuzz_http_request: health answered at attempt %d\n", attempt);
            return;
        }
        std::fprintf(stderr, "fuzz_http_request: health attempt %d: %lld ms, %s\n", attempt, timer.elapsed(),
            answer.left(answer.indexOf('\r')).constData());
    }
    fail("GET /api/v1/health no longer answers 200", QString::fromLatin1(answer.left(2000)));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // Never destroyed: the exit handlers run the C++ thread_local destructors (the database's kept
    // statements) before those of a static QCoreApplication, whose cleanup closes the main thread's
    // connection with them (in the server, main()'s QCoreApplication goes first).
    new QCoreApplication(*argc, *argv);
    if (!std::getenv("AC_FUZZ_VERBOSE"))
        QLoggingCategory::setFilterRules(QStringLiteral("*=false")); // thousands of refusals logged otherwise
    g_server = new Server; // lives until the process exits (the HTTP and pool threads use it)
    FUZZ_CHECK(g_server->dir.isValid());
    static const std::string dir = g_server->dir.path().toStdString();
    std::atexit([] { std::filesystem::remove_all(dir); }); // the database of this run
    ServerConfig &config = g_server->config;
    config.listenAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.connectionTimeoutSeconds = 2;
    config.maxConnections = 64;
    config.databaseThreads = 2;
    config.database.driver = DatabaseConfig::Driver::Sqlite;
    config.database.sqlitePath = g_server->dir.filePath(QStringLiteral("fuzz.sqlite"));
    config.subSalt = QByteArrayLiteral("fuzz-salt-0123456789abcdef");
    config.identityProvider.clientId = QStringLiteral("franceconnect-client");
    config.identityProvider.clientSecret = QStringLiteral("0123456789abcdef0123456789abcdef-secret");
    config.identityProvider.idTokenAlgorithm = QStringLiteral("HS256");
    config.identityProvider.redirectUris
        = { QUrl(QStringLiteral("https://fc.example/oidc_callback/aidants-connect")) };
    config.identityProvider.postLogoutRedirectUris
        = { QUrl(QStringLiteral("https://fc.example/logout-callback")) };
    const auto key = SeedKey::fromFileContent(QByteArray(32, 'k'));
    FUZZ_CHECK(key.has_value());
    SeedCipher::setProcessKey(*key);

    g_server->database = std::make_unique<Database>(config.database);
    const Status opened = g_server->database->open();
    if (!opened)
        fail("database", opened.error().message);
    g_server->api = std::make_unique<ApiServer>(*g_server->database, config);
    QString error;
    if (!g_server->api->initialise(&error))
        fail("initialise", error);
    g_server->port = g_server->api->listen(&error);
    if (g_server->port == 0)
        fail("listen", error);
    checkHealth();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static quint64 runs = 0;
    if (size > 128 * 1024)
        return 0;
    QElapsedTimer timer;
    timer.start();
    const QByteArray answer = exchange(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (std::getenv("AC_FUZZ_VERBOSE"))
        std::fprintf(stderr, "%lld ms: %s <- %s\n", timer.elapsed(),
            answer.left(answer.indexOf('\r')).constData(),
            QByteArray(reinterpret_cast<const char *>(data), qsizetype(size))
                .left(120)
                .toPercentEncoding(" /:?=&")
                .constData());
    checkAnswer(answer);
    if (++runs % 64 == 0)
        checkHealth();
    return 0;
}
