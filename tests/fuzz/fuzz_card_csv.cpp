// ANCT's OTP card CSV (`serial_number,seed`), as `aidants-connect-server import-totp-cards` reads it
// (CardImporter::parse).
//
// Invariants: a refused file names its line (or has no card) with the stable code `csv`; an
// accepted file has at least one card, lines increasing, serials well-formed and unique, seeds of 1
// to 20 bytes; writing the cards back as a CSV and parsing it gives the same cards.
#include "CardImporter.h"
#include "FuzzCheck.h"

#include <QSet>

namespace {

bool isWellFormedSerial(const QString &serial)
{
    if (serial.isEmpty() || serial.size() > 64)
        return false;
    for (const QChar c : serial) {
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_'
            || u == '-';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray csv = Fuzz::bytes(data, size);
    const auto result = CardImporter::parse(csv);
    if (!result) {
        FUZZ_CHECK(result.error().code == QLatin1String("csv"));
        const QString &message = result.error().message;
        FUZZ_CHECK(
            message.startsWith(QLatin1String("line ")) || message == QLatin1String("no card in the file"));
        return 0;
    }

    const QList<CardRow> &rows = result.value();
    FUZZ_CHECK(!rows.isEmpty());
    const int lineCount = int(csv.count('\n')) + 1;
    QSet<QString> serials;
    int previousLine = 0;
    QByteArray written = "serial_number,seed\n";
    for (const CardRow &row : rows) {
        FUZZ_CHECK(row.line > previousLine && row.line <= lineCount);
        previousLine = row.line;
        FUZZ_CHECK(isWellFormedSerial(row.serial));
        FUZZ_CHECK(!serials.contains(row.serial));
        serials.insert(row.serial);
        FUZZ_CHECK(row.seed.size() >= 1 && row.seed.size() <= 20);
        written += row.serial.toLatin1() + ',' + row.seed.toHex() + '\n';
    }

    const auto again = CardImporter::parse(written);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value().size() == rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        FUZZ_CHECK(again.value().at(i).serial == rows.at(i).serial);
        FUZZ_CHECK(again.value().at(i).seed == rows.at(i).seed);
        FUZZ_CHECK(again.value().at(i).line == int(i) + 2);
    }
    return 0;
}
