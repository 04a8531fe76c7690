#include "ReferentAccess.h"

#include "ApiError.h"
#include "Clock.h"
#include "Journal.h"

namespace ReferentAccess {

qint64 parseId(const QString &arg)
{
    bool ok = false;
    const qint64 id = arg.toLongLong(&ok);
    if (!ok || id <= 0 || arg.startsWith(QLatin1Char('+')))
        throw ApiError::notFound();
    return id;
}

AidantRecord requireReferent(Repository &repository, qint64 callerId)
{
    const auto caller = repository.aidant(callerId);
    if (!caller || !caller->active)
        throw ApiError::unauthenticated();
    if (caller->info.referentOf.isEmpty())
        throw ApiError::notReferent();
    return *caller;
}

AidantRecord requireReferentOf(Repository &repository, qint64 callerId, qint64 organisationId)
{
    AidantRecord caller = requireReferent(repository, callerId);
    if (!caller.info.referentOf.contains(organisationId))
        throw ApiError::notFound();
    return caller;
}

AidantRecord requireManagedAidant(
    Repository &repository, qint64 callerId, qint64 organisationId, qint64 aidantId)
{
    requireReferentOf(repository, callerId, organisationId);
    const auto aidant = repository.aidant(aidantId);
    if (!aidant || !aidant->info.organisationIds.contains(organisationId))
        throw ApiError::notFound();
    return *aidant;
}

ReferentAidant aidantView(Repository &repository, const AidantRecord &aidant, qint64 organisationId)
{
    ReferentAidant view;
    view.id = aidant.info.id;
    view.email = aidant.info.email;
    view.firstName = aidant.info.firstName;
    view.lastName = aidant.info.lastName;
    view.profession = aidant.info.profession;
    view.active = aidant.active;
    view.referent = aidant.info.referentOf.contains(organisationId);
    view.canCreateMandats = aidant.info.canCreateMandats;
    for (const OrganisationInfo &organisation : repository.organisations(aidant.info.organisationIds)) {
        view.organisationIds.append(organisation.id);
        view.organisationNames.append(organisation.name);
    }
    view.devices = repository.deviceSummaries(aidant.info.id);
    view.lastLoginAtMs = repository.lastLogin(aidant.info.id);
    return view;
}

} // namespace ReferentAccess

ReferentScope::ReferentScope(Database &database, qint64 callerId)
    : db(database.connection())
    , repository(db)
    , tx(db, database.dialect())
    , nowMs(Clock::instance().nowMs())
    , callerId(callerId)
{
    ReferentAccess::requireReferent(repository, callerId);
}

qint64 ReferentScope::organisation(const QString &arg, bool lock)
{
    // A malformed id is read after the caller's role: a non-référent gets 403 whatever the path.
    const qint64 id = ReferentAccess::parseId(arg);
    if (lock)
        repository.lockOrganisations(tx, { id });
    ReferentAccess::requireReferentOf(repository, callerId, id);
    return id;
}

AidantRecord ReferentScope::aidant(qint64 organisationId, const QString &arg)
{
    return ReferentAccess::requireManagedAidant(
        repository, callerId, organisationId, ReferentAccess::parseId(arg));
}

void ReferentScope::journal(
    const QString &action, qint64 organisationId, qint64 subjectId, const QString &more)
{
    Journal::append(db, tx,
        JournalEntry::administrative(
            action, callerId, organisationId, QStringLiteral("aidant %1").arg(subjectId) + more),
        nowMs);
}

ReferentAidant ReferentScope::view(qint64 aidantId, qint64 organisationId)
{
    const auto aidant = repository.aidant(aidantId);
    if (!aidant)
        throw ApiError::notFound();
    return ReferentAccess::aidantView(repository, *aidant, organisationId);
}
