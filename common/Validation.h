#pragma once

#include <QString>

/// Input validation shared by the client (before sending) and the server (always).
namespace Validation {
constexpr int kMaxEmailLength = 254;
constexpr int kMaxNameLength = 150;

QString normalizeEmail(const QString &email);
bool isValidEmail(const QString &email);
bool isValidSiret(const QString &siret);
bool isValidPostcode(const QString &postcode);
} // namespace Validation
