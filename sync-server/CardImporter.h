#pragma once

#include "Database.h"
#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

/// One OTP card of an ANCT import file.
struct CardRow
{
    int line = 0;
    QString serial;
    QByteArray seed;
};

/// Imports physical OTP cards from ANCT's CSV (`serial_number,seed`), all or nothing.
namespace CardImporter {

/// Parses the whole file; the first bad row fails it with its line number (1-based).
Result<QList<CardRow>> parse(const QByteArray &csv);

struct Report
{
    int added = 0;
    int updated = 0;
};

/// Inserts new cards and replaces the seeds of known ones in one transaction, journalled.
Report import(Database &database, const QList<CardRow> &cards);

} // namespace CardImporter
