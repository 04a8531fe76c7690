#include "ReferentService.h"

#include "ApiError.h"
#include "Clock.h"
#include "Demarches.h"
#include "Journal.h"
#include "ReferentAccess.h"
#include "Repository.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace {
ApiError lastReferent()
{
    return ApiError::conflict(
        QStringLiteral("last_referent"), QStringLiteral("La structure doit garder au moins un référent."));
}

ApiError badField(const QString &message)
{
    return ApiError(400, QStringLiteral("invalid_field"), message);
}

/// `{demarches: [code]}`: known codes, no duplicate, at least one; returned in the catalogue's order.
QStringList parseDemarches(const QJsonObject &body)
{
    const QJsonValue value = body.value(QStringLiteral("demarches"));
    if (value.isUndefined() || value.isNull())
        throw ApiError::missingField(QStringLiteral("demarches"));
    if (!value.isArray())
        throw ApiError::invalidField(QStringLiteral("demarches"));
    const QJsonArray array = value.toArray();
    if (array.isEmpty())
        throw badField(QStringLiteral("La structure doit garder au moins une démarche autorisée."));
    QSet<QString> chosen;
    for (const QJsonValue &item : array) {
        const QString code = item.toString();
        if (!item.isString() || !Demarches::isKnown(code))
            throw badField(QStringLiteral("Cette démarche n'existe pas."));
        if (chosen.contains(code))
            throw badField(QStringLiteral("Une démarche est indiquée deux fois."));
        chosen.insert(code);
    }
    QStringList ordered;
    for (const QString &code : Demarches::allCodes()) {
        if (chosen.contains(code))
            ordered.append(code);
    }
    return ordered;
}

/// `{organisation_ids: [id]}`: positive integers, no duplicate, possibly none.
QList<qint64> parseOrganisationIds(const QJsonObject &body)
{
    const QString field = QStringLiteral("organisation_ids");
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull())
        throw ApiError::missingField(field);
    if (!value.isArray())
        throw ApiError::invalidField(field);
    QList<qint64> ids;
    for (const QJsonValue &item : value.toArray()) {
        const qint64 id = item.toInteger(0);
        if (!item.isDouble() || id <= 0 || double(id) != item.toDouble() || ids.contains(id))
            throw ApiError::invalidField(field);
        ids.append(id);
    }
    return ids;
}

ManagedOrganisation managed(Repository &repository, qint64 organisationId)
{
    const auto organisation = repository.organisation(organisationId);
    if (!organisation)
        throw ApiError::notFound();
    return { *organisation, repository.activeAidantCount(organisationId) };
}

} // namespace

ReferentService::ReferentService(Database &database)
    : m_database(database)
{
}

QList<ManagedOrganisation> ReferentService::organisations(const AuthContext &context)
{
    ReferentScope scope(m_database, context.aidantId);
    const QList<qint64> managedIds = scope.repository.aidant(context.aidantId)->info.referentOf;
    QList<ManagedOrganisation> result;
    for (const qint64 id : managedIds)
        result.append(managed(scope.repository, id));
    scope.commit();
    return result;
}

ManagedOrganisation ReferentService::organisation(const AuthContext &context, const QString &organisation)
{
    ReferentScope scope(m_database, context.aidantId);
    const ManagedOrganisation result = managed(scope.repository, scope.organisation(organisation));
    scope.commit();
    return result;
}

ManagedOrganisation ReferentService::setDemarches(
    const AuthContext &context, const QString &organisation, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    const qint64 organisationId = scope.organisation(organisation, true);
    const QStringList demarches = parseDemarches(body);
    const ManagedOrganisation before = managed(scope.repository, organisationId);
    if (before.organisation.allowedDemarches == demarches) {
        scope.commit();
        return before; // nothing changes, nothing is journalled
    }
    scope.repository.setAllowedDemarches(organisationId, demarches);
    JournalEntry entry;
    entry.action = QStringLiteral("update_allowed_demarches");
    entry.aidantId = context.aidantId;
    entry.organisationId = organisationId;
    entry.demarches = demarches;
    entry.info
        = QStringLiteral("previously %1").arg(before.organisation.allowedDemarches.join(QLatin1Char(',')));
    Journal::append(scope.db, scope.tx, entry, scope.nowMs);
    const ManagedOrganisation result = managed(scope.repository, organisationId);
    scope.commit();
    return result;
}

