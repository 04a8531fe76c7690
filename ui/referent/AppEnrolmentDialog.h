#pragma once

#include <QDialog>

class OtpAppWidget;

/// « Activer l'application » for an aidant: the QR code and URI of the app the server just made,
/// and its first code. Deleted on close, so the URI is forgotten with it.
class AppEnrolmentDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppEnrolmentDialog)

public:
    AppEnrolmentDialog(const QString &aidantName, const QString &otpauthUri, QWidget *parent = nullptr);
    ~AppEnrolmentDialog() override;

    OtpAppWidget *appWidget() const { return m_app; }

signals:
    void codeSubmitted(const QString &code);

private:
    OtpAppWidget *m_app = nullptr;
};
