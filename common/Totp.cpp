#include "Totp.h"

#include <QRegularExpression>

#include <cstdlib>
#include <liboath/oath.h>
#include <mutex>

namespace Totp {
namespace {
void ensureOathInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] { oath_init(); });
}
} // namespace

QString hotp(const QByteArray &secret, quint64 counter, int digits)
{
    ensureOathInitialised();
    char output[16] = {};
    const int rc = oath_hotp_generate(
        secret.constData(), size_t(secret.size()), counter, unsigned(digits), false, SIZE_MAX, output);
    if (rc != OATH_OK)
        return {};
    return QString::fromLatin1(output);
}

qint64 timeStep(qint64 unixSeconds, int stepSeconds)
{
    // Floor division: time steps before the epoch are not used, but stay consistent.
    return unixSeconds >= 0 ? unixSeconds / stepSeconds : -((-unixSeconds + stepSeconds - 1) / stepSeconds);
}

QString totp(const QByteArray &secret, qint64 unixSeconds, int stepSeconds, int digits)
{
    return hotp(secret, quint64(timeStep(unixSeconds, stepSeconds)), digits);
}

std::optional<QByteArray> decodeHexSeed(const QString &hex)
{
    static const QRegularExpression re(QStringLiteral("^(?:[0-9a-fA-F]{2}){1,20}\\z"));
    if (!re.match(hex).hasMatch())
        return std::nullopt;
    return QByteArray::fromHex(hex.toLatin1());
}

std::optional<QByteArray> decodeBase32(const QString &base32)
{
    ensureOathInitialised();
    QByteArray in = base32.trimmed().toUpper().toLatin1();
    in.replace(' ', QByteArray());
    while (in.endsWith('='))
        in.chop(1);
    if (in.isEmpty())
        return std::nullopt;
    while (in.size() % 8 != 0)
        in.append('=');
    char *out = nullptr;
    size_t outLen = 0;
    if (oath_base32_decode(in.constData(), size_t(in.size()), &out, &outLen) != OATH_OK)
        return std::nullopt;
    QByteArray result(out, qsizetype(outLen));
    std::free(out);
    return result;
}

QString encodeBase32(const QByteArray &secret)
{
    ensureOathInitialised();
    char *out = nullptr;
    size_t outLen = 0;
    if (oath_base32_encode(secret.constData(), size_t(secret.size()), &out, &outLen) != OATH_OK)
        return {};
    QString result = QString::fromLatin1(out, qsizetype(outLen));
    std::free(out);
    while (result.endsWith(QLatin1Char('=')))
        result.chop(1);
    return result;
}

} // namespace Totp
