#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// Habilitation (reference/aidants-connect.md § Espace référent, § Facts added in December 2026;
/// docs/habilitation.md): the status machines of habilitation requests and structure change
/// requests as pure tables, and the rule that offers a training session. Shared by the server
/// (API and admin commands) and, later, the client (which actions to show).
namespace Habilitation {

/// Who performs an action: the organisation's référent (API) or the ANCT team (admin commands).
enum class Actor { Referent, Anct };

enum class Status {
    WaitingList,
    New,
    Processing, ///< « Éligibilité validée »
    ProcessingP2p, ///< « En cours (entre pairs) »
    Validated,
    Refused,
    Cancelled,
    CancelledByReferent,
};

enum class Action {
    CancelByReferent,
    RegisterTraining, ///< the status stays; the request's training sessions change
    ToProcessing,
    ToProcessingP2p,
    Refuse,
    Validate,
    Cancel,
};

QList<Status> allStatuses();
QList<Action> allActions();

/// Stable codes stored in the database and sent on the wire: "waiting_list", "new", …
QString code(Status status);
QString code(Action action);
std::optional<Status> statusFromCode(const QString &code);
std::optional<Action> actionFromCode(const QString &code);
/// French label as in seed 004: « Liste d'attente », « Nouvelle », « Éligibilité validée », …
QString label(Status status);
/// Who may perform @p action.
Actor actor(Action action);
/// Whether the request is still open (a duplicate of it is refused): every status but refused,
/// cancelled and cancelled by référent.
bool isOpen(Status status);

/// The outcome of an action on a request in some status.
struct Transition
{
    bool allowed = false;
    Status to = Status::WaitingList; ///< the status after the action (unchanged for RegisterTraining)
    QString rule; ///< the rule, named (English, for the operator): why it is refused, or what it does
};

/// The table: what @p action does to a request in @p from, performed by @p by. Refused when @p by
/// is not the action's actor, or when the rule of the action does not allow @p from.
Transition apply(Status from, Action action, Actor by);
/// The référent's actions allowed in @p status (the buttons of « Demandes d'habilitation en cours »).
QList<Action> referentActions(Status status);

/// Structure change requests (an aidant already habilitated elsewhere joins the organisation).
enum class ChangeStatus { New, Validated, Refused, CancelledByReferent };
enum class ChangeAction { CancelByReferent, Validate, Refuse };
QList<ChangeStatus> allChangeStatuses();
QList<ChangeAction> allChangeActions();
QString code(ChangeStatus status);
QString code(ChangeAction action);
std::optional<ChangeStatus> changeStatusFromCode(const QString &code);
QString label(ChangeStatus status); ///< « Nouvelle », « Validée », « Refusée », « Annulée par le référent »
Actor actor(ChangeAction action);
struct ChangeTransition
{
    bool allowed = false;
    ChangeStatus to = ChangeStatus::New;
    QString rule;
};
/// Every action is allowed only on a new request, by its actor.
ChangeTransition apply(ChangeStatus from, ChangeAction action, Actor by);

/// A training session as the offering rule sees it.
struct SessionFacts
{
    QDate startDate;
    int maxAttendees = 0;
    int attendees = 0;
    bool active = true;
    bool internalOnly = false;
    bool published = false;
};
/// Days a session must be away to be offered: 28, or 14 once it has more than 4 attendees.
int minimumDaysAhead(int attendees);
/// Offered: active, not internal, published, not full, and starting at least minimumDaysAhead()
/// days after @p today (the Paris date).
bool isOffered(const SessionFacts &session, const QDate &today);

/// Training durations a session may have (hours).
bool isValidDuration(int hours);
/// Formats: "in_person" (« Présentiel ») or "remote" (« À distance »).
bool isValidFormat(const QString &format);
QString formatLabel(const QString &format);
/// « Le 14 mai 2024 », « Du 14 au 15 mai 2024 », « Du 31 mai au 1er juin 2024 », …
QString datesLabel(const QDate &start, const QDate &end);

} // namespace Habilitation
