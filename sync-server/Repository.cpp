#include "Repository.h"

#include "Validation.h"

#include <QSqlQuery>

namespace {
const QString kAidantColumns = QStringLiteral(
    "id, email, first_name, last_name, profession, current_organisation_id, can_create_mandats, is_active, cgu_version");
const QString kDeviceColumns = QStringLiteral("id, kind, serial, aidant_id, confirmed, secret_hex, step_seconds, drift,"
                                              " last_accepted_step, consecutive_failures, throttled_until");
const QString kOrganisationColumns
    = QStringLiteral("id, name, type, siret, address, postcode, city, allowed_demarches");

OrganisationInfo organisationFromQuery(const QSqlQuery &q)
{
    OrganisationInfo o;
    o.id = q.value(0).toLongLong();
    o.name = q.value(1).toString();
    o.type = q.value(2).toString();
    o.siret = q.value(3).toString();
    o.address = q.value(4).toString();
    o.postcode = q.value(5).toString();
    o.city = q.value(6).toString();
    o.allowedDemarches = q.value(7).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    return o;
}
} // namespace

Repository::Repository(QSqlDatabase db)
    : m_db(std::move(db))
{
}

qint64 Repository::createOrganisation(const OrganisationInfo &o, qint64 nowMs)
{
    return Sql::scalar(m_db,
                       QStringLiteral("INSERT INTO organisations (name, type, siret, address, postcode, city,"
                                      " allowed_demarches, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                       { o.name, o.type, o.siret, o.address, o.postcode, o.city,
                         o.allowedDemarches.join(QLatin1Char(',')), nowMs })
        .toLongLong();
}

std::optional<OrganisationInfo> Repository::organisation(qint64 id)
{
    QSqlQuery q = Sql::exec(
        m_db, QStringLiteral("SELECT ") + kOrganisationColumns + QStringLiteral(" FROM organisations WHERE id = ?"), { id });
    if (!q.next())
        return std::nullopt;
    return organisationFromQuery(q);
}

QList<OrganisationInfo> Repository::organisations(const QList<qint64> &ids)
{
    QList<OrganisationInfo> result;
    for (const qint64 id : ids) {
        if (auto o = organisation(id))
            result.append(*o);
    }
    return result;
}

qint64 Repository::createAidant(const AidantInfo &a, qint64 nowMs)
{
    const QString normalized = Validation::normalizeEmail(a.email);
    if (Sql::scalar(m_db, QStringLiteral("SELECT id FROM aidants WHERE email_normalized = ?"), { normalized }).isValid())
        return 0;
    const qint64 id
        = Sql::scalar(m_db,
                      QStringLiteral("INSERT INTO aidants (email, email_normalized, first_name, last_name, profession,"
                                     " current_organisation_id, can_create_mandats, created_at)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                      { a.email.trimmed(), normalized, a.firstName, a.lastName, a.profession,
                        Sql::nullableId(a.currentOrganisationId), a.canCreateMandats, nowMs })
              .toLongLong();
    for (const qint64 org : a.organisationIds) {
        Sql::write(m_db, QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (?, ?)"),
                  { id, org });
    }
    for (const qint64 org : a.referentOf) {
        Sql::write(m_db,
                  QStringLiteral("INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (?, ?)"),
                  { id, org });
    }
    return id;
}

QList<qint64> Repository::ids(const QString &sql, qint64 id)
{
    QList<qint64> result;
    Sql::forEachRow(m_db, sql, { id }, [&result](const QSqlQuery &q) { result.append(q.value(0).toLongLong()); });
    return result;
}

AidantRecord Repository::aidantFromQuery(const QSqlQuery &q)
{
    AidantRecord r;
    r.info.id = q.value(0).toLongLong();
    r.info.email = q.value(1).toString();
    r.info.firstName = q.value(2).toString();
    r.info.lastName = q.value(3).toString();
    r.info.profession = q.value(4).toString();
    r.info.currentOrganisationId = q.value(5).isNull() ? 0 : q.value(5).toLongLong();
    r.info.canCreateMandats = q.value(6).toBool();
    r.active = q.value(7).toBool();
    r.info.acceptedCguVersion = q.value(8).toString();
    return r;
}

std::optional<AidantRecord> Repository::aidantByEmail(const QString &email)
{
    std::optional<AidantRecord> record;
    {
        QSqlQuery q = Sql::exec(m_db,
                                QStringLiteral("SELECT ") + kAidantColumns
                                    + QStringLiteral(" FROM aidants WHERE email_normalized = ?"),
                                { Validation::normalizeEmail(email) });
        if (!q.next())
            return std::nullopt;
        record = aidantFromQuery(q);
    }
    return aidant(record->info.id);
}

std::optional<AidantRecord> Repository::aidant(qint64 id)
{
    std::optional<AidantRecord> record;
    Sql::forEachRow(
        m_db, QStringLiteral("SELECT ") + kAidantColumns + QStringLiteral(" FROM aidants WHERE id = ?"), { id },
        [this, &record](const QSqlQuery &q) { record = aidantFromQuery(q); }, 1);
    if (!record)
        return std::nullopt;
    record->info.organisationIds = ids(
        QStringLiteral("SELECT organisation_id FROM aidant_organisations WHERE aidant_id = ? ORDER BY organisation_id"),
        id);
    record->info.referentOf = ids(
        QStringLiteral("SELECT organisation_id FROM referent_organisations WHERE aidant_id = ? ORDER BY organisation_id"),
        id);
    return record;
}

