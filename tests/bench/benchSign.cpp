// bench_sign: mandat signatures per second and the p50/p99 latency of POST /api/v1/mandat-drafts/{id}/sign
// with N concurrent clients, against the real server process on SQLite and/or PostgreSQL (see
// docs/performance.md). Not a CTest test: run it through the `bench` target.
//
// The latency is the one the client observes on loopback: from writing the request to having read the whole
// answer, i.e. the server's time from the request received to the mandat committed and answered, plus the
// loopback round trip and the queueing in the server (50 clients, 4 server threads).
//
// Seeding, behind the server's back as bench_login does (one `import-cards` run, one SQL script): one aidant
// with its own card per signature (a card code is accepted once, and only within the current step ±1), one
// usager per signature, and one draft per signature already in the `identified` state (as after the
// FranceConnect journey), with 2 or 3 démarches, SEMESTER. Then every aidant logs in (not measured), the
// warm-up signatures run (not measured), then the measured ones. By default 10 % of the measured signatures
// are for a usager that a warm-up signature already gave a mandat, with the same démarches, so those
// signatures also revoke the earlier autorisations (the replacement path: more rows locked and written, one
// more journal entry per revoked autorisation).
//
// Afterwards: all answers must be 200 with a mandat id, `journal verify` must pass, and the database must
// hold exactly one mandat per signature, one autorisation per démarche signed and the expected number of
// revoked autorisations (with as many cancel_autorisation journal entries).

#include "BenchSupport.h"
#include "TestServer.h"
#include "Totp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <vector>

#ifndef AC_BENCH_BUILD_TYPE
#define AC_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

using Bench::LoadDriver;

constexpr qint64 kDraftLifetimeMs = 24LL * 3600 * 1000; // far beyond the run

struct Signature
{
    QByteArray draftId;
    QStringList demarches;
    int usager = 0; ///< index of the usager (its sub_hash is derived from it)
    bool replaces = false; ///< same usager and démarches as an earlier (warm-up) signature
};

struct Plan
{
    int warmup = 0;
    int measured = 0;
    std::vector<Signature> signatures; ///< warm-up first, then the measured ones
    int usagers = 0;
    int replacing = 0; ///< measured signatures that replace earlier autorisations
    int expectedRevoked = 0; ///< autorisations those signatures revoke
    int expectedAutorisations = 0;
};

struct RunResult
{
    QString backend;
    int ok = 0;
    int non200 = 0;
    int transportErrors = 0;
    double seconds = 0;
    Bench::LatencySummary all;
    Bench::LatencySummary replacing;
    Bench::LatencySummary fresh;
    double seedSeconds = 0;
    double loginSeconds = 0;
    QByteArray firstError;
    bool journalOk = false;
    bool countsOk = false;
    QString counts;
    int organisations = 1;
    int replacingCount = 0;
};

