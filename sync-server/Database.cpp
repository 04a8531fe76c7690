#include "Database.h"

#include "Clock.h"
#include "Migrations.h"

#include <QAtomicInteger>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlRecord>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

Q_LOGGING_CATEGORY(lcDatabase, "ac.server.database")

struct Database::ThreadConnection
{
    QString name; ///< registered with QSqlDatabase for the thread's lifetime, opened and closed as needed
    bool open = false;
    bool lost = false; ///< it was open and went away: log its coming back
    int backoffMs = 0; ///< after a failed opening; 0 after a success
    qint64 nextAttemptMs = 0; ///< monotonic (QDeadlineTimer) time of the next allowed opening
    quint64 lossesAtOpening = 0; ///< Database::m_losses when it was opened
    quint64 openingsAtFailure = 0; ///< Database::m_openings when an opening last failed
    ~ThreadConnection()
    {
        Sql::forgetStatements(name); // the kept statements go before their connection
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
};

namespace {
QAtomicInteger<int> s_instanceCounter;
constexpr int kSqliteBusyTimeoutMs = 30000;

qint64 monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}
} // namespace

Database::Database(const DatabaseConfig &config)
    : m_config(config)
    , m_dialect(config.driver == DatabaseConfig::Driver::Sqlite ? Dialect::Sqlite : Dialect::PostgreSql)
    , m_connectionPrefix(QStringLiteral("ac-db-%1-").arg(s_instanceCounter.fetchAndAddRelaxed(1)))
{
}

Database::~Database()
{
    // Close this thread's connection now; pool threads have closed theirs when they ended.
    if (m_connections.hasLocalData())
        m_connections.setLocalData(nullptr);
}

QSqlDatabase Database::connection()
{
    if (!m_connections.hasLocalData()) {
        const QString name = m_connectionPrefix + QString::number(quintptr(QThread::currentThreadId()), 16);
        QSqlDatabase db;
        if (m_dialect == Dialect::Sqlite) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_config.sqlitePath);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs));
        } else {
            const QUrl url(m_config.postgresqlUrl);
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(url.host());
            db.setPort(url.port(5432));
            db.setUserName(url.userName());
            db.setPassword(url.password());
            db.setDatabaseName(url.path().mid(1));
            QStringList options;
            for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
                options.append(item.first + QLatin1Char('=') + item.second);
            db.setConnectOptions(options.join(QLatin1Char(';')));
        }
        m_connections.setLocalData(new ThreadConnection { name });
    }
    ThreadConnection &tc = *m_connections.localData();
    QSqlDatabase db = QSqlDatabase::database(tc.name, false);
    const bool lostHere = tc.open && Sql::takeConnectionLost(tc.name);
    if (lostHere)
        ++m_losses;
    if (tc.open && (lostHere || tc.lossesAtOpening < m_losses.load())) {
        // Its kept statements and its session are gone with it; reopen it now (no back-off yet).
        qCWarning(lcDatabase) << (lostHere ? "database connection lost: reopening it"
                                           : "database connection opened before a loss: reopening it");
        Sql::forgetStatements(tc.name);
        db.close();
        tc.open = false;
        tc.lost = true;
    }
    if (tc.open)
        return db;

    const qint64 now = monotonicMs();
    if (now < tc.nextAttemptMs && m_openings.load() == tc.openingsAtFailure) {
        throw DatabaseUnavailable("the database is unavailable (next connection attempt in "
            + std::to_string(tc.nextAttemptMs - now) + " ms)");
    }
    const quint64 losses = m_losses.load();
    if (!db.open()) {
        // Never log the connection string: it may hold a password.
        const std::string reason = db.lastError().text().toStdString();
        db.close();
        tc.openingsAtFailure = m_openings.load();
        tc.backoffMs = tc.backoffMs == 0 ? kReconnectMinMs : qMin(tc.backoffMs * 2, kReconnectMaxMs);
        tc.nextAttemptMs = now + tc.backoffMs;
        throw DatabaseUnavailable("cannot open the database: " + reason);
    }
    ++m_openings;
    tc.open = true;
    tc.lossesAtOpening = losses;
    tc.backoffMs = 0;
    tc.nextAttemptMs = 0;
    Sql::takeConnectionLost(tc.name); // nothing from before this opening applies to it
    if (tc.lost) {
        qCInfo(lcDatabase) << "database connection reopened";
        tc.lost = false;
    }
    if (m_dialect == Dialect::Sqlite) {
        Sql::exec(db, QStringLiteral("PRAGMA journal_mode=WAL"));
        Sql::exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"));
        Sql::exec(db, QStringLiteral("PRAGMA foreign_keys=ON"));
    }
    return db;
}

