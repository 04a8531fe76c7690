#pragma once

#include <QDialog>

#include <memory>

class Settings;

namespace Ui {
class SettingsDialog;
}

/// Edits the workstation's connection settings (server URL, CA certificate); read-only when IT locked them.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(Settings *settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// Checks and saves; stays open with an error in place when the input is wrong.
    void accept() override;

    /// The French error for a server URL, empty when it is acceptable (http or https with a host).
    static QString validateServerUrl(const QUrl &url);

private:
    void browse();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Settings *m_settings = nullptr;
};
