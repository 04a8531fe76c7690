// bench_idp: complete identity-provider round trips per second and their p50/p99 latency with N concurrent
// clients, against our identity provider (the real server process) on SQLite and/or PostgreSQL, side by side
// in the same run with the reference oidc-provider (tools/franceconnect-sim/bench/reference-idp.mjs, node,
// single-threaded) serving the same code flow on this machine. Not a CTest test: run it through the `bench`
// target (see docs/performance.md).
//
// One round trip, ours (the aidant's choice is native in the desktop client, so « authorize with a session »
// is the client's two API calls, with the aidant's bearer token):
//   1. POST /api/v1/idp/requests {"authorize_url": ".../oidc/authorize?…&prompt=login"} -> id, usagers
//   2. POST /api/v1/idp/requests/{id}/choice {"usager_id", "demarche"}  -> redirect?code&state
//   3. POST /oidc/token (form, client_secret_post)                       -> access_token, id_token
//   4. GET  /oidc/userinfo (Bearer access_token)                         -> claims
// The token exchange writes a `use_autorisation` journal entry and an outbox email (the usager's notice).
// The reference (its session cookie from POST /__bench/session, once per client, not measured):
//   1. GET /auth?...(no prompt=login, see the script's header) with the Cookie  -> 303 Location ?code&state
//   2. POST /token (form)                                                        -> access_token, id_token
//   3. GET /me (Bearer access_token)                                             -> claims
//
// The same driver for both: N keep-alive HTTP/1.1 connections (raw QTcpSocket) on one event loop, each with
// one round trip at a time and one request in flight. A round trip's latency runs from writing its first
// request to having read its last answer. Every answer is checked (status and expected fields, state echoed);
// a round trip with any wrong answer or socket error counts as an error and not as completed.
//
// Setup, not measured: per backend, one mandat (papiers + transports) for each of the 9 test identities of
// the FranceConnect simulator (the real FranceConnect journey, MandatFixture), and N bench aidants (seeded
// like bench_login's, then logged in: one session token per client). Then a warm-up (default 100 round
// trips), then the measured ones (default 2000). Checked afterwards: `journal verify`, and one
// `use_autorisation` journal entry and one outbox email per completed round trip.

#include "BenchSupport.h"
#include "FranceConnectSim.h"
#include "MandatFixture.h"
#include "TestServer.h"
#include "Totp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStringList>
#include <QSysInfo>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#ifndef AC_BENCH_BUILD_TYPE
#define AC_BENCH_BUILD_TYPE "unknown"
#endif
#ifndef AC_FC_SIM_SOURCE_DIR
#define AC_FC_SIM_SOURCE_DIR ""
#endif

namespace {

// --- A multi-step keep-alive HTTP/1.1 driver ---

struct HttpRequest
{
    QByteArray method;
    QByteArray target; ///< path and query
    QByteArray contentType;
    QByteArray body;
    QByteArray authorization; ///< the whole header value, e.g. "Bearer …" (none when empty)
    QByteArray cookie; ///< none when empty
};

struct HttpReply
{
    int status = 0;
    QByteArray head; ///< the status line and headers
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        const QByteArray prefix = name.toLower() + ':';
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith(prefix))
                return line.mid(prefix.size()).trimmed();
        }
        return {};
    }
};

/// What the flow says after an answer (or at the start of a round trip).
struct Step
{
    enum Kind { Send, Done, Fail } kind = Fail;
    HttpRequest request;
    QByteArray error;
    static Step send(HttpRequest r) { return Step { Send, std::move(r), {} }; }
    static Step done() { return Step { Done, {}, {} }; }
    static Step fail(QByteArray e) { return Step { Fail, {}, std::move(e) }; }
};

/// The scratch state of one client's current round trip.
struct FlowState
{
    int client = 0;
    int roundTrip = 0; ///< global index of the round trip
    int step = 0; ///< index of the request in flight within the round trip
    QByteArray state;
    QByteArray requestId;
    QByteArray code;
    QByteArray accessToken;
};

/// @p answer is null at the start of a round trip; otherwise the answer to the request of `state.step`
/// (the flow advances `state.step` itself).
using Flow = std::function<Step(FlowState &state, const HttpReply *answer)>;

class FlowDriver : public QObject
{
public:
    FlowDriver(const QUrl &base, int total, int clients, int steps, Flow flow)
        : m_host(base.host())
        , m_port(quint16(base.port()))
        , m_total(total)
        , m_clients(clients)
        , m_flow(std::move(flow))
        , m_stepLatenciesMs(std::size_t(steps))
    {
        m_latenciesMs.reserve(std::size_t(total));
    }