QByteArray randomDraftId()
{
    // 32 random bytes in base64url: the 43 characters of [A-Za-z0-9_-] the server makes
    // (Secrets::randomToken).
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString usagerSubHash(int usager)
{
    // Stands for the HMAC of FranceConnect's sub: 64 hex characters, unique per usager.
    const QByteArray sub = "bench-usager-" + QByteArray::number(usager);
    return QString::fromLatin1(QCryptographicHash::hash(sub, QCryptographicHash::Sha256).toHex());
}

/// warmup + measured signatures; `replacePercent` % of the measured ones (evenly spread) reuse the usager and
/// démarches of a distinct warm-up signature (the warm-up is made large enough for that).
Plan makePlan(int warmup, int measured, int replacePercent, int organisations)
{
    Plan plan;
    plan.measured = measured;
    const int replacing = int(qint64(measured) * replacePercent / 100);
    // A replaced signature is one of the warm-up of the same organisation (aidant i is in organisation
    // i mod N, see Bench::seedAidants): enough warm-up signatures in every organisation.
    plan.warmup = std::max(warmup, replacing + (organisations > 1 ? 2 * organisations : 0));
    const QStringList catalogue { QStringLiteral("argent"), QStringLiteral("etranger"),
        QStringLiteral("famille"), QStringLiteral("justice"), QStringLiteral("logement"),
        QStringLiteral("loisirs"), QStringLiteral("papiers"), QStringLiteral("social"),
        QStringLiteral("transports"), QStringLiteral("travail") };
    QRandomGenerator random(20240601); // the same démarches at every run
    std::vector<std::deque<int>> replaceable(std::size_t(std::max(1, organisations)));
    int owed = 0; // replacements due, waiting for a signature of an organisation with a warm-up usager left
    const int total = plan.warmup + measured;
    plan.signatures.reserve(std::size_t(total));
    for (int i = 0; i < total; ++i) {
        Signature s;
        s.draftId = randomDraftId();
        const int j = i - plan.warmup; // index among the measured signatures
        std::deque<int> &sameOrganisation = replaceable[std::size_t(i % int(replaceable.size()))];
        // Spread evenly: measured signature j replaces when floor(j * replacing / measured) steps up; with
        // several organisations, at the next signature whose organisation has a warm-up usager left.
        if (j >= 0 && qint64(j + 1) * replacing / measured > qint64(j) * replacing / measured)
            ++owed;
        s.replaces = owed > 0 && !sameOrganisation.empty();
        if (s.replaces)
            --owed;
        if (s.replaces) {
            const Signature &earlier = plan.signatures[std::size_t(sameOrganisation.front())];
            sameOrganisation.pop_front();
            s.usager = earlier.usager;
            s.demarches = earlier.demarches;
            plan.expectedRevoked += int(s.demarches.size());
            ++plan.replacing;
        } else {
            s.usager = plan.usagers++;
            const int count = 2 + int(random.bounded(2)); // 2 or 3 démarches
            while (s.demarches.size() < count) {
                const QString d = catalogue.at(int(random.bounded(quint32(catalogue.size()))));
                if (!s.demarches.contains(d))
                    s.demarches.append(d);
            }
            s.demarches.sort();
            if (j < 0)
                sameOrganisation.push_back(i);
        }
        plan.expectedAutorisations += int(s.demarches.size());
        plan.signatures.push_back(s);
    }
    return plan;
}

/// The usagers and the identified drafts, run after the aidants in the seeding transaction.
QString seedSql(const Plan &plan)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int chunk = 500;
    QString sql;
    for (int u = 0; u < plan.usagers; ++u) {
        if (u % chunk == 0) {
            if (u > 0)
                sql += QStringLiteral(";\n");
            sql += QStringLiteral(
                "INSERT INTO usagers (sub_hash, given_name, family_name, preferred_username,"
                " birthdate, gender, birthplace, birthcountry, email, created_at, updated_at)"
                " VALUES\n");
        } else {
            sql += QStringLiteral(",\n");
        }
        sql += QStringLiteral("('%1', 'Angela Claire', 'Usager %2', '', '1962-08-24', '%3', '75107', '99100',"
                              " 'usager%2@bench.example', %4, %4)")
                   .arg(usagerSubHash(u), QString::number(u + 1).rightJustified(6, QLatin1Char('0')),
                       u % 2 ? QStringLiteral("male") : QStringLiteral("female"))
                   .arg(now);
    }
    if (plan.usagers > 0)
        sql += QStringLiteral(";\n");
    for (int i = 0; i < int(plan.signatures.size()); ++i) {
        const Signature &s = plan.signatures[std::size_t(i)];
        if (i % chunk == 0) {
            if (i > 0)
                sql += QStringLiteral(";\n");
            sql += QStringLiteral(
                "INSERT INTO mandat_drafts (id, aidant_id, organisation_id, demarches, duration,"
                " remote, remote_consent_certified, state, usager_id, created_at, expires_at)"
                " VALUES\n");
        } else {
            sql += QStringLiteral(",\n");
        }
        // Signature i belongs to aidant i (see Bench::seedAidants for the emails).
        sql += QStringLiteral(
            "('%1', (SELECT id FROM aidants WHERE email_normalized = 'bench%2@bench.example'),"
            " (SELECT current_organisation_id FROM aidants WHERE email_normalized = 'bench%2@bench.example'),"
            " '%3', 'SEMESTER', FALSE, FALSE, 'identified',"
            " (SELECT id FROM usagers WHERE sub_hash = '%4'), %5, %6)")
                   .arg(QString::fromLatin1(s.draftId),
                       QString::number(i + 1).rightJustified(6, QLatin1Char('0')),
                       s.demarches.join(QLatin1Char(',')), usagerSubHash(s.usager))
                   .arg(now)
                   .arg(now + kDraftLifetimeMs);
    }
    if (!plan.signatures.empty())
        sql += QStringLiteral(";\n");
    return sql;
}

