#pragma once

#include "Database.h"

#include <QList>
#include <QStringList>

/// One versioned schema change; statements are written once with `{{pk}}` where dialects differ.
struct Migration
{
    QStringList common; ///< for every dialect (after substitution)
    QStringList sqliteOnly; ///< run after `common` on SQLite
    QStringList postgresOnly;

    QStringList statements(Dialect dialect) const;
};

namespace Migrations {
/// Version N is all().at(N - 1). Append only: never edit a migration that has shipped.
const QList<Migration> &all();
} // namespace Migrations
