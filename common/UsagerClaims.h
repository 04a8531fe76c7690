#pragma once

#include "Mandat.h"
#include "Result.h"

#include <QJsonObject>

/// FranceConnect's identity claims and their formats (reference/franceconnect.md § 2), shared by our
/// FS role (claims received from FranceConnect) and our FI role (claims we return).
namespace UsagerClaims {

/// `YYYY-MM-DD`, or presumed `YYYY-MM-00` / `YYYY-00-00`.
bool isValidBirthdate(const QString &value);
bool isValidGender(const QString &value);
/// INSEE COG code: `^(2[AB]|\d{2})\d{3}$`.
bool isValidCogCode(const QString &value);
inline const QString kFranceCog = QStringLiteral("99100");

/// Reads and checks the claims of one usager. Error code `invalid_claims` with the first bad claim's
/// name (never its value) in the message.
Result<UsagerIdentity> fromClaims(const QJsonObject &claims);

} // namespace UsagerClaims
