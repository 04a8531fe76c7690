#include "OtpAppWidget.h"

#include "PageHelpers.h"
#include "QrCode.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

OtpAppWidget::OtpAppWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("OtpAppWidget"));
    // The QR code on the left, the steps on the right: the dialog fits a small screen.
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(16);
    m_qrLabel = new QLabel(this);
    m_qrLabel->setObjectName(QStringLiteral("qrCodeLabel"));
    m_qrLabel->setAccessibleName(tr("QR code de configuration de l'application"));
    m_qrLabel->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    outer->addWidget(m_qrLabel, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout;
    outer->addLayout(layout, 1);

    auto *scanLabel = new QLabel(tr("1. Ouvrez une application d'authentification sur le téléphone (par "
                                    "exemple FreeOTP ou Google Authenticator) et scannez le QR code."),
        this);
    scanLabel->setObjectName(QStringLiteral("scanLabel"));
    scanLabel->setWordWrap(true);
    layout->addWidget(scanLabel);

    auto *uriLabel = new QLabel(tr("Ou saisissez ce lien dans l'application :"), this);
    uriLabel->setObjectName(QStringLiteral("uriLabel"));
    layout->addWidget(uriLabel);
    m_uriEdit = new QPlainTextEdit(this);
    m_uriEdit->setObjectName(QStringLiteral("uriPlainTextEdit"));
    m_uriEdit->setAccessibleName(tr("Lien de configuration de l'application"));
    m_uriEdit->setReadOnly(true);
    m_uriEdit->setTabChangesFocus(true);
    m_uriEdit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_uriEdit->setWordWrapMode(QTextOption::WrapAnywhere);
    m_uriEdit->setUndoRedoEnabled(false);
    m_uriEdit->setFixedHeight(m_uriEdit->fontMetrics().lineSpacing() * 5 + 12);
    uriLabel->setBuddy(m_uriEdit);
    layout->addWidget(m_uriEdit);

    auto *codeLabel = new QLabel(tr("2. &Entrez le code à 6 chiffres affiché par l'application :"), this);
    codeLabel->setObjectName(QStringLiteral("appCodeLabel"));
    codeLabel->setWordWrap(true);
    layout->addWidget(codeLabel);
    auto *codeLayout = new QHBoxLayout;
    m_codeEdit = new QLineEdit(this);
    m_codeEdit->setObjectName(QStringLiteral("appCodeLineEdit"));
    m_codeEdit->setAccessibleName(tr("Code à 6 chiffres de l'application"));
    m_codeEdit->setMaxLength(16);
    m_codeEdit->setInputMethodHints(Qt::ImhDigitsOnly);
    codeLabel->setBuddy(m_codeEdit);
    codeLayout->addWidget(m_codeEdit, 1);
    m_validateButton = new QPushButton(tr("Valider"), this);
    m_validateButton->setObjectName(QStringLiteral("appValidatePushButton"));
    m_validateButton->setAccessibleName(tr("Valider le code de l'application"));
    m_validateButton->setProperty("role", QStringLiteral("primary"));
    codeLayout->addWidget(m_validateButton);
    layout->addLayout(codeLayout);
    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    m_errorLabel->setObjectName(QStringLiteral("appErrorLabel"));
    layout->addStretch();

    connect(m_validateButton, &QPushButton::clicked, this, &OtpAppWidget::submit);
    connect(m_codeEdit, &QLineEdit::returnPressed, this, &OtpAppWidget::submit);
    setTabOrder(m_uriEdit, m_codeEdit);
    setTabOrder(m_codeEdit, m_validateButton);
}

OtpAppWidget::~OtpAppWidget()
{
    forget();
}

void OtpAppWidget::setUri(const QString &otpauthUri)
{
    const QImage image = QrCode::image(otpauthUri.toUtf8(), 5, 4);
    m_qrLabel->setPixmap(QPixmap::fromImage(image));
    // Never squeezed: a clipped QR code cannot be scanned.
    m_qrLabel->setMinimumSize(image.size());
    m_uriEdit->setPlainText(otpauthUri);
    m_codeEdit->clear();
    PageHelpers::showError(m_errorLabel, QString());
}

void OtpAppWidget::forget()
{
    m_qrLabel->clear();
    m_uriEdit->clear();
    m_codeEdit->clear();
}

void OtpAppWidget::setBusy(bool busy)
{
    m_busy = busy;
    m_codeEdit->setReadOnly(busy);
    m_validateButton->setEnabled(!busy);
}

void OtpAppWidget::showError(const QString &message)
{
    PageHelpers::showError(m_errorLabel, message);
    if (!message.isEmpty()) {
        m_codeEdit->setFocus();
        m_codeEdit->selectAll();
    }
}

void OtpAppWidget::submit()
{
    if (m_busy)
        return;
    const QString code = PageHelpers::normalizeCode(m_codeEdit->text());
    if (!PageHelpers::isValidCode(code)) {
        showError(PageHelpers::invalidCodeMessage());
        return;
    }
    PageHelpers::showError(m_errorLabel, QString());
    emit codeSubmitted(code);
}