    bool run(int timeoutMs)
    {
        m_clock.start();
        for (int i = 0; i < m_clients; ++i) {
            auto connection = std::make_unique<Connection>();
            connection->socket = new QTcpSocket(this);
            connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            connection->flow.client = i;
            Connection *c = connection.get();
            connect(c->socket, &QTcpSocket::connected, this, [this, c] {
                if (c->resumePending) {
                    c->resumePending = false;
                    write(c);
                } else {
                    startRoundTrip(c);
                }
            });
            connect(c->socket, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
            connect(c->socket, &QTcpSocket::errorOccurred, this,
                [this, c](QAbstractSocket::SocketError) { onSocketError(c); });
            m_connections.push_back(std::move(connection));
            c->socket->connectToHost(m_host, m_port);
        }
        QTimer timeout;
        timeout.setSingleShot(true);
        connect(&timeout, &QTimer::timeout, &m_loop, [this] { m_loop.exit(1); });
        timeout.start(timeoutMs);
        const bool finished = m_finished >= m_total || m_loop.exec() == 0;
        m_elapsedNs = m_clock.nsecsElapsed();
        for (auto &c : m_connections)
            c->socket->abort();
        return finished;
    }

    const std::vector<double> &latenciesMs() const { return m_latenciesMs; }
    const std::vector<std::vector<double>> &stepLatenciesMs() const { return m_stepLatenciesMs; }
    int completed() const { return m_completed; }
    int errors() const { return m_errors; }
    int finished() const { return m_finished; }
    double seconds() const { return double(m_elapsedNs) / 1e9; }
    QByteArray firstError() const { return m_firstError; }

private:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        QByteArray pending; ///< the request to write
        FlowState flow;
        qint64 roundTripStartNs = 0;
        qint64 requestSentNs = 0;
        bool busy = false; ///< a round trip is under way
        bool resumePending = false;
    };

    void startRoundTrip(Connection *c)
    {
        if (m_started >= m_total) {
            c->busy = false;
            return;
        }
        c->flow.roundTrip = m_started++;
        c->flow.step = 0;
        c->busy = true;
        c->roundTripStartNs = m_clock.nsecsElapsed();
        handle(c, m_flow(c->flow, nullptr));
    }

    void handle(Connection *c, Step step)
    {
        switch (step.kind) {
        case Step::Send:
            c->pending = serialize(step.request);
            write(c);
            return;
        case Step::Done:
            m_latenciesMs.push_back(double(m_clock.nsecsElapsed() - c->roundTripStartNs) / 1e6);
            ++m_completed;
            break;
        case Step::Fail:
            ++m_errors;
            if (m_firstError.isEmpty())
                m_firstError = "step " + QByteArray::number(c->flow.step + 1) + ": " + step.error.left(400);
            break;
        }
        finishRoundTrip(c);
    }

    void finishRoundTrip(Connection *c)
    {
        c->busy = false;
        ++m_finished;
        if (m_finished >= m_total) {
            m_loop.exit(0);
            return;
        }
        startRoundTrip(c);
    }

    QByteArray serialize(const HttpRequest &r) const
    {
        QByteArray out = r.method + ' ' + r.target + " HTTP/1.1\r\nHost: " + m_host.toLatin1() + ':'
            + QByteArray::number(m_port) + "\r\nConnection: keep-alive\r\n";
        if (!r.authorization.isEmpty())
            out += "Authorization: " + r.authorization + "\r\n";
        if (!r.cookie.isEmpty())
            out += "Cookie: " + r.cookie + "\r\n";
        if (r.method != "GET") {
            if (!r.contentType.isEmpty())
                out += "Content-Type: " + r.contentType + "\r\n";
            out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
        }
        out += "\r\n" + r.body;
        return out;
    }

    void write(Connection *c)
    {
        if (c->socket->state() != QAbstractSocket::ConnectedState) {
            c->resumePending = true;
            if (c->socket->state() == QAbstractSocket::UnconnectedState)
                c->socket->connectToHost(m_host, m_port);
            return;
        }
        c->buffer.clear();
        c->requestSentNs = m_clock.nsecsElapsed();
        c->socket->write(c->pending);
    }

