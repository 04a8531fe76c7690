#include "HabilitationService.h"

#include "ApiError.h"
#include "ApiInput.h"
#include "Clock.h"
#include "FrenchDate.h"
#include "Journal.h"
#include "Outbox.h"
#include "ReferentAccess.h"
#include "Repository.h"
#include "Validation.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>

Q_LOGGING_CATEGORY(lcHabilitation, "ac.server.habilitation")

using namespace Habilitation;
using HStatus = Habilitation::Status;

namespace {
constexpr int kMaxBatch = 50;
constexpr int kMaxNameLength = 150;
constexpr int kMaxSessionsPerRequest = 5;

/// A required single-line name field, trimmed; errors name it in French (@p label).
QString text(const QJsonObject &json, const QString &field, int maxLength, const QString &label)
{
    return ApiInput::requireString(json, field, maxLength, label).trimmed();
}

ApiError duplicate(const QString &message)
{
    return ApiError::conflict(QStringLiteral("duplicate"), message);
}

QString fullName(const QString &first, const QString &last)
{
    return first + QLatin1Char(' ') + last;
}

/// « Formation du 14 mai 2024 (Mednum, Présentiel, Lens) ».
QString sessionLine(const TrainingSessionRecord &s)
{
    QString line = QStringLiteral("- %1, %2h, %3")
                       .arg(datesLabel(s.startDate, s.endDate))
                       .arg(s.durationHours)
                       .arg(formatLabel(s.format));
    if (!s.place.isEmpty())
        line += QStringLiteral(", ") + s.place;
    return line + QStringLiteral(" (") + s.organisme + QLatin1Char(')');
}

QJsonArray registeredSessionsJson(HabilitationRepository &habilitation, qint64 requestId)
{
    QJsonArray result;
    for (const qint64 id : habilitation.registeredSessions(requestId)) {
        if (const auto s = habilitation.session(id))
            result.append(HabilitationService::sessionJson(*s));
    }
    return result;
}

QJsonObject changeJson(const StructureChangeRecord &c)
{
    QJsonArray actions;
    if (apply(c.status, ChangeAction::CancelByReferent, Actor::Referent).allowed)
        actions.append(code(ChangeAction::CancelByReferent));
    return { { QStringLiteral("id"), c.id }, { QStringLiteral("email"), c.email },
        { QStringLiteral("new_email"), c.newEmail.isEmpty() ? QJsonValue() : QJsonValue(c.newEmail) },
        { QStringLiteral("aidant_id"), c.aidantId }, { QStringLiteral("first_name"), c.firstName },
        { QStringLiteral("last_name"), c.lastName }, { QStringLiteral("status"), code(c.status) },
        { QStringLiteral("status_label"), label(c.status) }, { QStringLiteral("actions"), actions },
        { QStringLiteral("created_at"), c.createdAtMs } };
}

/// The request @p requestArg of @p organisationId, locked; 404 when it is another organisation's.
HabilitationRequestRecord managedRequest(HabilitationRepository &habilitation, const Transaction *tx,
    qint64 organisationId, const QString &requestArg)
{
    const qint64 id = ReferentAccess::parseId(requestArg);
    const auto request = habilitation.request(id, tx);
    if (!request || request->organisationId != organisationId)
        throw ApiError::notFound();
    return *request;
}

ApiError notAllowed(HStatus status, const QString &what)
{
    return ApiError::conflict(QStringLiteral("action_not_allowed"),
        QStringLiteral("Cette demande est à l'état « %1 » : %2").arg(label(status), what));
}
} // namespace

HabilitationService::HabilitationService(Database &database)
    : m_database(database)
{
}

QDate HabilitationService::parisToday(qint64 nowMs)
{
    return FrenchDate::parisDateTime(nowMs).date();
}

void HabilitationService::emailReferents(
    QSqlDatabase &db, qint64 organisationId, const QString &subject, const QString &body, qint64 nowMs)
{
    Repository repository(db);
    const auto organisation = repository.organisation(organisationId);
    const QStringList recipients = repository.referentEmails(organisationId);
    if (recipients.isEmpty()) {
        qCWarning(lcHabilitation) << "no référent to email for organisation" << organisationId;
        return;
    }
    for (const QString &to : recipients) {
        OutgoingEmail email;
        email.to = to;
        email.subject = QStringLiteral("Aidants Connect : ") + subject;
        email.body
            = QStringLiteral("Bonjour,\n\n%1\n\nStructure : %2\n\nRetrouvez le suivi des demandes dans "
                             "l’Espace référent de l’application Aidants Connect.\n\n— Aidants Connect\n")
                  .arg(body, organisation ? organisation->name : QString::number(organisationId));
        Outbox::enqueue(db, email, nowMs);
    }
}

