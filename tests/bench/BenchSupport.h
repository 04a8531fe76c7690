#pragma once

// What the benchmarks (bench_login, bench_sign) share: aidants seeded behind the server with cards of their
// own, a load driver of N keep-alive HTTP/1.1 clients on one event loop, and latency statistics.

#include "TestServer.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

class QTcpSocket;

namespace Bench {

struct Aidant
{
    QByteArray email;
    QByteArray secret;
};

/// Nearest-rank percentile of @p values (0 when empty).
double percentile(std::vector<double> values, double p);

struct LatencySummary
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double meanMs = 0;
};
LatencySummary summarize(const std::vector<double> &latenciesMs);

/// "sqlite" / "postgresql" → the backend; false for any other name.
bool backendFromName(const QString &name, TestServer::Backend *backend);
/// "SQLite" / "PostgreSQL", as printed in the tables.
QString backendLabel(TestServer::Backend backend);

/// Creates `count` aidants, each with a confirmed card of its own, in the server's organisation: the cards
/// with one `import-cards` run, the aidants, their associations and @p extraSql (run last, in the same
/// transaction: it may refer to the aidants by email) with one SQL script behind the server's back. The
/// aidants' emails are "bench000001@bench.example"… in order. With @p organisations > 1, as many new
/// organisations ("Bench structure 001"…, the démarches of the server's organisation) share the aidants in
/// turn (aidant i in organisation i mod N), as logins and signatures spread over the country's structures.
bool seedAidants(TestServer &server, int count, std::vector<Aidant> *aidants, const QString &extraSql = {},
    int organisations = 1);

/// One JSON POST to send: the path, the body, and a bearer token (none when empty).
struct Request
{
    QByteArray path;
    QByteArray body;
    QByteArray bearerToken;
};

/// POST /api/v1/auth/login for @p aidant with its card's code for the time step @p step.
Request loginRequest(const Aidant &aidant, qint64 step);

/// Drives `clients` keep-alive connections, each with one request in flight, until the requests
/// [first, first + total) have been answered. The requests are made when they are sent (so that an OTP
/// code is computed at the last moment); an answer counts as ok when `check` says so.
class LoadDriver : public QObject
{
public:
    using MakeRequest = std::function<Request(int index)>;
    using CheckAnswer = std::function<bool(int index, int status, const QByteArray &body)>;

    LoadDriver(
        const QUrl &base, int first, int total, int clients, MakeRequest makeRequest, CheckAnswer check);
    ~LoadDriver() override;

    /// Runs the load to completion (or the timeout); returns false on timeout.
    bool run(int timeoutMs);

    /// One latency per HTTP answer (none for a transport error), in the order of the answers.
    const std::vector<double> &latenciesMs() const { return m_latenciesMs; }
    /// The request index of each entry of latenciesMs().
    const std::vector<int> &indices() const { return m_indices; }
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
        int index = -1;
    };

    void sendNext(Connection *c);
    void onReadyRead(Connection *c);
    void onSocketError(Connection *c);

    QString m_host;
    quint16 m_port = 0;
    int m_next = 0;
    int m_end = 0;
    int m_total = 0;
    int m_clients = 0;
    MakeRequest m_makeRequest;
    CheckAnswer m_check;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<double> m_latenciesMs;
    std::vector<int> m_indices;
    int m_answered = 0;
    int m_ok = 0;
    int m_non200 = 0;
    int m_transportErrors = 0;
    QByteArray m_firstError;
    QElapsedTimer m_clock;
    qint64 m_elapsedNs = 0;
    QEventLoop m_loop;
};

} // namespace Bench
