#pragma once

#include <QByteArray>
#include <QImage>

/// QR codes (libqrencode), such as the printed mandat's verification code.
namespace QrCode {

/// `data` encoded as 8-bit data with error correction level M: black modules of `moduleSize`
/// pixels on white, surrounded by `quietZone` white modules. A null image when it cannot be encoded.
QImage image(const QByteArray &data, int moduleSize = 8, int quietZone = 4);

} // namespace QrCode
