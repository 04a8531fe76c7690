#include "UsagerClaims.h"

#include "Validation.h"

#include <QDate>
#include <QRegularExpression>

namespace UsagerClaims {

bool isValidBirthdate(const QString &value)
{
    // \z, not $: $ also matches before a final newline (found by tests/fuzz/fuzz_usager_claims).
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})\\z"));
    const QRegularExpressionMatch match = pattern.match(value);
    if (!match.hasMatch())
        return false;
    const int year = match.captured(1).toInt();
    const int month = match.captured(2).toInt();
    const int day = match.captured(3).toInt();
    if (year < 1800)
        return false;
    if (month == 0)
        return day == 0; // YYYY-00-00
    if (month > 12)
        return false;
    if (day == 0)
        return true; // YYYY-MM-00
    return QDate(year, month, day).isValid();
}

bool isValidGender(const QString &value)
{
    return value == QLatin1String("female") || value == QLatin1String("male")
        || value == QLatin1String("unspecified");
}

bool isValidCogCode(const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("^(2[AB]|\\d{2})\\d{3}\\z"));
    return pattern.match(value).hasMatch();
}

Result<UsagerIdentity> fromClaims(const QJsonObject &claims)
{
    auto bad = [](const char *claim) {
        return Error { QStringLiteral("invalid_claims"),
            QStringLiteral("claim %1 is missing or malformed").arg(QLatin1String(claim)) };
    };
    auto text = [&claims](const char *name) { return claims.value(QLatin1String(name)).toString(); };
    auto isStringOrAbsent = [&claims](const char *name) {
        const QJsonValue v = claims.value(QLatin1String(name));
        return v.isUndefined() || v.isNull() || v.isString();
    };

    UsagerIdentity u;
    u.givenName = text("given_name");
    u.familyName = text("family_name");
    u.preferredUsername = text("preferred_username");
    u.birthdate = text("birthdate");
    u.gender = text("gender");
    u.birthplace = text("birthplace");
    u.birthcountry = text("birthcountry");
    u.email = text("email");

    if (u.givenName.trimmed().isEmpty() || u.givenName.size() > 256)
        return bad("given_name");
    if (u.familyName.trimmed().isEmpty() || u.familyName.size() > 256)
        return bad("family_name");
    if (!isStringOrAbsent("preferred_username") || u.preferredUsername.size() > 256)
        return bad("preferred_username");
    if (!isValidBirthdate(u.birthdate))
        return bad("birthdate");
    if (!isValidGender(u.gender))
        return bad("gender");
    if (!isValidCogCode(u.birthcountry))
        return bad("birthcountry");
    // A birthplace only for people born in France; never the string "None".
    if (!isStringOrAbsent("birthplace"))
        return bad("birthplace");
    if (u.birthcountry == kFranceCog ? !isValidCogCode(u.birthplace) : !u.birthplace.isEmpty())
        return bad("birthplace");
    if (!Validation::isValidEmail(u.email))
        return bad("email");
    return u;
}

} // namespace UsagerClaims
