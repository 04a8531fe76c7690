#include "Repository.h"

#include "Secrets.h"
#include "Validation.h"

#include <QLoggingCategory>
#include <QSqlQuery>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRepository, "ac.server.repository")

namespace {
const QString kOtpDevices = QStringLiteral("otp_devices");
const QString kAidantColumns
    = QStringLiteral("id, email, first_name, last_name, profession, current_organisation_id, "
                     "can_create_mandats, is_active, cgu_version");
const QString kDeviceColumns = QStringLiteral(
    "id, kind, serial, aidant_id, confirmed, secret_sealed, step_seconds, drift, last_accepted_step,"
    " retired_at");
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
        { o.name, o.type, o.siret, o.address, o.postcode, o.city, o.allowedDemarches.join(QLatin1Char(',')),
            nowMs })
        .toLongLong();
}

std::optional<OrganisationInfo> Repository::organisation(qint64 id)
{
    return Sql::firstRow<OrganisationInfo>(m_db,
        QStringLiteral("SELECT ") + kOrganisationColumns + QStringLiteral(" FROM organisations WHERE id = ?"),
        { id }, organisationFromQuery);
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
    // Insert first, never "look, then insert": two concurrent creations of one email would both find
    // nothing and one would break the unique email_normalized. The second inserts nothing: 0 (taken).
    const QVariant inserted = Sql::scalar(m_db,
        QStringLiteral(
            "INSERT INTO aidants (email, email_normalized, first_name, last_name, profession,"
            " current_organisation_id, can_create_mandats, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email_normalized) DO NOTHING RETURNING id"),
        { a.email.trimmed(), normalized, a.firstName, a.lastName, a.profession,
            Sql::nullableId(a.currentOrganisationId), a.canCreateMandats, nowMs });
    if (!inserted.isValid())
        return 0;
    const qint64 id = inserted.toLongLong();
    for (const qint64 org : a.organisationIds) {
        Sql::write(m_db,
            QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (?, ?)"),
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
    Sql::forEachRow(
        m_db, sql, { id }, [&result](const QSqlQuery &q) { result.append(q.value(0).toLongLong()); });
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
    return withMemberships(Sql::firstRow<AidantRecord>(m_db,
        QStringLiteral("SELECT ") + kAidantColumns
            + QStringLiteral(" FROM aidants WHERE email_normalized = ?"),
        { Validation::normalizeEmail(email) }, aidantFromQuery));
}

std::optional<AidantRecord> Repository::aidant(qint64 id, Memberships memberships)
{
    std::optional<AidantRecord> record = Sql::firstRow<AidantRecord>(m_db,
        QStringLiteral("SELECT ") + kAidantColumns + QStringLiteral(" FROM aidants WHERE id = ?"), { id },
        aidantFromQuery);
    return memberships == Memberships::Read ? withMemberships(std::move(record)) : record;
}

std::optional<AidantRecord> Repository::withMemberships(std::optional<AidantRecord> record)
{
    if (!record)
        return record;
    // Both lists in one round trip: 0 = member of, 1 = référent of.
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT 0, organisation_id FROM aidant_organisations WHERE aidant_id = ?"
                       " UNION ALL SELECT 1, organisation_id FROM referent_organisations WHERE aidant_id = ?"
                       " ORDER BY 1, 2"),
        { record->info.id, record->info.id }, [&record](const QSqlQuery &q) {
            (q.value(0).toInt() == 0 ? record->info.organisationIds : record->info.referentOf)
                .append(q.value(1).toLongLong());
        });
    return record;
}

void Repository::setAcceptedCgu(qint64 aidantId, const QString &version)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE aidants SET cgu_version = ? WHERE id = ?"), { version, aidantId });
}

void Repository::setCurrentOrganisation(qint64 aidantId, qint64 organisationId)
{
    Sql::write(m_db, QStringLiteral("UPDATE aidants SET current_organisation_id = ? WHERE id = ?"),
        { organisationId, aidantId });
}

void Repository::setLastLogin(qint64 aidantId, qint64 nowMs)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE aidants SET last_login_at = ? WHERE id = ?"), { nowMs, aidantId });
}

qint64 Repository::lastLogin(qint64 aidantId)
{
    const QVariant at
        = Sql::scalar(m_db, QStringLiteral("SELECT last_login_at FROM aidants WHERE id = ?"), { aidantId });
    return at.isNull() ? 0 : at.toLongLong();
}

