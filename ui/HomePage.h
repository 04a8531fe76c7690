#pragma once

#include <QWidget>

#include <memory>

struct SessionInfo;

namespace Ui {
class HomePage;
}

/// The aidant's home ("Espace Aidant"): welcome, current organisation and the main entries.
class HomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HomePage)

public:
    explicit HomePage(QWidget *parent = nullptr);
    ~HomePage() override;

    void setSessionInfo(const SessionInfo &info);
    /// Removes every personal detail (locked or closed session).
    void clear();

signals:
    void createMandatRequested();
    void mandatsRequested();
    void demarcheRequested();
    void referentRequested();
    void statsRequested();
    void helpRequested();
    void settingsRequested();
    void logoutRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    std::unique_ptr<Ui::HomePage> m_ui;
};
