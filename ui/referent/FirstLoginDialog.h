#pragma once

#include <QDialog>

class OtpAppWidget;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class Session;

/// « Première connexion ? Activer l'application »: a référent without an OTP device receives a code
/// by email, enrols the phone app (QR code and URI, shown once) and its first code logs them in
/// (docs/referent.md § First login). Deleted on close, so the URI is forgotten with it.
class FirstLoginDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstLoginDialog)

public:
    FirstLoginDialog(Session *session, const QString &email, QWidget *parent = nullptr);
    ~FirstLoginDialog() override;

private:
    void requestCode();
    void startEnrolment();
    void confirm(const QString &code);
    void showError(const QString &message);
    void setBusy(bool busy);

    Session *m_session;
    QString m_email;
    QString m_enrolmentToken;
    bool m_busy = false;
    QStackedWidget *m_steps = nullptr;
    QLineEdit *m_emailEdit = nullptr;
    QPushButton *m_requestButton = nullptr;
    QLabel *m_sentLabel = nullptr;
    QLineEdit *m_emailCodeEdit = nullptr;
    QPushButton *m_startButton = nullptr;
    OtpAppWidget *m_app = nullptr;
    QLabel *m_errorLabel = nullptr;
};