QJsonObject HabilitationService::requestJson(const HabilitationRequestRecord &r, const QJsonArray &sessions)
{
    QJsonArray actions;
    for (const Action a : referentActions(r.status))
        actions.append(code(a));
    return { { QStringLiteral("id"), r.id }, { QStringLiteral("organisation_id"), r.organisationId },
        { QStringLiteral("first_name"), r.firstName }, { QStringLiteral("last_name"), r.lastName },
        { QStringLiteral("email"), r.email }, { QStringLiteral("profession"), r.profession },
        { QStringLiteral("conseiller_numerique"), r.conseillerNumerique },
        { QStringLiteral("status"), code(r.status) }, { QStringLiteral("status_label"), label(r.status) },
        { QStringLiteral("actions"), actions },
        { QStringLiteral("aidant_id"), r.aidantId ? QJsonValue(r.aidantId) : QJsonValue() },
        { QStringLiteral("created_at"), r.createdAtMs }, { QStringLiteral("training_sessions"), sessions } };
}

QJsonObject HabilitationService::sessionJson(const TrainingSessionRecord &s)
{
    return { { QStringLiteral("id"), s.id }, { QStringLiteral("organisme"), s.organisme },
        { QStringLiteral("start_date"), s.startDate.toString(Qt::ISODate) },
        { QStringLiteral("end_date"), s.endDate.toString(Qt::ISODate) },
        { QStringLiteral("dates_label"), datesLabel(s.startDate, s.endDate) },
        { QStringLiteral("duration_hours"), s.durationHours },
        { QStringLiteral("duration_label"), QStringLiteral("%1h").arg(s.durationHours) },
        { QStringLiteral("format"), s.format }, { QStringLiteral("format_label"), formatLabel(s.format) },
        { QStringLiteral("place"), s.place },
        { QStringLiteral("seats_left"), qMax(0, s.maxAttendees - s.attendees) } };
}

QJsonObject HabilitationService::createRequests(
    const AuthContext &context, const QString &organisationArg, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    Transaction &tx = scope.tx;
    const qint64 now = scope.nowMs;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    const QJsonValue list = body.value(QStringLiteral("aidants"));
    if (!list.isArray() || list.toArray().isEmpty() || list.toArray().size() > kMaxBatch)
        throw ApiError::invalidField(QStringLiteral("aidants"));
    QList<HabilitationRequestRecord> wanted;
    for (const QJsonValue &item : list.toArray()) {
        if (!item.isObject())
            throw ApiError::invalidField(QStringLiteral("aidants"));
        const QJsonObject a = item.toObject();
        HabilitationRequestRecord r;
        r.organisationId = organisationId;
        r.firstName = text(a, QStringLiteral("first_name"), kMaxNameLength, QStringLiteral("prénom"));
        r.lastName = text(a, QStringLiteral("last_name"), kMaxNameLength, QStringLiteral("nom"));
        r.email = text(a, QStringLiteral("email"), Validation::kMaxEmailLength, QStringLiteral("email"));
        if (!Validation::isValidEmail(r.email))
            throw ApiError::invalidField(QStringLiteral("email"));
        r.profession = text(a, QStringLiteral("profession"), kMaxNameLength, QStringLiteral("profession"));
        const QJsonValue conseiller = a.value(QStringLiteral("conseiller_numerique"));
        if (!conseiller.isBool())
            throw ApiError::invalidField(QStringLiteral("conseiller_numerique"));
        r.conseillerNumerique = conseiller.toBool();
        // Volunteers and services civiques are not eligible (seed 001): the form asks it.
        if (a.value(QStringLiteral("professional")) != QJsonValue(true)) {
            throw ApiError(400, QStringLiteral("not_eligible"),
                QStringLiteral("%1 ne peut pas être habilité·e : seuls les professionnels peuvent devenir "
                               "aidants habilités, pas les bénévoles ni les volontaires en service civique.")
                    .arg(fullName(r.firstName, r.lastName)));
        }
        for (const HabilitationRequestRecord &other : std::as_const(wanted)) {
            if (Validation::normalizeEmail(other.email) == Validation::normalizeEmail(r.email)) {
                throw duplicate(QStringLiteral("L'adresse %1 figure deux fois dans la liste.").arg(r.email));
            }
        }
        wanted.append(r);
    }

    QJsonArray created;
    QStringList names;
    for (HabilitationRequestRecord &r : wanted) {
        if (habilitation.isMemberByEmail(organisationId, r.email))
            throw duplicate(QStringLiteral("%1 (%2) est déjà aidant de votre structure.")
                                .arg(fullName(r.firstName, r.lastName), r.email));
        if (habilitation.hasOpenRequest(organisationId, r.email))
            throw duplicate(
                QStringLiteral("Une demande d'habilitation est déjà en cours pour %1.").arg(r.email));
        r.status = HStatus::WaitingList;
        r.createdBy = context.aidantId;
        r.createdAtMs = now;
        r.updatedAtMs = now;
        r.id = habilitation.insertRequest(r);
        if (r.id == 0) // a concurrent request for the same email won
            throw duplicate(
                QStringLiteral("Une demande d'habilitation est déjà en cours pour %1.").arg(r.email));
        Journal::append(db, tx,
            JournalEntry::administrative(QStringLiteral("habilitation_request_created"), context.aidantId,
                organisationId, QStringLiteral("request %1").arg(r.id)),
            now);
        created.append(requestJson(r, {}));
        names.append(fullName(r.firstName, r.lastName));
    }
    emailReferents(db, organisationId, QStringLiteral("nouvelle demande d'habilitation"),
        QStringLiteral("Les demandes d'habilitation suivantes ont été enregistrées (état « %1 ») :\n- %2")
            .arg(label(HStatus::WaitingList), names.join(QStringLiteral("\n- "))),
        now);
    tx.commit();
    return { { QStringLiteral("habilitation_requests"), created } };
}