    /// A whole answer in @p buffer: its length (head + body), and the reply; 0 while incomplete.
    static qsizetype parse(const QByteArray &buffer, HttpReply *reply, bool *close)
    {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return 0;
        const QByteArray head = buffer.left(headerEnd);
        qsizetype contentLength = -1;
        bool chunked = false;
        *close = false;
        const QList<QByteArray> lines = head.split('\n');
        for (const QByteArray &rawLine : lines) {
            const QByteArray line = rawLine.trimmed().toLower();
            if (line.startsWith("content-length:"))
                contentLength = line.mid(15).trimmed().toLongLong();
            else if (line.startsWith("transfer-encoding:") && line.contains("chunked"))
                chunked = true;
            else if (line.startsWith("connection:") && line.contains("close"))
                *close = true;
        }
        reply->status = lines.value(0).trimmed().split(' ').value(1).toInt();
        reply->head = head;
        qsizetype pos = headerEnd + 4;
        if (chunked) {
            QByteArray body;
            for (;;) {
                const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
                if (lineEnd < 0)
                    return 0;
                bool ok = false;
                const qsizetype size
                    = buffer.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
                if (!ok)
                    return -1;
                pos = lineEnd + 2;
                if (size == 0) {
                    // No trailers expected: the final CRLF.
                    if (buffer.size() < pos + 2)
                        return 0;
                    reply->body = body;
                    return pos + 2;
                }
                if (buffer.size() < pos + size + 2)
                    return 0;
                body += buffer.mid(pos, size);
                pos += size + 2;
            }
        }
        if (contentLength < 0)
            contentLength = 0;
        if (buffer.size() < pos + contentLength)
            return 0;
        reply->body = buffer.mid(pos, contentLength);
        return pos + contentLength;
    }

    void onReadyRead(Connection *c)
    {
        c->buffer += c->socket->readAll();
        if (!c->busy || c->resumePending)
            return;
        HttpReply reply;
        bool close = false;
        const qsizetype length = parse(c->buffer, &reply, &close);
        if (length == 0)
            return;
        if (length < 0) {
            c->socket->abort();
            fail(c, "malformed chunked answer");
            return;
        }
        c->buffer.clear();
        const std::size_t step = std::size_t(c->flow.step);
        if (step < m_stepLatenciesMs.size())
            m_stepLatenciesMs[step].push_back(double(m_clock.nsecsElapsed() - c->requestSentNs) / 1e6);
        if (close)
            c->socket->abort(); // reconnected by write() for the next request
        handle(c, m_flow(c->flow, &reply));
    }

    void fail(Connection *c, const QByteArray &error)
    {
        ++m_errors;
        if (m_firstError.isEmpty())
            m_firstError = "step " + QByteArray::number(c->flow.step + 1) + ": " + error;
        c->resumePending = false;
        c->socket->abort();
        c->busy = false;
        ++m_finished;
        if (m_finished >= m_total) {
            m_loop.exit(0);
            return;
        }
        // The next round trip on a fresh connection.
        c->socket->connectToHost(m_host, m_port);
    }

    void onSocketError(Connection *c)
    {
        if (!c->busy)
            return; // an idle connection closed by the server
        if (c->resumePending && c->socket->state() != QAbstractSocket::UnconnectedState)
            return;
        fail(c, "socket error: " + c->socket->errorString().toUtf8());
    }

    QString m_host;
    quint16 m_port = 0;
    int m_total = 0;
    int m_clients = 0;
    Flow m_flow;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<double> m_latenciesMs;
    std::vector<std::vector<double>> m_stepLatenciesMs;
    int m_started = 0;
    int m_finished = 0;
    int m_completed = 0;
    int m_errors = 0;
    QByteArray m_firstError;
    QElapsedTimer m_clock;
    qint64 m_elapsedNs = 0;
    QEventLoop m_loop;
};

// --- The two flows ---

QByteArray randomHex64()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return bytes.toHex();
}

QByteArray enc(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}

QByteArray queryValue(const QByteArray &url, const QString &name)
{
    return QUrlQuery(QUrl::fromEncoded(url)).queryItemValue(name, QUrl::FullyDecoded).toLatin1();
}

QByteArray tokenForm(
    const QByteArray &code, const QString &redirectUri, const QString &clientId, const QString &clientSecret)
{
    return "grant_type=authorization_code&code=" + enc(QString::fromLatin1(code)) + "&redirect_uri="
        + enc(redirectUri) + "&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
}

/// The token answer: access_token, a three-part id_token, token_type Bearer.
bool checkTokenAnswer(const HttpReply &a, QByteArray *accessToken)
{
    if (a.status != 200)
        return false;
    const QJsonObject o = QJsonDocument::fromJson(a.body).object();
    *accessToken = o.value(QStringLiteral("access_token")).toString().toLatin1();
    return !accessToken->isEmpty()
        && o.value(QStringLiteral("id_token")).toString().count(QLatin1Char('.')) == 2
        && o.value(QStringLiteral("token_type"))
               .toString()
               .compare(QLatin1String("Bearer"), Qt::CaseInsensitive)
        == 0;
}

bool checkClaims(const HttpReply &a)
{
    if (a.status != 200)
        return false;
    const QJsonObject o = QJsonDocument::fromJson(a.body).object();
    return !o.value(QStringLiteral("sub")).toString().isEmpty()
        && !o.value(QStringLiteral("given_name")).toString().isEmpty()
        && !o.value(QStringLiteral("family_name")).toString().isEmpty()
        && !o.value(QStringLiteral("birthdate")).toString().isEmpty();
}

