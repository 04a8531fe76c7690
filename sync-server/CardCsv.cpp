#include "CardImporter.h"
#include "Totp.h"

#include <QRegularExpression>
#include <QSet>

// CardImporter::parse, apart from the import so that it builds without the database layer (the
// fuzzing build of tests/fuzz compiles only this file of the server).
namespace CardImporter {

Result<QList<CardRow>> parse(const QByteArray &csv)
{
    static const QRegularExpression serialRe(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    QList<CardRow> rows;
    QSet<QString> seen;
    bool firstRow = true;
    const QList<QByteArray> lines = csv.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const int lineNumber = i + 1;
        const QString line = QString::fromUtf8(lines.at(i)).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList fields = line.split(QLatin1Char(','));
        auto fail = [lineNumber](const QString &why) {
            return Error { QStringLiteral("csv"), QStringLiteral("line %1: %2").arg(lineNumber).arg(why) };
        };
        if (fields.size() != 2)
            return fail(
                QStringLiteral("expected 2 fields (serial_number,seed), found %1").arg(fields.size()));
        const QString serial = fields.at(0).trimmed();
        const QString seed = fields.at(1).trimmed();
        const bool isHeader
            = firstRow && serial == QLatin1String("serial_number") && seed == QLatin1String("seed");
        firstRow = false;
        if (isHeader)
            continue;
        if (!serialRe.match(serial).hasMatch())
            return fail(QStringLiteral("invalid serial number"));
        const auto decoded = Totp::decodeHexSeed(seed);
        if (!decoded)
            return fail(QStringLiteral("invalid seed (expected hexadecimal, at most 40 characters)"));
        if (seen.contains(serial))
            return fail(QStringLiteral("serial number %1 appears twice").arg(serial));
        seen.insert(serial);
        rows.append(CardRow { lineNumber, serial, *decoded });
    }
    if (rows.isEmpty())
        return Error { QStringLiteral("csv"), QStringLiteral("no card in the file") };
    return rows;
}

} // namespace CardImporter
