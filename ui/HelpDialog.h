#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class HelpDialog;
}

/// Short help: what the service is, how to get a code from the OTP card, whom to contact.
class HelpDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HelpDialog)

public:
    explicit HelpDialog(QWidget *parent = nullptr);
    ~HelpDialog() override;

private:
    std::unique_ptr<Ui::HelpDialog> m_ui;
};
