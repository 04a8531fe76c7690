#pragma once

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>

/// An invariant of a fuzz target: when it does not hold, the input is a finding (libFuzzer saves it
/// as a crash). Not assert(): the fuzzing build defines NDEBUG.
#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition);           \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace Fuzz {

/// The fuzzer's input as bytes, without a copy (valid during the call only).
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

/// @p count ASCII digits from @p from in @p s.
inline bool asciiDigits(const QString &s, qsizetype from, qsizetype count)
{
    if (from + count > s.size())
        return false;
    for (qsizetype i = from; i < from + count; ++i) {
        if (!isAsciiDigit(s.at(i)))
            return false;
    }
    return true;
}

} // namespace Fuzz
