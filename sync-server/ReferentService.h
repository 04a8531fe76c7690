#pragma once

#include "AuthService.h"
#include "Database.h"
#include "WireTypes.h"

#include <QJsonObject>

/// The Espace référent (docs/referent.md): the organisations the caller manages, their démarches,
/// their aidants (lists, page, removal, reactivation, organisations) and co-référents. Every
/// method checks the caller's role now (ReferentAccess) and throws ApiError.
class ReferentService
{
public:
    explicit ReferentService(Database &database);

private:
    Database &m_database;
};
