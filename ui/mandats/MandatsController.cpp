#include "MandatsController.h"

#include "ApiClient.h"
#include "KeyStore.h"
#include "MandatsLogging.h"
#include "MandatsPage.h"
#include "OfflineCache.h"
#include "SyncEngine.h"
#include "UsagerPage.h"

#include <QDateTime>
#include <QMessageBox>
#include <QStackedWidget>

MandatsController::MandatsController(ApiClient *api, QStackedWidget *stack, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_keyStore(std::make_unique<QtKeychainStore>())
    , m_cachePath(OfflineCache::defaultPath())
{
    m_mandatsPage = new MandatsPage(stack);
    m_usagerPage = new UsagerPage(stack);
    stack->addWidget(m_mandatsPage);
    stack->addWidget(m_usagerPage);
    connect(m_mandatsPage, &MandatsPage::usagerActivated, this, &MandatsController::showUsager);
    connect(m_mandatsPage, &MandatsPage::homeRequested, this, &MandatsController::homeRequested);
    connect(m_mandatsPage, &MandatsPage::syncRequested, this, [this] {
        if (m_engine)
            m_engine->syncNow();
    });
    connect(m_usagerPage, &UsagerPage::back, this, &MandatsController::showList);
    connect(m_usagerPage, &UsagerPage::revokeAutorisationRequested, this, &MandatsController::revoke);
    connect(m_usagerPage, &UsagerPage::revokeMandatRequested, this,
        [this](qint64 mandatId) { revoke(mandatId, 0); });
    connect(m_usagerPage, &UsagerPage::renewRequested, this, [this](qint64 mandatId) {
        if (!m_cache)
            return;
        if (const auto mandat = m_cache->mandat(mandatId))
            emit renewRequested(*mandat);
    });
}

MandatsController::~MandatsController()
{
    // The pages may be gone already (they belong to the window's stack): only the sync and the cache.
    stopSync();
}

void MandatsController::stopSync()
{
    if (m_engine) {
        m_engine->stop();
        delete m_engine;
        m_engine = nullptr;
    }
    if (m_cache) {
        m_cache->close();
        m_cache.reset();
    }
}

SyncEngine *MandatsController::syncEngine() const
{
    return m_engine;
}

void MandatsController::setKeyStore(std::unique_ptr<KeyStore> keyStore)
{
    m_keyStore = std::move(keyStore);
}

void MandatsController::start()
{
    stop(false);
    const Result<QByteArray> key = m_keyStore->loadOrCreate(OfflineCache::defaultKeyName());
    if (!key) {
        // Without the keychain, no personal data is written to the disk: Mes mandats says why it is empty.
        qCWarning(lcUiMandats) << "offline cache unavailable:" << key.error().code;
        m_mandatsPage->setData({}, QDateTime::currentMSecsSinceEpoch());
        m_mandatsPage->setError(
            tr("Impossible d'ouvrir le cache local de vos mandats (%1). Vérifiez que le trousseau de votre "
               "session est déverrouillé, puis relancez l'application.")
                .arg(key.error().message));
        return;
    }
    m_cache = std::make_unique<OfflineCache>(m_cachePath, key.value());
    if (const Status opened = m_cache->open(); !opened) {
        m_cache.reset();
        // A cache of another key or a damaged file: the sync engine rebuilds it. Anything else (the
        // folder or the file cannot be created) is shown until a sync succeeds.
        if (opened.error().code != QLatin1String("cache_wrong_key")
            && opened.error().code != QLatin1String("cache_corrupted"))
            m_mandatsPage->setError(opened.error().message);
    }
    m_engine = new SyncEngine(m_api, m_cachePath, key.value(), this);
    connect(m_engine, &SyncEngine::syncStarted, this, [this](bool first) {
        if (first)
            m_mandatsPage->setSyncProgress(0);
    });
    connect(m_engine, &SyncEngine::progress, m_mandatsPage, &MandatsPage::setSyncProgress);
    connect(m_engine, &SyncEngine::synced, this, [this, keyValue = key.value()](qint64 serverTimeMs) {
        m_lastSyncMs = serverTimeMs;
        QString error;
        if (!m_cache || !m_cache->isOpen()) {
            m_cache = std::make_unique<OfflineCache>(m_cachePath, keyValue);
            if (const Status opened = m_cache->open(); !opened) {
                m_cache.reset();
                error = opened.error().message;
            }
        }
        m_mandatsPage->setSynced();
        m_mandatsPage->setError(error);
        setOffline(false);
        // Reading the cache decrypts every usager (about a second for 50,000): only after a change.
        if (m_engine->changesInLastSync() > 0 || !m_loaded)
            refresh();
    });
    connect(m_engine, &SyncEngine::offline, this, [this] {
        m_mandatsPage->setSynced();
        if (m_cache)
            m_lastSyncMs = m_cache->lastSyncAtMs();
        setOffline(true);
    });
    connect(m_engine, &SyncEngine::failed, this, [this](const QString &message) {
        m_mandatsPage->setSynced();
        qCInfo(lcUiMandats) << "sync failed";
        // With nothing readable, the list would look empty: the failure is said instead.
        if (!m_cache)
            m_mandatsPage->setError(message);
    });
    refresh();
    m_engine->start();
}

void MandatsController::stop(bool wipe)
{
    stopSync();
    m_shownUsagerId = 0;
    m_loaded = false;
    m_mandatsPage->setError(QString());
    m_mandatsPage->setData({}, QDateTime::currentMSecsSinceEpoch());
    if (wipe && m_keyStore) {
        const Status wiped = OfflineCache::wipe(m_cachePath, *m_keyStore);
        if (!wiped)
            qCWarning(lcUiMandats) << "the offline cache could not be wiped:" << wiped.error().code;
    }
}

void MandatsController::refresh()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_cache) {
        m_mandatsPage->setData({}, now);
        return;
    }
    m_mandatsPage->setData(m_cache->usagers(now), now);
    m_loaded = true;
    if (m_shownUsagerId > 0) {
        if (const auto usager = m_cache->usager(m_shownUsagerId))
            m_usagerPage->setData(*usager, m_cache->mandatsOf(m_shownUsagerId), now);
        else
            showList(); // no longer visible
    }
}

