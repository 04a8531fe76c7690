#pragma once

#include "Repository.h"

/// Who may act in the Espace référent (docs/referent.md): the caller's référent organisations are
/// read from the database at each request, inside the action's transaction, never from the session.
/// Every check throws ApiError; a refusal changes nothing.
namespace ReferentAccess {

/// An id from a route argument; anything but a positive integer is 404 not_found.
qint64 parseId(const QString &arg);

/// The caller, who must be an active référent of at least one organisation (403 not_referent).
AidantRecord requireReferent(Repository &repository, qint64 callerId);

/// The caller must be référent of @p organisationId now: 403 not_referent when référent of none,
/// 404 not_found otherwise (whether the organisation exists or not). Returns the caller.
AidantRecord requireReferentOf(Repository &repository, qint64 callerId, qint64 organisationId);

/// requireReferentOf(), and @p aidantId must be a member (active or not) of @p organisationId:
/// 404 not_found otherwise. Returns the aidant.
AidantRecord requireManagedAidant(
    Repository &repository, qint64 callerId, qint64 organisationId, qint64 aidantId);

/// What the référent sees of @p aidant, as a member of @p organisationId (docs/referent.md,
/// ReferentAidant): organisations with their names, devices without secrets, last login.
ReferentAidant aidantView(Repository &repository, const AidantRecord &aidant, qint64 organisationId);

} // namespace ReferentAccess