Status Database::open()
{
    try {
        QSqlDatabase db = connection();
        return migrate(db);
    } catch (const DatabaseError &e) {
        return Error { QStringLiteral("database"), QString::fromStdString(e.what()) };
    }
}

int Database::latestSchemaVersion()
{
    return Migrations::all().size();
}

Status Database::migrate(QSqlDatabase &db)
{
    Sql::exec(db,
        QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                       "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"));
    const auto &migrations = Migrations::all();
    for (int version = 1; version <= migrations.size(); ++version) {
        Transaction tx(db, m_dialect);
        // Several instances may start together: serialise the migrations (SQLite: the write lock).
        if (m_dialect == Dialect::PostgreSql)
            Sql::exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(4242001)"));
        const QVariant applied = Sql::scalar(
            db, QStringLiteral("SELECT version FROM schema_migrations WHERE version = ?"), { version });
        if (applied.isValid())
            continue;
        qCInfo(lcDatabase) << "applying schema migration" << version;
        for (const QString &statement : migrations.at(version - 1).statements(m_dialect))
            Sql::exec(db, statement);
        Sql::exec(db, QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
            { version, Clock::instance().nowMs() });
        tx.commit();
    }
    const QVariant newest = Sql::scalar(db, QStringLiteral("SELECT MAX(version) FROM schema_migrations"));
    if (newest.toInt() > migrations.size()) {
        return Error { QStringLiteral("database"),
            QStringLiteral("the database schema (version %1) is newer than this server (version %2)")
                .arg(newest.toInt())
                .arg(migrations.size()) };
    }
    return success();
}