void Repository::lockOrganisations(const Transaction &tx, QList<qint64> organisationIds)
{
    std::sort(organisationIds.begin(), organisationIds.end());
    organisationIds.erase(std::unique(organisationIds.begin(), organisationIds.end()), organisationIds.end());
    for (const qint64 id : std::as_const(organisationIds)) {
        Sql::forEachRow(m_db, QStringLiteral("SELECT id FROM organisations WHERE id = ?") + tx.forUpdate(),
            { id }, [](const QSqlQuery &) {});
    }
}

void Repository::setAllowedDemarches(qint64 organisationId, const QStringList &codes)
{
    Sql::write(m_db, QStringLiteral("UPDATE organisations SET allowed_demarches = ? WHERE id = ?"),
        { codes.join(QLatin1Char(',')), organisationId });
}

int Repository::activeAidantCount(qint64 organisationId)
{
    return Sql::scalar(m_db,
        QStringLiteral("SELECT COUNT(*) FROM aidant_organisations m JOIN aidants a ON a.id = m.aidant_id"
                       " WHERE m.organisation_id = ? AND a.is_active = ?"),
        { organisationId, true })
        .toInt();
}

QList<qint64> Repository::memberIds(qint64 organisationId)
{
    return ids(QStringLiteral("SELECT a.id FROM aidant_organisations m JOIN aidants a ON a.id = m.aidant_id"
                              " WHERE m.organisation_id = ? ORDER BY a.last_name, a.first_name, a.id"),
        organisationId);
}

int Repository::activeReferentCount(qint64 organisationId)
{
    return Sql::scalar(m_db,
        QStringLiteral("SELECT COUNT(*) FROM referent_organisations r JOIN aidants a ON a.id = r.aidant_id"
                       " WHERE r.organisation_id = ? AND a.is_active = ?"),
        { organisationId, true })
        .toInt();
}

void Repository::addMembership(qint64 aidantId, qint64 organisationId)
{
    Sql::write(m_db,
        QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (?, ?)"
                       " ON CONFLICT (aidant_id, organisation_id) DO NOTHING"),
        { aidantId, organisationId });
}

void Repository::removeMembership(qint64 aidantId, qint64 organisationId)
{
    setReferent(aidantId, organisationId, false);
    Sql::write(m_db,
        QStringLiteral("DELETE FROM aidant_organisations WHERE aidant_id = ? AND organisation_id = ?"),
        { aidantId, organisationId });
}

void Repository::setReferent(qint64 aidantId, qint64 organisationId, bool referent)
{
    if (referent) {
        Sql::write(m_db,
            QStringLiteral("INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (?, ?)"
                           " ON CONFLICT (aidant_id, organisation_id) DO NOTHING"),
            { aidantId, organisationId });
    } else {
        Sql::write(m_db,
            QStringLiteral("DELETE FROM referent_organisations WHERE aidant_id = ? AND organisation_id = ?"),
            { aidantId, organisationId });
    }
}

void Repository::setAidantActive(qint64 aidantId, bool active)
{
    Sql::write(m_db, QStringLiteral("UPDATE aidants SET is_active = ? WHERE id = ?"), { active, aidantId });
}

void Repository::deleteSessionsOf(qint64 aidantId)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM sessions WHERE aidant_id = ?"), { aidantId });
}

OtpDeviceRecord Repository::deviceFromQuery(const QSqlQuery &q)
{
    OtpDeviceRecord d;
    d.id = q.value(0).toLongLong();
    d.kind = q.value(1).toString();
    d.serial = q.value(2).toString();
    d.aidantId = q.value(3).isNull() ? 0 : q.value(3).toLongLong();
    d.confirmed = q.value(4).toBool();
    const auto seed = SeedCipher::open(
        SeedCipher::processKey(), q.value(5).toString(), SeedCipher::rowName(kOtpDevices, d.id));
    if (seed) {
        d.state.secret = seed.value();
    } else {
        // An empty secret matches no code: the device is refused, never used with a wrong seed.
        d.sealBroken = true;
        qCCritical(lcRepository) << "the OTP seed of device" << d.id
                                 << "cannot be used:" << seed.error().message;
    }
    d.state.stepSeconds = q.value(6).toInt();
    d.state.drift = q.value(7).toInt();
    d.state.lastAcceptedStep = q.value(8).toLongLong();
    d.retired = !q.value(9).isNull();
    return d;
}

