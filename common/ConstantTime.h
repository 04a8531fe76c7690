#pragma once

#include <QString>

/// Compares two secrets (OTP codes, client secrets, hashes) in a time that depends only on their
/// length, never on where they first differ. The one comparison of secrets in the project.
inline bool constantTimeEquals(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return false;
    char16_t diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= a.at(i).unicode() ^ b.at(i).unicode();
    return diff == 0;
}
