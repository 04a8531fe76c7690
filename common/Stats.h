#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

/// The public statistics (reference/aidants-connect.md § Public statistics; docs/stats.md), as
/// `GET /api/v1/stats` answers them and the client shows them. One type on both sides.
struct StatsFigures
{
    /// One démarche category (Demarches::all() code) and its count of démarches réalisées.
    struct DemarcheCount
    {
        QString code;
        qint64 count = 0;
    };

    /// What the figures cover: "national", "region:<code>", "departement:<code>" or
    /// "organisation:<id>".
    QString scope = QStringLiteral("national");
    qint64 demarchesRealisees = 0; ///< use_autorisation journal entries
    qint64 personnesAccompagnees = 0; ///< distinct usagers in those
    qint64 mandatsCrees = 0;
    qint64 aidantsHabilites = 0; ///< active, may create mandats, a confirmed OTP device
    qint64 aidantsEnCoursHabilitation = 0;
    qint64 structuresHabilitees = 0;
    qint64 structuresEnCoursHabilitation = 0;
    /// Every category of Demarches::all(), in its order (zero counts included).
    QList<DemarcheCount> demarchesParType;
    qint64 computedAtMs = 0; ///< when the figures were counted (ms since the epoch, UTC)

    QJsonObject toJson() const;
    /// Lenient like the other wire types: missing numbers read as 0; the categories are put in
    /// catalogue order, unknown codes dropped, missing ones given 0.
    static StatsFigures fromJson(const QJsonObject &json);
};
