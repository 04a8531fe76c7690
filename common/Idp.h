#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// Wire types of the identity provider requests (docs/api.md § Identity provider): the aidant
/// FranceConnects an usager on a démarche's site.

/// An usager the aidant may FranceConnect, with the démarches the aidant may carry out for them.
struct IdpUsagerChoice
{
    qint64 id = 0;
    QString givenName;
    QString familyName;
    QString birthdate; ///< YYYY-MM-DD as FranceConnect gives it (may be presumed: -00)
    QStringList demarches; ///< known démarche codes only, in the server's order, no duplicates

    /// "Angela DUBOIS": the given name(s) then the family name in capitals.
    QString displayName() const;
    /// Read defensively: wrong types read as empty; unknown démarche codes are left out.
    static IdpUsagerChoice fromJson(const QJsonObject &json);
};

/// The answer to POST /api/v1/idp/requests: the request to answer and who can be chosen.
struct IdpRequestInfo
{
    QString id;
    QStringList repScope; ///< démarche codes the site asked for; empty: no restriction
    /// Only usagers that can be chosen: a positive id and at least one démarche.
    QList<IdpUsagerChoice> usagers;

    bool isValid() const { return !id.isEmpty(); }
    const IdpUsagerChoice *findUsager(qint64 usagerId) const;
    static IdpRequestInfo fromJson(const QJsonObject &json);
};

/// The answer to the choice and the cancellation of a request: where the browser goes next.
struct IdpRedirect
{
    QString redirect;

    bool isValid() const;
    static IdpRedirect fromJson(const QJsonObject &json);
};