QByteArray describe(const HttpReply &a)
{
    return "HTTP " + QByteArray::number(a.status) + ": " + a.body.left(300);
}

struct OidcClient
{
    QString clientId;
    QString clientSecret;
    QString redirectUri;
};

/// Our identity provider: 4 requests per round trip, the aidant's token per client.
Flow ourFlow(const QUrl &server, const OidcClient &client, const std::vector<QByteArray> &tokens)
{
    const QByteArray authorizePrefix = server.toString(QUrl::StripTrailingSlash).toLatin1()
        + "/oidc/authorize?response_type=code&client_id=" + enc(client.clientId) + "&redirect_uri="
        + enc(client.redirectUri) + "&scope=openid%20profile%20email%20birth&acr_values=eidas1";
    const QByteArray callbackPrefix = client.redirectUri.toLatin1() + '?';
    return [=](FlowState &s, const HttpReply *a) -> Step {
        const QByteArray bearer = "Bearer " + tokens[std::size_t(s.client)];
        if (!a) {
            s.state = randomHex64();
            const QByteArray url
                = authorizePrefix + "&state=" + s.state + "&nonce=" + randomHex64() + "&prompt=login";
            return Step::send({ "POST", "/api/v1/idp/requests", "application/json",
                "{\"authorize_url\":\"" + url + "\"}", bearer, {} });
        }
        switch (s.step) {
        case 0: {
            if (a->status != 200)
                return Step::fail(describe(*a));
            const QJsonObject o = QJsonDocument::fromJson(a->body).object();
            s.requestId = o.value(QStringLiteral("id")).toString().toLatin1();
            const QJsonArray usagers = o.value(QStringLiteral("usagers")).toArray();
            if (s.requestId.isEmpty() || usagers.isEmpty())
                return Step::fail("no request id or no usager: " + describe(*a));
            // Round robin over the usagers and their démarches.
            const QJsonObject usager = usagers.at(s.roundTrip % usagers.size()).toObject();
            const QJsonArray demarches = usager.value(QStringLiteral("demarches")).toArray();
            const qint64 usagerId = usager.value(QStringLiteral("id")).toInteger();
            if (usagerId <= 0 || demarches.isEmpty())
                return Step::fail("usager without id or démarche: " + describe(*a));
            const QString demarche
                = demarches.at((s.roundTrip / usagers.size()) % demarches.size()).toString();
            ++s.step;
            return Step::send({ "POST", "/api/v1/idp/requests/" + s.requestId + "/choice", "application/json",
                "{\"usager_id\":" + QByteArray::number(usagerId) + ",\"demarche\":\"" + demarche.toUtf8()
                    + "\"}",
                bearer, {} });
        }
        case 1: {
            if (a->status != 200)
                return Step::fail(describe(*a));
            const QByteArray redirect = QJsonDocument::fromJson(a->body)
                                            .object()
                                            .value(QStringLiteral("redirect"))
                                            .toString()
                                            .toLatin1();
            s.code = queryValue(redirect, QStringLiteral("code"));
            if (!redirect.startsWith(callbackPrefix) || s.code.isEmpty()
                || queryValue(redirect, QStringLiteral("state")) != s.state)
                return Step::fail("bad redirect: " + describe(*a));
            ++s.step;
            return Step::send({ "POST", "/oidc/token", "application/x-www-form-urlencoded",
                tokenForm(s.code, client.redirectUri, client.clientId, client.clientSecret), {}, {} });
        }
        case 2:
            if (!checkTokenAnswer(*a, &s.accessToken))
                return Step::fail(describe(*a));
            ++s.step;
            return Step::send({ "GET", "/oidc/userinfo", {}, {}, "Bearer " + s.accessToken, {} });
        default:
            return checkClaims(*a) ? Step::done() : Step::fail(describe(*a));
        }
    };
}

