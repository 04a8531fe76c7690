#include "Mandat.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace MandatDurations {

const QList<MandatDuration> &all()
{
    static const QList<MandatDuration> durations = {
        { QStringLiteral("SHORT"), 1, QStringLiteral("Mandat court (expire demain)"),
            QStringLiteral("1 jour (le mandat expire demain)") },
        { QStringLiteral("MONTH"), 31, QStringLiteral("Mandat d'un mois (31 jours)"),
            QStringLiteral("1 mois (31 jours)") },
        { QStringLiteral("SEMESTER"), 182, QStringLiteral("Mandat de 6 mois (182 jours)"),
            QStringLiteral("6 mois (182 jours)") },
        { QStringLiteral("LONG"), 365, QStringLiteral("Mandat long (12 mois)"), QStringLiteral("1 an") },
    };
    return durations;
}

const MandatDuration *find(const QString &keyword)
{
    for (const MandatDuration &d : all()) {
        if (d.keyword == keyword)
            return &d;
    }
    return nullptr;
}

} // namespace MandatDurations

QString UsagerIdentity::fullName() const
{
    return givenName + QLatin1Char(' ') + familyName;
}

QJsonObject UsagerIdentity::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("given_name"), givenName },
        { QStringLiteral("family_name"), familyName },
        { QStringLiteral("preferred_username"), preferredUsername },
        { QStringLiteral("birthdate"), birthdate }, { QStringLiteral("gender"), gender },
        { QStringLiteral("birthplace"), birthplace }, { QStringLiteral("birthcountry"), birthcountry },
        { QStringLiteral("email"), email }, { QStringLiteral("phone"), phone } };
}

UsagerIdentity UsagerIdentity::fromJson(const QJsonObject &json)
{
    UsagerIdentity u;
    u.id = json.value(QStringLiteral("id")).toInteger();
    u.givenName = json.value(QStringLiteral("given_name")).toString();
    u.familyName = json.value(QStringLiteral("family_name")).toString();
    u.preferredUsername = json.value(QStringLiteral("preferred_username")).toString();
    u.birthdate = json.value(QStringLiteral("birthdate")).toString();
    u.gender = json.value(QStringLiteral("gender")).toString();
    u.birthplace = json.value(QStringLiteral("birthplace")).toString();
    u.birthcountry = json.value(QStringLiteral("birthcountry")).toString();
    u.email = json.value(QStringLiteral("email")).toString();
    u.phone = json.value(QStringLiteral("phone")).toString();
    return u;
}

QJsonObject MandatDraftInfo::toJson() const
{
    QJsonObject json { { QStringLiteral("id"), id }, { QStringLiteral("state"), state },
        { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) },
        { QStringLiteral("duration"), duration }, { QStringLiteral("remote"), remote },
        { QStringLiteral("expires_at"), expiresAtMs }, { QStringLiteral("start_url"), startUrl } };
    if (!failureCode.isEmpty()) {
        json.insert(QStringLiteral("failure"),
            QJsonObject {
                { QStringLiteral("code"), failureCode }, { QStringLiteral("message"), failureMessage } });
    }
    if (usager.isValid())
        json.insert(QStringLiteral("usager"), usager.toJson());
    return json;
}

MandatDraftInfo MandatDraftInfo::fromJson(const QJsonObject &json)
{
    MandatDraftInfo d;
    d.id = json.value(QStringLiteral("id")).toString();
    d.state = json.value(QStringLiteral("state")).toString();
    const QJsonObject failure = json.value(QStringLiteral("failure")).toObject();
    d.failureCode = failure.value(QStringLiteral("code")).toString();
    d.failureMessage = failure.value(QStringLiteral("message")).toString();
    d.demarches = JsonStrings::fromJson(json.value(QStringLiteral("demarches")));
    d.duration = json.value(QStringLiteral("duration")).toString();
    d.remote = json.value(QStringLiteral("remote")).toBool();
    d.expiresAtMs = json.value(QStringLiteral("expires_at")).toInteger();
    d.startUrl = json.value(QStringLiteral("start_url")).toString();
    d.usager = UsagerIdentity::fromJson(json.value(QStringLiteral("usager")).toObject());
    return d;
}

