#include "MandatRepository.h"

#include <QHash>
#include <QSqlQuery>

#include <algorithm>

namespace {
const QString kDraftColumns = QStringLiteral("id, aidant_id, organisation_id, demarches, duration, remote, "
                                             "remote_consent_certified, state, failure_code,"
                                             " fc_nonce, usager_id, mandat_id, created_at, expires_at");
const QString kUsagerColumns
    = QStringLiteral("id, given_name, family_name, preferred_username, birthdate, gender,"
                     " birthplace, birthcountry, email, phone");
const QString kMandatColumns
    = QStringLiteral("id, organisation_id, usager_id, aidant_id, duration, remote, created_at,"
                     " expires_at, template_version, attestation_hash");

/// A row of kUsagerColumns.
UsagerIdentity usagerFromQuery(const QSqlQuery &q)
{
    UsagerIdentity u;
    u.id = q.value(0).toLongLong();
    u.givenName = q.value(1).toString();
    u.familyName = q.value(2).toString();
    u.preferredUsername = q.value(3).toString();
    u.birthdate = q.value(4).toString();
    u.gender = q.value(5).toString();
    u.birthplace = q.value(6).toString();
    u.birthcountry = q.value(7).toString();
    u.email = q.value(8).toString();
    u.phone = q.value(9).toString();
    return u;
}

DraftRecord draftFromQuery(const QSqlQuery &q)
{
    DraftRecord d;
    d.id = q.value(0).toString();
    d.aidantId = q.value(1).toLongLong();
    d.organisationId = q.value(2).toLongLong();
    d.demarches = q.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    d.duration = q.value(4).toString();
    d.remote = q.value(5).toBool();
    d.remoteConsentCertified = q.value(6).toBool();
    d.state = q.value(7).toString();
    d.failureCode = q.value(8).toString();
    d.fcNonce = q.value(9).toString();
    d.usagerId = q.value(10).toLongLong();
    d.mandatId = q.value(11).toLongLong();
    d.createdAtMs = q.value(12).toLongLong();
    d.expiresAtMs = q.value(13).toLongLong();
    return d;
}
} // namespace

MandatInfo MandatRecord::toInfo(const QUrl &publicUrl) const
{
    MandatInfo info;
    info.id = id;
    info.organisation.id = organisationId;
    info.aidantId = aidantId;
    info.usager.id = usagerId;
    for (const AutorisationInfo &a : autorisations)
        info.demarches.append(a.demarche);
    std::sort(info.demarches.begin(), info.demarches.end());
    info.duration = duration;
    info.remote = remote;
    info.createdAtMs = createdAtMs;
    info.expiresAtMs = expiresAtMs;
    info.templateVersion = templateVersion;
    info.attestationHash = attestationHash;
    info.autorisations = autorisations;
    if (!attestationHash.isEmpty())
        info.verifyUrl
            = publicUrl.resolved(QUrl(QStringLiteral("/verify/%1?h=%2").arg(id).arg(attestationHash)))
                  .toString();
    return info;
}

MandatRepository::MandatRepository(QSqlDatabase db)
    : m_db(std::move(db))
{
}

MandatRepository::UsagerUpsert MandatRepository::upsertUsager(
    const QString &subHash, const UsagerIdentity &u, qint64 nowMs)
{
    UsagerUpsert result;
    // Insert first, never "look, then insert": two identifications of one usager at the same moment
    // would both find no row and one would break the unique sub_hash. With ON CONFLICT DO NOTHING,
    // PostgreSQL makes the second wait for the first's transaction and then inserts nothing (no row
    // returned); SQLite's writers are serialised by BEGIN IMMEDIATE anyway.
    const QVariant inserted = Sql::scalar(m_db,
        QStringLiteral("INSERT INTO usagers (sub_hash, given_name, family_name, preferred_username,"
                       " birthdate, gender, birthplace, birthcountry, email, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (sub_hash) DO NOTHING RETURNING id"),
        { subHash, u.givenName, u.familyName, u.preferredUsername, u.birthdate, u.gender, u.birthplace,
            u.birthcountry, u.email, nowMs, nowMs });
    if (inserted.isValid()) {
        result.created = true;
        result.id = inserted.toLongLong();
        return result;
    }
    // A known usager (committed: under READ COMMITTED this new statement reads it).
    const int found = Sql::forEachRow(
        m_db, QStringLiteral("SELECT id, email FROM usagers WHERE sub_hash = ?"), { subHash },
        [&](const QSqlQuery &q) {
            result.id = q.value(0).toLongLong();
            result.emailChanged = q.value(1).toString() != u.email;
        },
        1);
    if (found == 0)
        throw DatabaseError("the usager row vanished during its upsert");
    // FranceConnect's claims are authoritative: refresh them at each identification.
    Sql::write(m_db,
        QStringLiteral("UPDATE usagers SET given_name = ?, family_name = ?, preferred_username = ?,"
                       " birthdate = ?, gender = ?, birthplace = ?, birthcountry = ?, email = ?,"
                       " updated_at = ? WHERE id = ?"),
        { u.givenName, u.familyName, u.preferredUsername, u.birthdate, u.gender, u.birthplace, u.birthcountry,
            u.email, nowMs, result.id });
    return result;
}

