#pragma once

#include <QString>

struct UsagerIdentity;

/// French texts shared by the « Mes mandats » models and pages: dates, names, search keys.
namespace MandatsText {

/// "Angela Claire Louise DUBOIS" written for a list: "DUBOIS Angela Claire Louise (MARTIN)",
/// the preferred (usage) name in parentheses when set.
QString listName(const UsagerIdentity &usager);
/// A FranceConnect birthdate (YYYY-MM-DD, presumed YYYY-MM-00 or YYYY-00-00) as "12/03/1992",
/// "novembre 1992" or "1992"; the text as is when it is not in that format.
QString birthdate(const QString &isoBirthdate);
/// The same, spelled out for screen readers: "12 mars 1992", "novembre 1992", "1992".
QString birthdateLong(const QString &isoBirthdate);
/// A time as a local date "23/11/2026" (empty for 0).
QString date(qint64 ms);
/// A time as "23/11/2026 à 18h46" (empty for 0).
QString dateTime(qint64 ms);
/// OfflineCache::normalizeForSearch: the same normalization for the cache's search keys and the
/// queries typed here.
QString normalizeForSearch(const QString &text);

} // namespace MandatsText
