// bench_sync: GET /api/v1/sync?cursor=… for one organisation holding 50 000 usagers and 100 000 mandats,
// against the real server process on SQLite and/or PostgreSQL (see docs/performance.md § Sync). Not a CTest
// test: run it through the `bench` target.
//
// Seeding, behind the server's back (one SQL script, set-based: a recursive CTE on SQLite, generate_series on
// PostgreSQL, in one transaction, then ANALYZE): in the fixture organisation, U usagers and M mandats
// (mandat i is for usager (i - 1) % U + 1, by one of the two fixture aidants), 2 or 3 autorisations each,
// by mandat i % 100:
//   0–59  active (SEMESTER or LONG, created 0–149 days ago);
//   60–79 expired 30–229 days ago (visible);
//   80–89 revoked 1–150 days ago, every autorisation (visible);
//   90–94 active, one autorisation of 2–3 revoked (visible);
//   95–97 expired 400–899 days ago (hidden: ended more than 365 days ago);
//   98–99 revoked 870–1 170 days ago (hidden).
// No journal rows are inserted (the chain stays valid; the head stays where the fixture left it): the full
// sync reads the mandats table, and the incremental sync only sees the changes made through the API below.
//
// Measured (the fixture aidant logs in with its card first, not measured), each request on one keep-alive
// HTTP/1.1 connection, timed from writing the request to having read the whole answer (loopback):
//  1. first sync: GET /api/v1/sync without cursor, then with each page's cursor until has_more is false;
//     wall time (including the client's JSON parsing), pages, bytes of the bodies. One unmeasured run first
//     (warms the server's and the database's caches), then --full-runs measured ones. Checked: every visible
//     mandat received exactly once (count from SQL), no hidden one, hidden ones in removed_mandats.
//  2. empty incremental sync: --empty-syncs times GET /api/v1/sync?cursor=<final cursor> with nothing
//     changed: p50/p99; each must answer no change and the same cursor.
//  3. incremental after changes: --revocations active mandats revoked through POST
//  /api/v1/mandats/{id}/revoke,
//     then one incremental sync: it must return exactly those mandats, every autorisation revoked.

#include "BenchSupport.h"
#include "Gunzip.h"
#include "TestServer.h"

#include <QCborMap>
#include <QCborValue>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QTcpSocket>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <vector>

#ifndef AC_BENCH_BUILD_TYPE
#define AC_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

/// One keep-alive HTTP/1.1 connection making blocking GET/POST requests (no event loop, no
/// QNetworkAccessManager: the time measured is the request's, not the client stack's).
class HttpConnection
{
public:
    struct Answer
    {
        int status = 0;
        QByteArray body;
        double ms = 0; ///< request written -> whole body read
    };

    explicit HttpConnection(const QUrl &base)
        : m_host(base.host())
        , m_port(quint16(base.port()))
    {
    }

    bool request(const QByteArray &method, const QByteArray &path, const QByteArray &token,
        const QByteArray &body, Answer *answer, const QByteArray &extraHeaders = {})
    {
        if (m_socket.state() != QAbstractSocket::ConnectedState) {
            m_socket.abort();
            m_socket.connectToHost(m_host, m_port);
            if (!m_socket.waitForConnected(10000))
                return false;
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        }
        QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_host.toLatin1() + ':'
            + QByteArray::number(m_port) + "\r\nConnection: keep-alive\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        request += extraHeaders;
        if (method == "POST")
            request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                + "\r\n";
        request += "\r\n" + body;
        QElapsedTimer clock;
        clock.start();
        m_socket.write(request);
        QByteArray buffer;
        qsizetype headerEnd = -1;
        qsizetype contentLength = -1;
        bool close = false;
        for (;;) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(120000))
                return false;
            buffer += m_socket.readAll();
            if (headerEnd < 0) {
                headerEnd = buffer.indexOf("\r\n\r\n");
                if (headerEnd < 0)
                    continue;
                const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
                answer->status = lines.value(0).trimmed().split(' ').value(1).toInt();
                for (const QByteArray &rawLine : lines) {
                    const QByteArray line = rawLine.trimmed().toLower();
                    if (line.startsWith("content-length:"))
                        contentLength = line.mid(15).trimmed().toLongLong();
                    else if (line.startsWith("connection:") && line.contains("close"))
                        close = true;
                }
                if (contentLength < 0)
                    return false; // the server always sends a Content-Length
                buffer.reserve(headerEnd + 4 + contentLength);
            }
            if (buffer.size() >= headerEnd + 4 + contentLength)
                break;
        }
        answer->ms = double(clock.nsecsElapsed()) / 1e6;
        answer->body = buffer.mid(headerEnd + 4, contentLength);
        if (close)
            m_socket.abort();
        return true;
    }

