// bench_login: aidant logins per second and p50/p99 latency with N concurrent clients, against the real
// server process on SQLite and/or PostgreSQL (see docs/performance.md). Not a CTest test: run it through
// the `bench` target (cmake --build build/release --target bench).
//
// Every login uses a distinct aidant with its own card (the server refuses a replayed code and accepts
// only the current card step ±1), so the seeding creates warmup + logins aidants: the cards with one
// `import-cards` run, the aidants and their associations with one SQL script behind the server's back.
// The clients are plain keep-alive HTTP/1.1 connections driven by one event loop: each connection has
// exactly one request in flight at all times, so N connections = N concurrent clients.

#include "TestServer.h"
#include "Totp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <QEventLoop>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#ifndef AC_BENCH_BUILD_TYPE
#define AC_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

struct BenchAidant
{
    QByteArray email;
    QByteArray secret;
};

struct RunResult
{
    QString backend;
    int clients = 0;
    int logins = 0;
    int ok = 0;
    int non200 = 0;
    int transportErrors = 0;
    double seconds = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double meanMs = 0;
    double seedSeconds = 0;
    QByteArray firstError;
    bool journalOk = false;
};

double percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    // Nearest-rank percentile.
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

/// Drives `clients` keep-alive connections, each with one login request in flight, until `total`
/// logins have been answered, over the aidants [first, first + total).
class LoadDriver : public QObject
{
public:
    LoadDriver(const QUrl &base, const std::vector<BenchAidant> &aidants, int first, int total, int clients)
        : m_host(base.host())
        , m_port(quint16(base.port()))
        , m_aidants(aidants)
        , m_next(first)
        , m_end(first + total)
        , m_total(total)
        , m_clients(clients)
    {
        m_latenciesMs.reserve(std::size_t(total));
    }

    /// Runs the load to completion (or the timeout); returns false on timeout.
    bool run(int timeoutMs)
    {
        m_clock.start();
        for (int i = 0; i < m_clients; ++i) {
            auto connection = std::make_unique<Connection>();
            connection->socket = new QTcpSocket(this);
            connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            Connection *c = connection.get();
            connect(c->socket, &QTcpSocket::connected, this, [this, c] { sendNext(c); });
            connect(c->socket, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
            connect(c->socket, &QTcpSocket::errorOccurred, this, [this, c](QAbstractSocket::SocketError) {
                onSocketError(c);
            });
            m_connections.push_back(std::move(connection));
            c->socket->connectToHost(m_host, m_port);
        }
        QTimer timeout;
        timeout.setSingleShot(true);
        connect(&timeout, &QTimer::timeout, &m_loop, [this] { m_loop.exit(1); });
        timeout.start(timeoutMs);
        const bool finished = m_answered >= m_total || m_loop.exec() == 0;
        m_elapsedNs = m_clock.nsecsElapsed();
        for (auto &c : m_connections)
            c->socket->abort();
        return finished;
    }

    const std::vector<double> &latenciesMs() const { return m_latenciesMs; }
    int answered() const { return m_answered; }
    int ok() const { return m_ok; }
    int non200() const { return m_non200; }
    int transportErrors() const { return m_transportErrors; }
    double seconds() const { return double(m_elapsedNs) / 1e9; }
    QByteArray firstError() const { return m_firstError; }

private:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        qint64 sentAtNs = 0;
        bool busy = false;
        int aidantIndex = -1;
    };

    void sendNext(Connection *c)
    {
        if (m_next >= m_end) {
            c->busy = false;
            return;
        }
        c->aidantIndex = m_next++;
        const BenchAidant &aidant = m_aidants[std::size_t(c->aidantIndex)];
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QString code = Totp::hotp(aidant.secret, quint64(Totp::timeStep(now, Totp::kCardStepSeconds)));
        const QByteArray body = "{\"email\":\"" + aidant.email + "\",\"code\":\"" + code.toLatin1() + "\"}";
        QByteArray request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: " + m_host.toLatin1() + ':'
            + QByteArray::number(m_port) + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body;
        c->buffer.clear();
        c->busy = true;
        c->sentAtNs = m_clock.nsecsElapsed();
        c->socket->write(request);
    }