QJsonObject HabilitationService::requests(const AuthContext &context, const QString &organisationArg)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    QJsonArray result;
    for (const HabilitationRequestRecord &r : habilitation.requests(organisationId))
        result.append(requestJson(r, registeredSessionsJson(habilitation, r.id)));
    return { { QStringLiteral("habilitation_requests"), result } };
}

QJsonObject HabilitationService::cancelRequest(
    const AuthContext &context, const QString &organisationArg, const QString &requestArg)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    Transaction &tx = scope.tx;
    const qint64 now = scope.nowMs;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    HabilitationRequestRecord r = managedRequest(habilitation, &tx, organisationId, requestArg);
    const Transition t = apply(r.status, Action::CancelByReferent, Actor::Referent);
    if (!t.allowed)
        throw notAllowed(r.status, QStringLiteral("elle ne peut plus être annulée."));
    const QList<qint64> sessions = habilitation.registeredSessions(r.id);
    for (const qint64 sessionId : sessions)
        habilitation.removeRegistration(sessionId, r.id);
    habilitation.setRequestStatus(r.id, t.to, now);
    Journal::append(db, tx,
        JournalEntry::administrative(QStringLiteral("habilitation_request_cancelled"), context.aidantId,
            organisationId,
            QStringLiteral("request %1: %2 -> %3; sessions left: [%4]")
                .arg(r.id)
                .arg(code(r.status), code(t.to), Journal::idList(sessions))),
        now);
    emailReferents(db, organisationId, QStringLiteral("demande d'habilitation annulée"),
        QStringLiteral("La demande d'habilitation de %1 (%2) a été annulée par un référent.%3")
            .arg(fullName(r.firstName, r.lastName), r.email,
                sessions.isEmpty() ? QString()
                                   : QStringLiteral(" Son inscription à une formation est annulée.")),
        now);
    tx.commit();
    r.status = t.to;
    return requestJson(r, {});
}

QJsonObject HabilitationService::trainingSessions(
    const AuthContext &context, const QString &organisationArg, const QString &requestArg)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    const HabilitationRequestRecord r = managedRequest(habilitation, nullptr, organisationId, requestArg);
    if (!apply(r.status, Action::RegisterTraining, Actor::Referent).allowed)
        throw notAllowed(r.status, QStringLiteral("elle ne peut pas être inscrite à une formation."));
    const QList<qint64> registered = habilitation.registeredSessions(r.id);
    const QDate today = parisToday(Clock::instance().nowMs());
    QJsonArray sessions;
    for (const TrainingSessionRecord &s : habilitation.sessions()) {
        const bool selected = registered.contains(s.id);
        if (!selected && !isOffered(s.facts(), today))
            continue;
        QJsonObject json = sessionJson(s);
        json.insert(QStringLiteral("selected"), selected);
        sessions.append(json);
    }
    return { { QStringLiteral("request"), requestJson(r, {}) },
        { QStringLiteral("training_sessions"), sessions } };
}

