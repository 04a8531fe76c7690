#pragma once

#include "Database.h"
#include "Mandat.h"

#include <QHash>
#include <QUrl>

#include <optional>

struct DraftRecord
{
    QString id;
    qint64 aidantId = 0;
    qint64 organisationId = 0;
    QStringList demarches;
    QString duration;
    bool remote = false;
    bool remoteConsentCertified = false;
    QString state; ///< pending, identified, failed, signed (expiry is read from expiresAtMs)
    QString failureCode;
    QString fcNonce;
    qint64 usagerId = 0;
    qint64 mandatId = 0;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
};

struct MandatRecord
{
    qint64 id = 0;
    qint64 organisationId = 0;
    qint64 usagerId = 0;
    qint64 aidantId = 0;
    QString duration;
    bool remote = false;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
    int templateVersion = 0;
    QString attestationHash;
    QList<AutorisationInfo> autorisations;

    /// The mandat's own fields, with its démarches (sorted) and the verification URL under
    /// @p publicUrl; the organisation, the aidant's name and the usager are the caller's to fill.
    MandatInfo toInfo(const QUrl &publicUrl) const;
};

/// An active autorisation found for revocation.
struct ActiveAutorisation
{
    qint64 id = 0;
    qint64 mandatId = 0;
    QString demarche;
};

/// Storage of usagers, mandat drafts, mandats and autorisations (same rules as Repository: SQL for
/// both dialects, DatabaseError on failure, callers own the transactions).
class MandatRepository
{
public:
    explicit MandatRepository(QSqlDatabase db);

    // Usagers
    struct UsagerUpsert
    {
        qint64 id = 0;
        bool created = false;
        bool emailChanged = false;
    };
    /// Creates the usager of @p subHash, or refreshes a known one's claims from FranceConnect.
    UsagerUpsert upsertUsager(const QString &subHash, const UsagerIdentity &identity, qint64 nowMs);
    std::optional<UsagerIdentity> usager(qint64 id);
    /// Locks the usager's row inside @p tx: signatures for one usager are serialised, so two of them
    /// cannot both keep an active autorisation for the same démarche.
    void lockUsager(const Transaction &tx, qint64 id);
    QString usagerSubHash(qint64 id);

    // Drafts
    void createDraft(const DraftRecord &draft);
    /// @p forUpdate: inside @p tx, locked.
    std::optional<DraftRecord> draft(const QString &id, const Transaction *forUpdate = nullptr);
    std::optional<DraftRecord> draftByFcState(const Transaction &tx, const QString &fcState);
    std::optional<DraftRecord> draftByLogoutState(const Transaction &tx, const QString &logoutState);
    void startDraft(const QString &id, const QString &fcState, const QString &fcNonce);
    void identifyDraft(const QString &id, qint64 usagerId, const QString &logoutState);
    void failDraft(const QString &id, const QString &failureCode);
    void signDraft(const QString &id, qint64 mandatId);
    void clearLogoutState(const QString &id);
    /// Deletes drafts that expired before @p beforeMs (a draft is only useful while it lives).
    void purgeDrafts(qint64 beforeMs);

    // Mandats and autorisations
    qint64 insertMandat(const MandatRecord &mandat);
    /// Locks a mandat's row inside @p tx (revocations and renewals of one mandat are serialised).
    void lockMandat(const Transaction &tx, qint64 id);
    void setAttestationHash(qint64 mandatId, const QString &hash);
    qint64 insertAutorisation(qint64 mandatId, const QString &demarche);
    /// The unrevoked autorisations of unexpired mandats of (organisation, usager) for these démarches.
    QList<ActiveAutorisation> activeAutorisations(const Transaction &tx, qint64 organisationId,
        qint64 usagerId, const QStringList &demarches, qint64 nowMs);
    void revokeAutorisation(qint64 autorisationId, qint64 nowMs, qint64 aidantId);
    std::optional<MandatRecord> mandat(qint64 id);
    /// Mandats by id, with their autorisations (ids absent from the store are skipped).
    QList<MandatRecord> mandats(const QList<qint64> &ids);
    /// A page of an organisation's mandats with id > @p afterId, by id.
    QList<MandatRecord> organisationMandats(qint64 organisationId, qint64 afterId, int limit);
    /// Usagers by id (and, with @p subHashes, their hashed subs, read from the same rows).
    QList<UsagerIdentity> usagers(const QList<qint64> &ids, QHash<qint64, QString> *subHashes = nullptr);
    /// Mandats of an organisation whose expiry or an autorisation's revocation falls in [fromMs, toMs).
    QList<qint64> organisationMandatsEndingBetween(qint64 organisationId, qint64 fromMs, qint64 toMs);
    /// Ids of an usager's mandats with an organisation.
    QList<qint64> usagerMandatIds(qint64 organisationId, qint64 usagerId);

private:
    QList<MandatRecord> mandatsWhere(const QString &condition, const QVariantList &params);
    std::optional<DraftRecord> draftWhere(
        const QString &condition, const QVariant &value, const QString &suffix);

    QSqlDatabase m_db;
};
