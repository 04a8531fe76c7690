#include "Habilitation.h"

#include "FrenchDate.h"

namespace Habilitation {
namespace {

struct StatusRow
{
    Status status;
    const char *code;
    const char *label;
};

const StatusRow kStatuses[] = {
    { Status::WaitingList, "waiting_list", "Liste d'attente" },
    { Status::New, "new", "Nouvelle" },
    { Status::Processing, "processing", "Éligibilité validée" },
    { Status::ProcessingP2p, "processing_p2p", "En cours (entre pairs)" },
    { Status::Validated, "validated", "Validée" },
    { Status::Refused, "refused", "Refusée" },
    { Status::Cancelled, "cancelled", "Annulée" },
    { Status::CancelledByReferent, "cancelled_by_referent", "Annulée par le référent" },
};

/// One action of the table: its actor, the statuses it starts from, where it leads (nullopt: the
/// status stays) and the rule's name.
struct ActionRow
{
    Action action;
    const char *code;
    Actor actor;
    QList<Status> from;
    std::optional<Status> to;
};

const QList<ActionRow> &actionRows()
{
    static const QList<ActionRow> rows = {
        { Action::CancelByReferent, "cancel_by_referent", Actor::Referent,
            { Status::WaitingList, Status::New, Status::Processing, Status::ProcessingP2p,
                Status::Validated },
            Status::CancelledByReferent },
        { Action::RegisterTraining, "register_training", Actor::Referent,
            { Status::Processing, Status::ProcessingP2p, Status::Validated }, std::nullopt },
        { Action::ToProcessing, "to_processing", Actor::Anct, { Status::WaitingList, Status::New },
            Status::Processing },
        // A request whose eligibility is validated may still be moved to the peer-to-peer course.
        { Action::ToProcessingP2p, "to_processing_p2p", Actor::Anct,
            { Status::WaitingList, Status::New, Status::Processing }, Status::ProcessingP2p },
        { Action::Refuse, "refuse", Actor::Anct,
            { Status::WaitingList, Status::New, Status::Processing, Status::ProcessingP2p },
            Status::Refused },
        // Validation follows the training: the eligibility must have been validated first.
        { Action::Validate, "validate", Actor::Anct, { Status::Processing, Status::ProcessingP2p },
            Status::Validated },
        // Once validated the account exists: the référent removes the aidant instead.
        { Action::Cancel, "cancel", Actor::Anct,
            { Status::WaitingList, Status::New, Status::Processing, Status::ProcessingP2p },
            Status::Cancelled },
    };
    return rows;
}

const ActionRow &row(Action action)
{
    for (const ActionRow &r : actionRows()) {
        if (r.action == action)
            return r;
    }
    Q_UNREACHABLE();
}

QString actorName(Actor actor)
{
    return actor == Actor::Referent ? QStringLiteral("the référent") : QStringLiteral("the ANCT team");
}

struct ChangeStatusRow
{
    ChangeStatus status;
    const char *code;
    const char *label;
};

const ChangeStatusRow kChangeStatuses[] = {
    { ChangeStatus::New, "new", "Nouvelle" },
    { ChangeStatus::Validated, "validated", "Validée" },
    { ChangeStatus::Refused, "refused", "Refusée" },
    { ChangeStatus::CancelledByReferent, "cancelled_by_referent", "Annulée par le référent" },
};

} // namespace

QList<Status> allStatuses()
{
    QList<Status> result;
    for (const StatusRow &r : kStatuses)
        result.append(r.status);
    return result;
}

QList<Action> allActions()
{
    QList<Action> result;
    for (const ActionRow &r : actionRows())
        result.append(r.action);
    return result;
}

QString code(Status status)
{
    for (const StatusRow &r : kStatuses) {
        if (r.status == status)
            return QString::fromLatin1(r.code);
    }
    return {};
}

QString code(Action action)
{
    return QString::fromLatin1(row(action).code);
}

std::optional<Status> statusFromCode(const QString &text)
{
    for (const StatusRow &r : kStatuses) {
        if (text == QLatin1String(r.code))
            return r.status;
    }
    return std::nullopt;
}

std::optional<Action> actionFromCode(const QString &text)
{
    for (const ActionRow &r : actionRows()) {
        if (text == QLatin1String(r.code))
            return r.action;
    }
    return std::nullopt;
}

QString label(Status status)
{
    for (const StatusRow &r : kStatuses) {
        if (r.status == status)
            return QString::fromUtf8(r.label);
    }
    return {};
}

Actor actor(Action action)
{
    return row(action).actor;
}

bool isOpen(Status status)
{
    return status != Status::Refused && status != Status::Cancelled && status != Status::CancelledByReferent;
}

Transition apply(Status from, Action action, Actor by)
{
    const ActionRow &r = row(action);
    QStringList fromCodes;
    for (const Status s : r.from)
        fromCodes.append(code(s));
    const QString allowedFrom = QStringLiteral("allowed from %1").arg(fromCodes.join(QStringLiteral(", ")));
    Transition t;
    t.to = from;
    if (by != r.actor) {
        t.rule = QStringLiteral("rule %1: only %2 may do it").arg(code(action), actorName(r.actor));
        return t;
    }
    if (!r.from.contains(from)) {
        t.rule = QStringLiteral("rule %1: %2; the request is %3").arg(code(action), allowedFrom, code(from));
        return t;
    }
    t.allowed = true;
    t.to = r.to.value_or(from);
    t.rule = QStringLiteral("rule %1: %2 -> %3").arg(code(action), code(from), code(t.to));
    return t;
}

QList<Action> referentActions(Status status)
{
    QList<Action> result;
    for (const ActionRow &r : actionRows()) {
        if (r.actor == Actor::Referent && r.from.contains(status))
            result.append(r.action);
    }
    return result;
}

QList<ChangeStatus> allChangeStatuses()
{
    QList<ChangeStatus> result;
    for (const ChangeStatusRow &r : kChangeStatuses)
        result.append(r.status);
    return result;
}

QList<ChangeAction> allChangeActions()
{
    return { ChangeAction::CancelByReferent, ChangeAction::Validate, ChangeAction::Refuse };
}

QString code(ChangeStatus status)
{
    for (const ChangeStatusRow &r : kChangeStatuses) {
        if (r.status == status)
            return QString::fromLatin1(r.code);
    }
    return {};
}

QString code(ChangeAction action)
{
    switch (action) {
    case ChangeAction::CancelByReferent:
        return QStringLiteral("cancel_by_referent");
    case ChangeAction::Validate:
        return QStringLiteral("validate");
    case ChangeAction::Refuse:
        return QStringLiteral("refuse");
    }
    return {};
}

std::optional<ChangeStatus> changeStatusFromCode(const QString &text)
{
    for (const ChangeStatusRow &r : kChangeStatuses) {
        if (text == QLatin1String(r.code))
            return r.status;
    }
    return std::nullopt;
}

QString label(ChangeStatus status)
{
    for (const ChangeStatusRow &r : kChangeStatuses) {
        if (r.status == status)
            return QString::fromUtf8(r.label);
    }
    return {};
}

Actor actor(ChangeAction action)
{
    return action == ChangeAction::CancelByReferent ? Actor::Referent : Actor::Anct;
}

ChangeTransition apply(ChangeStatus from, ChangeAction action, Actor by)
{
    ChangeTransition t;
    t.to = from;
    if (by != actor(action)) {
        t.rule = QStringLiteral("rule %1: only %2 may do it").arg(code(action), actorName(actor(action)));
        return t;
    }
    if (from != ChangeStatus::New) {
        t.rule = QStringLiteral("rule %1: allowed from new; the request is %2").arg(code(action), code(from));
        return t;
    }
    t.allowed = true;
    t.to = action == ChangeAction::CancelByReferent ? ChangeStatus::CancelledByReferent
        : action == ChangeAction::Validate          ? ChangeStatus::Validated
                                                    : ChangeStatus::Refused;
    t.rule = QStringLiteral("rule %1: %2 -> %3").arg(code(action), code(from), code(t.to));
    return t;
}

int minimumDaysAhead(int attendees)
{
    return attendees > 4 ? 14 : 28;
}

bool isOffered(const SessionFacts &session, const QDate &today)
{
    if (!session.active || session.internalOnly || !session.published || !session.startDate.isValid())
        return false;
    if (session.attendees >= session.maxAttendees)
        return false;
    return today.daysTo(session.startDate) >= minimumDaysAhead(session.attendees);
}

bool isValidDuration(int hours)
{
    return hours == 7 || hours == 14;
}

bool isValidFormat(const QString &format)
{
    return format == QLatin1String("in_person") || format == QLatin1String("remote");
}

QString formatLabel(const QString &format)
{
    return format == QLatin1String("remote") ? QStringLiteral("À distance") : QStringLiteral("Présentiel");
}

QString datesLabel(const QDate &start, const QDate &end)
{
    const auto dayText = [](int day) {
        return day == 1 ? QStringLiteral("1er") : QStringLiteral("%1").arg(day, 2, 10, QLatin1Char('0'));
    };
    const QString startFull = QStringLiteral("%1 %2 %3")
                                  .arg(dayText(start.day()), FrenchDate::monthName(start.month()))
                                  .arg(start.year());
    if (!end.isValid() || end <= start)
        return QStringLiteral("Le ") + startFull;
    const QString endFull = QStringLiteral("%1 %2 %3")
                                .arg(dayText(end.day()), FrenchDate::monthName(end.month()))
                                .arg(end.year());
    if (start.year() != end.year())
        return QStringLiteral("Du %1 au %2").arg(startFull, endFull);
    if (start.month() != end.month()) {
        return QStringLiteral("Du %1 %2 au %3")
            .arg(dayText(start.day()), FrenchDate::monthName(start.month()), endFull);
    }
    return QStringLiteral("Du %1 au %2").arg(dayText(start.day()), endFull);
}

} // namespace Habilitation