std::optional<UsagerIdentity> MandatRepository::usager(qint64 id)
{
    return Sql::firstRow<UsagerIdentity>(m_db,
        QStringLiteral("SELECT ") + kUsagerColumns + QStringLiteral(" FROM usagers WHERE id = ?"), { id },
        usagerFromQuery);
}

void MandatRepository::lockUsager(const Transaction &tx, qint64 id)
{
    Sql::scalar(m_db, QStringLiteral("SELECT id FROM usagers WHERE id = ?") + tx.forUpdate(), { id });
}

QString MandatRepository::usagerSubHash(qint64 id)
{
    return Sql::scalar(m_db, QStringLiteral("SELECT sub_hash FROM usagers WHERE id = ?"), { id }).toString();
}

void MandatRepository::createDraft(const DraftRecord &d)
{
    Sql::write(m_db,
        QStringLiteral(
            "INSERT INTO mandat_drafts (id, aidant_id, organisation_id, demarches, duration, remote,"
            " remote_consent_certified, state, usager_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        { d.id, d.aidantId, d.organisationId, d.demarches.join(QLatin1Char(',')), d.duration, d.remote,
            d.remoteConsentCertified, d.state, Sql::nullableId(d.usagerId), d.createdAtMs, d.expiresAtMs });
}

std::optional<DraftRecord> MandatRepository::draftWhere(
    const QString &condition, const QVariant &value, const QString &suffix)
{
    return Sql::firstRow<DraftRecord>(m_db,
        QStringLiteral("SELECT ") + kDraftColumns + QStringLiteral(" FROM mandat_drafts WHERE ") + condition
            + QStringLiteral(" = ?") + suffix,
        { value }, draftFromQuery);
}

std::optional<DraftRecord> MandatRepository::draft(const QString &id, const Transaction *forUpdate)
{
    return draftWhere(QStringLiteral("id"), id, forUpdate ? forUpdate->forUpdate() : QString());
}

std::optional<DraftRecord> MandatRepository::draftByFcState(const Transaction &tx, const QString &fcState)
{
    return draftWhere(QStringLiteral("fc_state"), fcState, tx.forUpdate());
}

std::optional<DraftRecord> MandatRepository::draftByLogoutState(
    const Transaction &tx, const QString &logoutState)
{
    return draftWhere(QStringLiteral("logout_state"), logoutState, tx.forUpdate());
}

void MandatRepository::lockMandat(const Transaction &tx, qint64 id)
{
    Sql::scalar(m_db, QStringLiteral("SELECT id FROM mandats WHERE id = ?") + tx.forUpdate(), { id });
}

void MandatRepository::startDraft(const QString &id, const QString &fcState, const QString &fcNonce)
{
    Sql::write(m_db, QStringLiteral("UPDATE mandat_drafts SET fc_state = ?, fc_nonce = ? WHERE id = ?"),
        { fcState, fcNonce, id });
}

void MandatRepository::identifyDraft(const QString &id, qint64 usagerId, const QString &logoutState)
{
    // The state and nonce are spent: a replayed callback finds no draft.
    Sql::write(m_db,
        QStringLiteral("UPDATE mandat_drafts SET state = 'identified', usager_id = ?, fc_state = NULL,"
                       " fc_nonce = NULL, logout_state = ? WHERE id = ?"),
        { usagerId, logoutState, id });
}

