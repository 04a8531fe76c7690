#include "IdpRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

namespace {
QVariant repScopeValue(const std::optional<QStringList> &repScope)
{
    if (!repScope)
        return QVariant(); // SQL NULL (Sql::exec turns a null QString into '')
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(*repScope)).toJson(QJsonDocument::Compact));
}

std::optional<QStringList> repScopeFrom(const QSqlQuery &q, int column)
{
    // Qt 6 reads SQL NULL as a typed QVariant whose isNull() is false: ask the query.
    if (q.isNull(column))
        return std::nullopt;
    const QVariant value = q.value(column);
    QStringList result;
    for (const QJsonValue &v : QJsonDocument::fromJson(value.toString().toUtf8()).array())
        result.append(v.toString());
    return result;
}
} // namespace

IdpRepository::IdpRepository(QSqlDatabase db)
    : m_db(std::move(db))
{
}

void IdpRepository::insertRequest(const QString &handleHash, const IdpRequestRecord &r)
{
    Sql::write(m_db,
        QStringLiteral(
            "INSERT INTO idp_requests (handle_hash, client_id, redirect_uri, state, nonce, rep_scope,"
            " aidant_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        { handleHash, r.clientId, r.redirectUri, r.state, r.nonce, repScopeValue(r.repScope),
            Sql::nullableId(r.aidantId), r.createdAtMs, r.expiresAtMs });
}

std::optional<IdpRequestRecord> IdpRepository::requestByHandle(
    const QString &handleHash, const Transaction *forUpdate)
{
    return Sql::firstRow<IdpRequestRecord>(m_db,
        QStringLiteral("SELECT id, client_id, redirect_uri, state, nonce, rep_scope, aidant_id,"
                       " created_at, expires_at, completed_at FROM idp_requests WHERE handle_hash = ?")
            + (forUpdate ? forUpdate->forUpdate() : QString()),
        { handleHash }, [](const QSqlQuery &q) {
            IdpRequestRecord r;
            r.id = q.value(0).toLongLong();
            r.clientId = q.value(1).toString();
            r.redirectUri = q.value(2).toString();
            r.state = q.value(3).toString();
            r.nonce = q.value(4).toString();
            r.repScope = repScopeFrom(q, 5);
            r.aidantId = q.value(6).toLongLong();
            r.createdAtMs = q.value(7).toLongLong();
            r.expiresAtMs = q.value(8).toLongLong();
            r.completedAtMs = q.value(9).toLongLong();
            return r;
        });
}

bool IdpRepository::bindRequest(qint64 requestId, qint64 aidantId)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE idp_requests SET aidant_id = ? WHERE id = ? AND aidant_id IS NULL"),
        { aidantId, requestId });
    return Sql::scalar(m_db, QStringLiteral("SELECT aidant_id FROM idp_requests WHERE id = ?"), { requestId })
               .toLongLong()
        == aidantId;
}

void IdpRepository::completeRequest(qint64 requestId, qint64 nowMs)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE idp_requests SET completed_at = ? WHERE id = ?"), { nowMs, requestId });
}

QList<IdpEligibleUsager> IdpRepository::eligibleUsagers(qint64 organisationId, qint64 nowMs)
{
    QList<IdpEligibleUsager> result;
    QHash<qint64, qsizetype> index;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT u.id, u.given_name, u.family_name, u.birthdate, a.demarche"
                       " FROM autorisations a JOIN mandats m ON m.id = a.mandat_id"
                       " JOIN usagers u ON u.id = m.usager_id"
                       " WHERE m.organisation_id = ? AND m.expires_at > ? AND a.revoked_at IS NULL"
                       " ORDER BY u.id"),
        { organisationId, nowMs }, [&result, &index](const QSqlQuery &q) {
            const qint64 id = q.value(0).toLongLong();
            auto it = index.find(id);
            if (it == index.end()) {
                it = index.insert(id, result.size());
                result.append(IdpEligibleUsager {
                    id, q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), {} });
            }
            QStringList &demarches = result[*it].demarches;
            const QString demarche = q.value(4).toString();
            if (!demarches.contains(demarche))
                demarches.append(demarche);
        });
    return result;
}

std::optional<IdpAutorisation> IdpRepository::activeAutorisation(
    const Transaction &tx, qint64 organisationId, qint64 usagerId, const QString &demarche, qint64 nowMs)
{
    return Sql::firstRow<IdpAutorisation>(m_db,
        QStringLiteral("SELECT a.id, a.mandat_id FROM autorisations a"
                       " JOIN mandats m ON m.id = a.mandat_id"
                       " WHERE m.organisation_id = ? AND m.usager_id = ? AND a.demarche = ?"
                       " AND m.expires_at > ? AND a.revoked_at IS NULL ORDER BY a.id DESC")
            + tx.forUpdate(),
        { organisationId, usagerId, demarche, nowMs }, [](const QSqlQuery &q) {
            return IdpAutorisation { q.value(0).toLongLong(), q.value(1).toLongLong() };
        });
}

