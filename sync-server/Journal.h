#pragma once

#include "Database.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

/// One journal entry (reference/aidants-connect.md § Journal); ids of 0 mean "none".
struct JournalEntry
{
    QString action;
    qint64 aidantId = 0;
    qint64 organisationId = 0;
    qint64 usagerId = 0;
    QStringList demarches;
    QString duration;
    qint64 mandatId = 0;
    qint64 autorisationId = 0;
    QString attestationHash;
    QString info; ///< free information: never an OTP code, a token, a seed or an usager's identity

    /// An administrative entry: who did it, in which organisation (0: national), what.
    static JournalEntry administrative(
        const QString &action, qint64 aidantId, qint64 organisationId, const QString &info)
    {
        JournalEntry e;
        e.action = action;
        e.aidantId = aidantId;
        e.organisationId = organisationId;
        e.info = info;
        return e;
    }
};

/// The append-only, hash-chained audit trail (docs/journal.md).
///
/// One chain per organisation (chain id = the organisation's id) and the national chain (0) for the
/// entries of no organisation; the entries written before the chains existed form the closed legacy
/// chain. Each entry stores the hash of the previous entry of its chain and its own hash, the SHA-256
/// of its canonical content. The database refuses UPDATE and DELETE on the table (triggers) and only
/// accepts an entry that extends its chain's head.
namespace Journal {

inline const QString kGenesisHash = QString(64, QLatin1Char('0'));
/// The chain of the entries of no organisation.
constexpr qint64 kNationalChain = 0;
/// The closed chain of the entries written before the per-organisation chains (chain_id NULL).
constexpr qint64 kLegacyChain = -1;

/// The chain an entry belongs to: its organisation's, or the national one.
inline qint64 chainOf(const JournalEntry &entry)
{
    return entry.organisationId > 0 ? entry.organisationId : kNationalChain;
}

/// "legacy chain", "national chain", "chain of organisation 12".
QString chainName(qint64 chainId);

/// Appends inside the caller's transaction, locking its chain's head (two statements). Returns the
/// entry's position in its chain.
qint64 append(QSqlDatabase &db, const Transaction &tx, const JournalEntry &entry, qint64 nowMs);

/// Ids as the entries' info lists them: "3,5,8".
QString idList(const QList<qint64> &ids);

/// The canonical serialisation that is hashed: compact JSON, keys sorted. @p seq is the position in
/// the chain; the legacy chain's entries have no "chain" key (the format from before the chains).
QByteArray canonicalContent(
    qint64 chainId, qint64 seq, qint64 createdAtMs, const JournalEntry &entry, const QString &previousHash);

struct VerifyReport
{
    bool ok = true;
    qint64 entries = 0;
    qint64 chains = 0; ///< chains seen, the legacy one included when it has entries
    qint64 legacyEntries = 0;
    qint64 badChain = kLegacyChain; ///< when not ok: the chain of the first bad entry
    qint64 firstBadSeq = 0; ///< when not ok: its position in that chain
    QString problem; ///< English, for the operator
};

/// Walks the legacy chain, then every chain in chain order (national first), each against its head.
VerifyReport verify(QSqlDatabase &db);

} // namespace Journal
