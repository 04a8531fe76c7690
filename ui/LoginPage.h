#pragma once

#include <QPointer>
#include <QWidget>

#include <memory>

class FirstLoginDialog;
class Session;

namespace Ui {
class LoginPage;
}

/// The login page: email and 6-digit OTP code, validated before sending, errors in place.
class LoginPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginPage)

public:
    explicit LoginPage(Session *session, QWidget *parent = nullptr);
    ~LoginPage() override;

    /// Back to the initial state (after logout); `message` (e.g. why the session ended) is shown in place.
    void reset(const QString &message = QString());
    /// « Première connexion ? Activer l'application » while it is open (also the tests' hook).
    FirstLoginDialog *firstLoginDialog() const;

signals:
    void helpRequested();
    void settingsRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void submit();
    void setBusy(bool busy);
    void openFirstLogin();

    std::unique_ptr<Ui::LoginPage> m_ui;
    Session *m_session = nullptr;
    bool m_busy = false;
    QPointer<FirstLoginDialog> m_firstLogin;
};
