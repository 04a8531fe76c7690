#pragma once

#include <QByteArray>
#include <QString>

/// Random secrets and their digests (sessions, drafts, OpenID Connect state and nonce, hashed subs).
namespace Secrets {
/// @p bytes from the operating system's CSPRNG, base64url without padding (43 characters for 32 bytes).
QString randomToken(int bytes = 32);
/// Lower-case hex SHA-256 of the UTF-8 text.
QString sha256Hex(const QString &text);
/// Lower-case hex HMAC-SHA-256 of the UTF-8 text with @p key.
QString hmacSha256Hex(const QByteArray &key, const QString &text);
} // namespace Secrets
