#pragma once

#include "Mandat.h"

#include <QObject>

#include <memory>

class ApiClient;
class KeyStore;
class MandatsPage;
class OfflineCache;
class QStackedWidget;
class SyncEngine;
class UsagerPage;

/// « Mes mandats » in the window: the workstation's offline cache and its sync engine for the open
/// session, the list and usager pages, and the actions that need the server (revocation; renewal
/// is handed to the window, which opens the wizard).
///
/// The cache key comes from the KeyStore (the OS keychain in the product). Logging out wipes the
/// cache and its key (docs/offline-cache.md): the next session syncs again.
class MandatsController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MandatsController)

public:
    MandatsController(ApiClient *api, QStackedWidget *stack, QObject *parent = nullptr);
    ~MandatsController() override;

    /// Replaces the key store (tests: an in-memory one). Only while no session is open.
    void setKeyStore(std::unique_ptr<KeyStore> keyStore);
    void setCachePath(const QString &path) { m_cachePath = path; }
    QString cachePath() const { return m_cachePath; }

    /// A session opened (or its organisation changed): opens the cache and starts syncing.
    void start();
    /// The session closed: stops syncing; with @p wipe, deletes the cache and its key.
    void stop(bool wipe);

    MandatsPage *mandatsPage() const { return m_mandatsPage; }
    UsagerPage *usagerPage() const { return m_usagerPage; }
    SyncEngine *syncEngine() const;
    /// Reads the cache again into the pages (after a sync, or a change made here).
    void refresh();
    void showList();
    void showUsager(qint64 usagerId);

signals:
    /// The aidant asked to renew this mandat (the window opens the wizard).
    void renewRequested(const MandatInfo &mandat);
    /// The pages want to be shown, with this window title.
    void pageRequested(QWidget *page, const QString &title);
    /// « Retour » from the list.
    void homeRequested();

private:
    void stopSync();
    void revoke(qint64 mandatId, qint64 autorisationId);
    void setOffline(bool offline);

    ApiClient *m_api;
    std::unique_ptr<KeyStore> m_keyStore;
    QString m_cachePath;
    MandatsPage *m_mandatsPage = nullptr;
    UsagerPage *m_usagerPage = nullptr;
    SyncEngine *m_engine = nullptr; ///< owned; only while a session is open
    std::unique_ptr<OfflineCache> m_cache;
    qint64 m_shownUsagerId = 0;
    qint64 m_lastSyncMs = 0;
    bool m_offline = false;
    bool m_loaded = false; ///< the pages show the cache's content
};
