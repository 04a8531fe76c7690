#include "Validation.h"

#include <QRegularExpression>

namespace Validation {

QString normalizeEmail(const QString &email)
{
    return email.trimmed().toLower();
}

bool isValidEmail(const QString &email)
{
    // No white space and no control character (U+0000-U+001F, U+007F) anywhere.
    static const QRegularExpression re(QStringLiteral(
        R"(^[^@\s\x{00}-\x{1f}\x{7f}]+@[^@\s\x{00}-\x{1f}\x{7f}]+\.[^@\s\x{00}-\x{1f}\x{7f}]+$)"));
    const QString e = email.trimmed();
    return !e.isEmpty() && e.size() <= kMaxEmailLength && re.match(e).hasMatch();
}

bool isValidSiret(const QString &siret)
{
    // \z, not $: $ also matches before a final newline.
    static const QRegularExpression re(QStringLiteral("^[0-9]{14}\\z"));
    return re.match(siret).hasMatch();
}

bool isValidPostcode(const QString &postcode)
{
    static const QRegularExpression re(QStringLiteral("^[0-9][0-9AB][0-9]{3}\\z"));
    return re.match(postcode).hasMatch();
}

} // namespace Validation
