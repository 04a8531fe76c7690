#include "HabilitationRepository.h"

#include "Validation.h"

#include <QSet>

namespace {
const QString kRequestColumns = QStringLiteral(
    "id, organisation_id, first_name, last_name, email, profession, conseiller_numerique, status,"
    " created_by, created_at, updated_at, aidant_id");

HabilitationRequestRecord requestFrom(const QSqlQuery &q)
{
    HabilitationRequestRecord r;
    r.id = q.value(0).toLongLong();
    r.organisationId = q.value(1).toLongLong();
    r.firstName = q.value(2).toString();
    r.lastName = q.value(3).toString();
    r.email = q.value(4).toString();
    r.profession = q.value(5).toString();
    r.conseillerNumerique = q.value(6).toBool();
    r.status
        = Habilitation::statusFromCode(q.value(7).toString()).value_or(Habilitation::Status::WaitingList);
    r.createdBy = q.isNull(8) ? 0 : q.value(8).toLongLong();
    r.createdAtMs = q.value(9).toLongLong();
    r.updatedAtMs = q.value(10).toLongLong();
    r.aidantId = q.isNull(11) ? 0 : q.value(11).toLongLong();
    return r;
}

const QString kChangeColumns
    = QStringLiteral("c.id, c.organisation_id, c.email, c.aidant_id, a.first_name, a.last_name, c.status,"
                     " c.created_by, c.created_at, c.new_email");

StructureChangeRecord changeFrom(const QSqlQuery &q)
{
    StructureChangeRecord r;
    r.id = q.value(0).toLongLong();
    r.organisationId = q.value(1).toLongLong();
    r.email = q.value(2).toString();
    r.aidantId = q.value(3).toLongLong();
    r.firstName = q.value(4).toString();
    r.lastName = q.value(5).toString();
    r.status
        = Habilitation::changeStatusFromCode(q.value(6).toString()).value_or(Habilitation::ChangeStatus::New);
    r.createdBy = q.isNull(7) ? 0 : q.value(7).toLongLong();
    r.createdAtMs = q.value(8).toLongLong();
    r.newEmail = q.value(9).toString();
    return r;
}

const QString kSessionColumns = QStringLiteral(
    "s.id, s.organisme, s.start_date, s.end_date, s.duration_hours, s.max_attendees, s.format, s.place,"
    " s.is_active, s.internal_only, s.published,"
    " (SELECT count(*) FROM training_registrations r WHERE r.session_id = s.id)");

TrainingSessionRecord sessionFrom(const QSqlQuery &q)
{
    TrainingSessionRecord s;
    s.id = q.value(0).toLongLong();
    s.organisme = q.value(1).toString();
    s.startDate = QDate::fromString(q.value(2).toString(), Qt::ISODate);
    s.endDate = QDate::fromString(q.value(3).toString(), Qt::ISODate);
    s.durationHours = q.value(4).toInt();
    s.maxAttendees = q.value(5).toInt();
    s.format = q.value(6).toString();
    s.place = q.value(7).toString();
    s.active = q.value(8).toBool();
    s.internalOnly = q.value(9).toBool();
    s.published = q.value(10).toBool();
    s.attendees = q.value(11).toInt();
    return s;
}
} // namespace

Habilitation::SessionFacts TrainingSessionRecord::facts() const
{
    Habilitation::SessionFacts f;
    f.startDate = startDate;
    f.maxAttendees = maxAttendees;
    f.attendees = attendees;
    f.active = active;
    f.internalOnly = internalOnly;
    f.published = published;
    return f;
}

HabilitationRepository::HabilitationRepository(QSqlDatabase db)
    : m_db(std::move(db))
{
}

qint64 HabilitationRepository::insertRequest(const HabilitationRequestRecord &r)
{
    const QVariant id = Sql::scalar(m_db,
        QStringLiteral("INSERT INTO habilitation_requests (organisation_id, first_name, last_name, email,"
                       " email_normalized, profession, conseiller_numerique, status, created_by, created_at,"
                       " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT DO NOTHING RETURNING id"),
        { r.organisationId, r.firstName, r.lastName, r.email, Validation::normalizeEmail(r.email),
            r.profession, r.conseillerNumerique, Habilitation::code(r.status), Sql::nullableId(r.createdBy),
            r.createdAtMs, r.createdAtMs });
    return id.isValid() ? id.toLongLong() : 0;
}