/// Runs `sql` behind the server; the integers of its output, one per line.
QList<qint64> queryNumbers(TestServer &server, const QString &sql, bool *ok)
{
    QString output;
    QList<qint64> numbers;
    *ok = server.runSqlBehindServer(sql, &output) == 0;
    for (const QString &line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        numbers.append(line.trimmed().toLongLong());
    return numbers;
}

bool runBackend(
    TestServer::Backend backend, int organisations, int clients, const Plan &plan, RunResult *result)
{
    result->backend = Bench::backendLabel(backend);
    result->organisations = organisations;
    result->replacingCount = plan.replacing;
    TestServer::Options options;
    options.backend = backend;
    TestServer server(options);
    if (!server.start()) {
        std::fprintf(stderr, "%s: the server did not start\n", qPrintable(result->backend));
        return false;
    }
    const int total = int(plan.signatures.size());
    QElapsedTimer seedClock;
    seedClock.start();
    std::vector<Bench::Aidant> aidants;
    if (!Bench::seedAidants(server, total, &aidants, seedSql(plan), organisations))
        return false;
    bool queryOk = false;
    const QList<qint64> drafts = queryNumbers(server,
        QStringLiteral(
            "SELECT COUNT(*) FROM mandat_drafts WHERE state = 'identified' AND usager_id IS NOT NULL;"),
        &queryOk);
    if (!queryOk || drafts.value(0) != total) {
        std::fprintf(stderr, "%s: seeding: expected %d identified drafts, got %lld\n",
            qPrintable(result->backend), total, drafts.value(0));
        return false;
    }
    result->seedSeconds = double(seedClock.elapsed()) / 1000.0;

    // Every aidant logs in (not measured): the signatures use its session token. The card step of each login
    // is kept: the signature's code must be for a later step (the server refuses a replayed step).
    const auto count = std::size_t(total);
    std::vector<QByteArray> tokens(count);
    std::vector<qint64> loginSteps(count, -1);
    {
        LoadDriver logins(
            server.baseUrl(), 0, total, clients,
            [&aidants, &loginSteps](int index) {
                const qint64 step
                    = Totp::timeStep(QDateTime::currentSecsSinceEpoch(), Totp::kCardStepSeconds);
                loginSteps[std::size_t(index)] = step;
                return Bench::loginRequest(aidants[std::size_t(index)], step);
            },
            [&tokens](int index, int, const QByteArray &body) {
                tokens[std::size_t(index)] = QJsonDocument::fromJson(body)
                                                 .object()
                                                 .value(QStringLiteral("token"))
                                                 .toString()
                                                 .toLatin1();
                return !tokens[std::size_t(index)].isEmpty();
            });
        if (!logins.run(600000) || logins.ok() != total) {
            std::fprintf(stderr, "%s: logins failed (%d/%d ok): %s\n", qPrintable(result->backend),
                logins.ok(), total, logins.firstError().constData());
            return false;
        }
        result->loginSeconds = logins.seconds();
    }

    const auto signRequest = [&plan, &aidants, &tokens, &loginSteps](int index) {
        const Signature &s = plan.signatures[std::size_t(index)];
        // The current step, or the next one if the login used the current step (the server accepts ±1).
        const qint64 now = Totp::timeStep(QDateTime::currentSecsSinceEpoch(), Totp::kCardStepSeconds);
        const qint64 step = std::max(now, loginSteps[std::size_t(index)] + 1);
        const QString code = Totp::hotp(aidants[std::size_t(index)].secret, quint64(step));
        const QByteArray body = "{\"code\":\"" + code.toLatin1()
            + "\",\"consents\":{\"information_given\":true,\"remote_written_consent\":false}}";
        const QByteArray path = "/api/v1/mandat-drafts/" + s.draftId + "/sign";
        return Bench::Request { path, body, tokens[std::size_t(index)] };
    };
    const auto isMandat = [](int, int, const QByteArray &body) {
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("id")).toInteger() > 0;
    };
    if (plan.warmup > 0) {
        // Opens the server's pool threads and their database connections, warms the caches, and gives the
        // usagers of the replacing signatures their first mandat.
        LoadDriver driver(server.baseUrl(), 0, plan.warmup, clients, signRequest, isMandat);
        if (!driver.run(600000) || driver.ok() != plan.warmup) {
            std::fprintf(stderr, "%s: warm-up failed (%d/%d ok): %s\n", qPrintable(result->backend),
                driver.ok(), plan.warmup, driver.firstError().constData());
            return false;
        }
    }
    LoadDriver driver(server.baseUrl(), plan.warmup, plan.measured, clients, signRequest, isMandat);
    const bool finished = driver.run(600000);
    result->ok = driver.ok();
    result->non200 = driver.non200();
    result->transportErrors = driver.transportErrors();
    result->seconds = driver.seconds();
    result->all = Bench::summarize(driver.latenciesMs());
    std::vector<double> replacing;
    std::vector<double> fresh;
    for (std::size_t k = 0; k < driver.latenciesMs().size(); ++k) {
        (plan.signatures[std::size_t(driver.indices()[k])].replaces ? replacing : fresh)
            .push_back(driver.latenciesMs()[k]);
    }
    result->replacing = Bench::summarize(replacing);
    result->fresh = Bench::summarize(fresh);
    result->firstError = driver.firstError();
    if (!finished)
        std::fprintf(
            stderr, "%s: timed out after %d answers\n", qPrintable(result->backend), driver.answered());

    // The concurrent signatures must have left an intact journal chain and exactly what they signed.
    QString output;
    result->journalOk
        = server.runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output) == 0;
    if (!result->journalOk)
        std::fprintf(
            stderr, "%s: journal verify failed: %s\n", qPrintable(result->backend), qPrintable(output));
    const QList<qint64> counts = queryNumbers(server,
        QStringLiteral(
            "SELECT COUNT(*) FROM mandats;\n"
            "SELECT COUNT(*) FROM mandat_drafts WHERE state = 'signed' AND mandat_id IS NOT NULL;\n"
            "SELECT COUNT(*) FROM autorisations;\n"
            "SELECT COUNT(*) FROM autorisations WHERE revoked_at IS NOT NULL;\n"
            "SELECT COUNT(*) FROM journal WHERE action = 'create_attestation';\n"
            "SELECT COUNT(*) FROM journal WHERE action = 'cancel_autorisation';\n"),
        &queryOk);
    const QList<qint64> expected { total, total, plan.expectedAutorisations, plan.expectedRevoked, total,
        plan.expectedRevoked };
    result->countsOk = queryOk && counts == expected;
    result->counts = QStringLiteral("%1 mandats, %2 signed drafts, %3 autorisations, %4 revoked, journal: %5"
                                    " create_attestation, %6 cancel_autorisation")
                         .arg(counts.value(0))
                         .arg(counts.value(1))
                         .arg(counts.value(2))
                         .arg(counts.value(3))
                         .arg(counts.value(4))
                         .arg(counts.value(5));
    if (!result->countsOk) {
        std::fprintf(stderr,
            "%s: unexpected database state: %s (expected %d mandats, %d autorisations, %d revoked)\n",
            qPrintable(result->backend), qPrintable(result->counts), total, plan.expectedAutorisations,
            plan.expectedRevoked);
    }
    return finished;
}

} // namespace

