#pragma once

#include <QString>

class QBoxLayout;
class QLabel;
class QWidget;

/// Small helpers shared by the pages: in-place error messages and OTP code input.
namespace PageHelpers {

/// A hidden, word-wrapped error label (object name `errorLabel`, role `error`) added to `layout`.
QLabel *addErrorLabel(QWidget *parent, QBoxLayout *layout);
/// Puts `content` in a frameless scroll area filling `page` (the keyboard focus scrolls it, so the
/// scroll area itself is no tab stop).
void setScrollingContent(QWidget *page, QWidget *content, const QString &scrollAreaName);
/// Shows `message` in the page's error label (hidden when empty) and announces it to screen readers.
void showError(QLabel *label, const QString &message);
/// The code as typed, without the spaces some people type between the digit groups.
QString normalizeCode(const QString &typed);
/// True when `code` (normalized) is exactly 6 ASCII digits.
bool isValidCode(const QString &code);
/// The French message for a code that is not 6 digits.
QString invalidCodeMessage();
/// "15 minutes", "1 minute", "30 secondes" for the idle timeout.
QString durationText(int seconds);

} // namespace PageHelpers