bool HabilitationRepository::hasOpenRequest(qint64 organisationId, const QString &email)
{
    return Sql::scalar(m_db,
               QStringLiteral("SELECT count(*) FROM habilitation_requests WHERE organisation_id = ?"
                              " AND email_normalized = ?"
                              " AND status NOT IN ('refused', 'cancelled', 'cancelled_by_referent')"),
               { organisationId, Validation::normalizeEmail(email) })
               .toLongLong()
        > 0;
}

std::optional<HabilitationRequestRecord> HabilitationRepository::request(
    qint64 id, const Transaction *forUpdate)
{
    return Sql::firstRow<HabilitationRequestRecord>(m_db,
        QStringLiteral("SELECT ") + kRequestColumns
            + QStringLiteral(" FROM habilitation_requests WHERE id = ?")
            + (forUpdate ? forUpdate->forUpdate() : QString()),
        { id }, requestFrom);
}

QList<HabilitationRequestRecord> HabilitationRepository::requests(
    qint64 organisationId, const QString &status)
{
    QList<HabilitationRequestRecord> result;
    // Parameters are bound whatever the filters: "? = 0 OR …" keeps one statement text.
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT ") + kRequestColumns
            + QStringLiteral(" FROM habilitation_requests WHERE (? = 0 OR organisation_id = ?)"
                             " AND (? = '' OR status = ?) ORDER BY id DESC"),
        { organisationId, organisationId, status, status },
        [&result](const QSqlQuery &q) { result.append(requestFrom(q)); });
    return result;
}

void HabilitationRepository::setRequestStatus(
    qint64 id, Habilitation::Status status, qint64 nowMs, qint64 aidantId)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE habilitation_requests SET status = ?, updated_at = ?,"
                       " aidant_id = COALESCE(?, aidant_id) WHERE id = ?"),
        { Habilitation::code(status), nowMs, Sql::nullableId(aidantId), id });
}

bool HabilitationRepository::isMemberByEmail(qint64 organisationId, const QString &email)
{
    return Sql::scalar(m_db,
               QStringLiteral(
                   "SELECT count(*) FROM aidants a JOIN aidant_organisations m ON m.aidant_id = a.id"
                   " WHERE m.organisation_id = ? AND a.email_normalized = ?"),
               { organisationId, Validation::normalizeEmail(email) })
               .toLongLong()
        > 0;
}

qint64 HabilitationRepository::insertStructureChange(qint64 organisationId, const QString &email,
    const QString &newEmail, qint64 aidantId, qint64 createdBy, qint64 nowMs)
{
    const QVariant id = Sql::scalar(m_db,
        QStringLiteral(
            "INSERT INTO structure_change_requests (organisation_id, email, new_email, aidant_id, status,"
            " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'new', ?, ?, ?)"
            " ON CONFLICT DO NOTHING RETURNING id"),
        { organisationId, email, newEmail, aidantId, Sql::nullableId(createdBy), nowMs, nowMs });
    return id.isValid() ? id.toLongLong() : 0;
}

bool HabilitationRepository::hasOpenStructureChange(qint64 organisationId, qint64 aidantId)
{
    return Sql::scalar(m_db,
               QStringLiteral("SELECT count(*) FROM structure_change_requests WHERE organisation_id = ?"
                              " AND aidant_id = ? AND status = 'new'"),
               { organisationId, aidantId })
               .toLongLong()
        > 0;
}

std::optional<StructureChangeRecord> HabilitationRepository::structureChange(
    qint64 id, const Transaction *forUpdate)
{
    // On PostgreSQL only the request's row is locked (not the aidant's).
    const QString lock
        = forUpdate && !forUpdate->forUpdate().isEmpty() ? QStringLiteral(" FOR UPDATE OF c") : QString();
    return Sql::firstRow<StructureChangeRecord>(m_db,
        QStringLiteral("SELECT ") + kChangeColumns
            + QStringLiteral(" FROM structure_change_requests c JOIN aidants a ON a.id = c.aidant_id"
                             " WHERE c.id = ?")
            + lock,
        { id }, changeFrom);
}