private:
    QString m_host;
    quint16 m_port = 0;
    QTcpSocket m_socket;
};

/// How the client asks for the pages (docs/api.md § Encodings).
struct Encoding
{
    const char *name;
    QByteArray headers;
    bool cbor;
    bool gzip;
};
const Encoding kEncodings[] = {
    { "json", {}, false, false },
    { "cbor", "Accept: application/cbor\r\n", true, false },
    { "cbor+gzip", "Accept: application/cbor\r\nAccept-Encoding: gzip\r\n", true, true },
    { "json+gzip", "Accept-Encoding: gzip\r\n", false, true },
};

struct FullSync
{
    bool ok = false;
    double wallMs = 0; ///< first request written -> last page parsed
    double requestMs = 0; ///< sum of the requests' times (server + loopback)
    double parseMs = 0; ///< sum of the client's JSON parsing
    double firstPageMs = 0;
    double maxPageMs = 0;
    int pages = 0;
    qint64 bytes = 0;
    int mandats = 0;
    int distinctMandats = 0;
    int duplicates = 0;
    int hiddenReceived = 0;
    int removed = 0;
    int distinctUsagers = 0;
    QByteArray cursor;
    QString error;
};

struct RunResult
{
    QString backend;
    double seedSeconds = 0;
    qint64 visible = 0;
    qint64 hidden = 0;
    qint64 visibleUsagers = 0;
    qint64 autorisations = 0;
    std::vector<FullSync> fulls;
    /// The first sync in each encoding of kEncodings (median of the runs), after the JSON ones.
    std::vector<std::pair<QString, std::vector<FullSync>>> byEncoding;
    Bench::LatencySummary empty;
    int emptyErrors = 0;
    double changedMs = 0;
    int changedReturned = 0;
    qint64 changedBytes = 0;
    bool changedOk = false;
    bool checksOk = false;
    QStringList errors;
};

