#pragma once

#include "AuthService.h"
#include "Database.h"
#include "WireTypes.h"

#include <QJsonObject>

/// The Espace référent (docs/referent.md): the organisations the caller manages, their démarches,
/// their aidants (lists, page, removal, reactivation, organisations) and co-référents. Every
/// method checks the caller's role now (ReferentAccess), inside the action's one transaction, and
/// throws ApiError; a refused action changes nothing and journals nothing. @p organisation and
/// @p aidant are the route's arguments, as received.
class ReferentService
{
public:
    explicit ReferentService(Database &database);

    /// The organisations the caller is référent of, by id.
    QList<ManagedOrganisation> organisations(const AuthContext &context);
    ManagedOrganisation organisation(const AuthContext &context, const QString &organisation);
    /// Sets the organisation's allowed démarches (`{demarches: [code]}`), journalled
    /// `update_allowed_demarches` when they change.
    ManagedOrganisation setDemarches(
        const AuthContext &context, const QString &organisation, const QJsonObject &body);

    /// The organisation's members, active and inactive, by last name, first name and id.
    QList<ReferentAidant> aidants(const AuthContext &context, const QString &organisation);
    ReferentAidant aidant(const AuthContext &context, const QString &organisation, const QString &aidant);

    /// The aidant leaves the organisation, or is deactivated (every session ended) when it was their
    /// only one: `{deactivated, aidant}`.
    QJsonObject removeAidant(const AuthContext &context, const QString &organisation, const QString &aidant);
    ReferentAidant reactivateAidant(
        const AuthContext &context, const QString &organisation, const QString &aidant);
    /// The aidant's memberships among the organisations the caller manages become
    /// `{organisation_ids: [id]}`.
    ReferentAidant setAidantOrganisations(const AuthContext &context, const QString &organisation,
        const QString &aidant, const QJsonObject &body);
    /// Designates (`{referent: true}`) or removes (`false`) a co-référent of the organisation.
    ReferentAidant setReferent(const AuthContext &context, const QString &organisation, const QString &aidant,
        const QJsonObject &body);

private:
    Database &m_database;
};
