#pragma once

#include "Result.h"

#include <QObject>
#include <QString>

class ApiClient;
struct SyncPage;
class QThread;
class QTimer;

/// Keeps the workstation's OfflineCache up to date (docs/offline-cache.md): on start, then every
/// few minutes and on demand, it asks the server for the pages changed since the cache's cursor
/// (ApiClient::sync, on the GUI thread: the network is asynchronous) and applies each page on a
/// worker thread that owns its own OfflineCache connection, so the GUI never waits on the database.
class SyncEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncEngine)

public:
    static constexpr int kDefaultIntervalMs = 3 * 60 * 1000;

    /// @p cachePath and @p key as for OfflineCache.
    SyncEngine(ApiClient *api, const QString &cachePath, const QByteArray &key, QObject *parent = nullptr);
    ~SyncEngine() override;

    void setInterval(int milliseconds);
    int interval() const;
    void start(); ///< a sync now, then periodic ones
    void stop(); ///< no more periodic syncs; a sync under way is abandoned
    /// A sync now; during one, another right after it (what changed meanwhile is not missed).
    void syncNow();
    bool isSyncing() const { return m_syncing; }
    bool isOffline() const { return m_offline; }
    /// Objects changed by the last sync (0: the cache is as it was, no need to read it again).
    int changesInLastSync() const { return m_changes; }
    QString cachePath() const { return m_cachePath; }

    /// True for ApiClient's errors meaning "the server could not be reached" (network_error, timeout).
    static bool isNetworkError(const Error &error);

signals:
    void syncStarted(bool firstSync);
    /// During a sync: mandats applied so far (first sync: shown as progress).
    void progress(int mandatsApplied);
    /// The cache holds what the server had at @p serverTimeMs.
    void synced(qint64 serverTimeMs);
    /// The server could not be reached (French @p message); the cache stays as it was.
    void offline(const QString &message);
    /// A sync failed for another reason (French @p message).
    void failed(const QString &message);

private:
    void requestPage(const QString &cursor);
    void applyPage(const SyncPage &page);
    void finish(const Error &error, bool unreachable);
    void syncAgainIfAsked();

    ApiClient *m_api;
    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr;
    QTimer *m_timer = nullptr;
    QString m_cachePath;
    bool m_syncing = false;
    bool m_offline = false;
    bool m_syncAgain = false; ///< syncNow() was called during a sync
    int m_applied = 0;
    int m_changes = 0;
    int m_generation = 0; ///< bumped by every sync and by stop(): late answers of an older one are ignored
};
