#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

/// The phone app's enrolment: the otpauth:// URI as a QR code and as selectable text, then the
/// 6-digit code the app shows. The URI lives in this widget only (never in settings, cache or
/// logs) and is wiped by forget() and the destructor.
class OtpAppWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OtpAppWidget)

public:
    explicit OtpAppWidget(QWidget *parent = nullptr);
    ~OtpAppWidget() override;

    void setUri(const QString &otpauthUri);
    /// Wipes the URI, its QR code and the code typed.
    void forget();
    void setBusy(bool busy);
    void showError(const QString &message);
    QLineEdit *codeLineEdit() const { return m_codeEdit; }

signals:
    /// « Valider » with a well-formed 6-digit code.
    void codeSubmitted(const QString &code);

private:
    void submit();

    QLabel *m_qrLabel = nullptr;
    QPlainTextEdit *m_uriEdit = nullptr;
    QLineEdit *m_codeEdit = nullptr;
    QPushButton *m_validateButton = nullptr;
    QLabel *m_errorLabel = nullptr;
    bool m_busy = false;
};