QList<StructureChangeRecord> HabilitationRepository::structureChanges(
    qint64 organisationId, const QString &status)
{
    QList<StructureChangeRecord> result;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT ") + kChangeColumns
            + QStringLiteral(" FROM structure_change_requests c JOIN aidants a ON a.id = c.aidant_id"
                             " WHERE (? = 0 OR c.organisation_id = ?) AND (? = '' OR c.status = ?)"
                             " ORDER BY c.id DESC"),
        { organisationId, organisationId, status, status },
        [&result](const QSqlQuery &q) { result.append(changeFrom(q)); });
    return result;
}

void HabilitationRepository::setStructureChangeStatus(
    qint64 id, Habilitation::ChangeStatus status, qint64 nowMs)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE structure_change_requests SET status = ?, updated_at = ? WHERE id = ?"),
        { Habilitation::code(status), nowMs, id });
}

void HabilitationRepository::addMembership(qint64 aidantId, qint64 organisationId)
{
    Sql::write(m_db,
        QStringLiteral("INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (?, ?)"
                       " ON CONFLICT DO NOTHING"),
        { aidantId, organisationId });
}

QList<qint64> HabilitationRepository::otherMemberships(qint64 aidantId, qint64 keep)
{
    QList<qint64> result;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT organisation_id FROM aidant_organisations WHERE aidant_id = ?"
                       " AND organisation_id <> ? ORDER BY organisation_id"),
        { aidantId, keep }, [&result](const QSqlQuery &q) { result.append(q.value(0).toLongLong()); });
    return result;
}

void HabilitationRepository::keepOnlyMembership(qint64 aidantId, qint64 keep)
{
    Sql::write(m_db,
        QStringLiteral("DELETE FROM aidant_organisations WHERE aidant_id = ? AND organisation_id <> ?"),
        { aidantId, keep });
    Sql::write(m_db,
        QStringLiteral("DELETE FROM referent_organisations WHERE aidant_id = ? AND organisation_id <> ?"),
        { aidantId, keep });
    activateAidant(aidantId, keep);
    Sql::write(m_db, QStringLiteral("DELETE FROM sessions WHERE aidant_id = ?"), { aidantId });
}

QList<qint64> HabilitationRepository::soleReferentOf(qint64 aidantId, const QList<qint64> &organisationIds)
{
    QList<qint64> result;
    for (const qint64 organisationId : organisationIds) {
        const bool isReferent = Sql::scalar(m_db,
                                    QStringLiteral("SELECT count(*) FROM referent_organisations WHERE"
                                                   " aidant_id = ? AND organisation_id = ?"),
                                    { aidantId, organisationId })
                                    .toLongLong()
            > 0;
        const qint64 others = Sql::scalar(m_db,
            QStringLiteral(
                "SELECT count(*) FROM referent_organisations r JOIN aidants a ON a.id = r.aidant_id"
                " WHERE r.organisation_id = ? AND r.aidant_id <> ? AND a.is_active = ?"),
            { organisationId, aidantId, true })
                                  .toLongLong();
        if (isReferent && others == 0)
            result.append(organisationId);
    }
    return result;
}

void HabilitationRepository::activateAidant(qint64 aidantId, qint64 currentOrganisationId)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE aidants SET is_active = ?, current_organisation_id = ? WHERE id = ?"),
        { true, currentOrganisationId, aidantId });
}

bool HabilitationRepository::changeEmail(qint64 aidantId, const QString &email)
{
    const QString normalized = Validation::normalizeEmail(email);
    if (Sql::scalar(m_db,
            QStringLiteral("SELECT count(*) FROM aidants WHERE email_normalized = ? AND id <> ?"),
            { normalized, aidantId })
            .toLongLong()
        > 0)
        return false;
    Sql::write(m_db, QStringLiteral("UPDATE aidants SET email = ?, email_normalized = ? WHERE id = ?"),
        { email, normalized, aidantId });
    return true;
}