QJsonObject AutorisationInfo::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("demarche"), demarche },
        { QStringLiteral("revoked_at"), revokedAtMs } };
}

AutorisationInfo AutorisationInfo::fromJson(const QJsonObject &json)
{
    AutorisationInfo a;
    a.id = json.value(QStringLiteral("id")).toInteger();
    a.demarche = json.value(QStringLiteral("demarche")).toString();
    a.revokedAtMs = json.value(QStringLiteral("revoked_at")).toInteger();
    return a;
}

QJsonObject MandatInfo::toJson(bool parties) const
{
    QJsonArray autorisationsJson;
    for (const AutorisationInfo &a : autorisations)
        autorisationsJson.append(a.toJson());
    QJsonObject json { { QStringLiteral("id"), id }, { QStringLiteral("aidant_id"), aidantId },
        { QStringLiteral("aidant_name"), aidantName }, { QStringLiteral("usager_sub_hash"), usagerSubHash },
        { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) },
        { QStringLiteral("duration"), duration }, { QStringLiteral("remote"), remote },
        { QStringLiteral("created_at"), createdAtMs }, { QStringLiteral("expires_at"), expiresAtMs },
        { QStringLiteral("template_version"), templateVersion },
        { QStringLiteral("attestation_hash"), attestationHash }, { QStringLiteral("verify_url"), verifyUrl },
        { QStringLiteral("autorisations"), autorisationsJson } };
    if (parties) {
        json.insert(QStringLiteral("organisation"), organisation.toJson());
        json.insert(QStringLiteral("usager"), usager.toJson());
    } else {
        json.insert(QStringLiteral("usager_id"), usager.id);
    }
    return json;
}

MandatInfo MandatInfo::fromJson(const QJsonObject &json)
{
    MandatInfo m;
    m.id = json.value(QStringLiteral("id")).toInteger();
    m.organisation = OrganisationInfo::fromJson(json.value(QStringLiteral("organisation")).toObject());
    m.aidantId = json.value(QStringLiteral("aidant_id")).toInteger();
    m.aidantName = json.value(QStringLiteral("aidant_name")).toString();
    m.usager = UsagerIdentity::fromJson(json.value(QStringLiteral("usager")).toObject());
    m.usagerSubHash = json.value(QStringLiteral("usager_sub_hash")).toString();
    m.demarches = JsonStrings::fromJson(json.value(QStringLiteral("demarches")));
    m.duration = json.value(QStringLiteral("duration")).toString();
    m.remote = json.value(QStringLiteral("remote")).toBool();
    m.createdAtMs = json.value(QStringLiteral("created_at")).toInteger();
    m.expiresAtMs = json.value(QStringLiteral("expires_at")).toInteger();
    m.templateVersion = json.value(QStringLiteral("template_version")).toInt();
    m.attestationHash = json.value(QStringLiteral("attestation_hash")).toString();
    m.verifyUrl = json.value(QStringLiteral("verify_url")).toString();
    for (const QJsonValue &v : json.value(QStringLiteral("autorisations")).toArray())
        m.autorisations.append(AutorisationInfo::fromJson(v.toObject()));
    return m;
}

namespace Attestation {

QByteArray canonicalContent(const MandatInfo &mandat)
{
    QStringList demarches = mandat.demarches;
    std::sort(demarches.begin(), demarches.end());
    // QJsonObject keeps its keys sorted, so the compact form is canonical.
    const QJsonObject content { { QStringLiteral("created_at"), mandat.createdAtMs },
        { QStringLiteral("demarches"), QJsonArray::fromStringList(demarches) },
        { QStringLiteral("duration"), mandat.duration }, { QStringLiteral("expires_at"), mandat.expiresAtMs },
        { QStringLiteral("mandat_id"), mandat.id },
        { QStringLiteral("organisation_id"), mandat.organisation.id },
        { QStringLiteral("remote"), mandat.remote },
        { QStringLiteral("template_version"), mandat.templateVersion },
        { QStringLiteral("usager_sub_hash"), mandat.usagerSubHash } };
    return QJsonDocument(content).toJson(QJsonDocument::Compact);
}

QString hash(const MandatInfo &mandat)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(canonicalContent(mandat), QCryptographicHash::Sha256).toHex());
}

} // namespace Attestation
