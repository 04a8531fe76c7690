#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

/// RFC 4226 / RFC 6238 one-time passwords (HMAC-SHA1), computed with liboath.
namespace Totp {

constexpr int kDigits = 6;
constexpr int kCardStepSeconds = 60; ///< physical OTP cards ("PRESS" button)
constexpr int kPhoneStepSeconds = 30; ///< phone authenticator apps

/// The HOTP value of @p secret for @p counter, zero-padded to @p digits.
QString hotp(const QByteArray &secret, quint64 counter, int digits = kDigits);
/// The TOTP time step of @p unixSeconds.
qint64 timeStep(qint64 unixSeconds, int stepSeconds);
/// The TOTP value at @p unixSeconds (T0 = 0).
QString totp(const QByteArray &secret, qint64 unixSeconds, int stepSeconds, int digits = kDigits);

/// Decodes a card seed (hex, up to 40 characters); nullopt when malformed.
std::optional<QByteArray> decodeHexSeed(const QString &hex);
/// Decodes a phone-app secret (RFC 4648 base32, padding optional); nullopt when malformed.
std::optional<QByteArray> decodeBase32(const QString &base32);
/// Encodes a secret in base32 without padding (for otpauth:// URIs).
QString encodeBase32(const QByteArray &secret);

} // namespace Totp
