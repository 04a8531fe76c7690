#pragma once

#include <QWidget>

#include <memory>

class Session;

namespace Ui {
class LockPage;
}

/// Shown when the session is idle-locked: no personal content, asks for a fresh OTP code.
class LockPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LockPage)

public:
    explicit LockPage(Session *session, QWidget *parent = nullptr);
    ~LockPage() override;

    /// Prepares the page for a new lock (empty field, no error, the current idle timeout).
    void reset();

signals:
    void logoutRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void submit();
    void setBusy(bool busy);

    std::unique_ptr<Ui::LockPage> m_ui;
    Session *m_session = nullptr;
    bool m_busy = false;
};
