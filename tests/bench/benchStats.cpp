// bench_stats: GET /api/v1/stats (the public statistics, docs/stats.md) at national scale, against the real
// server process on SQLite and/or PostgreSQL (see docs/performance.md § Statistiques). Not a CTest test: run
// it through the `bench` target.
//
// Seeding, behind the server's back (one SQL script, set-based: a recursive CTE on SQLite, generate_series on
// PostgreSQL, in one transaction, then ANALYZE): O organisations (the fixture one and O - 1 more, postcodes
// spread over the départements, overseas ones included, 1 % excluded from the statistics, 1 % inactive),
// three aidants each (two with a confirmed phone app), one habilitation request in processing every third
// organisation, U usagers, M mandats and J use_autorisation journal entries spread over the organisations and
// the ten démarches. The journal entries extend the bench organisations' chains with made-up hashes: the
// chains are not verified here (benchmark data only).
//
// Measured, each request on one keep-alive HTTP/1.1 connection, from writing the request to having read the
// whole answer (loopback):
//  - the first answer after the start (the worker's first count, or the request's own);
//  - --requests GET /api/v1/stats, rotating national, ?departement=… and ?region=… : p50 / p99 / max;
//  - --requests GET /api/v1/referent/organisations/{fixture}/stats (counted on demand): p50 / p99;
//  - the reference: the full recount of the national figures (the test's SQL, through sqlite3 / psql, one
//    process each run, so its start is included: a few ms) : median of 3.

#include "BenchSupport.h"
#include "TestServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTcpSocket>
#include <QUrl>

#include <cstdio>
#include <vector>

#ifndef AC_BENCH_BUILD_TYPE
#define AC_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

/// One keep-alive HTTP/1.1 connection making blocking GET requests.
class HttpConnection
{
public:
    explicit HttpConnection(const QUrl &base)
        : m_host(base.host())
        , m_port(quint16(base.port()))
    {
    }

    bool get(const QByteArray &path, const QByteArray &token, int *status, QByteArray *body, double *ms)
    {
        if (m_socket.state() != QAbstractSocket::ConnectedState) {
            m_socket.abort();
            m_socket.connectToHost(m_host, m_port);
            if (!m_socket.waitForConnected(10000))
                return false;
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        }
        QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: " + m_host.toLatin1() + ':'
            + QByteArray::number(m_port) + "\r\nConnection: keep-alive\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        request += "\r\n";
        QElapsedTimer clock;
        clock.start();
        m_socket.write(request);
        QByteArray buffer;
        qsizetype headerEnd = -1;
        qsizetype contentLength = -1;
        for (;;) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(300000))
                return false;
            buffer += m_socket.readAll();
            if (headerEnd < 0) {
                headerEnd = buffer.indexOf("\r\n\r\n");
                if (headerEnd < 0)
                    continue;
                const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
                *status = lines.value(0).trimmed().split(' ').value(1).toInt();
                for (const QByteArray &rawLine : lines) {
                    const QByteArray line = rawLine.trimmed().toLower();
                    if (line.startsWith("content-length:"))
                        contentLength = line.mid(15).trimmed().toLongLong();
                }
                if (contentLength < 0)
                    return false;
            }
            if (buffer.size() >= headerEnd + 4 + contentLength)
                break;
        }
        *ms = double(clock.nsecsElapsed()) / 1e6;
        *body = buffer.mid(headerEnd + 4, contentLength);
        return true;
    }

private:
    QString m_host;
    quint16 m_port = 0;
    QTcpSocket m_socket;
};

struct RunResult
{
    QString backend;
    double seedSeconds = 0;
    double firstAnswerMs = 0;
    Bench::LatencySummary publicLatency;
    Bench::LatencySummary organisationLatency;
    double recountMs = 0;
    bool figuresOk = false;
    QString error;
};

