#pragma once

#include "Mandat.h"
#include "WireTypes.h"

#include <QJsonObject>
#include <QList>
#include <QString>

/// One page of GET /api/v1/sync?cursor=… (docs/api.md § Sync): what the caller's current organisation
/// may see, changed since the cursor.
///
/// Apply a page, then ask again with its `cursor` while `hasMore`. When `reset` is true the client
/// drops everything it holds for the organisation before applying the page (first sync, unknown or
/// future cursor, other organisation).
struct SyncPage
{
    QString cursor;
    bool reset = false;
    bool hasMore = false;
    qint64 serverTimeMs = 0;
    OrganisationInfo organisation;
    QList<UsagerIdentity> usagers; ///< new or changed usagers
    QList<MandatInfo> mandats; ///< new or changed mandats (organisation, usager: by id only)
    QList<qint64> removedMandatIds; ///< mandats that became hidden
    QList<qint64> removedUsagerIds; ///< usagers with no visible mandat any more

    QJsonObject toJson() const;
    static SyncPage fromJson(const QJsonObject &json);
};
