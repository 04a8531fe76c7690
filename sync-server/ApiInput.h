#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringView>

/// The checks every JSON route applies to what it reads (docs/api.md § Errors); each refusal is
/// ApiError 400 `missing_field` or `invalid_field` naming the field.
namespace ApiInput {

/// Whether @p text holds a control character that has no place in it (NUL always; with
/// @p allowLineBreaks false also tab, CR and LF). Such characters are refused at the edge:
/// QPSQL formats bound values into its EXECUTE statement, which a NUL truncates.
bool hasForbiddenControl(QStringView text, bool allowLineBreaks);

/// A required single-line string field of at most @p maxLength characters, not blank. The
/// error names the field @p label (for example its French name) or, when empty, @p field.
QString requireString(
    const QJsonObject &json, const QString &field, int maxLength, const QString &label = {});

/// An optional single-line string field (absent or null: empty), trimmed, at most @p maxLength.
QString optionalString(const QJsonObject &json, const QString &field, int maxLength);

/// The `code` field: a well-formed 6-digit OTP code.
QString requireOtpCode(const QJsonObject &json);

} // namespace ApiInput
