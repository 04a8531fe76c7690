#pragma once

#include "AuthService.h"
#include "Database.h"
#include "Habilitation.h"
#include "HabilitationRepository.h"
#include "Result.h"

#include <QJsonObject>

/// Habilitation, the référent's side (docs/habilitation.md): habilitation requests for new aidants,
/// structure change requests for aidants habilitated elsewhere, training registration. Every method
/// reads the caller's référent organisations now (ReferentAccess), runs in one transaction and
/// throws ApiError; a refusal changes nothing and journals nothing.
class HabilitationService
{
public:
    explicit HabilitationService(Database &database);

    /// `{aidants: [{first_name, last_name, email, profession, conseiller_numerique, professional}]}`:
    /// all created or none. Answers `{habilitation_requests: [HabilitationRequest]}`.
    QJsonObject createRequests(
        const AuthContext &context, const QString &organisation, const QJsonObject &body);
    /// `{habilitation_requests: [...]}`, newest first.
    QJsonObject requests(const AuthContext &context, const QString &organisation);
    QJsonObject cancelRequest(
        const AuthContext &context, const QString &organisation, const QString &request);
    /// The sessions open to the request, and those it is registered to (`selected`).
    QJsonObject trainingSessions(
        const AuthContext &context, const QString &organisation, const QString &request);
    /// `{session_ids: [id]}` replaces the request's registrations in one transaction.
    QJsonObject registerTraining(const AuthContext &context, const QString &organisation,
        const QString &request, const QJsonObject &body);

    /// `{emails: [email]}`: all created or none. Answers `{structure_change_requests: [...]}`.
    QJsonObject createStructureChanges(
        const AuthContext &context, const QString &organisation, const QJsonObject &body);
    QJsonObject structureChanges(const AuthContext &context, const QString &organisation);
    QJsonObject cancelStructureChange(
        const AuthContext &context, const QString &organisation, const QString &change);

    /// Queues an email to every active référent of @p organisationId (inside the caller's transaction).
    static void emailReferents(
        QSqlDatabase &db, qint64 organisationId, const QString &subject, const QString &text, qint64 nowMs);
    static QJsonObject requestJson(const HabilitationRequestRecord &request, const QJsonArray &sessions);
    static QJsonObject sessionJson(const TrainingSessionRecord &session);
    /// The Paris date of @p nowMs (the offering rule counts days in Paris).
    static QDate parisToday(qint64 nowMs);

private:
    Database &m_database;
};

/// The ANCT's decisions (admin commands, docs/habilitation.md): each in one transaction, journalled,
/// the référents emailed. Errors are English, for the operator, and name the rule.
namespace HabilitationAdmin {
/// Applies @p action (to_processing, to_processing_p2p, refuse, validate, cancel) to the request;
/// validation creates the aidant's account in the organisation (no device) or attaches an existing one.
Result<QString> moveRequest(Database &database, qint64 requestId, const QString &action);
Result<qint64> createSession(Database &database, const TrainingSessionRecord &session);
/// All or nothing; returns the number of sessions imported.
Result<int> importSessions(Database &database, const QList<TrainingSessionRecord> &sessions);
Status publishSession(Database &database, qint64 sessionId, bool published);
/// Cancels the session and its registrations (the référents of each attendee's organisation emailed).
Result<int> cancelSession(Database &database, qint64 sessionId);
Status recordAttendance(Database &database, qint64 sessionId, qint64 requestId, bool attended);
/// validate or refuse a structure change request; validation may change the aidant's email to
/// @p newEmail (not empty).
Result<QString> decideStructureChange(
    Database &database, qint64 changeId, const QString &action, const QString &newEmail = {});
/// demo-data: published training sessions and habilitation requests in several states, inside @p tx.
void loadDemoData(QSqlDatabase &db, const Transaction &tx, qint64 firstOrganisation,
    qint64 secondOrganisation, qint64 nowMs);
} // namespace HabilitationAdmin