    void onReadyRead(Connection *c)
    {
        c->buffer += c->socket->readAll();
        const int headerEnd = c->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0 || !c->busy)
            return;
        const QByteArray head = c->buffer.left(headerEnd);
        qsizetype contentLength = 0;
        bool close = false;
        const QList<QByteArray> lines = head.split('\n');
        for (const QByteArray &rawLine : lines) {
            const QByteArray line = rawLine.trimmed().toLower();
            if (line.startsWith("content-length:"))
                contentLength = line.mid(15).trimmed().toLongLong();
            else if (line.startsWith("connection:") && line.contains("close"))
                close = true;
        }
        if (c->buffer.size() < headerEnd + 4 + contentLength)
            return;
        const qint64 doneNs = m_clock.nsecsElapsed();
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        const int status = statusLine.value(1).toInt();
        const QByteArray body = c->buffer.mid(headerEnd + 4, contentLength);
        m_latenciesMs.push_back(double(doneNs - c->sentAtNs) / 1e6);
        ++m_answered;
        if (status == 200 && QJsonDocument::fromJson(body).object().contains(QStringLiteral("token"))) {
            ++m_ok;
        } else {
            ++m_non200;
            if (m_firstError.isEmpty())
                m_firstError = "HTTP " + QByteArray::number(status) + ": " + body.left(300);
        }
        c->busy = false;
        c->buffer.clear();
        if (m_answered >= m_total) {
            m_loop.exit(0);
            return;
        }
        if (close) {
            c->socket->abort();
            c->socket->connectToHost(m_host, m_port);
            return;
        }
        sendNext(c);
    }

    void onSocketError(Connection *c)
    {
        if (!c->busy)
            return; // an idle connection closed by the server: reconnect on the next use
        ++m_transportErrors;
        ++m_answered;
        if (m_firstError.isEmpty())
            m_firstError = "socket error: " + c->socket->errorString().toUtf8();
        c->busy = false;
        if (m_answered >= m_total) {
            m_loop.exit(0);
            return;
        }
        c->socket->abort();
        c->socket->connectToHost(m_host, m_port);
    }

    QString m_host;
    quint16 m_port = 0;
    const std::vector<BenchAidant> &m_aidants;
    int m_next = 0;
    int m_end = 0;
    int m_total = 0;
    int m_clients = 0;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<double> m_latenciesMs;
    int m_answered = 0;
    int m_ok = 0;
    int m_non200 = 0;
    int m_transportErrors = 0;
    QByteArray m_firstError;
    QElapsedTimer m_clock;
    qint64 m_elapsedNs = 0;
    QEventLoop m_loop;
};