void MandatRepository::failDraft(const QString &id, const QString &failureCode)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE mandat_drafts SET state = 'failed', failure_code = ?, fc_state = NULL,"
                       " fc_nonce = NULL, usager_id = NULL WHERE id = ?"),
        { failureCode, id });
}

void MandatRepository::signDraft(const QString &id, qint64 mandatId)
{
    Sql::write(m_db, QStringLiteral("UPDATE mandat_drafts SET state = 'signed', mandat_id = ? WHERE id = ?"),
        { mandatId, id });
}

void MandatRepository::clearLogoutState(const QString &id)
{
    Sql::write(m_db, QStringLiteral("UPDATE mandat_drafts SET logout_state = NULL WHERE id = ?"), { id });
}

void MandatRepository::purgeDrafts(qint64 beforeMs)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM mandat_drafts WHERE expires_at < ?"), { beforeMs });
}

qint64 MandatRepository::insertMandat(const MandatRecord &m)
{
    return Sql::scalar(m_db,
        QStringLiteral("INSERT INTO mandats (organisation_id, usager_id, aidant_id, duration, remote,"
                       " created_at, expires_at, template_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                       " RETURNING id"),
        { m.organisationId, m.usagerId, m.aidantId, m.duration, m.remote, m.createdAtMs, m.expiresAtMs,
            m.templateVersion })
        .toLongLong();
}

void MandatRepository::setAttestationHash(qint64 mandatId, const QString &hash)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE mandats SET attestation_hash = ? WHERE id = ?"), { hash, mandatId });
}

qint64 MandatRepository::insertAutorisation(qint64 mandatId, const QString &demarche)
{
    return Sql::scalar(m_db,
        QStringLiteral("INSERT INTO autorisations (mandat_id, demarche) VALUES (?, ?) RETURNING id"),
        { mandatId, demarche })
        .toLongLong();
}

QList<ActiveAutorisation> MandatRepository::activeAutorisations(
    const Transaction &tx, qint64 organisationId, qint64 usagerId, const QStringList &demarches, qint64 nowMs)
{
    QList<ActiveAutorisation> result;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT a.id, a.mandat_id, a.demarche FROM autorisations a"
                       " JOIN mandats m ON m.id = a.mandat_id"
                       " WHERE m.organisation_id = ? AND m.usager_id = ? AND m.expires_at > ?"
                       " AND a.revoked_at IS NULL ORDER BY a.id")
            + tx.forUpdate(),
        { organisationId, usagerId, nowMs }, [&](const QSqlQuery &q) {
            ActiveAutorisation a { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString() };
            if (demarches.contains(a.demarche))
                result.append(a);
        });
    return result;
}

void MandatRepository::revokeAutorisation(qint64 autorisationId, qint64 nowMs, qint64 aidantId)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE autorisations SET revoked_at = ?, revoked_by_aidant_id = ? WHERE id = ?"),
        { nowMs, aidantId, autorisationId });
}

namespace {
/// "?, ?, ?" for @p count parameters.
QString placeholders(qsizetype count)
{
    QString text;
    for (qsizetype i = 0; i < count; ++i)
        text += i ? QStringLiteral(", ?") : QStringLiteral("?");
    return text;
}

// Statements stay well under SQLite's and PostgreSQL's parameter limits.
constexpr qsizetype kBatch = 512;

/// @p ids in batches of at most kBatch parameters for `IN (…)`, each padded to a power of two by
/// repeating its last id (which changes no IN result): at most ten statement texts, so the
/// connection keeps them prepared instead of preparing one per list length.
QList<QVariantList> idBatches(const QList<qint64> &ids)
{
    QList<QVariantList> batches;
    for (qsizetype start = 0; start < ids.size(); start += kBatch) {
        QVariantList batch;
        const qsizetype end = qMin(start + kBatch, ids.size());
        for (qsizetype i = start; i < end; ++i)
            batch.append(ids.at(i));
        qsizetype size = 1;
        while (size < batch.size())
            size *= 2;
        while (batch.size() < size)
            batch.append(batch.constLast());
        batches.append(batch);
    }
    return batches;
}
} // namespace

