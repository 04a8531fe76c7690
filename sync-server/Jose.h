#pragma once

#include "Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

/// JSON Web Signatures over libcjose (the JOSE library mod_auth_openidc uses).
namespace Jose {

/// The decoded parts of a compact JWS, before any verification.
struct Parsed
{
    QJsonObject header;
    QJsonObject payload;
};

/// Decodes a compact JWS without verifying it (to read `alg` and `kid`).
Result<Parsed> parse(const QByteArray &compact);

/// Verifies a compact JWS with the key of @p jwks (a JWK Set's "keys") whose `kid` matches the
/// header's (or the only key of a compatible type when the header has no kid), or with
/// @p hmacSecret for HS256. The header's `alg` must be one of @p allowedAlgorithms.
/// Returns the payload. Error codes: malformed_jwt, unsupported_algorithm, unknown_key, bad_signature.
Result<QJsonObject> verify(const QByteArray &compact, const QStringList &allowedAlgorithms, const QJsonArray &jwks,
                           const QByteArray &hmacSecret = {});

} // namespace Jose
