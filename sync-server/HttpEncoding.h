#pragma once

#include "HttpAnswer.h"

#include <QByteArray>
#include <QJsonObject>

/// Content negotiation of the JSON API's answers (docs/api.md § Encodings): CBOR instead of JSON
/// when the client accepts `application/cbor`, and gzip when it accepts that content coding. The
/// sync pages are the reason (tens of MB of JSON for a large organisation); every route gets it.
namespace HttpEncoding {

/// Answers at least this large are compressed (smaller ones gain nothing on the wire).
constexpr qsizetype kMinCompressedBytes = 1400;

/// Whether an Accept header lists application/cbor with a non-zero quality.
bool acceptsCbor(const QByteArray &accept);
/// Whether an Accept-Encoding header accepts gzip (RFC 9110 § 12.5.3: "gzip" or "x-gzip" with a
/// non-zero quality, or "*" when gzip is not refused).
bool acceptsGzip(const QByteArray &acceptEncoding);

/// The CBOR encoding of @p object (RFC 8949, QCborValue's mapping of JSON values).
QByteArray cbor(const QJsonObject &object);
/// gzip (RFC 1952) of @p data at zlib level @p level (1: fastest).
QByteArray gzip(const QByteArray &data, int level = 1);

/// Compresses @p answer in place when the client accepts gzip and the answer is large enough and
/// JSON or CBOR (never HTML: see compressible() in the .cpp); adds `Vary: Accept-Encoding`, and makes a
/// strong ETag weak (the compressed bytes differ from the identity ones, RFC 9110 § 8.8.1).
void negotiateCoding(HttpAnswer &answer, const QByteArray &acceptEncoding);

} // namespace HttpEncoding
