#pragma once

#include <QByteArray>

#include <zlib.h>

namespace TestSupport {

/// The content of a gzip (RFC 1952) body, as a client of the server's gzip answers reads it
/// (docs/api.md § Encodings); empty when it is not valid gzip. Link ZLIB::ZLIB.
inline QByteArray gunzip(const QByteArray &data)
{
    z_stream stream {};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return {};
    QByteArray out;
    out.resize(data.size() * 8 + 1024);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    int status = Z_OK;
    while (status == Z_OK) {
        if (stream.total_out == uLong(out.size()))
            out.resize(out.size() * 2);
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + stream.total_out);
        stream.avail_out = uInt(out.size() - qsizetype(stream.total_out));
        status = inflate(&stream, Z_NO_FLUSH);
    }
    out.truncate(qsizetype(stream.total_out));
    inflateEnd(&stream);
    return status == Z_STREAM_END ? out : QByteArray();
}

} // namespace TestSupport
