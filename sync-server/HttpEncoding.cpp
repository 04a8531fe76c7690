#include "HttpEncoding.h"

#include <QCborValue>
#include <QList>

#include <zlib.h>

namespace HttpEncoding {
namespace {

/// The quality of @p coding in a comma-separated list with optional `;q=` parameters (-1: absent).
double quality(const QByteArray &header, const QByteArray &coding)
{
    double result = -1;
    for (const QByteArray &item : header.split(',')) {
        const QList<QByteArray> parts = item.split(';');
        if (parts.first().trimmed().toLower() != coding)
            continue;
        double q = 1;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts.at(i).trimmed();
            if (parameter.startsWith("q=") || parameter.startsWith("Q=")) {
                bool ok = false;
                q = parameter.mid(2).toDouble(&ok);
                if (!ok)
                    q = 0;
            }
        }
        result = qMax(result, q);
    }
    return result;
}

/// JSON and CBOR only. HTML pages are never compressed: the FranceConnect journey's pages are
/// reached with cookies a browser attaches by itself, and a compressed page mixing a secret with
/// text a third party can inject leaks the secret through its size (BREACH). The API's answers
/// need a bearer token no browser attaches on its own.
bool compressible(const QByteArray &contentType)
{
    return contentType.startsWith("application/json") || contentType.startsWith("application/cbor");
}

} // namespace

bool acceptsCbor(const QByteArray &accept)
{
    return quality(accept, QByteArrayLiteral("application/cbor")) > 0;
}

bool acceptsGzip(const QByteArray &acceptEncoding)
{
    const double gzip = qMax(quality(acceptEncoding, QByteArrayLiteral("gzip")),
        quality(acceptEncoding, QByteArrayLiteral("x-gzip")));
    if (gzip >= 0)
        return gzip > 0;
    return quality(acceptEncoding, QByteArrayLiteral("*")) > 0;
}

QByteArray cbor(const QJsonObject &object)
{
    return QCborValue::fromJsonValue(object).toCbor();
}

QByteArray gzip(const QByteArray &data, int level)
{
    z_stream stream {};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return {};
    out.truncate(written);
    return out;
}

void negotiateCoding(HttpAnswer &answer, const QByteArray &acceptEncoding)
{
    if (!compressible(answer.contentType))
        return;
    answer.withHeader(QByteArrayLiteral("Vary"), QByteArrayLiteral("Accept-Encoding"));
    if (answer.body.size() < kMinCompressedBytes || !acceptsGzip(acceptEncoding))
        return;
    for (const auto &header : std::as_const(answer.headers)) {
        if (header.first.compare("Content-Encoding", Qt::CaseInsensitive) == 0)
            return;
    }
    QByteArray compressed = gzip(answer.body);
    if (compressed.isEmpty())
        return; // zlib failed: the identity body is still a correct answer
    answer.body = std::move(compressed);
    answer.withHeader(QByteArrayLiteral("Content-Encoding"), QByteArrayLiteral("gzip"));
    for (auto &header : answer.headers) {
        if (header.first.compare("ETag", Qt::CaseInsensitive) == 0 && header.second.startsWith('"'))
            header.second.prepend("W/");
    }
}

} // namespace HttpEncoding
