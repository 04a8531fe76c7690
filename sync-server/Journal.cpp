#include "Journal.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlQuery>

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
} // namespace

QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1Char(','));
}

QByteArray canonicalContent(
    qint64 seq, qint64 createdAtMs, const JournalEntry &entry, const QString &previousHash)
{
    // QJsonObject keeps its keys sorted, so the compact form is canonical.
    const QJsonObject object {
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
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

qint64 append(QSqlDatabase &db, const Transaction &tx, const JournalEntry &entry, qint64 nowMs)
{
    QSqlQuery head = Sql::exec(
        db, QStringLiteral("SELECT last_seq, last_hash FROM journal_head WHERE id = 1") + tx.forUpdate());
    if (!head.next())
        throw DatabaseError("journal head missing");
    const qint64 seq = head.value(0).toLongLong() + 1;
    const QString previousHash = head.value(1).toString();
    const QString hash = hashOf(canonicalContent(seq, nowMs, entry, previousHash));
    Sql::write(db,
        QStringLiteral("INSERT INTO journal (seq, action, created_at, aidant_id, organisation_id, usager_id,"
                       " demarches, duration, mandat_id, autorisation_id, attestation_hash, info,"
                       " previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        { seq, entry.action, nowMs, Sql::nullableId(entry.aidantId), Sql::nullableId(entry.organisationId),
            Sql::nullableId(entry.usagerId), entry.demarches.join(QLatin1Char(',')), entry.duration,
            Sql::nullableId(entry.mandatId), Sql::nullableId(entry.autorisationId), entry.attestationHash,
            entry.info, previousHash, hash });
    Sql::write(db, QStringLiteral("UPDATE journal_head SET last_seq = ?, last_hash = ? WHERE id = 1"),
        { seq, hash });
    return seq;
}

VerifyReport verify(QSqlDatabase &db)
{
    VerifyReport report;
    QString expectedPrevious = kGenesisHash;
    qint64 expectedSeq = 1;
    QSqlQuery rows = Sql::exec(db,
        QStringLiteral("SELECT seq, action, created_at, aidant_id, organisation_id,"
                       " usager_id, demarches, duration, mandat_id, autorisation_id,"
                       " attestation_hash, info, previous_hash, hash"
                       " FROM journal ORDER BY seq"));
    while (rows.next()) {
        const qint64 seq = rows.value(0).toLongLong();
        JournalEntry entry;
        entry.action = rows.value(1).toString();
        const qint64 createdAt = rows.value(2).toLongLong();
        entry.aidantId = idFrom(rows.value(3));
        entry.organisationId = idFrom(rows.value(4));
        entry.usagerId = idFrom(rows.value(5));
        const QString demarches = rows.value(6).toString();
        entry.demarches = demarches.isEmpty() ? QStringList() : demarches.split(QLatin1Char(','));
        entry.duration = rows.value(7).toString();
        entry.mandatId = idFrom(rows.value(8));
        entry.autorisationId = idFrom(rows.value(9));
        entry.attestationHash = rows.value(10).toString();
        entry.info = rows.value(11).toString();
        const QString previousHash = rows.value(12).toString();
        const QString storedHash = rows.value(13).toString();
        ++report.entries;

        QString problem;
        if (seq != expectedSeq)
            problem = QStringLiteral("entry %1 is missing (found %2 next)").arg(expectedSeq).arg(seq);
        else if (previousHash != expectedPrevious)
            problem = QStringLiteral("entry %1 does not follow the previous entry's hash").arg(seq);
        else if (hashOf(canonicalContent(seq, createdAt, entry, previousHash)) != storedHash)
            problem = QStringLiteral("entry %1 does not match its hash (its content was changed)").arg(seq);
        if (!problem.isEmpty()) {
            report.ok = false;
            report.firstBadSeq = seq != expectedSeq ? expectedSeq : seq;
            report.problem = problem;
            return report;
        }
        expectedPrevious = storedHash;
        ++expectedSeq;
    }

    QSqlQuery head
        = Sql::exec(db, QStringLiteral("SELECT last_seq, last_hash FROM journal_head WHERE id = 1"));
    if (!head.next() || head.value(0).toLongLong() != expectedSeq - 1
        || head.value(1).toString() != expectedPrevious) {
        report.ok = false;
        report.firstBadSeq = expectedSeq;
        report.problem
            = QStringLiteral("the chain head does not match the last entry (entries removed after %1?)")
                  .arg(expectedSeq - 1);
    }
    return report;
}

} // namespace Journal