QList<MandatRecord> MandatRepository::mandatsWhere(const QString &condition, const QVariantList &params)
{
    QList<MandatRecord> result;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT ") + kMandatColumns + QStringLiteral(" FROM mandats WHERE ") + condition,
        params, [&result](const QSqlQuery &q) {
            MandatRecord m;
            m.id = q.value(0).toLongLong();
            m.organisationId = q.value(1).toLongLong();
            m.usagerId = q.value(2).toLongLong();
            m.aidantId = q.value(3).toLongLong();
            m.duration = q.value(4).toString();
            m.remote = q.value(5).toBool();
            m.createdAtMs = q.value(6).toLongLong();
            m.expiresAtMs = q.value(7).toLongLong();
            m.templateVersion = q.value(8).toInt();
            m.attestationHash = q.value(9).toString();
            result.append(m);
        });
    if (result.isEmpty())
        return result;
    // Their autorisations, in batches.
    QHash<qint64, qsizetype> index;
    for (qsizetype i = 0; i < result.size(); ++i)
        index.insert(result[i].id, i);
    QList<qint64> ids;
    for (const MandatRecord &m : std::as_const(result))
        ids.append(m.id);
    for (const QVariantList &batch : idBatches(ids)) {
        Sql::forEachRow(m_db,
            QStringLiteral(
                "SELECT id, demarche, revoked_at, mandat_id FROM autorisations WHERE mandat_id IN (")
                + placeholders(batch.size()) + QStringLiteral(") ORDER BY demarche"),
            batch, [&result, &index](const QSqlQuery &a) {
                result[index.value(a.value(3).toLongLong())].autorisations.append(AutorisationInfo {
                    a.value(0).toLongLong(), a.value(1).toString(), a.value(2).toLongLong() });
            });
    }
    return result;
}

std::optional<MandatRecord> MandatRepository::mandat(qint64 id)
{
    const QList<MandatRecord> found = mandatsWhere(QStringLiteral("id = ?"), { id });
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<MandatRecord> MandatRepository::mandats(const QList<qint64> &ids)
{
    QList<MandatRecord> result;
    for (const QVariantList &batch : idBatches(ids)) {
        result += mandatsWhere(
            QStringLiteral("id IN (") + placeholders(batch.size()) + QStringLiteral(") ORDER BY id"), batch);
    }
    return result;
}

QList<MandatRecord> MandatRepository::organisationMandats(qint64 organisationId, qint64 afterId, int limit)
{
    return mandatsWhere(QStringLiteral("organisation_id = ? AND id > ? ORDER BY id LIMIT %1").arg(limit),
        { organisationId, afterId });
}

QList<UsagerIdentity> MandatRepository::usagers(const QList<qint64> &ids, QHash<qint64, QString> *subHashes)
{
    QList<UsagerIdentity> result;
    for (const QVariantList &batch : idBatches(ids)) {
        Sql::forEachRow(m_db,
            QStringLiteral("SELECT ") + kUsagerColumns
                + QStringLiteral(", sub_hash FROM usagers WHERE id IN (") + placeholders(batch.size())
                + QStringLiteral(") ORDER BY id"),
            batch, [&result, subHashes](const QSqlQuery &q) {
                const UsagerIdentity u = usagerFromQuery(q);
                if (subHashes)
                    subHashes->insert(u.id, q.value(10).toString());
                result.append(u);
            });
    }
    return result;
}

QList<qint64> MandatRepository::organisationMandatsEndingBetween(
    qint64 organisationId, qint64 fromMs, qint64 toMs)
{
    QList<qint64> result;
    QSqlQuery q = Sql::exec(m_db,
        QStringLiteral(
            "SELECT id FROM mandats WHERE organisation_id = ? AND expires_at >= ? AND expires_at < ?"
            " UNION SELECT m.id FROM mandats m JOIN autorisations a ON a.mandat_id = m.id"
            " WHERE m.organisation_id = ? AND a.revoked_at >= ? AND a.revoked_at < ?"),
        { organisationId, fromMs, toMs, organisationId, fromMs, toMs });
    while (q.next())
        result.append(q.value(0).toLongLong());
    return result;
}

QList<qint64> MandatRepository::usagerMandatIds(qint64 organisationId, qint64 usagerId)
{
    QList<qint64> result;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT id FROM mandats WHERE organisation_id = ? AND usager_id = ?"),
        { organisationId, usagerId },
        [&result](const QSqlQuery &q) { result.append(q.value(0).toLongLong()); });
    return result;
}
