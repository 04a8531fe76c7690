#pragma once

#include "AuthService.h"
#include "Database.h"
#include "Sync.h"

#include <QUrl>

/// The change feed of GET /api/v1/sync (docs/api.md § Sync): what the caller's current organisation
/// may see, page by page.
///
/// The cursor is a position in the organisation's journal chain (docs/journal.md). Every change of a
/// mandat appends a journal entry to its organisation's chain, and appends to one chain serialise on
/// its head inside the business transaction, so chain positions are gap-free and committed in order,
/// across server instances: a reader that first reads the chain's head and then the entries up to it
/// never skips a change. (The journal's global `seq` is not such a cursor: on PostgreSQL it comes from
/// a sequence and may commit out of order.)
/// Cursors: `f2.<org>.<start position>.<after mandat id>` while a full sync is paged,
/// `i2.<org>.<position>` after. The cursors of before the chains (`f.…`, `i.…`) are unknown: start over.
class SyncService
{
public:
    SyncService(Database &database, int fullPageSize = 2000, int incrementalEntries = 5000);

    void setPublicUrl(const QUrl &url) { m_publicUrl = url; }
    SyncPage page(const AuthContext &context, const QString &cursor);

private:
    Database &m_database;
    int m_fullPageSize;
    int m_incrementalEntries;
    QUrl m_publicUrl;
};
