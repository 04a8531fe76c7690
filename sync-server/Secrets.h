#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

#include <optional>

/// Random secrets and their digests (sessions, drafts, OpenID Connect state and nonce, hashed subs).
namespace Secrets {
/// @p bytes from the operating system's CSPRNG, base64url without padding (43 characters for 32 bytes).
QString randomToken(int bytes = 32);
/// Lower-case hex SHA-256 of the UTF-8 text.
QString sha256Hex(const QString &text);
/// Lower-case hex HMAC-SHA-256 of the UTF-8 text with @p key.
QString hmacSha256Hex(const QByteArray &key, const QString &text);
} // namespace Secrets

/// The key that encrypts the OTP seeds at rest (docs/security.md, "OTP seeds at rest").
struct SeedKey
{
    QByteArray bytes; ///< 32 bytes (AES-256)
    QString id; ///< 16 hex characters derived from the key: names it in every ciphertext

    bool isValid() const { return bytes.size() == 32; }
    /// From 32 raw bytes or their base64 (surrounding whitespace ignored).
    static std::optional<SeedKey> fromFileContent(const QByteArray &content);
    /// Reads a key file; refuses a file that group or others may read, or a malformed key.
    static Result<SeedKey> load(const QString &path);
};

/// AES-256-GCM of OTP seeds, bound to their row.
///
/// Sealed form (text): `s1.<key id>.<base64url(nonce 12 | ciphertext | tag 16)>`; the associated
/// data is `<table>/<row id>` (e.g. `otp_devices/42`), so a ciphertext copied to another row does
/// not decrypt. The process-wide key is installed once at start-up, before any thread starts.
namespace SeedCipher {
QString seal(const SeedKey &key, const QByteArray &seed, const QString &rowName);
/// The seed, or an error naming what is wrong (other key, other row or altered, malformed).
Result<QByteArray> open(const SeedKey &key, const QString &sealed, const QString &rowName);
/// The key id a sealed value names (empty when malformed).
QString keyIdOf(const QString &sealed);
QString rowName(const QString &table, qint64 id);

void setProcessKey(const SeedKey &key);
const SeedKey &processKey();
} // namespace SeedCipher