QList<OtpDeviceRecord> Repository::confirmedDevicesForUpdate(const Transaction &tx, qint64 aidantId)
{
    QList<OtpDeviceRecord> devices;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT ") + kDeviceColumns
            + QStringLiteral(" FROM otp_devices WHERE aidant_id = ? AND confirmed = ? ORDER BY id")
            + tx.forUpdate(),
        { aidantId, true }, [&devices](const QSqlQuery &q) { devices.append(deviceFromQuery(q)); });
    return devices;
}

void Repository::saveDeviceState(qint64 deviceId, const OtpDeviceState &s)
{
    Sql::write(m_db, QStringLiteral("UPDATE otp_devices SET drift = ?, last_accepted_step = ? WHERE id = ?"),
        { s.drift, s.lastAcceptedStep, deviceId });
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
    const SeedKey &key = SeedCipher::processKey();
    if (!key.isValid())
        throw DatabaseError("no OTP seed key is loaded: seeds are never stored in clear");
    // Insert first, never "look, then insert" (two imports of one serial at once would break the
    // unique serial). The row id is part of the associated data: the sealed seed is stored after.
    const QVariant inserted = Sql::scalar(m_db,
        QStringLiteral(
            "INSERT INTO otp_devices (kind, serial, secret_hex, step_seconds,"
            " created_at) VALUES ('card', ?, '', 60, ?) ON CONFLICT (serial) DO NOTHING RETURNING id"),
        { serial, nowMs });
    if (inserted.isValid()) {
        const qint64 id = inserted.toLongLong();
        Sql::write(m_db, QStringLiteral("UPDATE otp_devices SET secret_sealed = ? WHERE id = ?"),
            { SeedCipher::seal(key, seed, SeedCipher::rowName(kOtpDevices, id)), id });
        return true;
    }
    const auto card = cardBySerial(serial);
    if (!card)
        throw DatabaseError("the card row vanished during its import");
    Sql::write(m_db,
        QStringLiteral("UPDATE otp_devices SET secret_hex = '', secret_sealed = ?, drift = 0,"
                       " last_accepted_step = -1 WHERE id = ?"),
        { SeedCipher::seal(key, seed, SeedCipher::rowName(kOtpDevices, card->id)), card->id });
    return false;
}

QList<SeedRow> Repository::seedRowsForUpdate(const Transaction &tx, bool clearOnly)
{
    QList<SeedRow> rows;
    QSqlQuery q = Sql::exec(m_db,
        QStringLiteral("SELECT id, secret_hex, secret_sealed FROM otp_devices")
            + (clearOnly ? QStringLiteral(" WHERE secret_hex <> ''") : QString())
            + QStringLiteral(" ORDER BY id") + tx.forUpdate(),
        {});
    while (q.next())
        rows.append(SeedRow { q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString() });
    return rows;
}

void Repository::setSealedSeed(qint64 deviceId, const QString &sealed)
{
    Sql::write(m_db, QStringLiteral("UPDATE otp_devices SET secret_hex = '', secret_sealed = ? WHERE id = ?"),
        { sealed, deviceId });
}

std::optional<QString> Repository::seedKeyCheck()
{
    QSqlQuery q = Sql::exec(m_db, QStringLiteral("SELECT check_value FROM seed_key_check WHERE id = 1"), {});
    if (!q.next())
        return std::nullopt;
    return q.value(0).toString();
}

void Repository::setSeedKeyCheck(const QString &keyId, const QString &checkValue)
{
    Sql::exec(m_db, QStringLiteral("DELETE FROM seed_key_check"));
    Sql::write(m_db, QStringLiteral("INSERT INTO seed_key_check (id, key_id, check_value) VALUES (1, ?, ?)"),
        { keyId, checkValue });
}

void Repository::associateCard(qint64 deviceId, qint64 aidantId, bool confirmed)
{
    Sql::write(m_db, QStringLiteral("UPDATE otp_devices SET aidant_id = ?, confirmed = ? WHERE id = ?"),
        { aidantId, confirmed, deviceId });
}

QList<OtpDeviceSummary> Repository::deviceSummaries(qint64 aidantId)
{
    QList<OtpDeviceSummary> devices;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT id, kind, serial, confirmed FROM otp_devices WHERE aidant_id = ?"
                       " ORDER BY kind DESC, id"),
        { aidantId }, [&devices](const QSqlQuery &q) {
            devices.append(OtpDeviceSummary { q.value(0).toLongLong(), q.value(1).toString(),
                q.value(2).isNull() ? QString() : q.value(2).toString(), q.value(3).toBool() });
        });
    return devices;
}

