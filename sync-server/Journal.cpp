#include "Journal.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonDocument>
#include <QSqlQuery>

#include <map>

namespace Journal {
namespace {
QJsonValue idOrNull(qint64 id)
{
    return id > 0 ? QJsonValue(id) : QJsonValue(QJsonValue::Null);
}

QString hashOf(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

qint64 idFrom(const QVariant &v)
{
    return v.isNull() ? 0 : v.toLongLong();
}

const QString kColumns = QStringLiteral(
    "action, created_at, aidant_id, organisation_id, usager_id, demarches, duration, mandat_id,"
    " autorisation_id, attestation_hash, info, previous_hash, hash");

/// Reads the columns of kColumns from @p offset on.
JournalEntry entryFrom(
    const QSqlQuery &q, int offset, qint64 *createdAt, QString *previousHash, QString *storedHash)
{
    JournalEntry entry;
    entry.action = q.value(offset).toString();
    *createdAt = q.value(offset + 1).toLongLong();
    entry.aidantId = idFrom(q.value(offset + 2));
    entry.organisationId = idFrom(q.value(offset + 3));
    entry.usagerId = idFrom(q.value(offset + 4));
    const QString demarches = q.value(offset + 5).toString();
    entry.demarches = demarches.isEmpty() ? QStringList() : demarches.split(QLatin1Char(','));
    entry.duration = q.value(offset + 6).toString();
    entry.mandatId = idFrom(q.value(offset + 7));
    entry.autorisationId = idFrom(q.value(offset + 8));
    entry.attestationHash = q.value(offset + 9).toString();
    entry.info = q.value(offset + 10).toString();
    *previousHash = q.value(offset + 11).toString();
    *storedHash = q.value(offset + 12).toString();
    return entry;
}

/// Checks one entry at @p seq of @p chainId against what its chain expects; empty when fine.
QString checkEntry(qint64 chainId, qint64 seq, qint64 expectedSeq, const QString &expectedPrevious,
    qint64 createdAt, const JournalEntry &entry, const QString &previousHash, const QString &storedHash)
{
    if (seq != expectedSeq)
        return QStringLiteral("entry %1 is missing (found %2 next)").arg(expectedSeq).arg(seq);
    if (chainId != kLegacyChain && chainOf(entry) != chainId)
        return QStringLiteral("entry %1 belongs to the %2").arg(seq).arg(chainName(chainOf(entry)));
    if (previousHash != expectedPrevious)
        return QStringLiteral("entry %1 does not follow the previous entry's hash").arg(seq);
    if (hashOf(canonicalContent(chainId, seq, createdAt, entry, previousHash)) != storedHash)
        return QStringLiteral("entry %1 does not match its hash (its content was changed)").arg(seq);
    return {};
}

struct Head
{
    qint64 lastSeq = 0;
    QString lastHash;
};
} // namespace

QString chainName(qint64 chainId)
{
    if (chainId == kLegacyChain)
        return QStringLiteral("legacy chain");
    if (chainId == kNationalChain)
        return QStringLiteral("national chain");
    return QStringLiteral("chain of organisation %1").arg(chainId);
}

QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1Char(','));
}