QJsonObject HabilitationService::registerTraining(const AuthContext &context, const QString &organisationArg,
    const QString &requestArg, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    Transaction &tx = scope.tx;
    const qint64 now = scope.nowMs;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    const HabilitationRequestRecord r = managedRequest(habilitation, &tx, organisationId, requestArg);
    if (!apply(r.status, Action::RegisterTraining, Actor::Referent).allowed)
        throw notAllowed(r.status, QStringLiteral("elle ne peut pas être inscrite à une formation."));
    const QJsonValue idsValue = body.value(QStringLiteral("session_ids"));
    if (!idsValue.isArray() || idsValue.toArray().size() > kMaxSessionsPerRequest)
        throw ApiError::invalidField(QStringLiteral("session_ids"));
    QList<qint64> wanted;
    for (const QJsonValue &v : idsValue.toArray()) {
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() <= 0
            || wanted.contains(v.toInteger()))
            throw ApiError::invalidField(QStringLiteral("session_ids"));
        wanted.append(v.toInteger());
    }
    std::sort(wanted.begin(), wanted.end()); // sessions locked in id order: no deadlock between two
    const QList<qint64> current = habilitation.registeredSessions(r.id);
    QList<qint64> added;
    QList<qint64> removed;
    for (const qint64 id : wanted) {
        if (!current.contains(id))
            added.append(id);
    }
    for (const qint64 id : current) {
        if (!wanted.contains(id))
            removed.append(id);
    }
    const QDate today = parisToday(now);
    QList<TrainingSessionRecord> addedSessions;
    for (const qint64 id : added) {
        const auto s = habilitation.session(id, &tx); // locked: the seats counted stay counted
        if (!s)
            throw ApiError::notFound();
        if (s->active && s->attendees >= s->maxAttendees) {
            throw ApiError::conflict(QStringLiteral("session_full"),
                QStringLiteral("La session de formation du %1 est complète. Choisissez-en une autre.")
                    .arg(datesLabel(s->startDate, s->endDate).mid(3)));
        }
        if (!isOffered(s->facts(), today)) {
            throw ApiError::conflict(QStringLiteral("session_not_offered"),
                QStringLiteral("Cette session de formation n'est pas ou plus proposée."));
        }
        try {
            habilitation.addRegistration(id, r.id, now);
        } catch (const DatabaseUnavailable &) {
            throw;
        } catch (const DatabaseError &error) {
            // The database's own refusal (trigger), should a registration have slipped past the count.
            if (QString::fromUtf8(error.what()).contains(QLatin1String("training_session_full"))) {
                throw ApiError::conflict(QStringLiteral("session_full"),
                    QStringLiteral("Cette session de formation est complète. Choisissez-en une autre."));
            }
            throw;
        }
        addedSessions.append(*s);
    }
    QList<TrainingSessionRecord> removedSessions;
    for (const qint64 id : removed) {
        if (const auto s = habilitation.session(id))
            removedSessions.append(*s);
        habilitation.removeRegistration(id, r.id);
    }
    if (!added.isEmpty() || !removed.isEmpty()) {
        Journal::append(db, tx,
            JournalEntry::administrative(QStringLiteral("training_registration"), context.aidantId,
                organisationId,
                QStringLiteral("request %1: sessions added [%2], removed [%3]")
                    .arg(r.id)
                    .arg(Journal::idList(added), Journal::idList(removed))),
            now);
        QString message;
        if (!addedSessions.isEmpty()) {
            QStringList lines;
            for (const TrainingSessionRecord &s : std::as_const(addedSessions))
                lines.append(sessionLine(s));
            message += QStringLiteral("L'inscription de %1 à la formation suivante est confirmée :\n%2\n\n"
                                      "L'organisme de formation vous contactera pour valider l'inscription.")
                           .arg(fullName(r.firstName, r.lastName), lines.join(QLatin1Char('\n')));
        }
        if (!removedSessions.isEmpty()) {
            QStringList lines;
            for (const TrainingSessionRecord &s : std::as_const(removedSessions))
                lines.append(sessionLine(s));
            if (!message.isEmpty())
                message += QStringLiteral("\n\n");
            message += QStringLiteral("L'inscription de %1 à la formation suivante est annulée :\n%2")
                           .arg(fullName(r.firstName, r.lastName), lines.join(QLatin1Char('\n')));
        }
        emailReferents(db, organisationId,
            addedSessions.isEmpty() ? QStringLiteral("inscription à une formation annulée")
                                    : QStringLiteral("inscription à une formation confirmée"),
            message, now);
    }
    tx.commit();
    return requestJson(r, registeredSessionsJson(habilitation, r.id));
}