void Repository::lockAidant(const Transaction &tx, qint64 aidantId)
{
    Sql::forEachRow(m_db, QStringLiteral("SELECT id FROM aidants WHERE id = ?") + tx.forUpdate(),
        { aidantId }, [](const QSqlQuery &) {});
}

std::optional<OtpDeviceRecord> Repository::unretiredCardForUpdate(
    const Transaction &tx, const QString &serial)
{
    QSqlQuery q = Sql::exec(m_db,
        QStringLiteral("SELECT ") + kDeviceColumns
            + QStringLiteral(" FROM otp_devices WHERE kind = 'card' AND serial = ? AND retired_at IS NULL")
            + tx.forUpdate(),
        { serial });
    if (!q.next())
        return std::nullopt;
    return deviceFromQuery(q);
}

std::optional<OtpDeviceRecord> Repository::aidantDeviceForUpdate(
    const Transaction &tx, qint64 aidantId, const QString &kind)
{
    QSqlQuery q = Sql::exec(m_db,
        QStringLiteral("SELECT ") + kDeviceColumns
            + QStringLiteral(" FROM otp_devices WHERE aidant_id = ? AND kind = ?") + tx.forUpdate(),
        { aidantId, kind });
    if (!q.next())
        return std::nullopt;
    return deviceFromQuery(q);
}

void Repository::confirmDevice(qint64 deviceId)
{
    Sql::write(m_db, QStringLiteral("UPDATE otp_devices SET confirmed = ? WHERE id = ?"), { true, deviceId });
}

void Repository::dissociateCard(qint64 deviceId, bool retire, qint64 nowMs)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE otp_devices SET aidant_id = NULL, confirmed = ?, retired_at = ? WHERE id = ?"),
        { false, Sql::nullableId(retire ? nowMs : 0), deviceId });
}

qint64 Repository::createApp(qint64 aidantId, const QByteArray &secret, qint64 nowMs)
{
    const SeedKey &key = SeedCipher::processKey();
    if (!key.isValid())
        throw DatabaseError("no OTP seed key is loaded: secrets are never stored in clear");
    // The row id is part of the associated data: the sealed secret is stored right after.
    const qint64 id = Sql::scalar(m_db,
        QStringLiteral("INSERT INTO otp_devices (kind, serial, secret_hex, step_seconds, aidant_id,"
                       " confirmed, created_at) VALUES ('app', NULL, '', 30, ?, ?, ?) RETURNING id"),
        { aidantId, false, nowMs })
                          .toLongLong();
    Sql::write(m_db, QStringLiteral("UPDATE otp_devices SET secret_sealed = ? WHERE id = ?"),
        { SeedCipher::seal(key, secret, SeedCipher::rowName(kOtpDevices, id)), id });
    return id;
}

void Repository::deleteDevice(qint64 deviceId)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM enrolments WHERE device_id = ?"), { deviceId });
    Sql::write(m_db, QStringLiteral("DELETE FROM otp_devices WHERE id = ?"), { deviceId });
}

bool Repository::hasConfirmedDevice(qint64 aidantId)
{
    return Sql::scalar(m_db,
               QStringLiteral("SELECT COUNT(*) FROM otp_devices WHERE aidant_id = ? AND confirmed = ?"),
               { aidantId, true })
               .toLongLong()
        > 0;
}

void Repository::createFirstLoginCode(
    qint64 aidantId, const QString &codeHash, qint64 nowMs, qint64 expiresAtMs)
{
    Sql::write(m_db,
        QStringLiteral("INSERT INTO first_login_codes (aidant_id, code_hash, created_at, expires_at)"
                       " VALUES (?, ?, ?, ?)"),
        { aidantId, codeHash, nowMs, expiresAtMs });
}

int Repository::firstLoginCodesSince(qint64 aidantId, qint64 sinceMs, qint64 *latestAtMs)
{
    int count = 0;
    qint64 latest = 0;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT created_at FROM first_login_codes WHERE aidant_id = ? AND created_at > ?"),
        { aidantId, sinceMs }, [&count, &latest](const QSqlQuery &q) {
            ++count;
            latest = qMax(latest, q.value(0).toLongLong());
        });
    if (latestAtMs)
        *latestAtMs = latest;
    return count;
}

std::optional<FirstLoginCode> Repository::latestFirstLoginCodeForUpdate(
    const Transaction &tx, qint64 aidantId)
{
    std::optional<FirstLoginCode> code;
    Sql::forEachRow(
        m_db,
        QStringLiteral("SELECT id, code_hash, expires_at, attempts, used_at FROM first_login_codes"
                       " WHERE aidant_id = ? ORDER BY id DESC LIMIT 1")
            + tx.forUpdate(),
        { aidantId },
        [&code](const QSqlQuery &q) {
            code = FirstLoginCode { q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                q.value(3).toInt(), !q.value(4).isNull() };
        },
        1);
    return code;
}

