#pragma once

#include "AuthService.h"
#include "Database.h"
#include "Sync.h"

#include <QUrl>

/// The change feed of GET /api/v1/sync (docs/api.md § Sync): what the caller's current organisation
/// may see, page by page.
///
/// The cursor is the journal's sequence number. Every change of a mandat appends a journal entry
/// naming the organisation and the mandat, and appends serialise on the chain head inside the
/// business transaction, so sequence numbers are committed in order, across server instances: a
/// reader that first reads the head and then the entries up to it never skips a change.
/// Cursors: `f.<org>.<start seq>.<after mandat id>` while a full sync is paged, `i.<org>.<seq>` after.
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
