// bench_login: aidant logins per second and p50/p99 latency with N concurrent clients, against the real
// server process on SQLite and/or PostgreSQL (see docs/performance.md). Not a CTest test: run it through
// the `bench` target (cmake --build build/release --target bench).
//
// Every login uses a distinct aidant with its own card (the server refuses a replayed code and accepts
// only the current card step ±1), so the seeding creates warmup + logins aidants: the cards with one
// `import-cards` run, the aidants and their associations with one SQL script behind the server's back.
// The clients are plain keep-alive HTTP/1.1 connections driven by one event loop: each connection has
// exactly one request in flight at all times, so N connections = N concurrent clients.

#include "BenchSupport.h"
#include "TestServer.h"
#include "Totp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <vector>

#ifndef AC_BENCH_BUILD_TYPE
#define AC_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

using Bench::LoadDriver;

struct RunResult
{
    QString backend;
    int organisations = 1;
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

/// The login of aidant `index`, with its card's code for the current step (computed when it is sent).
LoadDriver::MakeRequest loginRequests(const std::vector<Bench::Aidant> &aidants)
{
    return [&aidants](int index) {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        return Bench::loginRequest(aidants[std::size_t(index)], Totp::timeStep(now, Totp::kCardStepSeconds));
    };
}

bool hasToken(int, int, const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().contains(QStringLiteral("token"));
}

bool runBackend(
    TestServer::Backend backend, int organisations, int clients, int logins, int warmup, RunResult *result)
{
    result->backend = Bench::backendLabel(backend);
    result->organisations = organisations;
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
    std::vector<Bench::Aidant> aidants;
    if (!Bench::seedAidants(server, warmup + logins, &aidants, {}, organisations))
        return false;
    result->seedSeconds = double(seedClock.elapsed()) / 1000.0;

    if (warmup > 0) {
        // Opens the server's pool threads and their database connections, warms the caches.
        LoadDriver driver(server.baseUrl(), 0, warmup, clients, loginRequests(aidants), hasToken);
        if (!driver.run(120000) || driver.ok() != warmup) {
            std::fprintf(stderr, "%s: warm-up failed (%d/%d ok): %s\n", qPrintable(result->backend),
                driver.ok(), warmup, driver.firstError().constData());
            return false;
        }
    }
    LoadDriver driver(server.baseUrl(), warmup, logins, clients, loginRequests(aidants), hasToken);
    const bool finished = driver.run(600000);
    const Bench::LatencySummary latency = Bench::summarize(driver.latenciesMs());
    result->ok = driver.ok();
    result->non200 = driver.non200();
    result->transportErrors = driver.transportErrors();
    result->seconds = driver.seconds();
    result->p50Ms = latency.p50Ms;
    result->p99Ms = latency.p99Ms;
    result->maxMs = latency.maxMs;
    result->meanMs = latency.meanMs;
    result->firstError = driver.firstError();
    // The concurrent logins must have left an intact journal chain (one connect_aidant entry each).
    QString output;
    result->journalOk
        = server.runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output) == 0;
    if (!result->journalOk)
        std::fprintf(
            stderr, "%s: journal verify failed: %s\n", qPrintable(result->backend), qPrintable(output));
    if (!finished)
        std::fprintf(
            stderr, "%s: timed out after %d answers\n", qPrintable(result->backend), driver.answered());
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
    parser.setApplicationDescription(
        QStringLiteral("Aidant logins per second and latency against the real server."));
    parser.addHelpOption();
    const QCommandLineOption backendsOption(QStringLiteral("backends"),
        QStringLiteral("Comma-separated: sqlite,postgresql (default: sqlite; "
                       "postgresql needs AC_TEST_PG_URL_FILE)."),
        QStringLiteral("list"), QStringLiteral("sqlite"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
        QStringLiteral("Concurrent clients (50)."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption loginsOption(QStringLiteral("logins"), QStringLiteral("Measured logins (5000)."),
        QStringLiteral("n"), QStringLiteral("5000"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
        QStringLiteral("Unmeasured logins first (200)."), QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption organisationsOption(QStringLiteral("organisations"),
        QStringLiteral(
            "Comma-separated organisation counts the aidants are spread over, one run each (1,50)."),
        QStringLiteral("list"), QStringLiteral("1,50"));
    parser.addOptions({ backendsOption, clientsOption, loginsOption, warmupOption, organisationsOption });
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
        if (!Bench::backendFromName(name, &backend)) {
            std::fprintf(stderr, "unknown backend %s\n", qPrintable(name));
            return 2;
        }
        for (const QString &count :
            parser.value(organisationsOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const int organisations = qMax(1, count.toInt());
            RunResult result;
            std::fprintf(stderr,
                "bench_login: %s, %d organisations, %d clients, %d logins (+%d warm-up)...\n",
                qPrintable(name), organisations, clients, logins, warmup);
            if (!runBackend(backend, organisations, clients, logins, warmup, &result) || !result.journalOk)
                allOk = false;
            if (result.ok + result.non200 + result.transportErrors > 0)
                results.append(result);
            if (result.non200 + result.transportErrors > 0) {
                std::fprintf(stderr, "%s: first error: %s\n", qPrintable(result.backend),
                    result.firstError.constData());
                allOk = false;
            }
        }
    }
    // The reference: pgbench -N (TPC-B without the branch and teller updates) on the same cluster with
    // the same client count, measured by run-bench.sh just before.
    const double pgbenchTps = qEnvironmentVariable("AC_BENCH_PGBENCH_TPS").toDouble();

    std::printf(
        "\nAidant logins (POST /api/v1/auth/login), %d concurrent clients, build %s, server threads 4\n\n",
        clients, AC_BENCH_BUILD_TYPE);
    std::printf(
        "| backend    | organisations | logins | errors | seconds | logins/s | ÷ pgbench -N | p50 ms | "
        "p99 ms | max ms | mean ms | journal |\n");
    std::printf(
        "|------------|--------------:|-------:|-------:|--------:|---------:|-------------:|-------:|"
        "-------:|-------:|--------:|---------|\n");
    for (const RunResult &r : results) {
        const double rate = r.seconds > 0 ? double(r.ok) / r.seconds : 0.0;
        const QString ratio
            = r.backend == Bench::backendLabel(TestServer::Backend::PostgreSql) && pgbenchTps > 0
            ? QString::number(rate / pgbenchTps, 'f', 2) + QLatin1Char('x')
            : QStringLiteral("-");
        std::printf(
            "| %-10s | %13d | %6d | %6d | %7.2f | %8.1f | %12s | %6.1f | %6.1f | %6.1f | %7.1f | %-7s |\n",
            qPrintable(r.backend), r.organisations, r.ok + r.non200 + r.transportErrors,
            r.non200 + r.transportErrors, r.seconds, rate, qPrintable(ratio), r.p50Ms, r.p99Ms, r.maxMs,
            r.meanMs, r.journalOk ? "intact" : "BROKEN");
    }
    if (pgbenchTps > 0)
        std::printf(
            "\n(pgbench -N on the same PostgreSQL cluster, %d clients: %.1f tps)\n", clients, pgbenchTps);
    std::printf("\n(errors = non-200 answers + transport errors; seeding, not measured, took");
    for (const RunResult &r : results)
        std::printf(" %s/%d %.1f s", qPrintable(r.backend), r.organisations, r.seedSeconds);
    std::printf(")\n");
    std::fflush(stdout);
    return allOk ? 0 : 1;
}
