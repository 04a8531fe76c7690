#include "WireTypes.h"

#include <QJsonArray>

namespace JsonIds {
QJsonArray toJson(const QList<qint64> &ids)
{
    QJsonArray array;
    for (const qint64 id : ids)
        array.append(id);
    return array;
}

QList<qint64> fromJson(const QJsonValue &value)
{
    QList<qint64> ids;
    for (const QJsonValue &v : value.toArray())
        ids.append(v.toInteger());
    return ids;
}
} // namespace JsonIds

namespace JsonStrings {
QStringList fromJson(const QJsonValue &value)
{
    QStringList strings;
    for (const QJsonValue &v : value.toArray())
        strings.append(v.toString());
    return strings;
}
} // namespace JsonStrings

QJsonObject OrganisationInfo::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("name"), name }, { QStringLiteral("type"), type },
        { QStringLiteral("siret"), siret }, { QStringLiteral("address"), address },
        { QStringLiteral("postcode"), postcode }, { QStringLiteral("city"), city },
        { QStringLiteral("allowed_demarches"), QJsonArray::fromStringList(allowedDemarches) } };
}

OrganisationInfo OrganisationInfo::fromJson(const QJsonObject &json)
{
    OrganisationInfo o;
    o.id = json.value(QStringLiteral("id")).toInteger();
    o.name = json.value(QStringLiteral("name")).toString();
    o.type = json.value(QStringLiteral("type")).toString();
    o.siret = json.value(QStringLiteral("siret")).toString();
    o.address = json.value(QStringLiteral("address")).toString();
    o.postcode = json.value(QStringLiteral("postcode")).toString();
    o.city = json.value(QStringLiteral("city")).toString();
    o.allowedDemarches = JsonStrings::fromJson(json.value(QStringLiteral("allowed_demarches")));
    return o;
}

QJsonObject AidantInfo::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("email"), email },
        { QStringLiteral("first_name"), firstName }, { QStringLiteral("last_name"), lastName },
        { QStringLiteral("profession"), profession },
        { QStringLiteral("current_organisation_id"), currentOrganisationId },
        { QStringLiteral("organisation_ids"), JsonIds::toJson(organisationIds) },
        { QStringLiteral("referent_of"), JsonIds::toJson(referentOf) },
        { QStringLiteral("can_create_mandats"), canCreateMandats },
        { QStringLiteral("accepted_cgu_version"), acceptedCguVersion } };
}

AidantInfo AidantInfo::fromJson(const QJsonObject &json)
{
    AidantInfo a;
    a.id = json.value(QStringLiteral("id")).toInteger();
    a.email = json.value(QStringLiteral("email")).toString();
    a.firstName = json.value(QStringLiteral("first_name")).toString();
    a.lastName = json.value(QStringLiteral("last_name")).toString();
    a.profession = json.value(QStringLiteral("profession")).toString();
    a.currentOrganisationId = json.value(QStringLiteral("current_organisation_id")).toInteger();
    a.organisationIds = JsonIds::fromJson(json.value(QStringLiteral("organisation_ids")));
    a.referentOf = JsonIds::fromJson(json.value(QStringLiteral("referent_of")));
    a.canCreateMandats = json.value(QStringLiteral("can_create_mandats")).toBool();
    a.acceptedCguVersion = json.value(QStringLiteral("accepted_cgu_version")).toString();
    return a;
}

const OrganisationInfo *SessionInfo::currentOrganisation() const
{
    for (const OrganisationInfo &o : organisations) {
        if (o.id == aidant.currentOrganisationId)
            return &o;
    }
    return nullptr;
}

QJsonObject SessionInfo::toJson() const
{
    QJsonArray orgs;
    for (const OrganisationInfo &o : organisations)
        orgs.append(o.toJson());
    QJsonObject json { { QStringLiteral("idle_timeout_seconds"), idleTimeoutSeconds },
        { QStringLiteral("expires_at"), expiresAtMs },
        { QStringLiteral("current_cgu_version"), currentCguVersion },
        { QStringLiteral("aidant"), aidant.toJson() }, { QStringLiteral("organisations"), orgs } };
    if (!token.isEmpty())
        json.insert(QStringLiteral("token"), token);
    return json;
}