QJsonObject HabilitationService::createStructureChanges(
    const AuthContext &context, const QString &organisationArg, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    Repository &repository = scope.repository;
    Transaction &tx = scope.tx;
    const qint64 now = scope.nowMs;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    const QJsonValue list = body.value(QStringLiteral("emails"));
    if (!list.isArray() || list.toArray().isEmpty() || list.toArray().size() > kMaxBatch)
        throw ApiError::invalidField(QStringLiteral("emails"));
    // Each item: the aidant's current email, or {email, new_email} (the email they will have here).
    QStringList emails;
    QStringList newEmails;
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject item = v.isObject() ? v.toObject() : QJsonObject { { QStringLiteral("email"), v } };
        const QJsonValue emailValue = item.value(QStringLiteral("email"));
        if (!emailValue.isString() || !Validation::isValidEmail(emailValue.toString().trimmed()))
            throw ApiError::invalidField(QStringLiteral("email"));
        const QString email = emailValue.toString().trimmed();
        const QJsonValue newValue = item.value(QStringLiteral("new_email"));
        QString newEmail;
        if (!newValue.isUndefined() && !newValue.isNull()) {
            if (!newValue.isString() || !Validation::isValidEmail(newValue.toString().trimmed()))
                throw ApiError::invalidField(QStringLiteral("new_email"));
            newEmail = newValue.toString().trimmed();
        }
        for (const QString &other : std::as_const(emails)) {
            if (Validation::normalizeEmail(other) == Validation::normalizeEmail(email))
                throw duplicate(QStringLiteral("L'adresse %1 figure deux fois dans la liste.").arg(email));
        }
        emails.append(email);
        newEmails.append(newEmail);
    }
    QJsonArray created;
    QStringList names;
    for (qsizetype i = 0; i < emails.size(); ++i) {
        const QString &email = emails.at(i);
        const QString &newEmail = newEmails.at(i);
        const auto aidant = repository.aidantByEmail(email);
        if (!aidant || !aidant->active) {
            throw ApiError::conflict(QStringLiteral("unknown_aidant"),
                QStringLiteral("Aucun aidant habilité n'a l'adresse %1 : pour une personne qui n'a pas "
                               "encore été formée, faites une demande d'habilitation.")
                    .arg(email));
        }
        if (aidant->info.organisationIds.contains(organisationId))
            throw duplicate(QStringLiteral("%1 (%2) est déjà aidant de votre structure.")
                                .arg(fullName(aidant->info.firstName, aidant->info.lastName), email));
        if (habilitation.hasOpenStructureChange(organisationId, aidant->info.id))
            throw duplicate(
                QStringLiteral("Une demande de changement de structure est déjà en cours pour %1.")
                    .arg(email));
        if (!newEmail.isEmpty()) {
            const auto holder = repository.aidantByEmail(newEmail);
            if (holder && holder->info.id != aidant->info.id) {
                throw ApiError::conflict(QStringLiteral("email_taken"),
                    QStringLiteral("L'adresse %1 est déjà celle d'un autre compte.").arg(newEmail));
            }
        }
        const qint64 id = habilitation.insertStructureChange(
            organisationId, email, newEmail, aidant->info.id, context.aidantId, now);
        if (id == 0)
            throw duplicate(
                QStringLiteral("Une demande de changement de structure est déjà en cours pour %1.")
                    .arg(email));
        Journal::append(db, tx,
            JournalEntry::administrative(QStringLiteral("structure_change_request_created"), context.aidantId,
                organisationId, QStringLiteral("request %1, aidant %2").arg(id).arg(aidant->info.id)),
            now);
        created.append(changeJson(*habilitation.structureChange(id)));
        names.append(fullName(aidant->info.firstName, aidant->info.lastName));
    }
    emailReferents(db, organisationId, QStringLiteral("demande de changement de structure"),
        QStringLiteral("Les demandes de changement de structure suivantes ont été enregistrées :\n- %1")
            .arg(names.join(QStringLiteral("\n- "))),
        now);
    tx.commit();
    return { { QStringLiteral("structure_change_requests"), created } };
}

QJsonObject HabilitationService::structureChanges(const AuthContext &context, const QString &organisationArg)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    QJsonArray result;
    for (const StructureChangeRecord &c : habilitation.structureChanges(organisationId))
        result.append(changeJson(c));
    return { { QStringLiteral("structure_change_requests"), result } };
}

QJsonObject HabilitationService::cancelStructureChange(
    const AuthContext &context, const QString &organisationArg, const QString &changeArg)
{
    ReferentScope scope(m_database, context.aidantId);
    QSqlDatabase &db = scope.db;
    Transaction &tx = scope.tx;
    const qint64 now = scope.nowMs;
    const qint64 organisationId = scope.organisation(organisationArg);
    HabilitationRepository habilitation(db);
    const qint64 id = ReferentAccess::parseId(changeArg);
    auto c = habilitation.structureChange(id, &tx);
    if (!c || c->organisationId != organisationId)
        throw ApiError::notFound();
    const ChangeTransition t = apply(c->status, ChangeAction::CancelByReferent, Actor::Referent);
    if (!t.allowed) {
        throw ApiError::conflict(QStringLiteral("action_not_allowed"),
            QStringLiteral("Cette demande est à l'état « %1 » : elle ne peut plus être annulée.")
                .arg(label(c->status)));
    }
    habilitation.setStructureChangeStatus(id, t.to, now);
    Journal::append(db, tx,
        JournalEntry::administrative(QStringLiteral("structure_change_request_cancelled"), context.aidantId,
            organisationId, QStringLiteral("request %1, aidant %2").arg(id).arg(c->aidantId)),
        now);
    tx.commit();
    c->status = t.to;
    return changeJson(*c);
}