int main(int argc, char *argv[])
{
    // The server logs info lines per login and per signature; keep them quiet, as bench_login does.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qputenv("QT_LOGGING_RULES", "ac.*.info=false");
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Mandat signatures per second and latency against the real server."));
    parser.addHelpOption();
    const QCommandLineOption backendsOption(QStringLiteral("backends"),
        QStringLiteral("Comma-separated: sqlite,postgresql (default: sqlite; "
                       "postgresql needs AC_TEST_PG_URL_FILE)."),
        QStringLiteral("list"), QStringLiteral("sqlite"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
        QStringLiteral("Concurrent clients (50)."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption signsOption(QStringLiteral("signs"),
        QStringLiteral("Measured signatures (2000)."), QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
        QStringLiteral("Unmeasured signatures first (200; at least the replacing signatures)."),
        QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption replaceOption(QStringLiteral("replace-percent"),
        QStringLiteral("Measured signatures that replace the autorisations of a warm-up signature (10)."),
        QStringLiteral("percent"), QStringLiteral("10"));
    const QCommandLineOption organisationsOption(QStringLiteral("organisations"),
        QStringLiteral(
            "Comma-separated organisation counts the aidants are spread over, one run each (1,50)."),
        QStringLiteral("list"), QStringLiteral("1,50"));
    parser.addOptions(
        { backendsOption, clientsOption, signsOption, warmupOption, replaceOption, organisationsOption });
    parser.process(app);
    const int clients = qMax(1, parser.value(clientsOption).toInt());
    const int signs = qMax(1, parser.value(signsOption).toInt());
    const int warmup = qMax(0, parser.value(warmupOption).toInt());
    const int replacePercent = qBound(0, parser.value(replaceOption).toInt(), 100);

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
            const Plan plan = makePlan(warmup, signs, replacePercent, organisations);
            RunResult result;
            std::fprintf(stderr,
                "bench_sign: %s, %d organisations, %d clients, %d signatures (%d replacing earlier"
                " autorisations) (+%d warm-up)...\n",
                qPrintable(name), organisations, clients, plan.measured, plan.replacing, plan.warmup);
            if (!runBackend(backend, organisations, clients, plan, &result) || !result.journalOk
                || !result.countsOk)
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

    std::printf(
        "\nMandat signatures (POST /api/v1/mandat-drafts/{id}/sign), %d concurrent clients, build %s, "
        "server threads 4\n",
        clients, AC_BENCH_BUILD_TYPE);
    std::printf(
        "(latency seen by the client on loopback: request written -> mandat committed and answer read)\n\n");
    std::printf("| backend    | organisations | signs | errors | seconds | signs/s | p50 ms | p99 ms | max "
                "ms | mean ms |"
                " journal | database |\n");
    std::printf("|------------|--------------:|------:|-------:|--------:|--------:|-------:|-------:|-------"
                ":|--------:|"
                "---------|----------|\n");
    for (const RunResult &r : results) {
        std::printf(
            "| %-10s | %13d | %5d | %6d | %7.2f | %7.1f | %6.1f | %6.1f | %6.1f | %7.1f | %-7s | %-8s |\n",
            qPrintable(r.backend), r.organisations, r.ok + r.non200 + r.transportErrors,
            r.non200 + r.transportErrors, r.seconds, r.seconds > 0 ? double(r.ok) / r.seconds : 0.0,
            r.all.p50Ms, r.all.p99Ms, r.all.maxMs, r.all.meanMs, r.journalOk ? "intact" : "BROKEN",
            r.countsOk ? "ok" : "WRONG");
    }
    std::printf("\n");
    for (const RunResult &r : results) {
        std::printf("%s/%d: new usager p50/p99 %.1f/%.1f ms; replacing (%d) p50/p99 %.1f/%.1f ms; %s\n",
            qPrintable(r.backend), r.organisations, r.fresh.p50Ms, r.fresh.p99Ms, r.replacingCount,
            r.replacing.p50Ms, r.replacing.p99Ms, qPrintable(r.counts));
    }
    std::printf("\n(errors = non-200 answers + transport errors; not measured: seeding");
    for (const RunResult &r : results)
        std::printf(" %s %.1f s", qPrintable(r.backend), r.seedSeconds);
    std::printf(", the logins");
    for (const RunResult &r : results)
        std::printf(" %s/%d %.1f s", qPrintable(r.backend), r.organisations, r.loginSeconds);
    std::printf(")\n");
    std::fflush(stdout);
    return allOk ? 0 : 1;
}
