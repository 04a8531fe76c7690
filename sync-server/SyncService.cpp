#include "SyncService.h"

#include "ApiError.h"
#include "Clock.h"
#include "MandatRepository.h"
#include "MandatRules.h"
#include "Repository.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace {
struct Cursor
{
    bool full = true;
    qint64 organisationId = 0;
    qint64 seq = 0; ///< position in the organisation's journal chain: incremental: the last one seen;
                    ///< full: the chain's head when the full sync began
    qint64 afterId = 0; ///< full: last mandat id sent
};

/// An unknown, malformed or foreign cursor means "start over" (never an error the client cannot
/// recover from).
std::optional<Cursor> parseCursor(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('.'));
    bool ok1 = false, ok2 = false, ok3 = true;
    if (parts.size() == 4 && parts[0] == QLatin1String("f2")) {
        Cursor c { true, parts[1].toLongLong(&ok1), parts[2].toLongLong(&ok2), parts[3].toLongLong(&ok3) };
        return ok1 && ok2 && ok3 && c.seq >= 0 && c.afterId >= 0 ? std::optional<Cursor>(c) : std::nullopt;
    }
    if (parts.size() == 3 && parts[0] == QLatin1String("i2")) {
        Cursor c { false, parts[1].toLongLong(&ok1), parts[2].toLongLong(&ok2), 0 };
        return ok1 && ok2 && c.seq >= 0 ? std::optional<Cursor>(c) : std::nullopt;
    }
    return std::nullopt;
}

QString fullCursor(qint64 org, qint64 seq, qint64 afterId)
{
    return QStringLiteral("f2.%1.%2.%3").arg(org).arg(seq).arg(afterId);
}

QString incrementalCursor(qint64 org, qint64 seq)
{
    return QStringLiteral("i2.%1.%2").arg(org).arg(seq);
}
} // namespace

SyncService::SyncService(Database &database, int fullPageSize, int incrementalEntries)
    : m_database(database)
    , m_fullPageSize(fullPageSize)
    , m_incrementalEntries(incrementalEntries)
{
}