qint64 HabilitationRepository::insertSession(const TrainingSessionRecord &s, qint64 nowMs)
{
    return Sql::scalar(m_db,
        QStringLiteral("INSERT INTO training_sessions (organisme, start_date, end_date, duration_hours,"
                       " max_attendees, format, place, is_active, internal_only, published, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        { s.organisme, s.startDate.toString(Qt::ISODate), s.endDate.toString(Qt::ISODate), s.durationHours,
            s.maxAttendees, s.format, s.place, s.active, s.internalOnly, s.published, nowMs })
        .toLongLong();
}

std::optional<TrainingSessionRecord> HabilitationRepository::session(qint64 id, const Transaction *forUpdate)
{
    if (forUpdate && !forUpdate->forUpdate().isEmpty()) {
        // Lock the row first (an aggregate cannot be selected FOR UPDATE), then read it with its count.
        Sql::scalar(m_db, QStringLiteral("SELECT id FROM training_sessions WHERE id = ? FOR UPDATE"), { id });
    }
    return Sql::firstRow<TrainingSessionRecord>(m_db,
        QStringLiteral("SELECT ") + kSessionColumns
            + QStringLiteral(" FROM training_sessions s WHERE s.id = ?"),
        { id }, sessionFrom);
}

QList<TrainingSessionRecord> HabilitationRepository::sessions()
{
    QList<TrainingSessionRecord> result;
    Sql::forEachRow(m_db,
        QStringLiteral("SELECT ") + kSessionColumns
            + QStringLiteral(" FROM training_sessions s WHERE s.id > ? ORDER BY s.start_date, s.id"),
        { 0 }, [&result](const QSqlQuery &q) { result.append(sessionFrom(q)); });
    return result;
}

void HabilitationRepository::setPublished(qint64 id, bool published)
{
    Sql::write(
        m_db, QStringLiteral("UPDATE training_sessions SET published = ? WHERE id = ?"), { published, id });
}

void HabilitationRepository::cancelSession(qint64 id, qint64 nowMs)
{
    Sql::write(m_db,
        QStringLiteral("UPDATE training_sessions SET is_active = ?, cancelled_at = ? WHERE id = ?"),
        { false, nowMs, id });
    Sql::write(m_db, QStringLiteral("DELETE FROM training_registrations WHERE session_id = ?"), { id });
}

QList<qint64> HabilitationRepository::registeredSessions(qint64 requestId)
{
    QList<qint64> result;
    Sql::forEachRow(m_db,
        QStringLiteral(
            "SELECT session_id FROM training_registrations WHERE request_id = ? ORDER BY session_id"),
        { requestId }, [&result](const QSqlQuery &q) { result.append(q.value(0).toLongLong()); });
    return result;
}

void HabilitationRepository::addRegistration(qint64 sessionId, qint64 requestId, qint64 nowMs)
{
    Sql::write(m_db,
        QStringLiteral(
            "INSERT INTO training_registrations (session_id, request_id, created_at) VALUES (?, ?, ?)"),
        { sessionId, requestId, nowMs });
}

void HabilitationRepository::removeRegistration(qint64 sessionId, qint64 requestId)
{
    Sql::write(m_db,
        QStringLiteral("DELETE FROM training_registrations WHERE session_id = ? AND request_id = ?"),
        { sessionId, requestId });
}

QList<qint64> HabilitationRepository::registeredRequests(qint64 sessionId)
{
    QList<qint64> result;
    Sql::forEachRow(m_db,
        QStringLiteral(
            "SELECT request_id FROM training_registrations WHERE session_id = ? ORDER BY request_id"),
        { sessionId }, [&result](const QSqlQuery &q) { result.append(q.value(0).toLongLong()); });
    return result;
}

QList<AttendeeRecord> HabilitationRepository::attendees(qint64 sessionId)
{
    QList<AttendeeRecord> result;
    Sql::forEachRow(m_db,
        QStringLiteral(
            "SELECT h.id, h.organisation_id, h.first_name, h.last_name, h.email, h.status, r.attended"
            " FROM training_registrations r JOIN habilitation_requests h ON h.id = r.request_id"
            " WHERE r.session_id = ? ORDER BY h.last_name, h.first_name, h.id"),
        { sessionId }, [&result](const QSqlQuery &q) {
            AttendeeRecord a;
            a.requestId = q.value(0).toLongLong();
            a.organisationId = q.value(1).toLongLong();
            a.firstName = q.value(2).toString();
            a.lastName = q.value(3).toString();
            a.email = q.value(4).toString();
            a.status = q.value(5).toString();
            if (!q.isNull(6))
                a.attended = q.value(6).toBool();
            result.append(a);
        });
    return result;
}