QString seedSql(
    bool postgres, qint64 fixtureOrg, int organisations, int usagers, int mandats, int uses, qint64 now)
{
    const auto with = [postgres](int n) -> QString {
        return postgres
            ? QString()
            : QStringLiteral("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %1)\n")
                  .arg(n);
    };
    const auto from = [postgres](int n) -> QString {
        return postgres ? QStringLiteral("generate_series(1::bigint, %1) AS s(i)").arg(n)
                        : QStringLiteral("s");
    };
    const auto pad = [postgres](const QString &expression, int width) -> QString {
        const QString w = QString::number(width);
        return postgres
            ? QStringLiteral("lpad((") + expression + QStringLiteral(")::text, ") + w
                + QStringLiteral(", '0')")
            : QStringLiteral("printf('%0") + w + QStringLiteral("d', ") + expression + QStringLiteral(")");
    };
    const QString t = QStringLiteral("TRUE");
    const QString f = QStringLiteral("FALSE");
    // Organisation of index k (0 … O - 1): k = 0 is the fixture's, the others 1000 + k.
    const auto orgOf = [&](const QString &k) {
        return QStringLiteral("CASE WHEN (%1) = 0 THEN %2 ELSE 1000 + (%1) END").arg(k).arg(fixtureOrg);
    };
    const QString n = QString::number(now);
    QString sql = QStringLiteral("BEGIN;\n");
    // Postcodes: département 1 + i % 95 (20 is Corsica), every 40th overseas (971–974).
    sql += with(organisations - 1)
        + QStringLiteral(
            "INSERT INTO organisations (id, name, type, siret, postcode, allowed_demarches, is_active,"
            " excluded_from_stats, created_at)\n"
            "SELECT 1000 + i, 'Structure ' || i, 'CCAS', '21690123400019',"
            " CASE WHEN i % 40 = 0 THEN '97' || (1 + i % 4) || '10' ELSE %1 || '100' END, 'papiers',"
            " i % 100 <> 37, i % 100 = 0, %2 FROM %3;\n")
              .arg(pad(QStringLiteral("1 + i % 95"), 2), n, from(organisations - 1));
    // Three aidants per organisation (k = (i - 1) / 3), the first two with a confirmed phone app.
    sql += with(organisations * 3)
        + QStringLiteral(
            "INSERT INTO aidants (id, email, email_normalized, first_name, last_name,"
            " current_organisation_id, can_create_mandats, is_active, created_at)\n"
            "SELECT 100000 + i, 'b' || i || '@bench.example', 'b' || i || '@bench.example', 'Prénom',"
            " 'Nom', %1, %2, %2, %3 FROM %4;\n")
              .arg(orgOf(QStringLiteral("(i - 1) / 3")), t, n, from(organisations * 3));
    sql += QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) SELECT id,"
                          " current_organisation_id FROM aidants WHERE id > 100000;\n");
    sql += QStringLiteral(
        "INSERT INTO otp_devices (kind, secret_hex, step_seconds, aidant_id, confirmed, created_at)"
        " SELECT 'app', '', 30, id, %1, %2 FROM aidants WHERE id > 100000 AND id % 3 <> 0;\n")
               .arg(t, n);
    sql += with(organisations / 3)
        + QStringLiteral(
            "INSERT INTO habilitation_requests (organisation_id, first_name, last_name, email,"
            " email_normalized, profession, status, created_at, updated_at)\n"
            "SELECT %1, 'Prénom', 'Nom', 'r' || i || '@bench.example', 'r' || i || '@bench.example',"
            " 'Agent', 'processing', %2, %2 FROM %3;\n")
              .arg(orgOf(QStringLiteral("i * 3 % %1").arg(organisations)), n, from(organisations / 3));
    sql += with(usagers)
        + QStringLiteral(
            "INSERT INTO usagers (id, sub_hash, given_name, family_name, birthdate, gender, birthcountry,"
            " created_at, updated_at)\n"
            "SELECT i, 'bench-' || i, 'Usager', 'Bench', '1970-01-01', 'female', '99100', %1, %1"
            " FROM %2;\n")
              .arg(n, from(usagers));
    sql += with(mandats)
        + QStringLiteral(
            "INSERT INTO mandats (id, organisation_id, usager_id, aidant_id, duration, remote, created_at,"
            " expires_at, template_version)\n"
            "SELECT i, %1, 1 + i % %2, 100001 + 3 * (i % %3), 'LONG', %4, %5, %5 + 31536000000, 1"
            " FROM %6;\n")
              .arg(orgOf(QStringLiteral("i % %1").arg(organisations)))
              .arg(usagers)
              .arg(organisations)
              .arg(f, n, from(mandats));
    const QStringList catalogue { QStringLiteral("papiers"), QStringLiteral("famille"),
        QStringLiteral("social"), QStringLiteral("travail"), QStringLiteral("logement"),
        QStringLiteral("transports"), QStringLiteral("argent"), QStringLiteral("justice"),
        QStringLiteral("etranger"), QStringLiteral("loisirs") };
    QString demarche = QStringLiteral("CASE i % 10");
    for (int d = 0; d < catalogue.size(); ++d)
        demarche += QStringLiteral(" WHEN %1 THEN '%2'").arg(d).arg(catalogue.at(d));
    demarche += QStringLiteral(" END");
    // The entries extend each organisation's chain as the database requires (docs/journal.md § Chains):
    // consecutive positions, each previous hash the one before (made-up hashes: the chain is not
    // verified here). The bench organisations 1001… only, whose chains start empty.
    sql += QStringLiteral("INSERT INTO journal_heads (chain_id, last_seq, last_hash) SELECT id, 0,"
                          " 'bench-' || id || '-0' FROM organisations WHERE id > 1000;\n");
    const QString benchOrgs = QString::number(organisations - 1);
    const QString chainOrg = QStringLiteral("(1001 + (i - 1) % %1)").arg(benchOrgs);
    const QString chainSeq = QStringLiteral("((i - 1) / %1 + 1)").arg(benchOrgs);
    sql += with(uses)
        + QStringLiteral(
            "INSERT INTO journal (seq, chain_id, chain_seq, action, created_at, aidant_id, organisation_id,"
            " usager_id, demarches, previous_hash, hash)\n"
            "SELECT 1000000000 + i, %1, %2, 'use_autorisation', %3, 100001 + 3 * ((i - 1) % %4 + 1), %1,"
            " 1 + (i * 7) % %5, %6, 'bench-' || %1 || '-' || (%2 - 1), 'bench-' || %1 || '-' || %2"
            " FROM %7 ORDER BY i;\n")
              .arg(chainOrg, chainSeq, n, benchOrgs)
              .arg(usagers)
              .arg(demarche, from(uses));
    if (postgres) {
        for (const char *table : { "organisations", "aidants", "usagers", "mandats", "otp_devices" })
            sql += QStringLiteral(
                "SELECT setval(pg_get_serial_sequence('%1', 'id'), (SELECT MAX(id) FROM %1));\n")
                       .arg(QString::fromLatin1(table));
    }
    sql += QStringLiteral("COMMIT;\nANALYZE;\n");
    return sql;
}