std::optional<IdpAutorisation> IdpRepository::autorisationIfActive(qint64 id, qint64 nowMs)
{
    return Sql::firstRow<IdpAutorisation>(m_db,
        QStringLiteral("SELECT a.id, a.mandat_id FROM autorisations a"
                       " JOIN mandats m ON m.id = a.mandat_id"
                       " WHERE a.id = ? AND m.expires_at > ? AND a.revoked_at IS NULL"),
        { id, nowMs }, [](const QSqlQuery &q) {
            return IdpAutorisation { q.value(0).toLongLong(), q.value(1).toLongLong() };
        });
}

bool IdpRepository::aidantMayAct(qint64 aidantId, qint64 organisationId)
{
    return Sql::firstRow<qint64>(m_db,
        QStringLiteral("SELECT a.id FROM aidants a JOIN aidant_organisations o ON o.aidant_id = a.id"
                       " WHERE a.id = ? AND o.organisation_id = ? AND a.is_active"),
        { aidantId, organisationId }, [](const QSqlQuery &q) { return q.value(0).toLongLong(); })
        .has_value();
}

void IdpRepository::insertCode(const QString &codeHash, const IdpCodeRecord &c)
{
    Sql::write(m_db,
        QStringLiteral("INSERT INTO idp_codes (code_hash, client_id, redirect_uri, nonce, aidant_id,"
                       " organisation_id, usager_id, autorisation_id, demarche, created_at, expires_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        { codeHash, c.clientId, c.redirectUri, c.nonce, c.aidantId, c.organisationId, c.usagerId,
            c.autorisationId, c.demarche, c.createdAtMs, c.expiresAtMs });
}

std::optional<IdpCodeRecord> IdpRepository::codeByHash(const Transaction &tx, const QString &codeHash)
{
    return Sql::firstRow<IdpCodeRecord>(m_db,
        QStringLiteral("SELECT id, client_id, redirect_uri, nonce, aidant_id, organisation_id,"
                       " usager_id, autorisation_id, demarche, created_at, expires_at, used_at"
                       " FROM idp_codes WHERE code_hash = ?")
            + tx.forUpdate(),
        { codeHash }, [](const QSqlQuery &q) {
            IdpCodeRecord c;
            c.id = q.value(0).toLongLong();
            c.clientId = q.value(1).toString();
            c.redirectUri = q.value(2).toString();
            c.nonce = q.value(3).toString();
            c.aidantId = q.value(4).toLongLong();
            c.organisationId = q.value(5).toLongLong();
            c.usagerId = q.value(6).toLongLong();
            c.autorisationId = q.value(7).toLongLong();
            c.demarche = q.value(8).toString();
            c.createdAtMs = q.value(9).toLongLong();
            c.expiresAtMs = q.value(10).toLongLong();
            c.usedAtMs = q.value(11).toLongLong();
            return c;
        });
}

bool IdpRepository::spendCode(qint64 codeId, qint64 nowMs)
{
    return Sql::write(m_db,
               QStringLiteral("UPDATE idp_codes SET used_at = ? WHERE id = ? AND used_at IS NULL"),
               { nowMs, codeId })
        == 1;
}

void IdpRepository::insertAccessToken(const QString &tokenHash, qint64 codeId, qint64 usagerId,
    const QString &demarche, qint64 nowMs, qint64 expiresAtMs)
{
    Sql::write(m_db,
        QStringLiteral("INSERT INTO idp_access_tokens (token_hash, code_id, usager_id, demarche, created_at,"
                       " expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
        { tokenHash, codeId, usagerId, demarche, nowMs, expiresAtMs });
}

std::optional<IdpAccessTokenRecord> IdpRepository::accessToken(const QString &tokenHash)
{
    return Sql::firstRow<IdpAccessTokenRecord>(m_db,
        QStringLiteral("SELECT id, usager_id, demarche, expires_at, revoked_at"
                       " FROM idp_access_tokens WHERE token_hash = ?"),
        { tokenHash }, [](const QSqlQuery &q) {
            return IdpAccessTokenRecord { q.value(0).toLongLong(), q.value(1).toLongLong(),
                q.value(2).toString(), q.value(3).toLongLong(), q.value(4).toLongLong() };
        });
}

void IdpRepository::revokeTokensOfCode(qint64 codeId, qint64 nowMs)
{
    Sql::write(m_db,
        QStringLiteral(
            "UPDATE idp_access_tokens SET revoked_at = ? WHERE code_id = ? AND revoked_at IS NULL"),
        { nowMs, codeId });
}

void IdpRepository::purge(qint64 beforeMs)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM idp_access_tokens WHERE expires_at < ?"), { beforeMs });
    Sql::write(m_db,
        QStringLiteral("DELETE FROM idp_codes WHERE expires_at < ? AND NOT EXISTS"
                       " (SELECT 1 FROM idp_access_tokens t WHERE t.code_id = idp_codes.id)"),
        { beforeMs });
    Sql::write(m_db, QStringLiteral("DELETE FROM idp_requests WHERE expires_at < ?"), { beforeMs });
}
