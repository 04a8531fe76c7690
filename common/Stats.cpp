#include "Stats.h"

#include "Demarches.h"

#include <QHash>
#include <QJsonArray>

QJsonObject StatsFigures::toJson() const
{
    QJsonArray types;
    for (const DemarcheCount &d : demarchesParType)
        types.append(
            QJsonObject { { QStringLiteral("code"), d.code }, { QStringLiteral("count"), d.count } });
    return {
        { QStringLiteral("scope"), scope },
        { QStringLiteral("demarches_realisees"), demarchesRealisees },
        { QStringLiteral("personnes_accompagnees"), personnesAccompagnees },
        { QStringLiteral("mandats_crees"), mandatsCrees },
        { QStringLiteral("aidants_habilites"), aidantsHabilites },
        { QStringLiteral("aidants_en_cours_habilitation"), aidantsEnCoursHabilitation },
        { QStringLiteral("structures_habilitees"), structuresHabilitees },
        { QStringLiteral("structures_en_cours_habilitation"), structuresEnCoursHabilitation },
        { QStringLiteral("demarches_par_type"), types },
        { QStringLiteral("computed_at_ms"), computedAtMs },
    };
}

StatsFigures StatsFigures::fromJson(const QJsonObject &json)
{
    StatsFigures s;
    s.scope = json.value(QStringLiteral("scope")).toString(QStringLiteral("national"));
    s.demarchesRealisees = json.value(QStringLiteral("demarches_realisees")).toInteger();
    s.personnesAccompagnees = json.value(QStringLiteral("personnes_accompagnees")).toInteger();
    s.mandatsCrees = json.value(QStringLiteral("mandats_crees")).toInteger();
    s.aidantsHabilites = json.value(QStringLiteral("aidants_habilites")).toInteger();
    s.aidantsEnCoursHabilitation = json.value(QStringLiteral("aidants_en_cours_habilitation")).toInteger();
    s.structuresHabilitees = json.value(QStringLiteral("structures_habilitees")).toInteger();
    s.structuresEnCoursHabilitation
        = json.value(QStringLiteral("structures_en_cours_habilitation")).toInteger();
    s.computedAtMs = json.value(QStringLiteral("computed_at_ms")).toInteger();
    QHash<QString, qint64> counts;
    const QJsonArray types = json.value(QStringLiteral("demarches_par_type")).toArray();
    for (const QJsonValue &v : types) {
        const QJsonObject o = v.toObject();
        counts.insert(
            o.value(QStringLiteral("code")).toString(), o.value(QStringLiteral("count")).toInteger());
    }
    for (const Demarche &d : Demarches::all())
        s.demarchesParType.append({ d.code, counts.value(d.code) });
    return s;
}
