#pragma once

#include "AuthService.h"
#include "Database.h"
#include "ServerConfig.h"
#include "Stats.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QWaitCondition>

#include <atomic>
#include <memory>

class QThread;

/// France's départements and régions, as the statistics' filters know them (docs/stats.md).
namespace StatsGeography {
/// The département of a French postcode: its first two characters, 2A/2B for Corsica (20000–20199
/// is Corse-du-Sud, 20200–20699 Haute-Corse), three digits overseas (971–976). Empty when none (an
/// empty or foreign postcode, Monaco, the overseas collectivities of the Pacific).
QString departementOfPostcode(const QString &postcode);
/// The INSEE code of the région of @p departement (e.g. "11" for "75"); empty when it has none (975,
/// Saint-Pierre-et-Miquelon) or is unknown.
QString regionOfDepartement(const QString &departement);
bool isDepartement(const QString &code);
bool isRegion(const QString &code);
/// Every département code and every région code, in code order.
QStringList departements();
QStringList regions();
/// The région's French name (e.g. "Île-de-France"); empty when unknown.
QString regionName(const QString &code);
} // namespace StatsGeography

/// One scope's figures as served: the figures, their JSON and its ETag.
struct StatsEntry
{
    StatsFigures figures;
    QByteArray json; ///< compact JSON of figures.toJson()
    QByteArray etag; ///< strong, quoted: "<hex>" of the JSON's SHA-256 (first 16 bytes)
};

/// The public statistics (docs/stats.md): a snapshot of every public scope (national, each
/// département, each région) counted by a background worker at start and every
/// `[stats] refresh_seconds`, kept in memory with its serialised JSON and ETag; and the figures of
/// one organisation for its référents, counted on demand.
class StatsService
{
public:
    StatsService(Database &database, const ServerConfig &config);
    ~StatsService();
    Q_DISABLE_COPY_MOVE(StatsService)

    /// Starts the worker thread (its own database connection): a count now, then every
    /// refresh_seconds (5 s after a failed count while the database is unavailable).
    void start();
    void stop();

    /// The scope key of the query's filter: "national", "departement:<code>" or "region:<code>".
    /// Throws ApiError 400 invalid_filter for an unknown code or both filters at once.
    static QString scopeOfFilter(const QString &departement, const QString &region);
    /// The current snapshot's entry for @p scope (a key of scopeOfFilter); counts on the calling
    /// thread when no snapshot exists yet. Throws DatabaseError when that count fails.
    std::shared_ptr<const StatsEntry> publicEntry(const QString &scope);
    /// Counts every public scope now on the calling thread's connection and publishes the snapshot.
    void refresh();

    /// The figures of organisation @p org for a référent of it now (ReferentScope: 403 not_referent,
    /// 404 for any other organisation), counted on demand.
    StatsFigures organisationFigures(const AuthContext &context, const QString &org);

    /// Counts the figures on @p db: every public scope when @p organisationId is 0 (excluded
    /// organisations left out), otherwise only "organisation:<id>". Keys are the scopes.
    static QHash<QString, StatsFigures> count(QSqlDatabase &db, qint64 organisationId, qint64 nowMs);
    static StatsEntry entryOf(const StatsFigures &figures);

private:
    using Snapshot = QHash<QString, std::shared_ptr<const StatsEntry>>;
    void run();

    Database &m_database;
    const int m_refreshSeconds;
    QMutex m_snapshotMutex; ///< guards m_snapshot (the pointer only: a snapshot is never changed)
    std::shared_ptr<const Snapshot> m_snapshot;
    QMutex m_refreshMutex; ///< one count at a time
    QMutex m_wakeMutex;
    QWaitCondition m_wake;
    std::atomic<bool> m_stopping { false };
    std::unique_ptr<QThread> m_thread;
};
