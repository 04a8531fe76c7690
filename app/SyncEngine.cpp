#include "SyncEngine.h"

#include "ApiClient.h"
#include "OfflineCache.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcSync, "ac.app.sync")

/// The worker: lives on the engine's thread and owns that thread's OfflineCache connection.
/// Only called through queued invocations (its thread's event loop); no signals of its own.
class SyncWorker final : public QObject
{
public:
    SyncWorker(QString path, QByteArray key)
        : m_path(std::move(path))
        , m_key(std::move(key))
    {
    }

    /// Opens the cache when needed. A cache this key cannot read is useless (the key was lost with
    /// the keychain): it is deleted and rebuilt by a full sync, since the server holds everything.
    Status ensureOpen()
    {
        if (m_cache && m_cache->isOpen())
            return success();
        m_cache = std::make_unique<OfflineCache>(m_path, m_key);
        Status status = m_cache->open();
        if (!status.ok() && status.error().code == QLatin1String("cache_wrong_key")) {
            qCWarning(lcSync) << "the offline cache cannot be read with the current key: rebuilding it";
            m_cache.reset();
            const Status removed = OfflineCache::remove(m_path);
            if (!removed.ok())
                return removed;
            m_cache = std::make_unique<OfflineCache>(m_path, m_key);
            status = m_cache->open();
        }
        return status;
    }

    Result<QString> cursor()
    {
        const Status status = ensureOpen();
        if (!status.ok())
            return status.error();
        return m_cache->cursor();
    }

    Status apply(const SyncPage &page)
    {
        const Status status = ensureOpen();
        if (!status.ok())
            return status;
        return m_cache->apply(page);
    }

private:
    QString m_path;
    QByteArray m_key;
    std::unique_ptr<OfflineCache> m_cache;
};

} // namespace

SyncEngine::SyncEngine(ApiClient *api, const QString &cachePath, const QByteArray &key, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_thread(new QThread(this))
    , m_worker(new SyncWorker(cachePath, key))
    , m_timer(new QTimer(this))
    , m_cachePath(cachePath)
{
    m_thread->setObjectName(QStringLiteral("ac-sync"));
    m_worker->moveToThread(m_thread);
    // Destroyed on its own thread when the thread ends, with its database connection.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_timer->setInterval(kDefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &SyncEngine::syncNow);
    m_thread->start();
}

SyncEngine::~SyncEngine()
{
    m_timer->stop();
    m_thread->quit();
    m_thread->wait();
}

bool SyncEngine::isNetworkError(const Error &error)
{
    // ApiClient's codes for a server that could not be reached or did not answer in time.
    return error.code == QLatin1String("network_error") || error.code == QLatin1String("timeout");
}

void SyncEngine::setInterval(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

int SyncEngine::interval() const
{
    return m_timer->interval();
}

void SyncEngine::start()
{
    m_timer->start();
    syncNow();
}

void SyncEngine::stop()
{
    m_timer->stop();
    // A sync under way stops after its current page; its late answers are ignored.
    ++m_generation;
    m_syncing = false;
    m_syncAgain = false;
}

void SyncEngine::syncAgainIfAsked()
{
    if (m_syncAgain)
        QTimer::singleShot(0, this, &SyncEngine::syncNow);
}

void SyncEngine::syncNow()
{
    if (m_syncing) {
        // Something changed on the server after this sync asked for its pages (a mandat just
        // signed): one more sync follows, rather than waiting for the next period.
        m_syncAgain = true;
        return;
    }
    m_syncAgain = false;
    m_syncing = true;
    m_applied = 0;
    m_changes = 0;
    const int generation = ++m_generation;
    auto *worker = static_cast<SyncWorker *>(m_worker);
    QPointer<SyncEngine> engine(this);
    QMetaObject::invokeMethod(
        m_worker,
        [worker, engine, generation] {
            const Result<QString> cursor = worker->cursor();
            if (!engine)
                return;
            QMetaObject::invokeMethod(
                engine.data(),
                [engine, generation, cursor] {
                    if (!engine || engine->m_generation != generation)
                        return;
                    if (!cursor.ok())
                        return engine->finish(cursor.error(), false);
                    emit engine->syncStarted(cursor.value().isEmpty());
                    engine->requestPage(cursor.value());
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void SyncEngine::requestPage(const QString &cursor)
{
    const int generation = m_generation;
    m_api->sync(cursor, this, [this, generation](const Result<SyncPage> &result) {
        if (generation != m_generation)
            return;
        if (!result.ok())
            return finish(result.error(), isNetworkError(result.error()));
        if (m_offline) {
            m_offline = false;
            qCInfo(lcSync) << "the server is reachable again";
        }
        applyPage(result.value());
    });
}

void SyncEngine::applyPage(const SyncPage &page)
{
    const int generation = m_generation;
    auto *worker = static_cast<SyncWorker *>(m_worker);
    QPointer<SyncEngine> engine(this);
    QMetaObject::invokeMethod(
        m_worker,
        [worker, engine, generation, page] {
            const Status status = worker->apply(page);
            if (!engine)
                return;
            QMetaObject::invokeMethod(
                engine.data(),
                [engine, generation, status, page] {
                    if (!engine || engine->m_generation != generation)
                        return;
                    if (!status.ok())
                        return engine->finish(status.error(), false);
                    engine->m_applied += int(page.mandats.size());
                    engine->m_changes += int(page.mandats.size() + page.usagers.size()
                                             + page.removedMandatIds.size() + page.removedUsagerIds.size())
                        + (page.reset ? 1 : 0);
                    emit engine->progress(engine->m_applied);
                    if (page.hasMore) {
                        engine->requestPage(page.cursor);
                        return;
                    }
                    engine->m_syncing = false;
                    qCInfo(lcSync) << "sync done:" << engine->m_applied << "mandats applied";
                    emit engine->synced(page.serverTimeMs);
                    if (engine)
                        engine->syncAgainIfAsked();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void SyncEngine::finish(const Error &error, bool unreachable)
{
    m_syncing = false;
    if (unreachable) {
        if (!m_offline)
            qCInfo(lcSync) << "the server is unreachable: working offline";
        m_offline = true;
        m_syncAgain = false; // unreachable: the next period tries again
        emit offline(error.message);
        return;
    }
    qCWarning(lcSync) << "sync failed:" << error.code;
    emit failed(error.message);
    syncAgainIfAsked();
}