/// Creates `count` aidants, each with a confirmed card of its own, in the server's organisation.
bool seed(TestServer &server, int count, std::vector<BenchAidant> *aidants)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return false;
    QByteArray csv("serial_number,seed\n");
    QString sql = QStringLiteral("BEGIN;\n");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int chunk = 500;
    for (int i = 0; i < count; ++i) {
        const QByteArray number = QByteArray::number(i + 1).rightJustified(6, '0');
        BenchAidant aidant;
        aidant.email = "bench" + number + "@bench.example";
        aidant.secret = QByteArray(20, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(aidant.secret.data()), 5);
        csv += "BENCH" + number + ',' + aidant.secret.toHex() + '\n';
        if (i % chunk == 0) {
            if (i > 0)
                sql += QStringLiteral(";\n");
            sql += QStringLiteral("INSERT INTO aidants (email, email_normalized, first_name, last_name, profession,"
                                  " current_organisation_id, created_at) VALUES\n");
        } else {
            sql += QStringLiteral(",\n");
        }
        sql += QStringLiteral("('%1', '%1', 'Aidant', 'Bench %2', 'Médiatrice numérique',"
                              " (SELECT MIN(id) FROM organisations), %3)")
                   .arg(QString::fromLatin1(aidant.email), QString::fromLatin1(number))
                   .arg(now);
        aidants->push_back(aidant);
    }
    sql += QStringLiteral(
        ";\nINSERT INTO aidant_organisations (aidant_id, organisation_id)"
        " SELECT id, current_organisation_id FROM aidants WHERE email_normalized LIKE 'bench%@bench.example';\n"
        "UPDATE otp_devices SET confirmed = TRUE, aidant_id = (SELECT a.id FROM aidants a"
        " WHERE a.email_normalized = lower(otp_devices.serial) || '@bench.example') WHERE serial LIKE 'BENCH%';\n"
        "COMMIT;\n"
        "SELECT COUNT(*) FROM otp_devices WHERE serial LIKE 'BENCH%' AND confirmed = TRUE AND aidant_id IS NOT NULL;\n");

    const QString csvPath = dir.filePath(QStringLiteral("bench-cards.csv"));
    QFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size())
        return false;
    file.close();
    QString output;
    if (server.runAdmin({ QStringLiteral("import-cards"), csvPath }, &output) != 0) {
        std::fprintf(stderr, "import-cards failed: %s\n", qPrintable(output));
        return false;
    }
    if (server.runSqlBehindServer(sql, &output) != 0) {
        std::fprintf(stderr, "seeding SQL failed: %s\n", qPrintable(output));
        return false;
    }
    if (output.trimmed().split(QLatin1Char('\n')).last().trimmed().toInt() != count) {
        std::fprintf(stderr, "seeding: expected %d associated cards, got: %s\n", count, qPrintable(output));
        return false;
    }
    return true;
}

bool runBackend(TestServer::Backend backend, int clients, int logins, int warmup, RunResult *result)
{
    result->backend = backend == TestServer::Backend::Sqlite ? QStringLiteral("SQLite") : QStringLiteral("PostgreSQL");
    result->clients = clients;
    result->logins = logins;
    TestServer::Options options;
    options.backend = backend;
    TestServer server(options);
    if (!server.start()) {
        std::fprintf(stderr, "%s: the server did not start\n", qPrintable(result->backend));
        return false;
    }
    QElapsedTimer seedClock;
    seedClock.start();
    std::vector<BenchAidant> aidants;
    if (!seed(server, warmup + logins, &aidants))
        return false;
    result->seedSeconds = double(seedClock.elapsed()) / 1000.0;

    if (warmup > 0) {
        // Opens the server's pool threads and their database connections, warms the caches.
        LoadDriver driver(server.baseUrl(), aidants, 0, warmup, clients);
        if (!driver.run(120000) || driver.ok() != warmup) {
            std::fprintf(stderr, "%s: warm-up failed (%d/%d ok): %s\n", qPrintable(result->backend), driver.ok(),
                         warmup, driver.firstError().constData());
            return false;
        }
    }
    LoadDriver driver(server.baseUrl(), aidants, warmup, logins, clients);
    const bool finished = driver.run(600000);
    const std::vector<double> &latencies = driver.latenciesMs();
    result->ok = driver.ok();
    result->non200 = driver.non200();
    result->transportErrors = driver.transportErrors();
    result->seconds = driver.seconds();
    result->p50Ms = percentile(latencies, 50);
    result->p99Ms = percentile(latencies, 99);
    result->maxMs = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
    double sum = 0;
    for (double l : latencies)
        sum += l;
    result->meanMs = latencies.empty() ? 0 : sum / double(latencies.size());
    result->firstError = driver.firstError();
    // The concurrent logins must have left an intact journal chain (one connect_aidant entry each).
    QString output;
    result->journalOk = server.runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output) == 0;
    if (!result->journalOk)
        std::fprintf(stderr, "%s: journal verify failed: %s\n", qPrintable(result->backend), qPrintable(output));
    if (!finished)
        std::fprintf(stderr, "%s: timed out after %d answers\n", qPrintable(result->backend), driver.answered());
    return finished;
}

} // namespace

