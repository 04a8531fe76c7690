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

/// One request of the Espace référent (docs/referent.md § Authorisation), in one transaction: the
/// caller is checked as an active référent when the scope is made (403 not_referent), the route's
/// organisation and aidant are checked in the same transaction (404 not_found), and the journal
/// entries name the caller as actor. Nothing is written unless commit() is called: a refusal
/// (an ApiError thrown meanwhile) rolls everything back.
class ReferentScope
{
public:
    ReferentScope(Database &database, qint64 callerId);
    Q_DISABLE_COPY_MOVE(ReferentScope)

    /// The route's {org}: an organisation the caller is référent of now; any other, malformed ids
    /// included, is 404. With @p lock, its row is locked first (membership and role changes are
    /// serialised per organisation) and the role is read after the lock.
    qint64 organisation(const QString &arg, bool lock = false);
    /// The route's {aidant}: a member, active or not, of @p organisationId (404 otherwise).
    AidantRecord aidant(qint64 organisationId, const QString &arg);
    /// Journals @p action of the caller in @p organisationId on @p subjectId: info `aidant <id>`
    /// followed by @p more (which brings its own separator).
    void journal(const QString &action, qint64 organisationId, qint64 subjectId, const QString &more = {});
    /// What the référent sees of the aidant now (aidantView of a fresh read).
    ReferentAidant view(qint64 aidantId, qint64 organisationId);
    void commit() { tx.commit(); }

    QSqlDatabase db;
    Repository repository;
    Transaction tx;
    const qint64 nowMs;
    const qint64 callerId;
};