namespace Sql {

namespace {
/// Prepared statements kept per connection (this thread's), so a statement run again is only
/// executed: with QPSQL, prepare and deallocate are two more round trips per statement.
constexpr int kMaxCachedStatements = 256;
// Held through shared_ptr: QSqlQuery cannot be copied (its copy constructor is deprecated and gone
// with QT_DISABLE_DEPRECATED_BEFORE), and QHash copies its values when it detaches.
thread_local QHash<QString, QHash<QString, std::shared_ptr<QSqlQuery>>>
    t_statements; // connection -> SQL -> query

thread_local QSet<QString> t_lostConnections; // connection names found lost by a statement

/// Whether @p error says the connection itself is gone (rather than the statement was refused).
bool isConnectionLost(QSqlDatabase &db, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (db.driverName() == QLatin1String("QSQLITE")) {
        // I/O error or the file cannot be opened (primary result codes 10 and 14): open it again.
        const int primary = code.toInt() & 0xff;
        return primary == 10 || primary == 14;
    }
    // PostgreSQL: connection exceptions (08xxx), the server shutting down or starting
    // (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now).
    if (code.startsWith(QLatin1String("08")) || code == QLatin1String("57P01")
        || code == QLatin1String("57P02") || code == QLatin1String("57P03"))
        return true;
    if (!code.isEmpty())
        return false; // the server answered: the statement failed, the connection is fine
    // No SQLSTATE: the error came from the client library (no answer from the server). Ask the
    // server something harmless; an aborted transaction still answers (25P02), a lost connection does not.
    QSqlQuery probe(db);
    if (probe.exec(QStringLiteral("SELECT 1")))
        return false;
    const QString probeCode = probe.lastError().nativeErrorCode();
    return probeCode.isEmpty() || probeCode.startsWith(QLatin1String("08"))
        || probeCode.startsWith(QLatin1String("57P0"));
}

[[noreturn]] void fail(QSqlDatabase &db, const QSqlQuery &query, const QString &sql)
{
    // The statement is ours and holds no data (values are bound), so it may be reported; of the
    // database's message only the first line: PostgreSQL's DETAIL line quotes values (an email…).
    const QSqlError error = query.lastError();
    const QString reason = error.databaseText().section(QLatin1Char('\n'), 0, 0).trimmed();
    const std::string what = (reason.isEmpty() ? error.driverText() : reason).toStdString() + " ["
        + error.nativeErrorCode().toStdString() + "] in: " + sql.left(200).toStdString();
    if (isConnectionLost(db, error)) {
        t_lostConnections.insert(db.connectionName()); // Database::connection() reopens it
        throw DatabaseUnavailable("database connection lost: " + what);
    }
    throw DatabaseError(what);
}

bool bindAndExec(QSqlQuery &query, const QVariantList &params)
{
    for (const QVariant &p : params) {
        // A null QString binds as SQL NULL; our text columns are NOT NULL with '' for "none".
        const bool nullText = p.metaType() == QMetaType::fromType<QString>() && p.toString().isNull();
        query.addBindValue(nullText ? QVariant(QStringLiteral("")) : p);
    }
    return query.exec();
}

/// Runs @p sql with the statement this thread keeps for it (prepared on first use); binding again
/// starts from the first value. Returns the kept query: read it before running anything else.
QSqlQuery &runKept(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    QHash<QString, std::shared_ptr<QSqlQuery>> &kept = t_statements[db.connectionName()];
    auto it = kept.find(sql);
    if (it == kept.end()) {
        if (kept.size() >= kMaxCachedStatements)
            kept.clear();
        auto query = std::make_shared<QSqlQuery>(db);
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            fail(db, *query, sql);
        it = kept.insert(sql, std::move(query));
    }
    const std::shared_ptr<QSqlQuery> query = *it;
    if (!bindAndExec(*query, params)) {
        kept.erase(it); // never reuse a statement that failed (the connection may be gone)
        fail(db, *query, sql);
    }
    return *query;
}
} // namespace

void forgetStatements(const QString &connectionName)
{
    t_statements.remove(connectionName);
}

bool takeConnectionLost(const QString &connectionName)
{
    return t_lostConnections.remove(connectionName);
}

QSqlQuery exec(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool ok = params.isEmpty() ? query.exec(sql) : (query.prepare(sql) && bindAndExec(query, params));
    if (!ok)
        fail(db, query, sql);
    return query;
}

int write(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    Q_ASSERT(!params.isEmpty() && !sql.contains(QLatin1String("RETURNING")));
    return runKept(db, sql, params).numRowsAffected();
}

QVariant scalar(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    if (params.isEmpty()) {
        QSqlQuery query = exec(db, sql);
        return query.next() ? query.value(0) : QVariant();
    }
    // One row is read, then the kept statement is finished: it holds no result (nor, on SQLite, a
    // read transaction) while it waits for its next use.
    QSqlQuery &query = runKept(db, sql, params);
    const QVariant value = query.next() ? query.value(0) : QVariant();
    query.finish();
    return value;
}

int forEachRow(QSqlDatabase &db, const QString &sql, const QVariantList &params,
    const std::function<void(const QSqlQuery &)> &row, int limit)
{
    QSqlQuery &query = runKept(db, sql, params);
    // Finished however the rows end (also on an exception): a kept statement holds no result.
    const auto finish = qScopeGuard([&query] { query.finish(); });
    int rows = 0;
    while ((limit <= 0 || rows < limit) && query.next()) {
        row(query);
        ++rows;
    }
    return rows;
}

QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace Sql

Transaction::Transaction(QSqlDatabase &db, Dialect dialect)
    : m_db(db)
    , m_dialect(dialect)
{
    Sql::exec(
        m_db, m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
}

Transaction::~Transaction()
{
    if (m_done)
        return;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCWarning(lcDatabase) << "rollback failed:" << query.lastError().text();
}

void Transaction::commit()
{
    Sql::exec(m_db, QStringLiteral("COMMIT"));
    m_done = true;
}

QString Transaction::forUpdate() const
{
    return m_dialect == Dialect::PostgreSql ? QStringLiteral(" FOR UPDATE") : QString();
}