/// The reference oidc-provider: 3 requests per round trip, the session cookie per client.
Flow referenceFlow(const OidcClient &client, const std::vector<QByteArray> &cookies)
{
    const QByteArray authPrefix = "/auth?response_type=code&client_id=" + enc(client.clientId)
        + "&redirect_uri=" + enc(client.redirectUri)
        + "&scope=openid%20profile%20email%20birth&acr_values=eidas1";
    const QByteArray callbackPrefix = client.redirectUri.toLatin1() + '?';
    return [=](FlowState &s, const HttpReply *a) -> Step {
        if (!a) {
            s.state = randomHex64();
            return Step::send({ "GET", authPrefix + "&state=" + s.state + "&nonce=" + randomHex64(), {}, {},
                {}, cookies[std::size_t(s.client)] });
        }
        switch (s.step) {
        case 0: {
            const QByteArray location = a->header("location");
            s.code = queryValue(location, QStringLiteral("code"));
            if (a->status != 303 || !location.startsWith(callbackPrefix) || s.code.isEmpty()
                || queryValue(location, QStringLiteral("state")) != s.state)
                return Step::fail("bad redirect (" + location.left(200) + "): " + describe(*a));
            ++s.step;
            return Step::send({ "POST", "/token", "application/x-www-form-urlencoded",
                tokenForm(s.code, client.redirectUri, client.clientId, client.clientSecret), {}, {} });
        }
        case 1:
            if (!checkTokenAnswer(*a, &s.accessToken))
                return Step::fail(describe(*a));
            ++s.step;
            return Step::send({ "GET", "/me", {}, {}, "Bearer " + s.accessToken, {} });
        default:
            return checkClaims(*a) ? Step::done() : Step::fail(describe(*a));
        }
    };
}

// --- Runs ---

struct RunResult
{
    QString label;
    int requestsPerRoundTrip = 0;
    int completed = 0;
    int errors = 0;
    double seconds = 0;
    Bench::LatencySummary all;
    std::vector<Bench::LatencySummary> steps;
    QStringList stepNames;
    QByteArray firstError;
    double setupSeconds = 0;
    bool checked = true; ///< journal and outbox (ours); always true for the reference
    QString checks;
};

/// Warm-up then measured run of @p flow; fills @p result.
bool measure(
    const QUrl &base, int clients, int warmup, int roundTrips, int steps, const Flow &flow, RunResult *result)
{
    if (warmup > 0) {
        FlowDriver driver(base, warmup, clients, steps, flow);
        if (!driver.run(600000) || driver.completed() != warmup) {
            std::fprintf(stderr, "%s: warm-up failed (%d/%d completed): %s\n", qPrintable(result->label),
                driver.completed(), warmup, driver.firstError().constData());
            return false;
        }
    }
    FlowDriver driver(base, roundTrips, clients, steps, flow);
    const bool finished = driver.run(600000);
    result->completed = driver.completed();
    result->errors = driver.errors() + (roundTrips - driver.finished());
    result->seconds = driver.seconds();
    result->all = Bench::summarize(driver.latenciesMs());
    for (const auto &latencies : driver.stepLatenciesMs())
        result->steps.push_back(Bench::summarize(latencies));
    result->firstError = driver.firstError();
    if (!finished)
        std::fprintf(
            stderr, "%s: timed out after %d round trips\n", qPrintable(result->label), driver.finished());
    return finished;
}

qint64 queryNumber(TestServer &server, const QString &sql)
{
    QString output;
    if (server.runSqlBehindServer(sql, &output) != 0)
        return -1;
    return output.trimmed().split(QLatin1Char('\n')).last().trimmed().toLongLong();
}

