#include "CardImporter.h"

#include "Clock.h"
#include "Journal.h"
#include "Repository.h"

namespace CardImporter {

Report import(Database &database, const QList<CardRow> &cards)
{
    QSqlDatabase db = database.connection();
    Repository repository(db);
    const qint64 now = Clock::instance().nowMs();
    Report report;
    Transaction tx(db, database.dialect());
    for (const CardRow &card : cards) {
        if (repository.upsertCard(card.serial, card.seed, now))
            ++report.added;
        else
            ++report.updated;
    }
    JournalEntry entry;
    entry.action = QStringLiteral("import_totp_cards");
    entry.info = QStringLiteral("%1 added, %2 updated").arg(report.added).arg(report.updated);
    Journal::append(db, tx, entry, now);
    tx.commit();
    return report;
}

} // namespace CardImporter
