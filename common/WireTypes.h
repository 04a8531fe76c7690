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

/// Lists of strings as JSON arrays of strings (a non-string item reads as an empty string).
namespace JsonStrings {
QStringList fromJson(const QJsonValue &value);
} // namespace JsonStrings

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

/// Espace référent (docs/referent.md): an organisation the caller manages.
struct ManagedOrganisation
{
    OrganisationInfo organisation;
    int activeAidants = 0;

    QJsonObject toJson() const; ///< the organisation's fields plus "active_aidants"
    static ManagedOrganisation fromJson(const QJsonObject &json);
};

/// An OTP device as the référent sees it: never its secret.
struct OtpDeviceSummary
{
    qint64 id = 0;
    QString kind; ///< "card" or "app"
    QString serial; ///< cards only
    bool confirmed = false; ///< a card validated / an app whose first code was verified

    QJsonObject toJson() const;
    static OtpDeviceSummary fromJson(const QJsonObject &json);
};

/// An aidant of a managed organisation, as the référent's lists and aidant page show it.
struct ReferentAidant
{
    qint64 id = 0;
    QString email;
    QString firstName;
    QString lastName;
    QString profession;
    bool active = true;
    bool referent = false; ///< référent of the organisation the list was asked for
    bool canCreateMandats = false;
    /// Every organisation of the aidant: ids and names (the référent changes only those they manage).
    QList<qint64> organisationIds;
    QStringList organisationNames;
    QList<OtpDeviceSummary> devices;
    qint64 lastLoginAtMs = 0; ///< 0: never logged in

    QJsonObject toJson() const;
    static ReferentAidant fromJson(const QJsonObject &json);
};