bool runBackend(TestServer::Backend backend, int clients, int warmup, int roundTrips, RunResult *result)
{
    result->label = QStringLiteral("Aidants Connect (%1)").arg(Bench::backendLabel(backend));
    result->requestsPerRoundTrip = 4;
    result->stepNames = { QStringLiteral("requests"), QStringLiteral("choice"), QStringLiteral("token"),
        QStringLiteral("userinfo") };
    QElapsedTimer setupClock;
    setupClock.start();
    TestServer::Options options;
    options.backend = backend;
    options.franceConnect = true;
    options.identityProvider = QStringLiteral("ES256");
    TestServer server(options);
    if (!server.start()) {
        std::fprintf(stderr, "%s: the server (or the FranceConnect simulator) did not start\n",
            qPrintable(result->label));
        return false;
    }
    // One mandat (papiers + transports) per test identity, each signed by a fresh aidant through the real
    // FranceConnect journey.
    MandatFixture fixture(server);
    int usagers = 0;
    for (const auto &identity : FranceConnectSim::identities()) {
        const QString login = identity.value(QStringLiteral("login"));
        const QJsonObject mandat = fixture.createMandat(
            fixture.newAidant(), { QStringLiteral("papiers"), QStringLiteral("transports") }, login);
        if (mandat.isEmpty()) {
            std::fprintf(
                stderr, "%s: the mandat for %s failed\n", qPrintable(result->label), qPrintable(login));
            return false;
        }
        ++usagers;
    }
    // The bench aidants, one per client, logged in (not measured).
    std::vector<Bench::Aidant> aidants;
    if (!Bench::seedAidants(server, clients, &aidants))
        return false;
    std::vector<QByteArray> tokens(static_cast<std::size_t>(clients));
    {
        Bench::LoadDriver logins(
            server.baseUrl(), 0, clients, clients,
            [&aidants](int index) {
                return Bench::loginRequest(aidants[std::size_t(index)],
                    Totp::timeStep(QDateTime::currentSecsSinceEpoch(), Totp::kCardStepSeconds));
            },
            [&tokens](int index, int, const QByteArray &body) {
                tokens[std::size_t(index)] = QJsonDocument::fromJson(body)
                                                 .object()
                                                 .value(QStringLiteral("token"))
                                                 .toString()
                                                 .toLatin1();
                return !tokens[std::size_t(index)].isEmpty();
            });
        if (!logins.run(120000) || logins.ok() != clients) {
            std::fprintf(stderr, "%s: logins failed (%d/%d ok): %s\n", qPrintable(result->label), logins.ok(),
                clients, logins.firstError().constData());
            return false;
        }
    }
    const QString usesSql = QStringLiteral("SELECT COUNT(*) FROM journal WHERE action = 'use_autorisation';");
    const QString outboxSql = QStringLiteral("SELECT COUNT(*) FROM email_outbox;");
    const qint64 usesBefore = queryNumber(server, usesSql);
    const qint64 outboxBefore = queryNumber(server, outboxSql);
    result->setupSeconds = double(setupClock.elapsed()) / 1000.0;
    std::fprintf(stderr, "  %s: %d usagers with mandats, %d aidants logged in (setup %.1f s)\n",
        qPrintable(result->label), usagers, clients, result->setupSeconds);

    const OidcClient client { server.idpClientId(), server.idpClientSecret(),
        server.franceConnect()->aidantsConnectCallback().toString() };
    const bool finished = measure(
        server.baseUrl(), clients, warmup, roundTrips, 4, ourFlow(server.baseUrl(), client, tokens), result);

    // Every completed round trip (warm-up included) journaled one use and queued one notice.
    QString output;
    const bool journalOk
        = server.runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output) == 0;
    if (!journalOk)
        std::fprintf(
            stderr, "%s: journal verify failed: %s\n", qPrintable(result->label), qPrintable(output));
    const qint64 uses = queryNumber(server, usesSql) - usesBefore;
    const qint64 emails = queryNumber(server, outboxSql) - outboxBefore;
    const qint64 expected = qint64(warmup) + result->completed;
    result->checked = journalOk && uses == expected && emails == expected;
    result->checks
        = QStringLiteral("journal %1, %2 use_autorisation entries and %3 outbox emails for %4 completed "
                         "round trips (warm-up included)")
              .arg(journalOk ? QStringLiteral("intact") : QStringLiteral("BROKEN"))
              .arg(uses)
              .arg(emails)
              .arg(expected);
    if (!result->checked)
        std::fprintf(stderr, "%s: %s\n", qPrintable(result->label), qPrintable(result->checks));
    return finished;
}

/// The reference: node reference-idp.mjs on a free port, one session cookie per client, then the same load.
bool runReference(int clients, int warmup, int roundTrips, QString *nodeVersion, RunResult *result)
{
    result->label = QStringLiteral("oidc-provider (reference)");
    result->requestsPerRoundTrip = 3;
    result->stepNames = { QStringLiteral("auth"), QStringLiteral("token"), QStringLiteral("me") };
    QElapsedTimer setupClock;
    setupClock.start();
    const QString script = FranceConnectSim::directory() + QStringLiteral("/bench/reference-idp.mjs");
    if (!QFileInfo::exists(script)) {
        std::fprintf(stderr, "reference: %s not found (set AC_FC_SIM_DIR)\n", qPrintable(script));
        return false;
    }
    QProcess version;
    version.start(QStringLiteral("node"), { QStringLiteral("--version") });
    if (version.waitForFinished(10000))
        *nodeVersion = QString::fromLatin1(version.readAllStandardOutput().trimmed());

    // The same registration shape as FranceConnect's at our IdP.
    const OidcClient client { QStringLiteral("franceconnect-test"), QString::fromLatin1(randomHex64()),
        QStringLiteral("http://127.0.0.1:9/api/v2/aidants-connect/callback") };
    QProcess node;
    node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    node.setWorkingDirectory(FranceConnectSim::directory());
    node.start(QStringLiteral("node"),
        { script, QStringLiteral("--client-id"), client.clientId, QStringLiteral("--client-secret"),
            client.clientSecret, QStringLiteral("--redirect-uri"), client.redirectUri,
            QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
            QStringLiteral("0") });
    QUrl base;
    QByteArray out;
    QElapsedTimer wait;
    wait.start();
    while (wait.elapsed() < 30000 && node.state() != QProcess::NotRunning) {
        node.waitForReadyRead(200);
        out += node.readAllStandardOutput();
        const qsizetype eol = out.indexOf('\n');
        if (eol >= 0 && out.startsWith("listening on ")) {
            base = QUrl(QString::fromLatin1(out.mid(13, eol - 13).trimmed()));
            break;
        }
    }
    const auto stop = [&node] {
        if (node.state() != QProcess::NotRunning) {
            node.terminate();
            if (!node.waitForFinished(5000)) {
                node.kill();
                node.waitForFinished(2000);
            }
        }
    };
    if (!base.isValid() || base.port() <= 0) {
        std::fprintf(stderr, "reference: node did not start (stdout: %s)\n", out.constData());
        stop();
        return false;
    }
    // One session per client (not measured), with the same driver (node answers it chunked).
    std::vector<QByteArray> cookies(static_cast<std::size_t>(clients));
    {
        FlowDriver sessions(base, clients, clients, 1, [&cookies](FlowState &s, const HttpReply *a) -> Step {
            if (!a)
                return Step::send({ "POST", "/__bench/session", "application/json", {}, {}, {} });
            const QByteArray cookie = QJsonDocument::fromJson(a->body)
                                          .object()
                                          .value(QStringLiteral("cookie"))
                                          .toString()
                                          .toLatin1();
            if (a->status != 200 || cookie.isEmpty())
                return Step::fail(describe(*a));
            cookies[std::size_t(s.roundTrip)] = cookie;
            return Step::done();
        });
        if (!sessions.run(60000) || sessions.completed() != clients) {
            std::fprintf(stderr, "reference: sessions failed (%d/%d ok): %s\n", sessions.completed(), clients,
                sessions.firstError().constData());
            stop();
            return false;
        }
    }
    result->setupSeconds = double(setupClock.elapsed()) / 1000.0;
    const bool finished
        = measure(base, clients, warmup, roundTrips, 3, referenceFlow(client, cookies), result);
    stop();
    result->checks = QStringLiteral("in-memory store, no journal, no email");
    return finished;
}

