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

/// The append-only, hash-chained audit trail.
///
/// Each entry stores the hash of the previous entry and its own hash, the SHA-256 of its canonical
/// content (docs/journal.md). The database refuses UPDATE and DELETE on the table (triggers).
namespace Journal {

inline const QString kGenesisHash = QString(64, QLatin1Char('0'));

/// Appends inside the caller's transaction, locking the chain head. Returns the entry's sequence number.
qint64 append(QSqlDatabase &db, const Transaction &tx, const JournalEntry &entry, qint64 nowMs);

/// Ids as the entries' info lists them: "3,5,8".
QString idList(const QList<qint64> &ids);

/// The canonical serialisation that is hashed: compact JSON, keys sorted.
QByteArray canonicalContent(
    qint64 seq, qint64 createdAtMs, const JournalEntry &entry, const QString &previousHash);

struct VerifyReport
{
    bool ok = true;
    qint64 entries = 0;
    qint64 firstBadSeq = 0; ///< 0 when ok or when only the head is wrong
    QString problem; ///< English, for the operator
};

/// Walks the whole chain in order.
VerifyReport verify(QSqlDatabase &db);

} // namespace Journal
