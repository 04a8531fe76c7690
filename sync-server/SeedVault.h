#pragma once

#include "Database.h"
#include "Result.h"
#include "Secrets.h"

/// The OTP seeds at rest (docs/security.md, "OTP seeds at rest"): the start-up check of the key,
/// the encryption of clear seeds left by an older version, and the key rotation.
namespace SeedVault {

/// Checks @p key against the database's key check value (written with the first key), then seals
/// in one transaction the seeds still stored in clear (idempotent). Refuses a key that is not the
/// seeds' key. Sets @p sealedNow to the number of seeds sealed by this call.
Status prepare(Database &database, const SeedKey &key, int *sealedNow = nullptr);

/// Re-encrypts every seed and the key check value from @p current to @p next, in one transaction.
/// Returns the number of seeds re-encrypted.
Result<int> rotate(Database &database, const SeedKey &current, const SeedKey &next);

} // namespace SeedVault
