#include "AppEnrolmentDialog.h"

#include "OtpAppWidget.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

AppEnrolmentDialog::AppEnrolmentDialog(const QString &aidantName, const QString &otpauthUri, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("AppEnrolmentDialog"));
    setWindowTitle(tr("Activer l'application"));
    setAttribute(Qt::WA_DeleteOnClose);
    setMinimumWidth(720);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Activer l'application de %1").arg(aidantName), this);
    title->setObjectName(QStringLiteral("titleLabel"));
    title->setProperty("role", QStringLiteral("title"));
    title->setWordWrap(true);
    layout->addWidget(title);
    auto *hint = new QLabel(tr("Ce QR code n'est affiché qu'une fois : si vous fermez cette fenêtre, il "
                               "faudra recommencer."),
        this);
    hint->setObjectName(QStringLiteral("hintLabel"));
    hint->setProperty("role", QStringLiteral("hint"));
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_app = new OtpAppWidget(this);
    m_app->setUri(otpauthUri);
    layout->addWidget(m_app);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelPushButton"));
    cancel->setText(tr("Annuler"));
    cancel->setAccessibleName(tr("Annuler l'activation de l'application"));
    cancel->setAutoDefault(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_app, &OtpAppWidget::codeSubmitted, this, &AppEnrolmentDialog::codeSubmitted);
    m_app->codeLineEdit()->setFocus();
}

AppEnrolmentDialog::~AppEnrolmentDialog() = default;
