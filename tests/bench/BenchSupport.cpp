#include "BenchSupport.h"

#include "Totp.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace Bench {

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest-rank percentile.
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

LatencySummary summarize(const std::vector<double> &latenciesMs)
{
    LatencySummary s;
    if (latenciesMs.empty())
        return s;
    s.p50Ms = percentile(latenciesMs, 50);
    s.p99Ms = percentile(latenciesMs, 99);
    s.maxMs = *std::max_element(latenciesMs.begin(), latenciesMs.end());
    double sum = 0;
    for (double l : latenciesMs)
        sum += l;
    s.meanMs = sum / double(latenciesMs.size());
    return s;
}

bool backendFromName(const QString &name, TestServer::Backend *backend)
{
    if (name == QLatin1String("sqlite"))
        *backend = TestServer::Backend::Sqlite;
    else if (name == QLatin1String("postgresql"))
        *backend = TestServer::Backend::PostgreSql;
    else
        return false;
    return true;
}

QString backendLabel(TestServer::Backend backend)
{
    return backend == TestServer::Backend::Sqlite ? QStringLiteral("SQLite") : QStringLiteral("PostgreSQL");
}

bool seedAidants(
    TestServer &server, int count, std::vector<Aidant> *aidants, const QString &extraSql, int organisations)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return false;
    QByteArray csv("serial_number,seed\n");
    QString sql = QStringLiteral("BEGIN;\n");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto organisationName
        = [](int k) { return QStringLiteral("Bench structure %1").arg(k + 1, 3, 10, QLatin1Char('0')); };
    for (int k = 0; organisations > 1 && k < organisations; ++k) {
        sql += QStringLiteral(
            "INSERT INTO organisations (name, type, allowed_demarches, created_at) SELECT '%1',"
            " type, allowed_demarches, created_at FROM organisations WHERE id = (SELECT MIN(id)"
            " FROM organisations);\n")
                   .arg(organisationName(k));
    }
    const int chunk = 500;
    for (int i = 0; i < count; ++i) {
        const QByteArray number = QByteArray::number(i + 1).rightJustified(6, '0');
        Aidant aidant;
        aidant.email = "bench" + number + "@bench.example";
        aidant.secret = QByteArray(20, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(aidant.secret.data()), 5);
        csv += "BENCH" + number + ',' + aidant.secret.toHex() + '\n';
        if (i % chunk == 0) {
            if (i > 0)
                sql += QStringLiteral(";\n");
            sql += QStringLiteral(
                "INSERT INTO aidants (email, email_normalized, first_name, last_name, profession,"
                " current_organisation_id, created_at) VALUES\n");
        } else {
            sql += QStringLiteral(",\n");
        }
        const QString organisation = organisations > 1
            ? QStringLiteral("(SELECT id FROM organisations WHERE name = '%1')")
                  .arg(organisationName(i % organisations))
            : QStringLiteral("(SELECT MIN(id) FROM organisations)");
        sql += QStringLiteral("('%1', '%1', 'Aidant', 'Bench %2', 'Médiatrice numérique', %3, %4)")
                   .arg(QString::fromLatin1(aidant.email), QString::fromLatin1(number), organisation)
                   .arg(now);
        aidants->push_back(aidant);
    }
    sql += QStringLiteral(";\nINSERT INTO aidant_organisations (aidant_id, organisation_id)"
                          " SELECT id, current_organisation_id FROM aidants WHERE email_normalized LIKE "
                          "'bench%@bench.example';\n"
                          "UPDATE otp_devices SET confirmed = TRUE, aidant_id = (SELECT a.id FROM aidants a"
                          " WHERE a.email_normalized = lower(otp_devices.serial) || '@bench.example') WHERE "
                          "serial LIKE 'BENCH%';\n");
    sql += extraSql;
    sql += QStringLiteral("COMMIT;\n"
                          "SELECT COUNT(*) FROM otp_devices WHERE serial LIKE 'BENCH%' AND confirmed = TRUE "
                          "AND aidant_id IS NOT NULL;\n");

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

Request loginRequest(const Aidant &aidant, qint64 step)
{
    const QString code = Totp::hotp(aidant.secret, quint64(step));
    const QByteArray body = "{\"email\":\"" + aidant.email + "\",\"code\":\"" + code.toLatin1() + "\"}";
    return Request { QByteArrayLiteral("/api/v1/auth/login"), body, {} };
}

LoadDriver::LoadDriver(
    const QUrl &base, int first, int total, int clients, MakeRequest makeRequest, CheckAnswer check)
    : m_host(base.host())
    , m_port(quint16(base.port()))
    , m_next(first)
    , m_end(first + total)
    , m_total(total)
    , m_clients(clients)
    , m_makeRequest(std::move(makeRequest))
    , m_check(std::move(check))
{
    m_latenciesMs.reserve(std::size_t(total));
    m_indices.reserve(std::size_t(total));
}

LoadDriver::~LoadDriver() = default;

bool LoadDriver::run(int timeoutMs)
{
    m_clock.start();
    for (int i = 0; i < m_clients; ++i) {
        auto connection = std::make_unique<Connection>();
        connection->socket = new QTcpSocket(this);
        connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Connection *c = connection.get();
        connect(c->socket, &QTcpSocket::connected, this, [this, c] { sendNext(c); });
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
    const bool finished = m_answered >= m_total || m_loop.exec() == 0;
    m_elapsedNs = m_clock.nsecsElapsed();
    for (auto &c : m_connections)
        c->socket->abort();
    return finished;
}

void LoadDriver::sendNext(Connection *c)
{
    if (m_next >= m_end) {
        c->busy = false;
        return;
    }
    c->index = m_next++;
    const Request r = m_makeRequest(c->index);
    QByteArray request = "POST " + r.path + " HTTP/1.1\r\nHost: " + m_host.toLatin1() + ':'
        + QByteArray::number(m_port) + "\r\nContent-Type: application/json\r\n";
    if (!r.bearerToken.isEmpty())
        request += "Authorization: Bearer " + r.bearerToken + "\r\n";
    request += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\nConnection: keep-alive\r\n\r\n"
        + r.body;
    c->buffer.clear();
    c->busy = true;
    c->sentAtNs = m_clock.nsecsElapsed();
    c->socket->write(request);
}

void LoadDriver::onReadyRead(Connection *c)
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
    m_indices.push_back(c->index);
    ++m_answered;
    if (status == 200 && m_check(c->index, status, body)) {
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

void LoadDriver::onSocketError(Connection *c)
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

} // namespace Bench