QList<ReferentAidant> ReferentService::aidants(const AuthContext &context, const QString &organisation)
{
    ReferentScope scope(m_database, context.aidantId);
    const qint64 organisationId = scope.organisation(organisation);
    QList<ReferentAidant> result;
    for (const qint64 id : scope.repository.memberIds(organisationId)) {
        if (const auto aidant = scope.repository.aidant(id))
            result.append(ReferentAccess::aidantView(scope.repository, *aidant, organisationId));
    }
    scope.commit();
    return result;
}

ReferentAidant ReferentService::aidant(
    const AuthContext &context, const QString &organisation, const QString &aidant)
{
    ReferentScope scope(m_database, context.aidantId);
    const qint64 organisationId = scope.organisation(organisation);
    const AidantRecord record = scope.aidant(organisationId, aidant);
    const ReferentAidant result = ReferentAccess::aidantView(scope.repository, record, organisationId);
    scope.commit();
    return result;
}

QJsonObject ReferentService::removeAidant(
    const AuthContext &context, const QString &organisation, const QString &aidant)
{
    ReferentScope scope(m_database, context.aidantId);
    Repository &repository = scope.repository;
    const qint64 organisationId = scope.organisation(organisation, true);
    const AidantRecord record = scope.aidant(organisationId, aidant);
    const qint64 aidantId = record.info.id;
    const bool lastOrganisation = record.info.organisationIds.size() == 1;
    if (lastOrganisation && !record.active) {
        throw ApiError::conflict(
            QStringLiteral("aidant_inactive"), QStringLiteral("Cet aidant est déjà désactivé."));
    }
    if (record.active && record.info.referentOf.contains(organisationId)
        && repository.activeReferentCount(organisationId) <= 1)
        throw lastReferent();
    if (lastOrganisation) {
        // They stay a member, deactivated, and are logged out everywhere at once.
        repository.setReferent(aidantId, organisationId, false);
        repository.setAidantActive(aidantId, false);
        repository.deleteSessionsOf(aidantId);
    } else {
        repository.removeMembership(aidantId, organisationId);
        if (record.info.currentOrganisationId == organisationId || record.info.currentOrganisationId == 0) {
            QList<qint64> remaining = record.info.organisationIds;
            remaining.removeAll(organisationId);
            repository.setCurrentOrganisation(aidantId, remaining.first());
        }
    }
    scope.journal(QStringLiteral("remove_aidant"), organisationId, aidantId,
        lastOrganisation ? QStringLiteral("; deactivated") : QString());
    const ReferentAidant view = scope.view(aidantId, organisationId);
    scope.commit();
    return { { QStringLiteral("deactivated"), lastOrganisation },
        { QStringLiteral("aidant"), view.toJson() } };
}

ReferentAidant ReferentService::reactivateAidant(
    const AuthContext &context, const QString &organisation, const QString &aidant)
{
    ReferentScope scope(m_database, context.aidantId);
    const qint64 organisationId = scope.organisation(organisation, true);
    const AidantRecord record = scope.aidant(organisationId, aidant);
    if (record.active)
        throw ApiError::conflict(
            QStringLiteral("aidant_active"), QStringLiteral("Cet aidant est déjà actif."));
    scope.repository.setAidantActive(record.info.id, true);
    scope.journal(QStringLiteral("reactivate_aidant"), organisationId, record.info.id);
    const ReferentAidant view = scope.view(record.info.id, organisationId);
    scope.commit();
    return view;
}