namespace HabilitationAdmin {

Result<QString> moveRequest(Database &database, qint64 requestId, const QString &actionCode)
{
    const auto action = actionFromCode(actionCode);
    if (!action || actor(*action) != Actor::Anct) {
        return Error { QStringLiteral("usage"),
            QStringLiteral("unknown action %1 (to_processing, to_processing_p2p, refuse, validate, cancel)")
                .arg(actionCode) };
    }
    QSqlDatabase db = database.connection();
    Repository repository(db);
    HabilitationRepository habilitation(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, database.dialect());
    const auto r = habilitation.request(requestId, &tx);
    if (!r)
        return Error { QStringLiteral("not_found"),
            QStringLiteral("no habilitation request %1").arg(requestId) };
    const Transition t = apply(r->status, *action, Actor::Anct);
    if (!t.allowed)
        return Error { QStringLiteral("refused"), QStringLiteral("refused by the %1").arg(t.rule) };
    qint64 aidantId = 0;
    QString accountNote;
    if (*action == Action::Validate) {
        AidantInfo a;
        a.email = r->email;
        a.firstName = r->firstName;
        a.lastName = r->lastName;
        a.profession = r->profession;
        a.currentOrganisationId = r->organisationId;
        a.organisationIds = { r->organisationId };
        a.canCreateMandats = true;
        aidantId = repository.createAidant(a, now);
        if (aidantId != 0) {
            accountNote = QStringLiteral("aidant %1 created").arg(aidantId);
        } else {
            const auto existing = repository.aidantByEmail(r->email);
            if (!existing)
                return Error { QStringLiteral("conflict"), QStringLiteral("the email's account vanished") };
            aidantId = existing->info.id;
            habilitation.addMembership(aidantId, r->organisationId);
            if (!existing->active)
                habilitation.activateAidant(aidantId, r->organisationId);
            accountNote = QStringLiteral("existing aidant %1 attached").arg(aidantId);
        }
    }
    QList<qint64> sessionsLeft;
    if (t.to == HStatus::Refused || t.to == HStatus::Cancelled) {
        sessionsLeft = habilitation.registeredSessions(r->id);
        for (const qint64 sessionId : sessionsLeft)
            habilitation.removeRegistration(sessionId, r->id);
    }
    habilitation.setRequestStatus(r->id, t.to, now, aidantId);
    const QString journalAction = t.to == HStatus::Processing
        ? QStringLiteral("habilitation_request_processing")
        : t.to == HStatus::ProcessingP2p ? QStringLiteral("habilitation_request_processing_p2p")
        : t.to == HStatus::Refused       ? QStringLiteral("habilitation_request_refused")
        : t.to == HStatus::Validated     ? QStringLiteral("habilitation_request_validated")
                                         : QStringLiteral("habilitation_request_cancelled");
    QString info = QStringLiteral("request %1: %2 -> %3 (ANCT)").arg(r->id).arg(code(r->status), code(t.to));
    if (!accountNote.isEmpty())
        info += QStringLiteral("; ") + accountNote;
    if (!sessionsLeft.isEmpty())
        info += QStringLiteral("; sessions left: [%1]").arg(Journal::idList(sessionsLeft));
    Journal::append(
        db, tx, JournalEntry::administrative(journalAction, aidantId, r->organisationId, info), now);
    QString text = QStringLiteral("La demande d'habilitation de %1 (%2) est passée à l'état « %3 ».")
                       .arg(fullName(r->firstName, r->lastName), r->email, label(t.to));
    if (t.to == HStatus::Processing || t.to == HStatus::ProcessingP2p)
        text += QStringLiteral(" Vous pouvez maintenant l'inscrire à une formation.");
    if (t.to == HStatus::Validated)
        text
            += QStringLiteral(" Son compte d'aidant est ouvert dans votre structure : remettez-lui une carte "
                              "Aidants Connect ou activez l'application sur son téléphone depuis l'Espace "
                              "référent.");
    if (!sessionsLeft.isEmpty())
        text += QStringLiteral(" Son inscription à une formation est annulée.");
    HabilitationService::emailReferents(
        db, r->organisationId, QStringLiteral("demande d'habilitation « %1 »").arg(label(t.to)), text, now);
    tx.commit();
    return QStringLiteral("request %1: %2 -> %3%4")
        .arg(r->id)
        .arg(code(r->status), code(t.to),
            accountNote.isEmpty() ? QString() : QStringLiteral(" (") + accountNote + QLatin1Char(')'));
}

Result<qint64> createSession(Database &database, const TrainingSessionRecord &session)
{
    const QString problem = TrainingSessionsCsv::check(session);
    if (!problem.isEmpty())
        return Error { QStringLiteral("invalid"), problem };
    QSqlDatabase db = database.connection();
    HabilitationRepository habilitation(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, database.dialect());
    const qint64 id = habilitation.insertSession(session, now);
    Journal::append(db, tx,
        JournalEntry::administrative(QStringLiteral("training_session_created"), 0, 0,
            QStringLiteral("session %1 (%2, %3)")
                .arg(id)
                .arg(session.organisme, session.startDate.toString(Qt::ISODate))),
        now);
    tx.commit();
    return id;
}

Result<int> importSessions(Database &database, const QList<TrainingSessionRecord> &sessions)
{
    QSqlDatabase db = database.connection();
    HabilitationRepository habilitation(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, database.dialect());
    QList<qint64> ids;
    for (const TrainingSessionRecord &s : sessions)
        ids.append(habilitation.insertSession(s, now));
    Journal::append(db, tx,
        JournalEntry::administrative(QStringLiteral("training_sessions_imported"), 0, 0,
            QStringLiteral("%1 sessions: [%2]").arg(ids.size()).arg(Journal::idList(ids))),
        now);
    tx.commit();
    return int(ids.size());
}

::Status publishSession(Database &database, qint64 sessionId, bool published)
{
    QSqlDatabase db = database.connection();
    HabilitationRepository habilitation(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, database.dialect());
    const auto s = habilitation.session(sessionId, &tx);
    if (!s)
        return Error { QStringLiteral("not_found"), QStringLiteral("no training session %1").arg(sessionId) };
    if (!s->active)
        return Error { QStringLiteral("refused"), QStringLiteral("session %1 is cancelled").arg(sessionId) };
    habilitation.setPublished(sessionId, published);
    Journal::append(db, tx,
        JournalEntry::administrative(published ? QStringLiteral("training_session_published")
                                               : QStringLiteral("training_session_unpublished"),
            0, 0, QStringLiteral("session %1").arg(sessionId)),
        now);
    tx.commit();
    return success();
}

Result<int> cancelSession(Database &database, qint64 sessionId)
{
    QSqlDatabase db = database.connection();
    HabilitationRepository habilitation(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, database.dialect());
    const auto s = habilitation.session(sessionId, &tx);
    if (!s)
        return Error { QStringLiteral("not_found"), QStringLiteral("no training session %1").arg(sessionId) };
    if (!s->active)
        return Error { QStringLiteral("refused"),
            QStringLiteral("session %1 is already cancelled").arg(sessionId) };
    const QList<AttendeeRecord> attendees = habilitation.attendees(sessionId);
    habilitation.cancelSession(sessionId, now);
    Journal::append(db, tx,
        JournalEntry::administrative(QStringLiteral("training_session_cancelled"), 0, 0,
            QStringLiteral("session %1; %2 registrations cancelled").arg(sessionId).arg(attendees.size())),
        now);
    for (const AttendeeRecord &a : attendees) {
        Journal::append(db, tx,
            JournalEntry::administrative(QStringLiteral("training_registration"), 0, a.organisationId,
                QStringLiteral("request %1: sessions added [], removed [%2] (session cancelled by ANCT)")
                    .arg(a.requestId)
                    .arg(sessionId)),
            now);
        HabilitationService::emailReferents(db, a.organisationId,
            QStringLiteral("inscription à une formation annulée"),
            QStringLiteral(
                "La session de formation suivante est annulée par Aidants Connect :\n%1\n\n"
                "L'inscription de %2 est donc annulée : vous pouvez l'inscrire à une autre session "
                "depuis l'Espace référent.")
                .arg(sessionLine(*s), fullName(a.firstName, a.lastName)),
            now);
    }
    tx.commit();
    return int(attendees.size());
}

::Status recordAttendance(Database &database, qint64 sessionId, qint64 requestId, bool attended)
{
    QSqlDatabase db = database.connection();
    HabilitationRepository habilitation(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, database.dialect());
    const auto r = habilitation.request(requestId, &tx);
    if (!r || !habilitation.setAttendance(sessionId, requestId, attended)) {
        return Error { QStringLiteral("not_found"),
            QStringLiteral("request %1 is not registered to session %2").arg(requestId).arg(sessionId) };
    }
    Journal::append(db, tx,
        JournalEntry::administrative(QStringLiteral("training_attendance"), r->aidantId, r->organisationId,
            QStringLiteral("request %1, session %2: %3")
                .arg(requestId)
                .arg(sessionId)
                .arg(attended ? QStringLiteral("attended") : QStringLiteral("absent"))),
        now);
    tx.commit();
    return success();
}

Result<QString> decideStructureChange(
    Database &database, qint64 changeId, const QString &actionCode, const QString &newEmailOption)
{
    const ChangeAction action
        = actionCode == QLatin1String("validate") ? ChangeAction::Validate : ChangeAction::Refuse;
    if (actionCode != QLatin1String("validate") && actionCode != QLatin1String("refuse"))
        return Error { QStringLiteral("usage"),
            QStringLiteral("unknown action %1 (validate, refuse)").arg(actionCode) };
    QSqlDatabase db = database.connection();
    HabilitationRepository habilitation(db);
    const qint64 now = Clock::instance().nowMs();
    Transaction tx(db, database.dialect());
    const auto c = habilitation.structureChange(changeId, &tx);
    if (!c)
        return Error { QStringLiteral("not_found"),
            QStringLiteral("no structure change request %1").arg(changeId) };
    const ChangeTransition t = apply(c->status, action, Actor::Anct);
    if (!t.allowed)
        return Error { QStringLiteral("refused"), QStringLiteral("refused by the %1").arg(t.rule) };
    QString info = QStringLiteral("request %1, aidant %2: %3 -> %4 (ANCT)")
                       .arg(changeId)
                       .arg(c->aidantId)
                       .arg(code(c->status), code(t.to));
    if (action == ChangeAction::Validate) {
        const QList<qint64> previous = habilitation.otherMemberships(c->aidantId, c->organisationId);
        const QList<qint64> sole = habilitation.soleReferentOf(c->aidantId, previous);
        if (!sole.isEmpty()) {
            return Error { QStringLiteral("refused"),
                QStringLiteral("refused by the rule last_referent: the aidant is the only référent of "
                               "organisation(s) %1; designate another référent there first")
                    .arg(Journal::idList(sole)) };
        }
        // The operator's --new-email, else the one the référent asked for.
        const QString newEmail = newEmailOption.isEmpty() ? c->newEmail : newEmailOption;
        if (!newEmail.isEmpty()) {
            if (!Validation::isValidEmail(newEmail))
                return Error { QStringLiteral("usage"),
                    QStringLiteral("--new-email is not a valid email address") };
            if (!habilitation.changeEmail(c->aidantId, newEmail)) {
                return Error { QStringLiteral("refused"),
                    QStringLiteral("another account already has the email %1").arg(newEmail) };
            }
            info += QStringLiteral("; email changed");
        }
        habilitation.addMembership(c->aidantId, c->organisationId);
        habilitation.keepOnlyMembership(c->aidantId, c->organisationId);
        info += QStringLiteral("; left organisations [%1]; sessions ended").arg(Journal::idList(previous));
    }
    habilitation.setStructureChangeStatus(changeId, t.to, now);
    Journal::append(db, tx,
        JournalEntry::administrative(action == ChangeAction::Validate
                ? QStringLiteral("structure_change_validated")
                : QStringLiteral("structure_change_refused"),
            c->aidantId, c->organisationId, info),
        now);
    HabilitationService::emailReferents(db, c->organisationId,
        QStringLiteral("changement de structure « %1 »").arg(label(t.to)),
        action == ChangeAction::Validate
            ? QStringLiteral(
                "La demande de changement de structure de %1 (%2) est validée : %1 est maintenant "
                "aidant de votre structure.")
                  .arg(fullName(c->firstName, c->lastName), c->email)
            : QStringLiteral("La demande de changement de structure de %1 (%2) est refusée.")
                  .arg(fullName(c->firstName, c->lastName), c->email),
        now);
    tx.commit();
    return QStringLiteral("structure change %1: %2 -> %3").arg(changeId).arg(code(c->status), code(t.to));
}

void loadDemoData(QSqlDatabase &db, const Transaction &tx, qint64 firstOrganisation,
    qint64 secondOrganisation, qint64 nowMs)
{
    HabilitationRepository habilitation(db);
    const QDate today = HabilitationService::parisToday(nowMs);
    struct DemoSession
    {
        int daysAway;
        int hours;
        int seats;
        const char *format;
        const char *place;
        bool published;
    };
    const DemoSession sessions[] = {
        { 35, 7, 12, "in_person", "Lens", true },
        { 42, 14, 10, "remote", "", true },
        { 49, 7, 12, "in_person", "Montreuil", true },
        { 56, 7, 12, "in_person", "Marne, la ville sera définie en fonction des inscriptions", true },
        { 63, 7, 12, "in_person", "Brest", false },
    };
    QList<qint64> sessionIds;
    for (const DemoSession &d : sessions) {
        TrainingSessionRecord s;
        s.organisme = QStringLiteral("Mednum");
        s.startDate = today.addDays(d.daysAway);
        s.endDate = s.startDate.addDays(d.hours == 14 ? 1 : 0);
        s.durationHours = d.hours;
        s.maxAttendees = d.seats;
        s.format = QString::fromLatin1(d.format);
        s.place = QString::fromUtf8(d.place);
        s.published = d.published;
        sessionIds.append(habilitation.insertSession(s, nowMs));
    }
    struct DemoRequest
    {
        qint64 organisation;
        const char *first, *last, *email, *profession;
        HStatus status;
        bool conseiller;
    };
    const DemoRequest requests[] = {
        { firstOrganisation, "Angela", "Dubois", "angela.dubois@demo.aidantsconnect.fr", "Agente d'accueil",
            HStatus::New, false },
        { firstOrganisation, "Jean-Jacques", "Test", "jj.test@demo.aidantsconnect.fr", "Médiateur numérique",
            HStatus::Processing, true },
        { firstOrganisation, "Jean Pierre", "Bacri", "jeanpierre.bacri@demo.aidantsconnect.fr",
            "Travailleur social", HStatus::WaitingList, false },
        { firstOrganisation, "Mathilde", "Loarec", "mathilde.loarec@demo.aidantsconnect.fr",
            "Conseillère numérique", HStatus::ProcessingP2p, true },
        { secondOrganisation, "Sylvain", "Dufraisse", "sylvain.dufraisse@demo.aidantsconnect.fr",
            "Conseiller en économie sociale et familiale", HStatus::Processing, false },
        { secondOrganisation, "Erik", "Da Silva", "erik.dasilva@demo.aidantsconnect.fr", "Bénévole",
            HStatus::Refused, false },
    };
    for (const DemoRequest &d : requests) {
        HabilitationRequestRecord r;
        r.organisationId = d.organisation;
        r.firstName = QString::fromUtf8(d.first);
        r.lastName = QString::fromUtf8(d.last);
        r.email = QString::fromUtf8(d.email);
        r.profession = QString::fromUtf8(d.profession);
        r.conseillerNumerique = d.conseiller;
        r.status = d.status;
        r.createdAtMs = nowMs;
        r.id = habilitation.insertRequest(r);
        Journal::append(db, tx,
            JournalEntry::administrative(QStringLiteral("habilitation_request_created"), 0, d.organisation,
                QStringLiteral("request %1 (demo data, %2)").arg(r.id).arg(code(d.status))),
            nowMs);
        if (d.status == HStatus::Processing && d.organisation == firstOrganisation)
            habilitation.addRegistration(sessionIds.first(), r.id, nowMs);
    }
}

} // namespace HabilitationAdmin
