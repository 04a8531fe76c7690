#include "QrCode.h"

#include <qrencode.h>

#include <algorithm>
#include <memory>

namespace {
// Far beyond any printable size; keeps the arithmetic in range.
constexpr qint64 kMaxSide = 16384;
} // namespace

namespace QrCode {

QImage image(const QByteArray &data, int moduleSize, int quietZone)
{
    if (data.isEmpty() || moduleSize < 1 || quietZone < 0)
        return {};

    // Version 0: the smallest symbol that holds the data.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(
            int(data.size()), reinterpret_cast<const unsigned char *>(data.constData()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code)
        return {};

    const int modules = code->width;
    const qint64 side = (qint64(modules) + 2 * qint64(quietZone)) * moduleSize;
    if (side > kMaxSide)
        return {};
    QImage result(static_cast<int>(side), static_cast<int>(side), QImage::Format_Grayscale8);
    if (result.isNull())
        return {};
    result.fill(0xff);
    for (int y = 0; y < modules; ++y) {
        for (int x = 0; x < modules; ++x) {
            // Bit 0 of each byte: the module is dark.
            if (!(code->data[y * modules + x] & 1))
                continue;
            const int left = (x + quietZone) * moduleSize;
            const int top = (y + quietZone) * moduleSize;
            for (int row = top; row < top + moduleSize; ++row) {
                uchar *line = result.scanLine(row);
                std::fill(line + left, line + left + moduleSize, uchar(0));
            }
        }
    }
    return result;
}

} // namespace QrCode