void Repository::setAcceptedCgu(qint64 aidantId, const QString &version)
{
    Sql::write(m_db, QStringLiteral("UPDATE aidants SET cgu_version = ? WHERE id = ?"), { version, aidantId });
}

void Repository::setCurrentOrganisation(qint64 aidantId, qint64 organisationId)
{
    Sql::write(m_db, QStringLiteral("UPDATE aidants SET current_organisation_id = ? WHERE id = ?"),
              { organisationId, aidantId });
}

OtpDeviceRecord Repository::deviceFromQuery(const QSqlQuery &q)
{
    OtpDeviceRecord d;
    d.id = q.value(0).toLongLong();
    d.kind = q.value(1).toString();
    d.serial = q.value(2).toString();
    d.aidantId = q.value(3).isNull() ? 0 : q.value(3).toLongLong();
    d.confirmed = q.value(4).toBool();
    d.state.secret = QByteArray::fromHex(q.value(5).toString().toLatin1());
    d.state.stepSeconds = q.value(6).toInt();
    d.state.drift = q.value(7).toInt();
    d.state.lastAcceptedStep = q.value(8).toLongLong();
    d.state.consecutiveFailures = q.value(9).toInt();
    d.state.throttledUntilMs = q.value(10).toLongLong();
    return d;
}

QList<OtpDeviceRecord> Repository::confirmedDevicesForUpdate(const Transaction &tx, qint64 aidantId)
{
    QList<OtpDeviceRecord> devices;
    QSqlQuery q = Sql::exec(m_db,
                            QStringLiteral("SELECT ") + kDeviceColumns
                                + QStringLiteral(" FROM otp_devices WHERE aidant_id = ? AND confirmed = ? ORDER BY id")
                                + tx.forUpdate(),
                            { aidantId, true });
    while (q.next())
        devices.append(deviceFromQuery(q));
    return devices;
}

void Repository::saveDeviceState(qint64 deviceId, const OtpDeviceState &s)
{
    Sql::write(m_db,
              QStringLiteral("UPDATE otp_devices SET drift = ?, last_accepted_step = ?, consecutive_failures = ?,"
                             " throttled_until = ? WHERE id = ?"),
              { s.drift, s.lastAcceptedStep, s.consecutiveFailures, s.throttledUntilMs, deviceId });
}

std::optional<OtpDeviceRecord> Repository::cardBySerial(const QString &serial)
{
    QSqlQuery q = Sql::exec(m_db,
                            QStringLiteral("SELECT ") + kDeviceColumns
                                + QStringLiteral(" FROM otp_devices WHERE kind = 'card' AND serial = ?"),
                            { serial });
    if (!q.next())
        return std::nullopt;
    return deviceFromQuery(q);
}

bool Repository::upsertCard(const QString &serial, const QByteArray &seed, qint64 nowMs)
{
    const QString hex = QString::fromLatin1(seed.toHex());
    if (cardBySerial(serial)) {
        Sql::write(m_db,
                  QStringLiteral("UPDATE otp_devices SET secret_hex = ?, drift = 0, last_accepted_step = -1,"
                                 " consecutive_failures = 0, throttled_until = 0 WHERE kind = 'card' AND serial = ?"),
                  { hex, serial });
        return false;
    }
    Sql::write(m_db,
              QStringLiteral("INSERT INTO otp_devices (kind, serial, secret_hex, step_seconds, created_at)"
                             " VALUES ('card', ?, ?, 60, ?)"),
              { serial, hex, nowMs });
    return true;
}

void Repository::associateCard(qint64 deviceId, qint64 aidantId, bool confirmed)
{
    Sql::write(m_db, QStringLiteral("UPDATE otp_devices SET aidant_id = ?, confirmed = ? WHERE id = ?"),
              { aidantId, confirmed, deviceId });
}

void Repository::createSession(const QString &tokenHash, qint64 aidantId, qint64 nowMs, qint64 expiresAtMs)
{
    Sql::write(m_db,
              QStringLiteral("INSERT INTO sessions (token_hash, aidant_id, created_at, last_activity_at, expires_at)"
                             " VALUES (?, ?, ?, ?, ?)"),
              { tokenHash, aidantId, nowMs, nowMs, expiresAtMs });
}

std::optional<SessionRecord> Repository::sessionByTokenHash(const QString &tokenHash)
{
    std::optional<SessionRecord> session;
    Sql::forEachRow(
        m_db,
        // A deactivated aidant's sessions end with the deactivation.
        QStringLiteral("SELECT s.id, s.aidant_id, s.created_at, s.last_activity_at, s.expires_at"
                       " FROM sessions s JOIN aidants a ON a.id = s.aidant_id"
                       " WHERE s.token_hash = ? AND a.is_active = ?"),
        { tokenHash, true },
        [&session](const QSqlQuery &q) {
            SessionRecord s;
            s.id = q.value(0).toLongLong();
            s.aidantId = q.value(1).toLongLong();
            s.createdAtMs = q.value(2).toLongLong();
            s.lastActivityAtMs = q.value(3).toLongLong();
            s.expiresAtMs = q.value(4).toLongLong();
            session = s;
        },
        1);
    return session;
}

void Repository::touchSession(qint64 sessionId, qint64 nowMs)
{
    Sql::write(m_db, QStringLiteral("UPDATE sessions SET last_activity_at = ? WHERE id = ?"), { nowMs, sessionId });
}

void Repository::deleteSession(qint64 sessionId)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM sessions WHERE id = ?"), { sessionId });
}

void Repository::deleteExpiredSessions(qint64 nowMs)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM sessions WHERE expires_at < ?"), { nowMs });
}
