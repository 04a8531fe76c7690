#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// JSON types exchanged between the client and the server (docs/api.md).

/// Lists of ids as JSON arrays of numbers.
namespace JsonIds {
QJsonArray toJson(const QList<qint64> &ids);
QList<qint64> fromJson(const QJsonValue &value);
} // namespace JsonIds

struct OrganisationInfo
{
    qint64 id = 0;
    QString name;
    QString type;
    QString siret;
    QString address;
    QString postcode;
    QString city;
    QStringList allowedDemarches;

    QJsonObject toJson() const;
    static OrganisationInfo fromJson(const QJsonObject &json);
};

struct AidantInfo
{
    qint64 id = 0;
    QString email;
    QString firstName;
    QString lastName;
    QString profession;
    qint64 currentOrganisationId = 0;
    QList<qint64> organisationIds;
    QList<qint64> referentOf;
    bool canCreateMandats = false;
    QString acceptedCguVersion;

    bool isReferent() const { return !referentOf.isEmpty(); }
    QJsonObject toJson() const;
    static AidantInfo fromJson(const QJsonObject &json);
};

/// What the server answers to a successful login and to GET /api/v1/me.
struct SessionInfo
{
    QString token; ///< only in the login answer
    int idleTimeoutSeconds = 900;
    qint64 expiresAtMs = 0;
    QString currentCguVersion;
    AidantInfo aidant;
    QList<OrganisationInfo> organisations;

    bool cguAccepted() const { return aidant.acceptedCguVersion == currentCguVersion; }
    const OrganisationInfo *currentOrganisation() const;
    QJsonObject toJson() const;
    static SessionInfo fromJson(const QJsonObject &json);
};