QString machineFacts()
{
    QString cpu;
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    double memoryGb = 0;
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : meminfo.readAll().split('\n')) {
            if (line.startsWith("MemTotal:"))
                memoryGb = line.mid(9).trimmed().split(' ').value(0).toDouble() / 1024.0 / 1024.0;
        }
    }
    double load = -1;
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly))
        load = loadavg.readAll().split(' ').value(0).toDouble();
    return QStringLiteral("%1 cores (%2), %3 GB RAM, %4, Qt %5, load average %6 at the end")
        .arg(QThread::idealThreadCount())
        .arg(cpu.isEmpty() ? QStringLiteral("unknown CPU") : cpu)
        .arg(memoryGb, 0, 'f', 0)
        .arg(QSysInfo::prettyProductName(), QString::fromLatin1(qVersion()))
        .arg(load, 0, 'f', 2);
}

} // namespace

int main(int argc, char *argv[])
{
    // The server logs info lines per request; keep them quiet, as bench_login does.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qputenv("QT_LOGGING_RULES", "ac.*.info=false");
    // The FranceConnect simulator and the reference IdP live in the source tree (as for the tests).
    if (qEnvironmentVariableIsEmpty("AC_FC_SIM_DIR"))
        qputenv("AC_FC_SIM_DIR", AC_FC_SIM_SOURCE_DIR);
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Identity-provider round trips per second and latency: "
                                                    "our server against the reference oidc-provider."));
    parser.addHelpOption();
    const QCommandLineOption backendsOption(QStringLiteral("backends"),
        QStringLiteral("Comma-separated: sqlite,postgresql (default: sqlite; "
                       "postgresql needs AC_TEST_PG_URL_FILE)."),
        QStringLiteral("list"), QStringLiteral("sqlite"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
        QStringLiteral("Concurrent clients (50)."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption roundTripsOption(QStringLiteral("roundtrips"),
        QStringLiteral("Measured round trips per target (2000)."), QStringLiteral("n"),
        QStringLiteral("2000"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
        QStringLiteral("Unmeasured round trips first, per target (100)."), QStringLiteral("n"),
        QStringLiteral("100"));
    const QCommandLineOption noReferenceOption(
        QStringLiteral("no-reference"), QStringLiteral("Do not measure the reference oidc-provider."));
    parser.addOptions({ backendsOption, clientsOption, roundTripsOption, warmupOption, noReferenceOption });
    parser.process(app);
    const int clients = qMax(1, parser.value(clientsOption).toInt());
    const int roundTrips = qMax(1, parser.value(roundTripsOption).toInt());
    const int warmup = qMax(0, parser.value(warmupOption).toInt());

    if (qEnvironmentVariableIsEmpty("AC_SERVER_BINARY")) {
        std::fprintf(stderr, "AC_SERVER_BINARY is not set (run the `bench` target)\n");
        return 2;
    }
    QList<TestServer::Backend> backends;
    for (const QString &name : parser.value(backendsOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        TestServer::Backend backend;
        if (!Bench::backendFromName(name, &backend)) {
            std::fprintf(stderr, "unknown backend %s\n", qPrintable(name));
            return 2;
        }
        backends.append(backend);
    }

    QList<RunResult> results;
    bool allOk = true;
    const auto keep = [&](bool finished, const RunResult &result) {
        if (!finished || !result.checked)
            allOk = false;
        if (result.completed + result.errors > 0)
            results.append(result);
        if (result.errors > 0) {
            std::fprintf(
                stderr, "%s: first error: %s\n", qPrintable(result.label), result.firstError.constData());
            allOk = false;
        }
    };
    for (TestServer::Backend backend : backends) {
        std::fprintf(stderr, "bench_idp: %s, %d clients, %d round trips (+%d warm-up)...\n",
            qPrintable(Bench::backendLabel(backend)), clients, roundTrips, warmup);
        RunResult result;
        const bool finished = runBackend(backend, clients, warmup, roundTrips, &result);
        keep(finished, result);
    }
    QString nodeVersion;
    if (!parser.isSet(noReferenceOption)) {
        // After our servers have stopped: the reference has the machine to itself, as each of ours had.
        std::fprintf(stderr,
            "bench_idp: reference oidc-provider, %d clients, %d round trips (+%d warm-up)...\n", clients,
            roundTrips, warmup);
        RunResult result;
        const bool finished = runReference(clients, warmup, roundTrips, &nodeVersion, &result);
        keep(finished, result);
    }
    const RunResult *reference = nullptr;
    for (const RunResult &r : results) {
        if (r.label.startsWith(QLatin1String("oidc-provider")))
            reference = &r;
    }
    const auto rate
        = [](const RunResult &r) { return r.seconds > 0 ? double(r.completed) / r.seconds : 0.0; };

    std::printf("\nIdentity-provider round trips (authorize with a session -> code -> token -> userinfo), %d "
                "concurrent "
                "clients, %d measured round trips per target (+%d warm-up), build %s\n",
        clients, roundTrips, warmup, AC_BENCH_BUILD_TYPE);
    std::printf(
        "(ours: 4 requests per round trip [POST idp/requests, POST choice, POST /oidc/token, GET "
        "/oidc/userinfo],"
        " server with its default 4 database threads, a journal entry and an outbox email per round trip;\n"
        " reference: 3 requests [GET /auth with a session cookie, POST /token, GET /me], oidc-provider on "
        "node %s,"
        " single-threaded, in memory; same driver: keep-alive connections on one event loop, one round trip"
        " in flight per client;\n latency = first request written -> last answer read)\n\n",
        nodeVersion.isEmpty() ? "?" : qPrintable(nodeVersion));
    std::printf("| target                       | round trips | errors | seconds | round trips/s | p50 ms | "
                "p99 ms | max ms "
                "| mean ms | ours/reference |\n");
    std::printf("|------------------------------|------------:|-------:|--------:|--------------:|-------:|--"
                "-----:|-------:"
                "|--------:|---------------:|\n");
    for (const RunResult &r : results) {
        QString ratio = QStringLiteral("-");
        if (reference && &r != reference && rate(*reference) > 0)
            ratio = QStringLiteral("%1 x").arg(rate(r) / rate(*reference), 0, 'f', 2);
        std::printf("| %-28s | %11d | %6d | %7.2f | %13.1f | %6.1f | %6.1f | %6.1f | %7.1f | %14s |\n",
            qPrintable(r.label), r.completed + r.errors, r.errors, r.seconds, rate(r), r.all.p50Ms,
            r.all.p99Ms, r.all.maxMs, r.all.meanMs, qPrintable(ratio));
    }
    std::printf("\nPer request, p50/p99 ms:\n");
    for (const RunResult &r : results) {
        QStringList parts;
        for (int k = 0; k < r.stepNames.size() && k < int(r.steps.size()); ++k) {
            parts << QStringLiteral("%1 %2/%3")
                         .arg(r.stepNames.at(k))
                         .arg(r.steps[std::size_t(k)].p50Ms, 0, 'f', 1)
                         .arg(r.steps[std::size_t(k)].p99Ms, 0, 'f', 1);
        }
        std::printf("  %s: %s; %s (setup %.1f s, not measured)\n", qPrintable(r.label),
            qPrintable(parts.join(QStringLiteral(", "))), qPrintable(r.checks), r.setupSeconds);
    }
    std::printf(
        "\nMachine: %s; client, servers (and PostgreSQL) share the cores.\n", qPrintable(machineFacts()));
    std::fflush(stdout);
    return allOk ? 0 : 1;
}