/// Runs `sql` behind the server; the integers of its output, one per line.
QList<qint64> queryNumbers(TestServer &server, const QString &sql, bool *ok)
{
    QString output;
    QList<qint64> numbers;
    *ok = server.runSqlBehindServer(sql, &output) == 0;
    if (!*ok)
        std::fprintf(stderr, "SQL failed: %s\n", qPrintable(output));
    for (const QString &line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        numbers.append(line.trimmed().toLongLong());
    return numbers;
}

/// The seeding script (see the file comment). `now` in ms; ids start at 1 (the fixture has no usager or
/// mandat).
QString seedSql(
    bool postgres, qint64 org, qint64 aidant1, qint64 aidant2, int usagers, int mandats, qint64 now)
{
    const auto pad = [postgres](const QString &expression, int width) -> QString {
        const QString w = QString::number(width);
        return postgres
            ? QStringLiteral("lpad((") + expression + QStringLiteral(")::text, ") + w
                + QStringLiteral(", '0')")
            : QStringLiteral("printf('%0") + w + QStringLiteral("d', ") + expression + QStringLiteral(")");
    };
    // "FROM <series of i = 1..n>": generate_series on PostgreSQL, a recursive CTE on SQLite (put before
    // INSERT).
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
    // A BIGINT: on PostgreSQL, CASE … END * 86400000 would be an int4 overflow.
    const QString day = QStringLiteral("CAST(%1 AS BIGINT)").arg(kDayMs);
    const QString nowText = QString::number(now);
    QString sql = QStringLiteral("BEGIN;\n");

    // Usagers: plausible identities (the sizes matter for the bytes sent).
    sql += with(usagers)
        + QStringLiteral(
            "INSERT INTO usagers (id, sub_hash, given_name, family_name, preferred_username, birthdate,"
            " gender, birthplace, birthcountry, email, phone, created_at, updated_at)\n"
            "SELECT i, %1, CASE i % 2 WHEN 0 THEN 'Angela Claire' ELSE 'Jean-Baptiste' END,"
            " 'Usager ' || %2, CASE i % 5 WHEN 0 THEN 'Martin' ELSE '' END,"
            " %3 || '-' || %4 || '-' || %5, CASE i % 2 WHEN 0 THEN 'female' ELSE 'male' END,"
            " '75107', '99100', CASE i % 3 WHEN 0 THEN '' ELSE 'usager' || %2 || '@bench.example' END,"
            " CASE i % 4 WHEN 0 THEN '0612345678' ELSE '' END, %6 - i * 1000, %6 - i * 1000\n"
            "FROM %7;\n")
              .arg(pad(QStringLiteral("i"), 64), pad(QStringLiteral("i"), 6),
                  pad(QStringLiteral("1930 + i % 70"), 4), pad(QStringLiteral("1 + i % 12"), 2),
                  pad(QStringLiteral("1 + i % 28"), 2), nowText, from(usagers));

    // Mandats: created_at / expires_at by category (i % 100), see the file comment.
    const QString created = QStringLiteral("CASE WHEN i % 100 < 60 OR (i % 100 >= 90 AND i % 100 < 95) THEN "
                                           "%1 - (i % 150) * %2 - (i % 86400) * 1000"
                                           " WHEN i % 100 < 80 THEN %1 - (30 + i % 200) * %2 - CASE (i / 3) "
                                           "% 2 WHEN 0 THEN 182 ELSE 365 END * %2"
                                           " WHEN i % 100 < 90 THEN %1 - (200 + i % 100) * %2"
                                           " WHEN i % 100 < 98 THEN %1 - (400 + i % 500) * %2 - CASE (i / 3) "
                                           "% 2 WHEN 0 THEN 182 ELSE 365 END * %2"
                                           " ELSE %1 - (900 + i % 300) * %2 END")
                                .arg(nowText, day);
    sql += with(mandats)
        + QStringLiteral(
            "INSERT INTO mandats (id, organisation_id, usager_id, aidant_id, duration, remote, created_at,"
            " expires_at, template_version, attestation_hash)\n"
            "SELECT i, %1, (i - 1) % %2 + 1, CASE i % 2 WHEN 0 THEN %3 ELSE %4 END,"
            " CASE (i / 3) % 2 WHEN 0 THEN 'SEMESTER' ELSE 'LONG' END, i % 10 = 0, %5,"
            " %5 + CASE (i / 3) % 2 WHEN 0 THEN 182 ELSE 365 END * %6, 1, %7\n"
            "FROM %8;\n")
              .arg(QString::number(org), QString::number(usagers), QString::number(aidant1),
                  QString::number(aidant2), created, day, pad(QStringLiteral("i"), 64), from(mandats));

    // Autorisations: 2 or 3 distinct démarches per mandat; revoked by category.
    const QStringList catalogue { QStringLiteral("argent"), QStringLiteral("etranger"),
        QStringLiteral("famille"), QStringLiteral("justice"), QStringLiteral("logement"),
        QStringLiteral("loisirs"), QStringLiteral("papiers"), QStringLiteral("social"),
        QStringLiteral("transports"), QStringLiteral("travail") };
    QString demarche = QStringLiteral("CASE (m.id + 3 * k.k) % 10");
    for (int d = 0; d < catalogue.size(); ++d)
        demarche += QStringLiteral(" WHEN %1 THEN '%2'").arg(d).arg(catalogue.at(d));
    demarche += QStringLiteral(" END");
    const QString revokedAt = QStringLiteral(
        "CASE WHEN m.id % 100 >= 80 AND m.id % 100 < 90 THEN %1 - (1 + m.id % 150) * %2"
        " WHEN m.id % 100 >= 90 AND m.id % 100 < 95 AND k.k = 0 THEN m.created_at + (%1 - m.created_at) / 2"
        " WHEN m.id % 100 >= 98 THEN m.created_at + 30 * %2 ELSE NULL END")
                                  .arg(nowText, day);
    sql += QStringLiteral(
        "INSERT INTO autorisations (mandat_id, demarche, revoked_at, revoked_by_aidant_id)\n"
        "SELECT m.id, %1, %2, CASE WHEN %2 IS NULL THEN NULL ELSE m.aidant_id END\n"
        "FROM mandats m JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) k"
        " ON k.k < 2 + (m.id / 7) % 2\n"
        "WHERE m.organisation_id = %3 ORDER BY m.id, k.k;\n")
               .arg(demarche, revokedAt, QString::number(org));
    if (postgres) {
        // Explicit ids: move the identity sequences past them.
        sql += QStringLiteral(
            "SELECT setval(pg_get_serial_sequence('usagers', 'id'), (SELECT MAX(id) FROM usagers));\n"
            "SELECT setval(pg_get_serial_sequence('mandats', 'id'), (SELECT MAX(id) FROM mandats));\n");
    }
    sql += QStringLiteral("COMMIT;\nANALYZE;\n");
    return sql;
}

/// Counts, as of `now`: visible mandats, hidden mandats, usagers with a visible mandat, autorisations.
/// Hidden: ended (every autorisation revoked: the last revocation or the expiry, whichever came first;
/// otherwise the expiry, once passed) more than 365 days ago (MandatRules::isHidden).
QString countsSql(qint64 org, qint64 now)
{
    const QString perMandat = QStringLiteral(
        "SELECT m.id, m.usager_id, m.expires_at AS e,"
        " (SELECT MAX(a.revoked_at) FROM autorisations a WHERE a.mandat_id = m.id) AS r,"
        " (SELECT COUNT(*) FROM autorisations a WHERE a.mandat_id = m.id AND a.revoked_at IS NULL) AS open"
        " FROM mandats m WHERE m.organisation_id = %1")
                                  .arg(org);
    const QString hidden
        = QStringLiteral("((open = 0 AND (CASE WHEN r < e THEN r ELSE e END) < %1) OR (open > 0 AND e < %1))")
              .arg(now - 365 * kDayMs);
    return QStringLiteral("SELECT COUNT(*) FROM (%1) x WHERE NOT %2;\n"
                          "SELECT COUNT(*) FROM (%1) x WHERE %2;\n"
                          "SELECT COUNT(DISTINCT usager_id) FROM (%1) x WHERE NOT %2;\n"
                          "SELECT COUNT(*) FROM autorisations;\n"
                          "SELECT id FROM (%1) x WHERE %2 ORDER BY id;\n")
        .arg(perMandat, hidden);
}

QByteArray syncPath(const QByteArray &cursor)
{
    if (cursor.isEmpty())
        return QByteArrayLiteral("/api/v1/sync");
    return "/api/v1/sync?cursor=" + QUrl::toPercentEncoding(QString::fromLatin1(cursor));
}

FullSync fullSync(HttpConnection &http, const QByteArray &token, const QSet<qint64> &hiddenIds,
    const Encoding &encoding = kEncodings[0])
{
    FullSync f;
    QSet<qint64> seen;
    QSet<qint64> usagers;
    seen.reserve(120000);
    QByteArray cursor;
    QElapsedTimer wall;
    wall.start();
    for (;;) {
        HttpConnection::Answer answer;
        if (!http.request(QByteArrayLiteral("GET"), syncPath(cursor), token, {}, &answer, encoding.headers)
            || answer.status != 200) {
            f.error = QStringLiteral("page %1: HTTP %2 %3")
                          .arg(f.pages + 1)
                          .arg(answer.status)
                          .arg(QString::fromUtf8(answer.body.left(200)));
            return f;
        }
        ++f.pages;
        f.bytes += answer.body.size();
        f.requestMs += answer.ms;
        f.maxPageMs = std::max(f.maxPageMs, answer.ms);
        if (f.pages == 1)
            f.firstPageMs = answer.ms;
        QElapsedTimer parse;
        parse.start();
        // Decoding is the client's work: it counts as parsing.
        const QByteArray body = encoding.gzip ? TestSupport::gunzip(answer.body) : answer.body;
        const QJsonObject page = encoding.cbor ? QCborValue::fromCbor(body).toMap().toJsonObject()
                                               : QJsonDocument::fromJson(body).object();
        if (f.pages == 1 && !page.value(QStringLiteral("reset")).toBool()) {
            f.error = QStringLiteral("the first page is not a reset");
            return f;
        }
        const QJsonArray mandats = page.value(QStringLiteral("mandats")).toArray();
        for (const QJsonValue &m : mandats) {
            const qint64 id = m.toObject().value(QStringLiteral("id")).toInteger();
            ++f.mandats;
            if (seen.contains(id))
                ++f.duplicates;
            seen.insert(id);
            if (hiddenIds.contains(id))
                ++f.hiddenReceived;
        }
        for (const QJsonValue &u : page.value(QStringLiteral("usagers")).toArray())
            usagers.insert(u.toObject().value(QStringLiteral("id")).toInteger());
        f.removed += int(page.value(QStringLiteral("removed_mandats")).toArray().size());
        cursor = page.value(QStringLiteral("cursor")).toString().toLatin1();
        f.parseMs += double(parse.nsecsElapsed()) / 1e6;
        if (!page.value(QStringLiteral("has_more")).toBool())
            break;
        if (f.pages > 1000) {
            f.error = QStringLiteral("more than 1000 pages");
            return f;
        }
    }
    f.wallMs = double(wall.nsecsElapsed()) / 1e6;
    f.distinctMandats = int(seen.size());
    f.distinctUsagers = int(usagers.size());
    f.cursor = cursor;
    f.ok = true;
    return f;
}

bool runBackend(TestServer::Backend backend, int usagers, int mandats, int fullRuns, int emptySyncs,
    int revocations, RunResult *result)
{
    result->backend = Bench::backendLabel(backend);
    const auto fail = [result](const QString &message) {
        result->errors.append(message);
        std::fprintf(stderr, "%s: %s\n", qPrintable(result->backend), qPrintable(message));
        return false;
    };
    TestServer::Options options;
    options.backend = backend;
    TestServer server(options);
    if (!server.start())
        return fail(QStringLiteral("the server did not start"));

    bool ok = false;
    const QList<qint64> ids = queryNumbers(server,
        QStringLiteral("SELECT MIN(id) FROM organisations;\nSELECT COUNT(*) FROM mandats;\n"
                       "SELECT id FROM aidants ORDER BY id;\n"),
        &ok);
    if (!ok || ids.size() < 4 || ids.value(1) != 0)
        return fail(QStringLiteral("unexpected fixture"));
    const qint64 org = ids.value(0);
    const bool postgres = backend == TestServer::Backend::PostgreSql;

    QElapsedTimer seedClock;
    seedClock.start();
    QString output;
    const qint64 seedNow = QDateTime::currentMSecsSinceEpoch();
    if (server.runSqlBehindServer(
            seedSql(postgres, org, ids.value(2), ids.value(3), usagers, mandats, seedNow), &output)
        != 0)
        return fail(QStringLiteral("seeding failed: ") + output.left(2000));
    result->seedSeconds = double(seedClock.elapsed()) / 1000.0;

    const QList<qint64> counts
        = queryNumbers(server, countsSql(org, QDateTime::currentMSecsSinceEpoch()), &ok);
    if (!ok || counts.size() < 4)
        return fail(QStringLiteral("counting failed"));
    result->visible = counts.value(0);
    result->hidden = counts.value(1);
    result->visibleUsagers = counts.value(2);
    result->autorisations = counts.value(3);
    const QSet<qint64> hiddenIds(counts.begin() + 4, counts.end());
    if (result->visible + result->hidden != mandats || hiddenIds.size() != result->hidden)
        return fail(QStringLiteral("seeding: %1 visible + %2 hidden mandats, expected %3")
                        .arg(result->visible)
                        .arg(result->hidden)
                        .arg(mandats));

    // The fixture aidant logs in with its card (not measured).
    const TestServer::Account aidant = server.aidant();
    const TestServer::HttpResult login = server.postJson(QStringLiteral("/api/v1/auth/login"),
        { { QStringLiteral("email"), aidant.email }, { QStringLiteral("code"), server.nextCode(aidant) } });
    const QByteArray token = login.json.value(QStringLiteral("token")).toString().toLatin1();
    if (login.status != 200 || token.isEmpty())
        return fail(
            QStringLiteral("login failed: HTTP %1 %2").arg(login.status).arg(QString::fromUtf8(login.body)));

    HttpConnection http(server.baseUrl());
    bool checksOk = true;
    // 1. First sync: one unmeasured run, then the measured ones, each checked.
    for (int run = 0; run <= fullRuns; ++run) {
        FullSync f = fullSync(http, token, hiddenIds);
        if (!f.ok)
            return fail(QStringLiteral("full sync: ") + f.error);
        if (f.distinctMandats != result->visible || f.duplicates != 0 || f.hiddenReceived != 0
            || f.removed != result->hidden || f.distinctUsagers != result->visibleUsagers) {
            checksOk = false;
            fail(QStringLiteral(
                "full sync: %1 mandats (%2 distinct, %3 duplicates, %4 hidden), %5 removed, %6 usagers;"
                " expected %7 visible, %8 hidden, %9 usagers")
                     .arg(f.mandats)
                     .arg(f.distinctMandats)
                     .arg(f.duplicates)
                     .arg(f.hiddenReceived)
                     .arg(f.removed)
                     .arg(f.distinctUsagers)
                     .arg(result->visible)
                     .arg(result->hidden)
                     .arg(result->visibleUsagers));
        }
        if (run > 0)
            result->fulls.push_back(f);
        std::fprintf(stderr, "%s: full sync %s: %.0f ms, %d pages, %lld bytes\n", qPrintable(result->backend),
            run == 0 ? "warm-up" : qPrintable(QString::number(run)), f.wallMs, f.pages, f.bytes);
    }
    // 1b. The same first sync in the other encodings (each checked as above, one warm-up run each).
    for (const Encoding &encoding : kEncodings) {
        std::vector<FullSync> runs;
        for (int run = 0; run <= fullRuns; ++run) {
            FullSync f = fullSync(http, token, hiddenIds, encoding);
            if (!f.ok)
                return fail(QStringLiteral("full sync (%1): ").arg(QLatin1String(encoding.name)) + f.error);
            if (f.distinctMandats != result->visible || f.duplicates != 0 || f.hiddenReceived != 0) {
                checksOk = false;
                fail(QStringLiteral("full sync (%1): %2 distinct mandats, expected %3")
                         .arg(QLatin1String(encoding.name))
                         .arg(f.distinctMandats)
                         .arg(result->visible));
            }
            if (run > 0)
                runs.push_back(f);
        }
        result->byEncoding.emplace_back(QLatin1String(encoding.name), runs);
    }
    const QByteArray cursor = result->fulls.empty() ? QByteArray() : result->fulls.back().cursor;

    // 2. Empty incremental syncs with the final cursor.
    std::vector<double> emptyMs;
    for (int i = 0; i < emptySyncs; ++i) {
        HttpConnection::Answer answer;
        if (!http.request(QByteArrayLiteral("GET"), syncPath(cursor), token, {}, &answer)
            || answer.status != 200) {
            ++result->emptyErrors;
            continue;
        }
        const QJsonObject page = QJsonDocument::fromJson(answer.body).object();
        if (page.value(QStringLiteral("reset")).toBool() || page.value(QStringLiteral("has_more")).toBool()
            || !page.value(QStringLiteral("mandats")).toArray().isEmpty()
            || !page.value(QStringLiteral("removed_mandats")).toArray().isEmpty()
            || page.value(QStringLiteral("cursor")).toString().toLatin1() != cursor) {
            ++result->emptyErrors;
            continue;
        }
        emptyMs.push_back(answer.ms);
    }
    result->empty = Bench::summarize(emptyMs);
    if (result->emptyErrors > 0) {
        checksOk = false;
        fail(QStringLiteral("%1 empty incremental syncs were not empty").arg(result->emptyErrors));
    }

    // 3. Revoke active mandats through the API, then one incremental sync.
    QSet<qint64> revoked;
    // Spread over the table (every page of the first sync), active ones only (categories 0–59).
    const qint64 stride = qMax(1, mandats / (revocations * 3));
    for (qint64 id = 1; id <= mandats && revoked.size() < revocations; id += stride) {
        if (id % 100 >= 60)
            continue;
        HttpConnection::Answer answer;
        if (!http.request(QByteArrayLiteral("POST"), "/api/v1/mandats/" + QByteArray::number(id) + "/revoke",
                token, QByteArrayLiteral("{}"), &answer)
            || answer.status != 200)
            return fail(QStringLiteral("revoking mandat %1: HTTP %2 %3")
                            .arg(id)
                            .arg(answer.status)
                            .arg(QString::fromUtf8(answer.body.left(300))));
        revoked.insert(id);
    }
    HttpConnection::Answer answer;
    if (!http.request(QByteArrayLiteral("GET"), syncPath(cursor), token, {}, &answer) || answer.status != 200)
        return fail(QStringLiteral("incremental sync: HTTP %1").arg(answer.status));
    result->changedMs = answer.ms;
    result->changedBytes = answer.body.size();
    const QJsonObject page = QJsonDocument::fromJson(answer.body).object();
    QSet<qint64> returned;
    bool allRevoked = true;
    for (const QJsonValue &v : page.value(QStringLiteral("mandats")).toArray()) {
        const QJsonObject m = v.toObject();
        returned.insert(m.value(QStringLiteral("id")).toInteger());
        for (const QJsonValue &a : m.value(QStringLiteral("autorisations")).toArray())
            allRevoked = allRevoked && a.toObject().value(QStringLiteral("revoked_at")).toInteger() > 0;
    }
    result->changedReturned = int(page.value(QStringLiteral("mandats")).toArray().size());
    result->changedOk = returned == revoked && revoked.size() == revocations
        && result->changedReturned == revocations && allRevoked
        && !page.value(QStringLiteral("reset")).toBool() && !page.value(QStringLiteral("has_more")).toBool()
        && page.value(QStringLiteral("removed_mandats")).toArray().isEmpty();
    if (!result->changedOk) {
        checksOk = false;
        fail(QStringLiteral(
            "incremental sync after %1 revocations returned %2 mandats (%3 distinct, all revoked: %4)")
                 .arg(revoked.size())
                 .arg(result->changedReturned)
                 .arg(returned.size())
                 .arg(allRevoked ? QStringLiteral("yes") : QStringLiteral("no")));
    }
    if (server.runAdmin({ QStringLiteral("journal"), QStringLiteral("verify") }, &output) != 0) {
        checksOk = false;
        fail(QStringLiteral("journal verify failed: ") + output);
    }
    result->checksOk = checksOk;
    return checksOk;
}

double median(std::vector<double> values)
{
    return Bench::percentile(std::move(values), 50);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qputenv("QT_LOGGING_RULES", "ac.*.info=false");
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "First and incremental sync (GET /api/v1/sync) of a large organisation against the real server."));
    parser.addHelpOption();
    const QCommandLineOption backendsOption(QStringLiteral("backends"),
        QStringLiteral("Comma-separated: sqlite,postgresql (default: sqlite; "
                       "postgresql needs AC_TEST_PG_URL_FILE)."),
        QStringLiteral("list"), QStringLiteral("sqlite"));
    const QCommandLineOption usagersOption(QStringLiteral("usagers"),
        QStringLiteral("Usagers seeded (50000)."), QStringLiteral("n"), QStringLiteral("50000"));
    const QCommandLineOption mandatsOption(QStringLiteral("mandats"),
        QStringLiteral("Mandats seeded (100000)."), QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption fullRunsOption(QStringLiteral("full-runs"),
        QStringLiteral("Measured first syncs, after an unmeasured one (3)."), QStringLiteral("n"),
        QStringLiteral("3"));
    const QCommandLineOption emptyOption(QStringLiteral("empty-syncs"),
        QStringLiteral("Empty incremental syncs measured (200)."), QStringLiteral("n"),
        QStringLiteral("200"));
    const QCommandLineOption revocationsOption(QStringLiteral("revocations"),
        QStringLiteral("Mandats revoked before the last incremental sync (10)."), QStringLiteral("n"),
        QStringLiteral("10"));
    parser.addOptions(
        { backendsOption, usagersOption, mandatsOption, fullRunsOption, emptyOption, revocationsOption });
    parser.process(app);
    const int usagers = qMax(1, parser.value(usagersOption).toInt());
    const int mandats = qMax(100, parser.value(mandatsOption).toInt());
    const int fullRuns = qMax(1, parser.value(fullRunsOption).toInt());
    const int emptySyncs = qMax(1, parser.value(emptyOption).toInt());
    const int revocations = qBound(1, parser.value(revocationsOption).toInt(), 50);

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
        std::fprintf(
            stderr, "bench_sync: %s, %d usagers, %d mandats...\n", qPrintable(name), usagers, mandats);
        RunResult result;
        if (!runBackend(backend, usagers, mandats, fullRuns, emptySyncs, revocations, &result))
            allOk = false;
        if (!result.fulls.empty())
            results.append(result);
    }

    std::printf("\nSync (GET /api/v1/sync), one organisation: %d usagers, %d mandats, build %s\n", usagers,
        mandats, AC_BENCH_BUILD_TYPE);
    std::printf(
        "(times seen by the client on loopback, one keep-alive connection; first sync = median of %d runs"
        " after a warm-up run)\n\n",
        fullRuns);
    std::printf(
        "| backend    | first sync s | pages | MB    | requests s | parse s | page max ms | empty p50 ms |"
        " empty p99 ms | %d revoked ms | checks |\n",
        revocations);
    std::printf(
        "|------------|-------------:|------:|------:|-----------:|--------:|------------:|-------------:|"
        "-------------:|--------------:|--------|\n");
    for (const RunResult &r : results) {
        std::vector<double> wall, requests, parse, pageMax;
        for (const FullSync &f : r.fulls) {
            wall.push_back(f.wallMs);
            requests.push_back(f.requestMs);
            parse.push_back(f.parseMs);
            pageMax.push_back(f.maxPageMs);
        }
        const FullSync &last = r.fulls.back();
        std::printf(
            "| %-10s | %12.2f | %5d | %5.1f | %10.2f | %7.2f | %11.0f | %12.2f | %12.2f | %13.1f | %-6s |\n",
            qPrintable(r.backend), median(wall) / 1000, last.pages, double(last.bytes) / 1e6,
            median(requests) / 1000, median(parse) / 1000, median(pageMax), r.empty.p50Ms, r.empty.p99Ms,
            r.changedMs, r.checksOk ? "ok" : "FAILED");
    }
    std::printf("\nFirst sync by encoding (docs/api.md § Encodings; median of %d runs; decoding counted as "
                "parsing)\n\n",
        fullRuns);
    std::printf("| backend    | encoding  | first sync s | MB on the wire | requests s | decode s |\n");
    std::printf("|------------|-----------|-------------:|---------------:|-----------:|---------:|\n");
    for (const RunResult &r : results) {
        for (const auto &[name, runs] : r.byEncoding) {
            if (runs.empty())
                continue;
            std::vector<double> wall, requests, parse;
            for (const FullSync &f : runs) {
                wall.push_back(f.wallMs);
                requests.push_back(f.requestMs);
                parse.push_back(f.parseMs);
            }
            std::printf("| %-10s | %-9s | %12.2f | %14.1f | %10.2f | %8.2f |\n", qPrintable(r.backend),
                qPrintable(name), median(wall) / 1000, double(runs.back().bytes) / 1e6,
                median(requests) / 1000, median(parse) / 1000);
        }
    }
    std::printf("\n");
    for (const RunResult &r : results) {
        QStringList walls;
        for (const FullSync &f : r.fulls)
            walls.append(QString::number(f.wallMs / 1000, 'f', 2));
        const FullSync &last = r.fulls.back();
        std::printf(
            "%s: seeded in %.1f s; %lld visible + %lld hidden mandats, %lld autorisations, %lld usagers with "
            "a"
            " visible mandat; first syncs %s s (first page %.0f ms); received %d mandats (%d duplicates, %d"
            " hidden), %d removed, %d usagers; empty incremental (%d) p50/p99/max %.2f/%.2f/%.2f ms;"
            " after %d revocations: %d mandats, %lld bytes, %.1f ms\n",
            qPrintable(r.backend), r.seedSeconds, r.visible, r.hidden, r.autorisations, r.visibleUsagers,
            qPrintable(walls.join(QStringLiteral(", "))), last.firstPageMs, last.mandats, last.duplicates,
            last.hiddenReceived, last.removed, last.distinctUsagers, emptySyncs, r.empty.p50Ms, r.empty.p99Ms,
            r.empty.maxMs, revocations, r.changedReturned, r.changedBytes, r.changedMs);
        for (const QString &e : r.errors)
            std::printf("%s: ERROR %s\n", qPrintable(r.backend), qPrintable(e));
    }
    std::fflush(stdout);
    return allOk ? 0 : 1;
}