SyncPage SyncService::page(const AuthContext &context, const QString &cursorText)
{
    QSqlDatabase db = m_database.connection();
    Repository repository(db);
    MandatRepository store(db);
    const auto aidant = repository.aidant(context.aidantId);
    if (!aidant || !aidant->active)
        throw ApiError::unauthenticated();
    const qint64 org = aidant->info.currentOrganisationId;
    const auto organisation = repository.organisation(org);
    if (!organisation)
        throw ApiError::notFound();
    const qint64 now = Clock::instance().nowMs();
    // The head of the organisation's chain first: every entry up to it is committed (see the class
    // comment). No head yet: nothing journalled for the organisation since the chains exist.
    const qint64 head
        = Sql::scalar(db, QStringLiteral("SELECT last_seq FROM journal_heads WHERE chain_id = ?"), { org })
              .toLongLong();

    SyncPage page;
    page.serverTimeMs = now;
    page.organisation = *organisation;
    std::optional<Cursor> cursor = parseCursor(cursorText);
    if (!cursor || cursor->organisationId != org || cursor->seq > head) {
        cursor = Cursor { true, org, head, 0 };
        page.reset = true;
    }

    QList<MandatRecord> changed;
    QList<qint64> changedUsagerIds;
    if (cursor->full) {
        changed = store.organisationMandats(org, cursor->afterId, m_fullPageSize);
        page.hasMore = changed.size() == m_fullPageSize;
        page.cursor = page.hasMore ? fullCursor(org, cursor->seq, changed.last().id)
                                   : incrementalCursor(org, cursor->seq);
    } else {
        // The organisation's journal entries after the cursor, up to the head.
        QSet<qint64> mandatIds;
        QSet<qint64> usagerIds;
        qint64 last = cursor->seq;
        int read = 0;
        QSqlQuery q = Sql::exec(db,
            QStringLiteral("SELECT chain_seq, mandat_id, usager_id FROM journal WHERE chain_id = ?"
                           " AND chain_seq > ? AND chain_seq <= ? ORDER BY chain_seq LIMIT %1")
                .arg(m_incrementalEntries),
            { org, cursor->seq, head });
        while (q.next()) {
            last = q.value(0).toLongLong();
            ++read;
            if (!q.value(1).isNull())
                mandatIds.insert(q.value(1).toLongLong());
            else if (!q.value(2).isNull())
                usagerIds.insert(q.value(2).toLongLong());
        }
        page.hasMore = read == m_incrementalEntries;
        const qint64 next = page.hasMore ? last : head;
        // Mandats that became hidden since the cursor: 365 days after they ended.
        const qint64 since = cursor->seq > 0
            ? Sql::scalar(db,
                QStringLiteral("SELECT created_at FROM journal WHERE chain_id = ? AND chain_seq = ?"),
                { org, cursor->seq })
                  .toLongLong()
            : 0;
        for (const qint64 id : store.organisationMandatsEndingBetween(
                 org, since - MandatRules::kHiddenAfterMs, now - MandatRules::kHiddenAfterMs + 1))
            mandatIds.insert(id);
        QList<qint64> ids(mandatIds.begin(), mandatIds.end());
        std::sort(ids.begin(), ids.end());
        changed = store.mandats(ids);
        // Usager-only entries (e.g. a new email from FranceConnect): resend the usager if visible.
        for (const qint64 usagerId : usagerIds) {
            for (const MandatRecord &m : store.mandats(store.usagerMandatIds(org, usagerId))) {
                if (!std::any_of(
                        changed.begin(), changed.end(), [&](const MandatRecord &c) { return c.id == m.id; }))
                    changed.append(m);
            }
        }
        page.cursor = incrementalCursor(org, next);
    }

    // Split into visible mandats and removals; the usagers of the visible ones go with them.
    QHash<qint64, QString> aidantNames;
    QSet<qint64> visibleUsagers;
    QSet<qint64> touchedUsagers;
    for (const MandatRecord &r : changed) {
        if (r.organisationId != org)
            continue;
        MandatInfo m = r.toInfo(m_publicUrl);
        m.organisation = *organisation;
        if (!aidantNames.contains(r.aidantId)) {
            const auto a = repository.aidant(r.aidantId);
            aidantNames.insert(
                r.aidantId, a ? a->info.firstName + QLatin1Char(' ') + a->info.lastName : QString());
        }
        m.aidantName = aidantNames.value(r.aidantId);
        touchedUsagers.insert(r.usagerId);
        if (MandatRules::isHidden(m, now)) {
            page.removedMandatIds.append(r.id);
        } else {
            visibleUsagers.insert(r.usagerId);
            page.mandats.append(m);
        }
    }
    QList<qint64> usagerIds(visibleUsagers.begin(), visibleUsagers.end());
    std::sort(usagerIds.begin(), usagerIds.end());
    // The hashed sub is part of the attestation hash: with it the cache holds the whole mandat.
    QHash<qint64, QString> subHashes;
    page.usagers = store.usagers(usagerIds, &subHashes);
    for (MandatInfo &m : page.mandats)
        m.usagerSubHash = subHashes.value(m.usager.id);
    // An usager whose every mandat with the organisation is hidden is no longer visible.
    if (!cursor->full) {
        for (const qint64 usagerId : touchedUsagers) {
            if (visibleUsagers.contains(usagerId))
                continue;
            const QList<MandatRecord> all = store.mandats(store.usagerMandatIds(org, usagerId));
            const bool anyVisible = std::any_of(all.begin(), all.end(), [&](const MandatRecord &r) {
                MandatInfo m;
                m.expiresAtMs = r.expiresAtMs;
                m.autorisations = r.autorisations;
                return !MandatRules::isHidden(m, now);
            });
            if (!anyVisible)
                page.removedUsagerIds.append(usagerId);
        }
    }
    return page;
}
