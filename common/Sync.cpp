#include "Sync.h"

#include <QJsonArray>

QJsonObject SyncPage::toJson() const
{
    QJsonArray usagersJson;
    for (const UsagerIdentity &u : usagers)
        usagersJson.append(u.toJson());
    QJsonArray mandatsJson;
    for (const MandatInfo &m : mandats) {
        // The organisation is the page's and the usager is in `usagers`: sent once, not per mandat.
        mandatsJson.append(m.toJson(false));
    }
    return { { QStringLiteral("cursor"), cursor }, { QStringLiteral("reset"), reset },
        { QStringLiteral("has_more"), hasMore }, { QStringLiteral("server_time"), serverTimeMs },
        { QStringLiteral("organisation"), organisation.toJson() }, { QStringLiteral("usagers"), usagersJson },
        { QStringLiteral("mandats"), mandatsJson },
        { QStringLiteral("removed_mandats"), JsonIds::toJson(removedMandatIds) },
        { QStringLiteral("removed_usagers"), JsonIds::toJson(removedUsagerIds) } };
}

SyncPage SyncPage::fromJson(const QJsonObject &json)
{
    SyncPage page;
    page.cursor = json.value(QStringLiteral("cursor")).toString();
    page.reset = json.value(QStringLiteral("reset")).toBool();
    page.hasMore = json.value(QStringLiteral("has_more")).toBool();
    page.serverTimeMs = json.value(QStringLiteral("server_time")).toInteger();
    page.organisation = OrganisationInfo::fromJson(json.value(QStringLiteral("organisation")).toObject());
    for (const QJsonValue &v : json.value(QStringLiteral("usagers")).toArray())
        page.usagers.append(UsagerIdentity::fromJson(v.toObject()));
    for (const QJsonValue &v : json.value(QStringLiteral("mandats")).toArray()) {
        const QJsonObject object = v.toObject();
        MandatInfo m = MandatInfo::fromJson(object);
        m.organisation = page.organisation;
        m.usager.id = object.value(QStringLiteral("usager_id")).toInteger();
        page.mandats.append(m);
    }
    page.removedMandatIds = JsonIds::fromJson(json.value(QStringLiteral("removed_mandats")));
    page.removedUsagerIds = JsonIds::fromJson(json.value(QStringLiteral("removed_usagers")));
    return page;
}
