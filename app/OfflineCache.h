#pragma once

#include "Mandat.h"
#include "Result.h"
#include "Sync.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>

class KeyStore;

/// One row of « Mes mandats »: an usager and what the organisation's mandats with them look like.
struct UsagerSummary
{
    UsagerIdentity usager;
    QString searchKey; ///< given + family + preferred name + birthdate, lower-case, accents removed
    int activeMandats = 0;
    int expiringSoonMandats = 0; ///< active and expiring within 30 days
    int expiredMandats = 0;
    int revokedMandats = 0;
    qint64 nextExpiryMs = 0; ///< earliest expiry of an active mandat, 0 if none
};

/// The workstation's offline copy of what the current organisation may see (docs/offline-cache.md):
/// a local SQLite file filled by the sync engine. Personal fields (the usager's claims, the aidant's
/// name) are encrypted with AES-256-GCM (OpenSSL) under a key kept in the OS keychain (KeyStore);
/// ids, dates, démarches and states stay in clear so the cache can be queried.
///
/// Not thread-safe: one instance per thread (the sync engine's worker opens its own on the same file).
class OfflineCache
{
public:
    /// @p key: 32 bytes from the KeyStore. The file is created when missing.
    OfflineCache(const QString &path, const QByteArray &key);
    ~OfflineCache();
    Q_DISABLE_COPY_MOVE(OfflineCache)

    /// Creates the schema when missing. Fails (French message) when the file was written with
    /// another key: nothing can be read then; the caller removes the file and syncs again.
    Status open();
    bool isOpen() const;
    void close();
    QString path() const { return m_path; }
    /// The error of the last failed call (code empty when it succeeded). The reads below return
    /// nothing rather than garbage when a blob fails authentication; this tells why.
    Error lastError() const { return m_lastError; }

    /// Applies one sync page in one transaction (reset first when page.reset), then stores its cursor.
    Status apply(const SyncPage &page);
    QString cursor() const;
    qint64 lastSyncAtMs() const; ///< server time of the last applied page, 0 before the first sync
    qint64 organisationId() const;
    OrganisationInfo organisation() const; ///< the organisation of the last applied page

    /// Every usager with at least one visible mandat, sorted by family then given name (French collation).
    QList<UsagerSummary> usagers(qint64 nowMs) const;
    QList<MandatInfo> mandatsOf(qint64 usagerId) const; ///< newest first, with autorisations
    std::optional<MandatInfo> mandat(qint64 mandatId) const;
    std::optional<UsagerIdentity> usager(qint64 usagerId) const;

    /// Deletes the file (and its WAL): logout of the last session, or "wipe this workstation".
    static Status remove(const QString &path);
    /// remove(), then the key from @p keys: nothing of the cache is left on the workstation.
    static Status wipe(const QString &path, KeyStore &keys, const QString &keyName = defaultKeyName());
    /// Where the product keeps the cache: offline-cache.sqlite in the user's application data directory.
    static QString defaultPath();
    /// The KeyStore entry of the cache's key.
    static QString defaultKeyName() { return QStringLiteral("offline-cache-key"); }
    /// Lower-case, accents and punctuation removed, spaces collapsed: "Joëlle DUBINÔRE" → "joelle dubinore".
    /// Ligatures are spelled out (œ → oe, æ → ae, ß → ss); apostrophes join ("d'Artagnan" → "dartagnan"),
    /// other punctuation separates words ("Jean-Pierre" → "jean pierre").
    static QString normalizeForSearch(const QString &text);

private:
    QSqlDatabase database() const;
    Status openConnection(); ///< the connection, the schema and the key check
    Status fail(const Error &error) const;
    Status applyInTransaction(const QSqlDatabase &db, const SyncPage &page);
    QVariant metaValue(const QString &column) const;
    std::optional<UsagerIdentity> decryptUsager(qint64 id, const QByteArray &enc) const;
    /// Mandats matching @p where (with one bound value), newest first, with their autorisations;
    /// @p withPersonal: decrypt the aidant's name and the usager's sub hash too.
    QList<MandatInfo> loadMandats(const QString &where, const QVariant &bound, bool withPersonal) const;

    QString m_path;
    QByteArray m_key;
    QString m_connectionName;
    bool m_open = false;
    mutable Error m_lastError;
};