void Repository::setFirstLoginCodeAttempts(qint64 id, int attempts)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE first_login_codes SET attempts = ? WHERE id = ?"), { attempts, id });
}

void Repository::useFirstLoginCode(qint64 id, qint64 nowMs)
{
    Sql::write(m_db, QStringLiteral("UPDATE first_login_codes SET used_at = ? WHERE id = ?"), { nowMs, id });
}

void Repository::createEnrolment(
    const QString &tokenHash, qint64 aidantId, qint64 deviceId, qint64 nowMs, qint64 expiresAtMs)
{
    Sql::write(m_db,
        QStringLiteral("INSERT INTO enrolments (token_hash, aidant_id, device_id, created_at, expires_at)"
                       " VALUES (?, ?, ?, ?, ?)"),
        { tokenHash, aidantId, deviceId, nowMs, expiresAtMs });
}

std::optional<Enrolment> Repository::enrolment(const QString &tokenHash)
{
    std::optional<Enrolment> enrolment;
    Sql::forEachRow(
        m_db,
        QStringLiteral(
            "SELECT id, aidant_id, device_id, expires_at, used_at FROM enrolments WHERE token_hash = ?"),
        { tokenHash },
        [&enrolment](const QSqlQuery &q) {
            enrolment = Enrolment { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                q.value(3).toLongLong(), !q.value(4).isNull() };
        },
        1);
    return enrolment;
}

void Repository::useEnrolment(qint64 id, qint64 nowMs)
{
    Sql::write(m_db, QStringLiteral("UPDATE enrolments SET used_at = ? WHERE id = ?"), { nowMs, id });
}

void Repository::createSession(
    const QString &tokenHash, qint64 aidantId, qint64 nowMs, qint64 expiresAtMs, qint64 loginDeviceId)
{
    Sql::write(m_db,
        QStringLiteral(
            "INSERT INTO sessions (token_hash, aidant_id, created_at, last_activity_at, expires_at,"
            " login_device_id) VALUES (?, ?, ?, ?, ?, ?)"),
        { tokenHash, aidantId, nowMs, nowMs, expiresAtMs, Sql::nullableId(loginDeviceId) });
}

std::optional<SessionRecord> Repository::sessionByTokenHash(const QString &tokenHash)
{
    std::optional<SessionRecord> session;
    Sql::forEachRow(
        m_db,
        // A deactivated aidant's sessions end with the deactivation.
        QStringLiteral(
            "SELECT s.id, s.aidant_id, s.created_at, s.last_activity_at, s.expires_at, s.login_device_id"
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
            s.loginDeviceId = q.value(5).isNull() ? 0 : q.value(5).toLongLong();
            session = s;
        },
        1);
    return session;
}

void Repository::touchSession(qint64 sessionId, qint64 nowMs)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE sessions SET last_activity_at = ? WHERE id = ?"), { nowMs, sessionId });
}

void Repository::deleteSession(qint64 sessionId)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM sessions WHERE id = ?"), { sessionId });
}

void Repository::deleteExpiredSessions(qint64 nowMs)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM sessions WHERE expires_at < ?"), { nowMs });
}

LoginGuard Repository::loginGuardForUpdate(const Transaction &tx, qint64 aidantId)
{
    LoginGuard guard;
    Sql::forEachRow(
        m_db,
        QStringLiteral(
            "SELECT unknown_failures, unknown_failed_at, failure_alert_at FROM aidants WHERE id = ?")
            + tx.forUpdate(),
        { aidantId },
        [&guard](const QSqlQuery &q) {
            guard.unknown.consecutiveFailures = q.value(0).toInt();
            guard.unknown.lastFailureAtMs = q.value(1).toLongLong();
            guard.lastAlertAtMs = q.value(2).toLongLong();
        },
        1);
    return guard;
}

QList<qint64> Repository::recentUnknownFailures(qint64 aidantId, qint64 nowMs)
{
    QList<qint64> failures;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT failed_at FROM login_failures WHERE aidant_id = ? AND device_id IS NULL"
                       " AND failed_at > ?"),
        { aidantId, nowMs - LoginBudget::kDayMs },
        [&failures](const QSqlQuery &q) { failures.append(q.value(0).toLongLong()); });
    return failures;
}

