#pragma once

#include "Database.h"
#include "Habilitation.h"
#include "Result.h"

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

/// A habilitation request (table habilitation_requests).
struct HabilitationRequestRecord
{
    qint64 id = 0;
    qint64 organisationId = 0;
    QString firstName;
    QString lastName;
    QString email;
    QString profession;
    bool conseillerNumerique = false;
    Habilitation::Status status = Habilitation::Status::WaitingList;
    qint64 createdBy = 0;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    qint64 aidantId = 0; ///< the account validation created or attached (0: none yet)
};

/// A structure change request (table structure_change_requests).
struct StructureChangeRecord
{
    qint64 id = 0;
    qint64 organisationId = 0;
    QString email;
    QString newEmail; ///< the email the aidant will have once validated (empty: unchanged)
    qint64 aidantId = 0;
    QString firstName; ///< the aidant's, read with the request
    QString lastName;
    Habilitation::ChangeStatus status = Habilitation::ChangeStatus::New;
    qint64 createdBy = 0;
    qint64 createdAtMs = 0;
};

/// A training session (table training_sessions) with its attendee count.
struct TrainingSessionRecord
{
    qint64 id = 0;
    QString organisme;
    QDate startDate;
    QDate endDate;
    int durationHours = 7;
    int maxAttendees = 0;
    QString format; ///< in_person | remote
    QString place;
    bool active = true;
    bool internalOnly = false;
    bool published = false;
    int attendees = 0;

    Habilitation::SessionFacts facts() const;
};

/// A request registered to a session, for the ANCT's attendee list.
struct AttendeeRecord
{
    qint64 requestId = 0;
    qint64 organisationId = 0;
    QString firstName;
    QString lastName;
    QString email;
    QString status;
    std::optional<bool> attended;
};

/// Storage of habilitation (same rules as Repository: SQL for both dialects, DatabaseError on
/// failure, callers own the transactions).
class HabilitationRepository
{
public:
    explicit HabilitationRepository(QSqlDatabase db);

    // Habilitation requests
    /// Returns 0 when the organisation already has an open request for this email (unique index).
    qint64 insertRequest(const HabilitationRequestRecord &request);
    bool hasOpenRequest(qint64 organisationId, const QString &email);
    std::optional<HabilitationRequestRecord> request(qint64 id, const Transaction *forUpdate = nullptr);
    /// Requests of @p organisationId (0: all), of @p status (empty: all), newest first.
    QList<HabilitationRequestRecord> requests(qint64 organisationId, const QString &status = {});
    void setRequestStatus(qint64 id, Habilitation::Status status, qint64 nowMs, qint64 aidantId = 0);
    /// Whether an aidant with this email is a member of @p organisationId.
    bool isMemberByEmail(qint64 organisationId, const QString &email);

    // Structure change requests
    qint64 insertStructureChange(qint64 organisationId, const QString &email, const QString &newEmail,
        qint64 aidantId, qint64 createdBy, qint64 nowMs);
    bool hasOpenStructureChange(qint64 organisationId, qint64 aidantId);
    std::optional<StructureChangeRecord> structureChange(qint64 id, const Transaction *forUpdate = nullptr);
    QList<StructureChangeRecord> structureChanges(qint64 organisationId, const QString &status = {});
    void setStructureChangeStatus(qint64 id, Habilitation::ChangeStatus status, qint64 nowMs);

    // Memberships (structure change validation, habilitation validation of an existing account)
    void addMembership(qint64 aidantId, qint64 organisationId);
    /// The organisations the aidant leaves when only @p keep remains.
    QList<qint64> otherMemberships(qint64 aidantId, qint64 keep);
    /// Leaves every organisation but @p keep (and the référent role there); current organisation,
    /// active flag reset; every session of the aidant ends.
    void keepOnlyMembership(qint64 aidantId, qint64 keep);
    /// Organisations among @p organisationIds where @p aidantId is the only référent.
    QList<qint64> soleReferentOf(qint64 aidantId, const QList<qint64> &organisationIds);
    void activateAidant(qint64 aidantId, qint64 currentOrganisationId);
    /// Changes the aidant's email; false when another account has it (case-insensitively).
    bool changeEmail(qint64 aidantId, const QString &email);

    // Training sessions
    qint64 insertSession(const TrainingSessionRecord &session, qint64 nowMs);
    std::optional<TrainingSessionRecord> session(qint64 id, const Transaction *forUpdate = nullptr);
    QList<TrainingSessionRecord> sessions();
    void setPublished(qint64 id, bool published);
    void cancelSession(qint64 id, qint64 nowMs);

    // Registrations
    QList<qint64> registeredSessions(qint64 requestId);
    /// Throws DatabaseError when the database refuses it (the overbooking triggers).
    void addRegistration(qint64 sessionId, qint64 requestId, qint64 nowMs);
    void removeRegistration(qint64 sessionId, qint64 requestId);
    QList<qint64> registeredRequests(qint64 sessionId);
    QList<AttendeeRecord> attendees(qint64 sessionId);
    /// False when the request is not registered to the session.
    bool setAttendance(qint64 sessionId, qint64 requestId, bool attended);

private:
    QSqlDatabase m_db;
};

/// The ANCT's CSV of training sessions (docs/habilitation.md): header
/// `organisme,start_date,end_date,duration_hours,max_attendees,format,place`, fields quoted with
/// double quotes when they hold a comma. The first bad row fails the whole file, naming its line.
namespace TrainingSessionsCsv {
Result<QList<TrainingSessionRecord>> parse(const QByteArray &csv);
/// Checks one session's fields (the same rules for the create command); empty when valid.
QString check(const TrainingSessionRecord &session);
} // namespace TrainingSessionsCsv
