#include "ApiInput.h"

#include "ApiError.h"
#include "OtpVerifier.h"

#include <QJsonValue>

namespace ApiInput {

bool hasForbiddenControl(QStringView text, bool allowLineBreaks)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == 0x7f || (u >= 0x80 && u < 0xa0))
            return true;
        if (u < 0x20 && !(allowLineBreaks && (u == '\t' || u == '\n' || u == '\r')))
            return true;
    }
    return false;
}

QString requireString(const QJsonObject &json, const QString &field, int maxLength, const QString &label)
{
    const QString name = label.isEmpty() ? field : label;
    const QJsonValue value = json.value(field);
    if (value.isUndefined() || value.isNull())
        throw ApiError::missingField(name);
    if (!value.isString() || value.toString().size() > maxLength
        || hasForbiddenControl(value.toString(), false))
        throw ApiError::invalidField(name);
    if (value.toString().trimmed().isEmpty())
        throw ApiError::missingField(name);
    return value.toString();
}

QString optionalString(const QJsonObject &json, const QString &field, int maxLength)
{
    const QJsonValue value = json.value(field);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString() || hasForbiddenControl(value.toString(), false))
        throw ApiError::invalidField(field);
    const QString text = value.toString().trimmed();
    if (text.size() > maxLength)
        throw ApiError::invalidField(field);
    return text;
}

QString requireOtpCode(const QJsonObject &json)
{
    const QString code = requireString(json, QStringLiteral("code"), 16);
    if (!OtpVerifier::isWellFormedCode(code))
        throw ApiError::invalidField(QStringLiteral("code"));
    return code;
}

} // namespace ApiInput