/// The national figures recounted with plain SQL (the reference), one number per line.
QString recountSql()
{
    const QString counted
        = QStringLiteral("organisation_id IN (SELECT id FROM organisations WHERE NOT excluded_from_stats)");
    return QStringLiteral(
        "SELECT count(*) FROM journal WHERE action = 'use_autorisation' AND %1;\n"
        "SELECT count(DISTINCT usager_id) FROM journal WHERE action = 'use_autorisation' AND %1;\n"
        "SELECT count(*) FROM mandats WHERE %1;\n")
        .arg(counted);
}

bool runBackend(TestServer::Backend backend, int organisations, int usagers, int mandats, int uses,
    int requests, RunResult *result)
{
    result->backend = Bench::backendLabel(backend);
    TestServer::Options options;
    options.backend = backend;
    TestServer server(options);
    if (!server.start()) {
        result->error = QStringLiteral("server did not start");
        return false;
    }
    QElapsedTimer seedClock;
    seedClock.start();
    QString output;
    if (server.runSqlBehindServer(
            seedSql(backend == TestServer::Backend::PostgreSql, server.organisationId(), organisations,
                usagers, mandats, uses, QDateTime::currentMSecsSinceEpoch()),
            &output)
        != 0) {
        result->error = QStringLiteral("seeding failed: ") + output.left(500);
        return false;
    }
    result->seedSeconds = double(seedClock.elapsed()) / 1000;
    // A fresh server process: its worker counts the seeded data at start.
    server.stop();
    if (!server.restart()) {
        result->error = QStringLiteral("server did not restart");
        return false;
    }
    HttpConnection http(server.baseUrl());
    int status = 0;
    QByteArray body;
    double ms = 0;
    QElapsedTimer first;
    first.start();
    if (!http.get(QByteArrayLiteral("/api/v1/stats"), {}, &status, &body, &ms) || status != 200) {
        result->error = QStringLiteral("first answer: HTTP %1").arg(status);
        return false;
    }
    result->firstAnswerMs = double(first.nsecsElapsed()) / 1e6;
    const QJsonObject national = QJsonDocument::fromJson(body).object();

    // The reference: the full recount, and the figures must equal it.
    std::vector<double> recounts;
    QList<qint64> expected;
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer clock;
        clock.start();
        QString numbers;
        if (server.runSqlBehindServer(recountSql(), &numbers) != 0) {
            result->error = QStringLiteral("recount failed: ") + numbers.left(300);
            return false;
        }
        recounts.push_back(double(clock.nsecsElapsed()) / 1e6);
        expected.clear();
        for (const QString &line : numbers.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            expected.append(line.trimmed().toLongLong());
    }
    result->recountMs = Bench::percentile(recounts, 50);
    result->figuresOk = expected.size() == 3
        && national.value(QStringLiteral("demarches_realisees")).toInteger() == expected.at(0)
        && national.value(QStringLiteral("personnes_accompagnees")).toInteger() == expected.at(1)
        && national.value(QStringLiteral("mandats_crees")).toInteger() == expected.at(2);

    const QList<QByteArray> paths { QByteArrayLiteral("/api/v1/stats"),
        QByteArrayLiteral("/api/v1/stats?departement=75"), QByteArrayLiteral("/api/v1/stats?region=84"),
        QByteArrayLiteral("/api/v1/stats?departement=2A"),
        QByteArrayLiteral("/api/v1/stats?departement=971") };
    std::vector<double> latencies;
    for (int i = 0; i < requests; ++i) {
        if (!http.get(paths.at(i % paths.size()), {}, &status, &body, &ms) || status != 200) {
            result->error = QStringLiteral("public request %1: HTTP %2").arg(i).arg(status);
            return false;
        }
        latencies.push_back(ms);
    }
    result->publicLatency = Bench::summarize(latencies);

    const TestServer::Account referent = server.referent();
    const TestServer::HttpResult login = server.postJson(QStringLiteral("/api/v1/auth/login"),
        { { QStringLiteral("email"), referent.email },
            { QStringLiteral("code"), server.nextCode(referent) } });
    const QByteArray token = login.json.value(QStringLiteral("token")).toString().toLatin1();
    if (token.isEmpty()) {
        result->error = QStringLiteral("référent login failed: HTTP %1").arg(login.status);
        return false;
    }
    const QByteArray orgPath
        = "/api/v1/referent/organisations/" + QByteArray::number(server.organisationId()) + "/stats";
    latencies.clear();
    for (int i = 0; i < qMax(1, requests / 5); ++i) {
        if (!http.get(orgPath, token, &status, &body, &ms) || status != 200) {
            result->error = QStringLiteral("organisation request %1: HTTP %2").arg(i).arg(status);
            return false;
        }
        latencies.push_back(ms);
    }
    result->organisationLatency = Bench::summarize(latencies);
    return result->figuresOk;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qputenv("QT_LOGGING_RULES", "ac.*.info=false");
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("GET /api/v1/stats at national scale against the real server."));
    parser.addHelpOption();
    const QCommandLineOption backendsOption(QStringLiteral("backends"),
        QStringLiteral(
            "Comma-separated: sqlite,postgresql (default: sqlite; postgresql needs AC_TEST_PG_URL_FILE)."),
        QStringLiteral("list"), QStringLiteral("sqlite"));
    const QCommandLineOption orgsOption(QStringLiteral("organisations"),
        QStringLiteral("Organisations (3000)."), QStringLiteral("n"), QStringLiteral("3000"));
    const QCommandLineOption usagersOption(QStringLiteral("usagers"), QStringLiteral("Usagers (50000)."),
        QStringLiteral("n"), QStringLiteral("50000"));
    const QCommandLineOption mandatsOption(QStringLiteral("mandats"), QStringLiteral("Mandats (70000)."),
        QStringLiteral("n"), QStringLiteral("70000"));
    const QCommandLineOption usesOption(QStringLiteral("uses"),
        QStringLiteral("use_autorisation entries (1000000)."), QStringLiteral("n"),
        QStringLiteral("1000000"));
    const QCommandLineOption requestsOption(QStringLiteral("requests"),
        QStringLiteral("Measured GET /api/v1/stats (2000; a fifth as many per-organisation ones)."),
        QStringLiteral("n"), QStringLiteral("2000"));
    parser.addOptions(
        { backendsOption, orgsOption, usagersOption, mandatsOption, usesOption, requestsOption });
    parser.process(app);
    const int organisations = qMax(10, parser.value(orgsOption).toInt());
    const int usagers = qMax(10, parser.value(usagersOption).toInt());
    const int mandats = qMax(10, parser.value(mandatsOption).toInt());
    const int uses = qMax(10, parser.value(usesOption).toInt());
    const int requests = qMax(10, parser.value(requestsOption).toInt());
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
        std::fprintf(stderr, "bench_stats: %s, %d organisations, %d mandats, %d use_autorisation...\n",
            qPrintable(name), organisations, mandats, uses);
        RunResult result;
        if (!runBackend(backend, organisations, usagers, mandats, uses, requests, &result)) {
            allOk = false;
            std::fprintf(stderr, "bench_stats: %s: %s\n", qPrintable(name),
                qPrintable(result.error.isEmpty() ? QStringLiteral("figures differ from the recount")
                                                  : result.error));
        }
        results.append(result);
    }
    std::printf(
        "\nStatistics (GET /api/v1/stats): %d organisations, %d usagers, %d mandats, %d use_autorisation,"
        " build %s\n",
        organisations, usagers, mandats, uses, AC_BENCH_BUILD_TYPE);
    std::printf("(loopback, one keep-alive connection; %d public requests rotating national / département / "
                "région)\n\n",
        requests);
    std::printf(
        "| backend    | seed s | first answer ms | stats p50 ms | stats p99 ms | stats max ms | org p50 ms |"
        " org p99 ms | full recount ms (reference) | figures = recount |\n");
    std::printf(
        "|------------|-------:|----------------:|-------------:|-------------:|-------------:|-----------:|"
        "-----------:|----------------------------:|-------------------|\n");
    for (const RunResult &r : results) {
        std::printf(
            "| %-10s | %6.1f | %15.0f | %12.3f | %12.3f | %12.3f | %10.2f | %10.2f | %27.0f | %-17s |\n",
            qPrintable(r.backend), r.seedSeconds, r.firstAnswerMs, r.publicLatency.p50Ms,
            r.publicLatency.p99Ms, r.publicLatency.maxMs, r.organisationLatency.p50Ms,
            r.organisationLatency.p99Ms, r.recountMs, r.figuresOk ? "yes" : "NO");
    }
    return allOk ? 0 : 1;
}
