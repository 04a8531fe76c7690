#include "MandatsText.h"

#include "Mandat.h"
#include "OfflineCache.h"

#include <QDate>
#include <QDateTime>
#include <QLocale>

namespace MandatsText {

namespace {

const QLocale &french()
{
    static const QLocale locale(QLocale::French, QLocale::France);
    return locale;
}

struct BirthdateParts
{
    int year = 0;
    int month = 0; ///< 0: presumed (unknown month)
    int day = 0; ///< 0: presumed (unknown day)
};

bool parseBirthdate(const QString &iso, BirthdateParts *parts)
{
    if (iso.size() != 10 || iso.at(4) != QLatin1Char('-') || iso.at(7) != QLatin1Char('-'))
        return false;
    bool okYear = false;
    bool okMonth = false;
    bool okDay = false;
    parts->year = QStringView(iso).left(4).toInt(&okYear);
    parts->month = QStringView(iso).mid(5, 2).toInt(&okMonth);
    parts->day = QStringView(iso).mid(8, 2).toInt(&okDay);
    if (!okYear || !okMonth || !okDay || parts->month < 0 || parts->month > 12)
        return false;
    if (parts->month > 0 && parts->day > 0)
        return QDate(parts->year, parts->month, parts->day).isValid();
    return parts->day == 0 || parts->month > 0;
}

} // namespace

QString listName(const UsagerIdentity &usager)
{
    QString name = usager.familyName;
    if (!usager.givenName.isEmpty())
        name += QLatin1Char(' ') + usager.givenName;
    if (!usager.preferredUsername.isEmpty() && usager.preferredUsername != usager.familyName)
        name += QStringLiteral(" (") + usager.preferredUsername + QLatin1Char(')');
    return name.trimmed();
}

QString birthdate(const QString &isoBirthdate)
{
    BirthdateParts parts;
    if (!parseBirthdate(isoBirthdate, &parts))
        return isoBirthdate;
    if (parts.month == 0)
        return QString::number(parts.year);
    if (parts.day == 0)
        return french().standaloneMonthName(parts.month, QLocale::LongFormat) + QLatin1Char(' ')
            + QString::number(parts.year);
    return french().toString(QDate(parts.year, parts.month, parts.day), QStringLiteral("dd/MM/yyyy"));
}

QString birthdateLong(const QString &isoBirthdate)
{
    BirthdateParts parts;
    if (!parseBirthdate(isoBirthdate, &parts) || parts.month == 0 || parts.day == 0)
        return birthdate(isoBirthdate);
    return french().toString(QDate(parts.year, parts.month, parts.day), QStringLiteral("d MMMM yyyy"));
}

QString date(qint64 ms)
{
    if (ms == 0)
        return {};
    return french().toString(QDateTime::fromMSecsSinceEpoch(ms).date(), QStringLiteral("dd/MM/yyyy"));
}

QString dateTime(qint64 ms)
{
    if (ms == 0)
        return {};
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    return french().toString(time.date(), QStringLiteral("dd/MM/yyyy")) + QStringLiteral(" à ")
        + french().toString(time.time(), QStringLiteral("HH'h'mm"));
}

QString normalizeForSearch(const QString &text)
{
    return OfflineCache::normalizeForSearch(text);
}

} // namespace MandatsText