QList<qint64> Repository::recentDeviceFailures(qint64 deviceId, qint64 nowMs)
{
    QList<qint64> failures;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT failed_at FROM login_failures WHERE device_id = ? AND failed_at > ?"),
        { deviceId, nowMs - LoginBudget::kDayMs },
        [&failures](const QSqlQuery &q) { failures.append(q.value(0).toLongLong()); });
    return failures;
}

void Repository::saveUnknownBudget(qint64 aidantId, const BudgetState &state)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE aidants SET unknown_failures = ?, unknown_failed_at = ? WHERE id = ?"),
        { state.consecutiveFailures, state.lastFailureAtMs, aidantId });
}

void Repository::recordFailure(qint64 aidantId, qint64 deviceId, qint64 nowMs)
{
    Sql::write(m_db, QStringLiteral("DELETE FROM login_failures WHERE aidant_id = ? AND failed_at <= ?"),
        { aidantId, nowMs - LoginBudget::kDayMs });
    Sql::write(m_db,
        QStringLiteral("INSERT INTO login_failures (aidant_id, device_id, failed_at) VALUES (?, ?, ?)"),
        { aidantId, Sql::nullableId(deviceId), nowMs });
}

void Repository::setFailureAlertAt(qint64 aidantId, qint64 nowMs)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE aidants SET failure_alert_at = ? WHERE id = ?"), { nowMs, aidantId });
}

QStringList Repository::referentEmails(qint64 organisationId)
{
    QStringList emails;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT a.email FROM referent_organisations r JOIN aidants a ON a.id = r.aidant_id"
                       " WHERE r.organisation_id = ? AND a.is_active = ? ORDER BY a.id"),
        { organisationId, true }, [&emails](const QSqlQuery &q) { emails.append(q.value(0).toString()); });
    return emails;
}

namespace {
LoginDeviceRecord loginDeviceFromQuery(const QSqlQuery &q)
{
    LoginDeviceRecord d;
    d.id = q.value(0).toLongLong();
    d.aidantId = q.value(1).toLongLong();
    d.budget.consecutiveFailures = q.value(2).toInt();
    d.budget.lastFailureAtMs = q.value(3).toLongLong();
    return d;
}
const QString kLoginDeviceColumns = QStringLiteral("id, aidant_id, consecutive_failures, last_failure_at");
} // namespace

std::optional<LoginDeviceRecord> Repository::loginDeviceByTokenHash(const QString &tokenHash)
{
    std::optional<LoginDeviceRecord> device;
    Sql::forEachRow(
        m_db,
        QStringLiteral("SELECT ") + kLoginDeviceColumns
            + QStringLiteral(" FROM login_devices WHERE token_hash = ?"),
        { tokenHash }, [&device](const QSqlQuery &q) { device = loginDeviceFromQuery(q); }, 1);
    return device;
}

std::optional<LoginDeviceRecord> Repository::loginDevice(qint64 id)
{
    std::optional<LoginDeviceRecord> device;
    Sql::forEachRow(
        m_db,
        QStringLiteral("SELECT ") + kLoginDeviceColumns + QStringLiteral(" FROM login_devices WHERE id = ?"),
        { id }, [&device](const QSqlQuery &q) { device = loginDeviceFromQuery(q); }, 1);
    return device;
}

qint64 Repository::createLoginDevice(qint64 aidantId, const QString &tokenHash, qint64 nowMs)
{
    return Sql::scalar(m_db,
        QStringLiteral("INSERT INTO login_devices (aidant_id, token_hash, created_at, last_used_at)"
                       " VALUES (?, ?, ?, ?) RETURNING id"),
        { aidantId, tokenHash, nowMs, nowMs })
        .toLongLong();
}

void Repository::saveLoginDevice(qint64 id, const BudgetState &state, qint64 lastUsedAtMs)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE login_devices SET consecutive_failures = ?, last_failure_at = ?,"
                       " last_used_at = ? WHERE id = ?"),
        { state.consecutiveFailures, state.lastFailureAtMs, lastUsedAtMs, id });
}

void Repository::deleteStaleLoginDevices(qint64 aidantId, qint64 unusedSinceMs)
{
    Sql::write(m_db,
        QStringLiteral(
            "DELETE FROM login_devices WHERE aidant_id = ? AND last_used_at < ?"
            " AND id NOT IN (SELECT login_device_id FROM sessions WHERE login_device_id IS NOT NULL)"),
        { aidantId, unusedSinceMs });
}
