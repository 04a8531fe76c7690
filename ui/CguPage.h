#pragma once

#include <QWidget>

#include <memory>

class Session;

namespace Ui {
class CguPage;
}

/// Asks the aidant to accept the current version of the CGU before anything else.
class CguPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CguPage)

public:
    explicit CguPage(Session *session, QWidget *parent = nullptr);
    ~CguPage() override;

    /// Prepares the page for the session's current CGU version.
    void reset();

signals:
    void logoutRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void submit();
    void setBusy(bool busy);

    std::unique_ptr<Ui::CguPage> m_ui;
    Session *m_session = nullptr;
    bool m_busy = false;
};