SessionInfo SessionInfo::fromJson(const QJsonObject &json)
{
    SessionInfo s;
    s.token = json.value(QStringLiteral("token")).toString();
    s.idleTimeoutSeconds = json.value(QStringLiteral("idle_timeout_seconds")).toInt(900);
    s.expiresAtMs = json.value(QStringLiteral("expires_at")).toInteger();
    s.currentCguVersion = json.value(QStringLiteral("current_cgu_version")).toString();
    s.aidant = AidantInfo::fromJson(json.value(QStringLiteral("aidant")).toObject());
    for (const QJsonValue &v : json.value(QStringLiteral("organisations")).toArray())
        s.organisations.append(OrganisationInfo::fromJson(v.toObject()));
    return s;
}

QJsonObject ManagedOrganisation::toJson() const
{
    QJsonObject json = organisation.toJson();
    json.insert(QStringLiteral("active_aidants"), activeAidants);
    return json;
}

ManagedOrganisation ManagedOrganisation::fromJson(const QJsonObject &json)
{
    return { OrganisationInfo::fromJson(json), json.value(QStringLiteral("active_aidants")).toInt() };
}

QJsonObject OtpDeviceSummary::toJson() const
{
    QJsonObject json { { QStringLiteral("id"), id }, { QStringLiteral("kind"), kind },
        { QStringLiteral("confirmed"), confirmed } };
    if (!serial.isEmpty())
        json.insert(QStringLiteral("serial"), serial);
    return json;
}

OtpDeviceSummary OtpDeviceSummary::fromJson(const QJsonObject &json)
{
    OtpDeviceSummary d;
    d.id = json.value(QStringLiteral("id")).toInteger();
    d.kind = json.value(QStringLiteral("kind")).toString();
    d.serial = json.value(QStringLiteral("serial")).toString();
    d.confirmed = json.value(QStringLiteral("confirmed")).toBool();
    return d;
}

QJsonObject ReferentAidant::toJson() const
{
    QJsonArray organisations;
    for (qsizetype i = 0; i < organisationIds.size(); ++i) {
        organisations.append(QJsonObject { { QStringLiteral("id"), organisationIds.at(i) },
            { QStringLiteral("name"), organisationNames.value(i) } });
    }
    QJsonArray deviceArray;
    for (const OtpDeviceSummary &d : devices)
        deviceArray.append(d.toJson());
    return { { QStringLiteral("id"), id }, { QStringLiteral("email"), email },
        { QStringLiteral("first_name"), firstName }, { QStringLiteral("last_name"), lastName },
        { QStringLiteral("profession"), profession }, { QStringLiteral("active"), active },
        { QStringLiteral("referent"), referent }, { QStringLiteral("can_create_mandats"), canCreateMandats },
        { QStringLiteral("organisations"), organisations }, { QStringLiteral("devices"), deviceArray },
        { QStringLiteral("last_login_at"), lastLoginAtMs > 0 ? QJsonValue(lastLoginAtMs) : QJsonValue() } };
}

ReferentAidant ReferentAidant::fromJson(const QJsonObject &json)
{
    ReferentAidant a;
    a.id = json.value(QStringLiteral("id")).toInteger();
    a.email = json.value(QStringLiteral("email")).toString();
    a.firstName = json.value(QStringLiteral("first_name")).toString();
    a.lastName = json.value(QStringLiteral("last_name")).toString();
    a.profession = json.value(QStringLiteral("profession")).toString();
    a.active = json.value(QStringLiteral("active")).toBool();
    a.referent = json.value(QStringLiteral("referent")).toBool();
    a.canCreateMandats = json.value(QStringLiteral("can_create_mandats")).toBool();
    for (const QJsonValue &v : json.value(QStringLiteral("organisations")).toArray()) {
        a.organisationIds.append(v.toObject().value(QStringLiteral("id")).toInteger());
        a.organisationNames.append(v.toObject().value(QStringLiteral("name")).toString());
    }
    for (const QJsonValue &v : json.value(QStringLiteral("devices")).toArray())
        a.devices.append(OtpDeviceSummary::fromJson(v.toObject()));
    a.lastLoginAtMs = json.value(QStringLiteral("last_login_at")).toInteger();
    return a;
}
