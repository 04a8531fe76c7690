// FranceConnect's identity claims (UsagerClaims::fromClaims, what the server accepts from
// FranceConnect's userinfo and from the simulated identity provider) and the format validators of
// UsagerClaims and Validation, against plain reference implementations written here.
//
// Invariants: the validators agree with the references (ASCII digits only, real dates); an accepted
// identity passes every validator; a refusal has the code `invalid_claims` and names the claim only,
// never its value.
#include "FuzzCheck.h"
#include "UsagerClaims.h"
#include "Validation.h"

#include <QDate>
#include <QJsonDocument>

namespace {

using Fuzz::asciiDigits;

bool referenceBirthdate(const QString &s)
{
    if (s.size() != 10 || !asciiDigits(s, 0, 4) || s.at(4) != QLatin1Char('-') || !asciiDigits(s, 5, 2)
        || s.at(7) != QLatin1Char('-') || !asciiDigits(s, 8, 2))
        return false;
    const int year = s.mid(0, 4).toInt();
    const int month = s.mid(5, 2).toInt();
    const int day = s.mid(8, 2).toInt();
    if (year < 1800 || month > 12)
        return false;
    if (month == 0)
        return day == 0;
    if (day == 0)
        return true;
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool referenceCog(const QString &s)
{
    if (s.size() != 5 || !asciiDigits(s, 2, 3))
        return false;
    return asciiDigits(s, 0, 2)
        || (s.at(0) == QLatin1Char('2') && (s.at(1) == QLatin1Char('A') || s.at(1) == QLatin1Char('B')));
}

bool referenceSiret(const QString &s)
{
    return s.size() == 14 && asciiDigits(s, 0, 14);
}

bool referencePostcode(const QString &s)
{
    return s.size() == 5 && asciiDigits(s, 0, 1)
        && (Fuzz::isAsciiDigit(s.at(1)) || s.at(1) == QLatin1Char('A') || s.at(1) == QLatin1Char('B'))
        && asciiDigits(s, 2, 3);
}

void checkValidators(const QString &s)
{
    FUZZ_CHECK(UsagerClaims::isValidBirthdate(s) == referenceBirthdate(s));
    FUZZ_CHECK(UsagerClaims::isValidCogCode(s) == referenceCog(s));
    FUZZ_CHECK(UsagerClaims::isValidGender(s)
        == (s == QLatin1String("female") || s == QLatin1String("male") || s == QLatin1String("unspecified")));
    FUZZ_CHECK(Validation::isValidSiret(s) == referenceSiret(s));
    FUZZ_CHECK(Validation::isValidPostcode(s) == referencePostcode(s));
    if (Validation::isValidEmail(s)) {
        const QString e = s.trimmed();
        FUZZ_CHECK(!e.isEmpty() && e.size() <= Validation::kMaxEmailLength);
        FUZZ_CHECK(e.count(QLatin1Char('@')) == 1);
        const QString domain = e.section(QLatin1Char('@'), 1);
        FUZZ_CHECK(domain.size() >= 3 && domain.contains(QLatin1Char('.')));
        for (const QChar c : e)
            FUZZ_CHECK(c.unicode() > 0x20 && c.unicode() != 0x7f);
    }
    const QString normalized = Validation::normalizeEmail(s);
    FUZZ_CHECK(Validation::normalizeEmail(normalized) == normalized);
}

void checkClaims(const QJsonObject &claims)
{
    const auto result = UsagerClaims::fromClaims(claims);
    if (!result) {
        FUZZ_CHECK(result.error().code == QLatin1String("invalid_claims"));
        static const char *const names[] = { "given_name", "family_name", "preferred_username", "birthdate",
            "gender", "birthcountry", "birthplace", "email" };
        bool named = false;
        for (const char *name : names)
            named = named
                || result.error().message
                    == QStringLiteral("claim %1 is missing or malformed").arg(QLatin1String(name));
        FUZZ_CHECK(named);
        return;
    }
    const UsagerIdentity &u = result.value();
    FUZZ_CHECK(!u.givenName.trimmed().isEmpty() && u.givenName.size() <= 256);
    FUZZ_CHECK(!u.familyName.trimmed().isEmpty() && u.familyName.size() <= 256);
    FUZZ_CHECK(u.preferredUsername.size() <= 256);
    FUZZ_CHECK(referenceBirthdate(u.birthdate));
    FUZZ_CHECK(UsagerClaims::isValidGender(u.gender));
    FUZZ_CHECK(referenceCog(u.birthcountry));
    if (u.birthcountry == UsagerClaims::kFranceCog)
        FUZZ_CHECK(referenceCog(u.birthplace));
    else
        FUZZ_CHECK(u.birthplace.isEmpty());
    FUZZ_CHECK(u.birthplace != QLatin1String("None"));
    FUZZ_CHECK(Validation::isValidEmail(u.email));
    // What we return as an identity provider reads back the same.
    const auto again = UsagerClaims::fromClaims(u.toJson());
    FUZZ_CHECK(again.ok() && again.value().toJson() == u.toJson());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = Fuzz::bytes(data, size);
    checkValidators(QString::fromUtf8(bytes));

    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return 0;
    const QJsonObject claims = document.object();
    for (const QJsonValue &value : claims) {
        if (value.isString())
            checkValidators(value.toString());
    }
    checkClaims(claims);
    return 0;
}