void MandatsController::showList()
{
    m_shownUsagerId = 0;
    emit pageRequested(m_mandatsPage, tr("Mes mandats"));
}

void MandatsController::showUsager(qint64 usagerId)
{
    if (!m_cache)
        return;
    const auto usager = m_cache->usager(usagerId);
    if (!usager)
        return;
    m_shownUsagerId = usagerId;
    m_usagerPage->setData(*usager, m_cache->mandatsOf(usagerId), QDateTime::currentMSecsSinceEpoch());
    m_usagerPage->setOffline(m_offline);
    // The title never carries personal data.
    emit pageRequested(m_usagerPage, tr("Mes mandats"));
}

void MandatsController::setOffline(bool offline)
{
    m_offline = offline;
    m_mandatsPage->setOffline(offline, m_lastSyncMs);
    m_usagerPage->setOffline(offline);
}

void MandatsController::revoke(qint64 mandatId, qint64 autorisationId)
{
    auto done = [this](const Result<MandatInfo> &result) {
        if (!result) {
            // The server's French message; nothing changed on the server.
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Révocation impossible"),
                result.error().message, QMessageBox::Ok, m_usagerPage);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            if (SyncEngine::isNetworkError(result.error()))
                setOffline(true);
            return;
        }
        qCInfo(lcUiMandats) << "mandat" << result.value().id << "revoked";
        if (m_engine)
            m_engine->syncNow();
    };
    if (autorisationId > 0)
        m_api->revokeAutorisation(mandatId, autorisationId, this, done);
    else
        m_api->revokeMandat(mandatId, this, done);
}
