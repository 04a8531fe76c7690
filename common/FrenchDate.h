#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

/// French legal dates and times as the service writes them (the printed mandat, the usager's email
/// notice, the server's pages): Europe/Paris time whatever the machine's zone, fixed French month
/// names whatever the locale, « 1er » for the first day of a month, « 14h05 » for times.
namespace FrenchDate {
/// Europe/Paris (a fixed UTC+1 when the system has no time zone database, to stay deterministic).
const QTimeZone &parisTimeZone();
QDateTime parisDateTime(qint64 msSinceEpoch);
/// « janvier » … « décembre »; empty outside 1–12.
QString monthName(int month);
/// « 1er février 2001 », « 24 août 1962 ».
QString dayMonthYear(int day, int month, int year);
/// The Paris date of an instant: « 1er octobre 2024 ».
QString date(qint64 msSinceEpoch);
/// The Paris time of an instant: « 0h30 », « 14h05 ».
QString time(qint64 msSinceEpoch);
/// « 1er octobre 2024 à 14h05 ».
QString dateTime(qint64 msSinceEpoch);
} // namespace FrenchDate
