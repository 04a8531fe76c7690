#include "FrenchDate.h"

#include <QStringList>

namespace FrenchDate {

const QTimeZone &parisTimeZone()
{
    static const QTimeZone zone = [] {
        const QTimeZone paris(QByteArrayLiteral("Europe/Paris"));
        return paris.isValid() ? paris : QTimeZone(3600);
    }();
    return zone;
}

QDateTime parisDateTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, parisTimeZone());
}

QString monthName(int month)
{
    static const QStringList names = { QStringLiteral("janvier"), QStringLiteral("février"),
        QStringLiteral("mars"), QStringLiteral("avril"), QStringLiteral("mai"), QStringLiteral("juin"),
        QStringLiteral("juillet"), QStringLiteral("août"), QStringLiteral("septembre"),
        QStringLiteral("octobre"), QStringLiteral("novembre"), QStringLiteral("décembre") };
    return names.value(month - 1);
}

QString dayMonthYear(int day, int month, int year)
{
    const QString dayText = day == 1 ? QStringLiteral("1er") : QString::number(day);
    return dayText + QLatin1Char(' ') + monthName(month) + QLatin1Char(' ') + QString::number(year);
}

QString date(qint64 msSinceEpoch)
{
    const QDate d = parisDateTime(msSinceEpoch).date();
    return dayMonthYear(d.day(), d.month(), d.year());
}

QString time(qint64 msSinceEpoch)
{
    const QTime t = parisDateTime(msSinceEpoch).time();
    return QString::number(t.hour()) + QLatin1Char('h')
        + QStringLiteral("%1").arg(t.minute(), 2, 10, QLatin1Char('0'));
}

QString dateTime(qint64 msSinceEpoch)
{
    return date(msSinceEpoch) + QStringLiteral(" à ") + time(msSinceEpoch);
}

} // namespace FrenchDate