ReferentAidant ReferentService::setAidantOrganisations(
    const AuthContext &context, const QString &organisation, const QString &aidant, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    Repository &repository = scope.repository;
    const qint64 organisationId = scope.organisation(organisation);
    const AidantRecord before = scope.aidant(organisationId, aidant);
    const qint64 aidantId = before.info.id;
    const QList<qint64> wanted = parseOrganisationIds(body);
    // Every organisation whose members or référents may change, locked; then everything read again.
    const QList<qint64> callerOrganisations = repository.aidant(context.aidantId)->info.referentOf;
    repository.lockOrganisations(scope.tx,
        callerOrganisations + before.info.organisationIds + wanted + QList<qint64> { organisationId });
    const AidantRecord fresh
        = ReferentAccess::requireManagedAidant(repository, context.aidantId, organisationId, aidantId);
    const QList<qint64> managedIds = repository.aidant(context.aidantId)->info.referentOf;
    for (const qint64 id : wanted) {
        if (!managedIds.contains(id))
            throw ApiError::notFound(); // the same answer whether it exists or not
    }
    QList<qint64> added;
    QList<qint64> removed;
    QList<qint64> remaining;
    for (const qint64 id : fresh.info.organisationIds) {
        if (managedIds.contains(id) && !wanted.contains(id))
            removed.append(id);
        else
            remaining.append(id);
    }
    for (const qint64 id : wanted) {
        if (!fresh.info.organisationIds.contains(id)) {
            added.append(id);
            remaining.append(id);
        }
    }
    if (remaining.isEmpty()) {
        throw ApiError(400, QStringLiteral("no_organisation"),
            QStringLiteral("L'aidant doit rester membre d'au moins une structure."));
    }
    for (const qint64 id : std::as_const(removed)) {
        if (fresh.active && fresh.info.referentOf.contains(id) && repository.activeReferentCount(id) <= 1)
            throw lastReferent();
    }
    if (added.isEmpty() && removed.isEmpty()) {
        const ReferentAidant view = ReferentAccess::aidantView(repository, fresh, organisationId);
        scope.commit();
        return view; // nothing changes, nothing is journalled
    }
    for (const qint64 id : std::as_const(added))
        repository.addMembership(aidantId, id);
    for (const qint64 id : std::as_const(removed))
        repository.removeMembership(aidantId, id);
    if (!remaining.contains(fresh.info.currentOrganisationId)) {
        std::sort(remaining.begin(), remaining.end());
        repository.setCurrentOrganisation(aidantId, remaining.first());
    }
    QString more;
    if (!added.isEmpty())
        more += QStringLiteral("; added %1").arg(Journal::idList(added));
    if (!removed.isEmpty())
        more += QStringLiteral("; removed %1").arg(Journal::idList(removed));
    scope.journal(QStringLiteral("change_aidant_organisations"), organisationId, aidantId, more);
    const ReferentAidant view = scope.view(aidantId, organisationId);
    scope.commit();
    return view;
}

ReferentAidant ReferentService::setReferent(
    const AuthContext &context, const QString &organisation, const QString &aidant, const QJsonObject &body)
{
    ReferentScope scope(m_database, context.aidantId);
    const qint64 organisationId = scope.organisation(organisation, true);
    const AidantRecord record = scope.aidant(organisationId, aidant);
    const QJsonValue value = body.value(QStringLiteral("referent"));
    if (value.isUndefined() || value.isNull())
        throw ApiError::missingField(QStringLiteral("referent"));
    if (!value.isBool())
        throw ApiError::invalidField(QStringLiteral("referent"));
    const bool referent = value.toBool();
    const bool isReferent = record.info.referentOf.contains(organisationId);
    if (referent == isReferent) {
        const ReferentAidant view = ReferentAccess::aidantView(scope.repository, record, organisationId);
        scope.commit();
        return view; // nothing changes, nothing is journalled
    }
    if (referent && !record.active) {
        throw ApiError::conflict(QStringLiteral("aidant_inactive"),
            QStringLiteral("Un aidant désactivé ne peut pas être désigné référent."));
    }
    if (!referent && record.active && scope.repository.activeReferentCount(organisationId) <= 1)
        throw lastReferent();
    scope.repository.setReferent(record.info.id, organisationId, referent);
    scope.journal(referent ? QStringLiteral("add_referent") : QStringLiteral("remove_referent"),
        organisationId, record.info.id);
    const ReferentAidant view = scope.view(record.info.id, organisationId);
    scope.commit();
    return view;
}