QByteArray canonicalContent(
    qint64 chainId, qint64 seq, qint64 createdAtMs, const JournalEntry &entry, const QString &previousHash)
{
    // QJsonObject keeps its keys sorted, so the compact form is canonical.
    QJsonObject object {
        { QStringLiteral("seq"), seq },
        { QStringLiteral("action"), entry.action },
        { QStringLiteral("created_at"), createdAtMs },
        { QStringLiteral("aidant_id"), idOrNull(entry.aidantId) },
        { QStringLiteral("organisation_id"), idOrNull(entry.organisationId) },
        { QStringLiteral("usager_id"), idOrNull(entry.usagerId) },
        { QStringLiteral("demarches"), entry.demarches.join(QLatin1Char(',')) },
        { QStringLiteral("duration"), entry.duration },
        { QStringLiteral("mandat_id"), idOrNull(entry.mandatId) },
        { QStringLiteral("autorisation_id"), idOrNull(entry.autorisationId) },
        { QStringLiteral("attestation_hash"), entry.attestationHash },
        { QStringLiteral("info"), entry.info },
        { QStringLiteral("previous_hash"), previousHash },
    };
    if (chainId != kLegacyChain)
        object.insert(QStringLiteral("chain"), chainId);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

qint64 append(QSqlDatabase &db, const Transaction &tx, const JournalEntry &entry, qint64 nowMs)
{
    const qint64 chain = chainOf(entry);
    // 1. Lock and read the chain's head, creating it at the first entry of the chain: its genesis
    // is the legacy chain's last hash. PostgreSQL: the upsert locks the row (a concurrent first
    // append waits on the unique index, then takes the update path and reads the committed head).
    // SQLite: the transaction already holds the write lock.
    const auto head = Sql::firstRow<Head>(db,
        QStringLiteral("INSERT INTO journal_heads (chain_id, last_seq, last_hash)"
                       " VALUES (?, 0, (SELECT last_hash FROM journal_head WHERE id = 1))"
                       " ON CONFLICT (chain_id) DO UPDATE SET last_seq = journal_heads.last_seq"
                       " RETURNING last_seq, last_hash"),
        { chain }, [](const QSqlQuery &q) {
            return Head { q.value(0).toLongLong(), q.value(1).toString() };
        });
    if (!head)
        throw DatabaseError("journal head missing");
    const qint64 seq = head->lastSeq + 1;
    const QString hash = hashOf(canonicalContent(chain, seq, nowMs, entry, head->lastHash));
    // 2. Insert; the database checks that it extends the head and moves the head (trigger). The
    // primary key takes no lock: a sequence on PostgreSQL, MAX + 1 under SQLite's write lock.
    const QString seqValue = tx.dialect() == Dialect::Sqlite
        ? QStringLiteral("(SELECT COALESCE(MAX(seq), 0) + 1 FROM journal)")
        : QStringLiteral("nextval('journal_seq')");
    Sql::write(db,
        QStringLiteral("INSERT INTO journal (seq, chain_id, chain_seq, ") + kColumns
            + QStringLiteral(") VALUES (") + seqValue
            + QStringLiteral(", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        { chain, seq, entry.action, nowMs, Sql::nullableId(entry.aidantId),
            Sql::nullableId(entry.organisationId), Sql::nullableId(entry.usagerId),
            entry.demarches.join(QLatin1Char(',')), entry.duration, Sql::nullableId(entry.mandatId),
            Sql::nullableId(entry.autorisationId), entry.attestationHash, entry.info, head->lastHash, hash });
    return seq;
}

VerifyReport verify(QSqlDatabase &db)
{
    VerifyReport report;
    const auto broken = [&report](qint64 chain, qint64 seq, const QString &problem) {
        report.ok = false;
        report.badChain = chain;
        report.firstBadSeq = seq;
        report.problem = problem;
        return report;
    };

    // The legacy chain: global seq 1, 2, 3... against the frozen journal_head.
    QString expectedPrevious = kGenesisHash;
    qint64 expectedSeq = 1;
    // Checks the row's entry (its position in column @p seqColumn, the entry's columns after it) as
    // the next of @p chain; an empty string when it is.
    const auto checkNext = [&](qint64 chain, const QSqlQuery &rows, int seqColumn) {
        const qint64 seq = rows.value(seqColumn).toLongLong();
        qint64 createdAt = 0;
        QString previousHash, storedHash;
        const JournalEntry entry = entryFrom(rows, seqColumn + 1, &createdAt, &previousHash, &storedHash);
        ++report.entries;
        const QString problem = checkEntry(
            chain, seq, expectedSeq, expectedPrevious, createdAt, entry, previousHash, storedHash);
        if (problem.isEmpty()) {
            expectedPrevious = storedHash;
            ++expectedSeq;
        }
        return problem;
    };
    {
        QSqlQuery rows = Sql::exec(db,
            QStringLiteral("SELECT seq, ") + kColumns
                + QStringLiteral(" FROM journal WHERE chain_id IS NULL ORDER BY seq"));
        while (rows.next()) {
            const QString problem = checkNext(kLegacyChain, rows, 0);
            if (!problem.isEmpty())
                return broken(kLegacyChain, expectedSeq, problem);
        }
    }
    report.legacyEntries = report.entries;
    if (report.legacyEntries > 0)
        ++report.chains;
    QSqlQuery legacyHead
        = Sql::exec(db, QStringLiteral("SELECT last_seq, last_hash FROM journal_head WHERE id = 1"));
    if (!legacyHead.next() || legacyHead.value(0).toLongLong() != expectedSeq - 1
        || legacyHead.value(1).toString() != expectedPrevious) {
        return broken(kLegacyChain, expectedSeq,
            QStringLiteral("the chain head does not match the last entry (entries removed after %1?)")
                .arg(expectedSeq - 1));
    }
    const QString genesis = expectedPrevious; // every chain starts from the legacy chain's last hash

    std::map<qint64, Head> heads; // ordered: national chain first, then by organisation
    {
        QSqlQuery rows
            = Sql::exec(db, QStringLiteral("SELECT chain_id, last_seq, last_hash FROM journal_heads"));
        while (rows.next())
            heads[rows.value(0).toLongLong()] = Head { rows.value(1).toLongLong(), rows.value(2).toString() };
    }
    // A chain's end against its head; an empty string when they agree.
    const auto headProblem = [&heads](qint64 chain, qint64 lastSeq, const QString &lastHash) {
        const auto it = heads.find(chain);
        if (it == heads.end())
            return QStringLiteral("the chain has no head (entries up to %1)").arg(lastSeq);
        if (it->second.lastSeq != lastSeq || it->second.lastHash != lastHash) {
            return QStringLiteral("the chain head does not match the last entry (entries removed after %1?)")
                .arg(lastSeq);
        }
        return QString();
    };

    qint64 chain = 0;
    bool inChain = false;
    QSqlQuery rows = Sql::exec(db,
        QStringLiteral("SELECT chain_id, chain_seq, ") + kColumns
            + QStringLiteral(" FROM journal WHERE chain_id IS NOT NULL ORDER BY chain_id, chain_seq"));
    while (rows.next()) {
        const qint64 rowChain = rows.value(0).toLongLong();
        if (!inChain || rowChain != chain) {
            if (inChain) {
                const QString problem = headProblem(chain, expectedSeq - 1, expectedPrevious);
                if (!problem.isEmpty())
                    return broken(chain, expectedSeq, problem);
                heads.erase(chain);
            }
            // A head without entries before this chain: its entries were all removed.
            for (auto it = heads.begin(); it != heads.end() && it->first < rowChain; ++it) {
                if (it->second.lastSeq > 0) {
                    return broken(it->first, 1,
                        QStringLiteral(
                            "the chain head does not match the last entry (entries removed after 0?)"));
                }
            }
            chain = rowChain;
            inChain = true;
            ++report.chains;
            expectedSeq = 1;
            expectedPrevious = genesis;
        }
        const QString problem = checkNext(chain, rows, 1);
        if (!problem.isEmpty())
            return broken(chain, expectedSeq, problem);
    }
    if (inChain) {
        const QString problem = headProblem(chain, expectedSeq - 1, expectedPrevious);
        if (!problem.isEmpty())
            return broken(chain, expectedSeq, problem);
        heads.erase(chain);
    }
    for (const auto &[headChain, head] : heads) {
        if (head.lastSeq > 0) {
            return broken(headChain, 1,
                QStringLiteral("the chain head does not match the last entry (entries removed after 0?)"));
        }
    }
    return report;
}

} // namespace Journal