int main(int argc, char *argv[])
{
    // The server logs one info line per login on stderr, which TestServer does not read: over a few
    // thousand logins the pipe would fill and block the server. Keep the server's info logs quiet.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qputenv("QT_LOGGING_RULES", "ac.*.info=false");
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Aidant logins per second and latency against the real server."));
    parser.addHelpOption();
    const QCommandLineOption backendsOption(QStringLiteral("backends"),
                                            QStringLiteral("Comma-separated: sqlite,postgresql (default: sqlite; "
                                                           "postgresql needs AC_TEST_PG_URL_FILE)."),
                                            QStringLiteral("list"), QStringLiteral("sqlite"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"), QStringLiteral("Concurrent clients (50)."),
                                           QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption loginsOption(QStringLiteral("logins"), QStringLiteral("Measured logins (5000)."),
                                          QStringLiteral("n"), QStringLiteral("5000"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"), QStringLiteral("Unmeasured logins first (200)."),
                                          QStringLiteral("n"), QStringLiteral("200"));
    parser.addOptions({ backendsOption, clientsOption, loginsOption, warmupOption });
    parser.process(app);
    const int clients = qMax(1, parser.value(clientsOption).toInt());
    const int logins = qMax(1, parser.value(loginsOption).toInt());
    const int warmup = qMax(0, parser.value(warmupOption).toInt());

    if (qEnvironmentVariableIsEmpty("AC_SERVER_BINARY")) {
        std::fprintf(stderr, "AC_SERVER_BINARY is not set (run the `bench` target)\n");
        return 2;
    }
    QList<RunResult> results;
    bool allOk = true;
    for (const QString &name : parser.value(backendsOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        TestServer::Backend backend;
        if (name == QLatin1String("sqlite"))
            backend = TestServer::Backend::Sqlite;
        else if (name == QLatin1String("postgresql"))
            backend = TestServer::Backend::PostgreSql;
        else {
            std::fprintf(stderr, "unknown backend %s\n", qPrintable(name));
            return 2;
        }
        RunResult result;
        std::fprintf(stderr, "bench_login: %s, %d clients, %d logins (+%d warm-up)...\n", qPrintable(name), clients,
                     logins, warmup);
        if (!runBackend(backend, clients, logins, warmup, &result) || !result.journalOk)
            allOk = false;
        if (result.ok + result.non200 + result.transportErrors > 0)
            results.append(result);
        if (result.non200 + result.transportErrors > 0) {
            std::fprintf(stderr, "%s: first error: %s\n", qPrintable(result.backend), result.firstError.constData());
            allOk = false;
        }
    }

    std::printf("\nAidant logins (POST /api/v1/auth/login), %d concurrent clients, build %s, server threads 4\n\n",
                clients, AC_BENCH_BUILD_TYPE);
    std::printf("| backend    | logins | errors | seconds | logins/s | p50 ms | p99 ms | max ms | mean ms | journal |\n");
    std::printf("|------------|-------:|-------:|--------:|---------:|-------:|-------:|-------:|--------:|---------|\n");
    for (const RunResult &r : results) {
        std::printf("| %-10s | %6d | %6d | %7.2f | %8.1f | %6.1f | %6.1f | %6.1f | %7.1f | %-7s |\n",
                    qPrintable(r.backend), r.ok + r.non200 + r.transportErrors, r.non200 + r.transportErrors,
                    r.seconds, r.seconds > 0 ? double(r.ok) / r.seconds : 0.0, r.p50Ms, r.p99Ms, r.maxMs, r.meanMs,
                    r.journalOk ? "intact" : "BROKEN");
    }
    std::printf("\n(errors = non-200 answers + transport errors; seeding, not measured, took");
    for (const RunResult &r : results)
        std::printf(" %s %.1f s", qPrintable(r.backend), r.seedSeconds);
    std::printf(")\n");
    std::fflush(stdout);
    return allOk ? 0 : 1;
}
