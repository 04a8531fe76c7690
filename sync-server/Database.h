#pragma once

#include "Result.h"
#include "ServerConfig.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThreadStorage>
#include <QVariantList>

#include <atomic>
#include <functional>
#include <optional>
#include <stdexcept>

/// A failed SQL statement. Thrown by the storage layer, caught where a request or a command is dispatched.
class DatabaseError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// The database cannot be reached: the connection could not be opened, or it was lost (the server
/// restarted, the network dropped). The connection is reopened on a later use, with back-off; the
/// request that hit it fails (HTTP 503 database_unavailable) and is never retried here: a statement
/// of a transaction may have been lost with the connection, so only the client can tell.
class DatabaseUnavailable : public DatabaseError
{
public:
    using DatabaseError::DatabaseError;
    /// What the API tells clients to wait before retrying (the longest reconnection back-off).
    static constexpr int kRetryAfterSeconds = 5;
};

/// The SQL dialects the server supports.
enum class Dialect { Sqlite, PostgreSql };

/// Opens per-thread connections to the configured database and applies the schema migrations.
///
/// QtSql connections may only be used by the thread that opened them, so every thread (the
/// HTTP handlers' pool threads, the command line's main thread) gets its own, opened lazily.
/// A connection found lost (see Sql) is closed with its kept statements and opened again on the
/// thread's next use, and so are the other threads' connections opened before that loss; failed
/// openings are retried at most once per back-off period (250 ms doubling to 5 s), so a database that
/// is down is not hammered, or at once when another thread has opened a connection since.
class Database
{
public:
    explicit Database(const DatabaseConfig &config);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    Dialect dialect() const { return m_dialect; }
    /// Opens this thread's connection and applies pending migrations.
    Status open();
    /// This thread's connection (opened on first use, reopened after it was lost). Throws
    /// DatabaseUnavailable when it cannot be opened or the back-off after a failed opening is running.
    QSqlDatabase connection();
    /// First back-off after a failed opening, and its ceiling (doubling in between).
    static constexpr int kReconnectMinMs = 250;
    static constexpr int kReconnectMaxMs = 5000;
    /// The schema version the code expects.
    static int latestSchemaVersion();

private:
    Status migrate(QSqlDatabase &db);

    DatabaseConfig m_config;
    Dialect m_dialect;
    QString m_connectionPrefix;
    struct ThreadConnection;
    QThreadStorage<ThreadConnection *> m_connections;
    /// Counts the connections found lost: a thread whose connection is older than the last loss
    /// reopens it before use (the others were most likely cut at the same time).
    std::atomic<quint64> m_losses { 0 };
    /// Counts the successful openings: a thread waiting out its back-off tries at once when another
    /// thread has opened a connection since its own failure (the database is back).
    std::atomic<quint64> m_openings { 0 };
};

/// Runs statements with positional `?` parameters; throws DatabaseError on failure, and
/// DatabaseUnavailable when the connection was lost (which marks it for reopening, see Database).
namespace Sql {
QSqlQuery exec(QSqlDatabase &db, const QString &sql, const QVariantList &params = {});
/// Runs an INSERT, UPDATE or DELETE (with parameters, without RETURNING) through a prepared statement
/// this thread keeps for the connection; returns the number of rows affected.
int write(QSqlDatabase &db, const QString &sql, const QVariantList &params);
/// Runs a query and returns the first column of its first row (invalid QVariant when there is no row).
/// With parameters, through a kept prepared statement like write().
QVariant scalar(QSqlDatabase &db, const QString &sql, const QVariantList &params = {});
/// Runs a query through a kept prepared statement (like write()) and calls @p row for each row, at most
/// @p limit rows when positive; the statement is finished afterwards. @p row must not run the same SQL
/// text again. Returns the number of rows seen.
int forEachRow(QSqlDatabase &db, const QString &sql, const QVariantList &params,
    const std::function<void(const QSqlQuery &)> &row, int limit = 0);
/// The first row read by @p read through a kept prepared statement (nullopt when there is none).
template<typename T, typename Read>
std::optional<T> firstRow(QSqlDatabase &db, const QString &sql, const QVariantList &params, Read read)
{
    std::optional<T> result;
    forEachRow(
        db, sql, params, [&](const QSqlQuery &q) { result = read(q); }, 1);
    return result;
}
/// Drops the prepared statements this thread keeps for @p connectionName (before closing it).
void forgetStatements(const QString &connectionName);
/// True (once) when a statement on this thread's connection @p connectionName found it lost.
bool takeConnectionLost(const QString &connectionName);
/// `SQL NULL` for an optional id (0 means none).
QVariant nullableId(qint64 id);
} // namespace Sql

/// A write transaction. On SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE) so concurrent
/// writers wait on the busy timeout instead of failing on lock upgrade. Rolls back unless committed.
class Transaction
{
public:
    Transaction(QSqlDatabase &db, Dialect dialect);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    void commit();
    /// " FOR UPDATE" on PostgreSQL (row locks), empty on SQLite (the transaction already holds the write
    /// lock).
    QString forUpdate() const;
    Dialect dialect() const { return m_dialect; }

private:
    QSqlDatabase &m_db;
    Dialect m_dialect;
    bool m_done = false;
};
