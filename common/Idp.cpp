#include "Idp.h"

#include "Demarches.h"

#include <QJsonArray>
#include <QUrl>

namespace {

QStringList knownDemarches(const QJsonValue &value)
{
    QStringList codes;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array) {
        const QString code = v.toString();
        if (Demarches::isKnown(code) && !codes.contains(code))
            codes.append(code);
    }
    return codes;
}

} // namespace

QString IdpUsagerChoice::displayName() const
{
    return QStringList { givenName.trimmed(), familyName.trimmed().toUpper() }
        .join(QLatin1Char(' '))
        .trimmed();
}

IdpUsagerChoice IdpUsagerChoice::fromJson(const QJsonObject &json)
{
    IdpUsagerChoice u;
    const QJsonValue id = json.value(QStringLiteral("id"));
    // An integer only: 1.5 or "12" are no ids.
    if (id.isDouble() && id.toDouble() == double(id.toInteger()))
        u.id = id.toInteger();
    u.givenName = json.value(QStringLiteral("given_name")).toString();
    u.familyName = json.value(QStringLiteral("family_name")).toString();
    u.birthdate = json.value(QStringLiteral("birthdate")).toString();
    u.demarches = knownDemarches(json.value(QStringLiteral("demarches")));
    return u;
}

const IdpUsagerChoice *IdpRequestInfo::findUsager(qint64 usagerId) const
{
    for (const IdpUsagerChoice &u : usagers) {
        if (u.id == usagerId)
            return &u;
    }
    return nullptr;
}

IdpRequestInfo IdpRequestInfo::fromJson(const QJsonObject &json)
{
    IdpRequestInfo info;
    info.id = json.value(QStringLiteral("id")).toString();
    // As sent (the server already applied it to each usager's démarches).
    const QJsonArray scope = json.value(QStringLiteral("rep_scope")).toArray();
    for (const QJsonValue &v : scope) {
        if (const QString code = v.toString(); !code.isEmpty())
            info.repScope.append(code);
    }
    const QJsonArray usagers = json.value(QStringLiteral("usagers")).toArray();
    for (const QJsonValue &v : usagers) {
        if (!v.isObject())
            continue;
        IdpUsagerChoice u = IdpUsagerChoice::fromJson(v.toObject());
        if (u.id <= 0 || u.demarches.isEmpty() || info.findUsager(u.id))
            continue;
        info.usagers.append(u);
    }
    return info;
}

bool IdpRedirect::isValid() const
{
    const QUrl url(redirect, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
        && !url.host().isEmpty();
}

IdpRedirect IdpRedirect::fromJson(const QJsonObject &json)
{
    return IdpRedirect { json.value(QStringLiteral("redirect")).toString() };
}