bool HabilitationRepository::setAttendance(qint64 sessionId, qint64 requestId, bool attended)
{
    return Sql::write(m_db,
               QStringLiteral(
                   "UPDATE training_registrations SET attended = ? WHERE session_id = ? AND request_id = ?"),
               { attended, sessionId, requestId })
        > 0;
}

namespace TrainingSessionsCsv {
namespace {
/// Splits one CSV line (RFC 4180 quoting within the line); nullopt on an unterminated quote.
std::optional<QStringList> splitLine(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields.append(field.trimmed());
            field.clear();
        } else {
            field += c;
        }
    }
    if (quoted)
        return std::nullopt;
    fields.append(field.trimmed());
    return fields;
}
} // namespace

QString check(const TrainingSessionRecord &s)
{
    if (s.organisme.trimmed().isEmpty() || s.organisme.size() > 200)
        return QStringLiteral("organisme is required (at most 200 characters)");
    if (!s.startDate.isValid())
        return QStringLiteral("invalid start_date (expected YYYY-MM-DD)");
    if (!s.endDate.isValid())
        return QStringLiteral("invalid end_date (expected YYYY-MM-DD)");
    if (s.endDate < s.startDate)
        return QStringLiteral("end_date is before start_date");
    if (!Habilitation::isValidDuration(s.durationHours))
        return QStringLiteral("duration_hours must be 7 or 14");
    if (s.maxAttendees < 1 || s.maxAttendees > 1000)
        return QStringLiteral("max_attendees must be between 1 and 1000");
    if (!Habilitation::isValidFormat(s.format))
        return QStringLiteral("format must be in_person or remote");
    if (s.place.size() > 200)
        return QStringLiteral("place is too long (at most 200 characters)");
    return {};
}

Result<QList<TrainingSessionRecord>> parse(const QByteArray &csv)
{
    static const QStringList kHeader = { QStringLiteral("organisme"), QStringLiteral("start_date"),
        QStringLiteral("end_date"), QStringLiteral("duration_hours"), QStringLiteral("max_attendees"),
        QStringLiteral("format"), QStringLiteral("place") };
    QList<TrainingSessionRecord> rows;
    bool firstRow = true;
    const QList<QByteArray> lines = csv.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const int lineNumber = i + 1;
        const auto fail = [lineNumber](const QString &why) {
            return Error { QStringLiteral("csv"), QStringLiteral("line %1: %2").arg(lineNumber).arg(why) };
        };
        const QString line = QString::fromUtf8(lines.at(i)).trimmed();
        if (line.isEmpty())
            continue;
        const auto fields = splitLine(line);
        if (!fields)
            return fail(QStringLiteral("unterminated quoted field"));
        if (fields->size() != kHeader.size()) {
            return fail(QStringLiteral("expected %1 fields (%2), found %3")
                            .arg(kHeader.size())
                            .arg(kHeader.join(QLatin1Char(',')))
                            .arg(fields->size()));
        }
        const bool isHeader = firstRow && *fields == kHeader;
        firstRow = false;
        if (isHeader)
            continue;
        TrainingSessionRecord s;
        s.organisme = fields->at(0);
        s.startDate = QDate::fromString(fields->at(1), Qt::ISODate);
        s.endDate = QDate::fromString(fields->at(2), Qt::ISODate);
        bool ok = false;
        s.durationHours = fields->at(3).toInt(&ok);
        if (!ok)
            s.durationHours = 0;
        s.maxAttendees = fields->at(4).toInt(&ok);
        if (!ok)
            s.maxAttendees = 0;
        s.format = fields->at(5);
        s.place = fields->at(6);
        const QString problem = check(s);
        if (!problem.isEmpty())
            return fail(problem);
        rows.append(s);
    }
    if (rows.isEmpty())
        return Error { QStringLiteral("csv"), QStringLiteral("no training session in the file") };
    return rows;
}
} // namespace TrainingSessionsCsv
