#include "CguPage.h"

#include "PageHelpers.h"
#include "Session.h"
#include "ui_CguPage.h"

#include <QFile>

CguPage::CguPage(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CguPage>())
    , m_session(session)
{
    m_ui->setupUi(this);
    m_ui->errorLabel->hide();
    QFile text(QStringLiteral(":/documents/cgu.html"));
    if (text.open(QIODevice::ReadOnly))
        m_ui->cguTextBrowser->setHtml(QString::fromUtf8(text.readAll()));
    connect(m_ui->validatePushButton, &QPushButton::clicked, this, &CguPage::submit);
    connect(m_ui->logoutPushButton, &QPushButton::clicked, this, &CguPage::logoutRequested);
    connect(m_ui->acceptCheckBox, &QCheckBox::toggled, this, [this](bool checked) {
        if (checked)
            PageHelpers::showError(m_ui->errorLabel, QString());
    });
}

CguPage::~CguPage() = default;

void CguPage::reset()
{
    setBusy(false);
    m_ui->acceptCheckBox->setChecked(false);
    PageHelpers::showError(m_ui->errorLabel, QString());
    m_ui->versionLabel->setText(tr("Version %1").arg(m_session->info().currentCguVersion));
}

void CguPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_ui->acceptCheckBox->setFocus();
}

void CguPage::submit()
{
    if (m_busy)
        return;
    if (!m_ui->acceptCheckBox->isChecked()) {
        PageHelpers::showError(
            m_ui->errorLabel, tr("Cochez la case pour accepter les conditions générales d'utilisation."));
        m_ui->acceptCheckBox->setFocus();
        return;
    }
    setBusy(true);
    m_session->acceptCgu(this, [this](const Status &status) {
        setBusy(false);
        if (!status)
            PageHelpers::showError(m_ui->errorLabel, status.error().message);
    });
}

void CguPage::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->validatePushButton->setEnabled(!busy);
    m_ui->acceptCheckBox->setEnabled(!busy);
    m_ui->validatePushButton->setText(busy ? tr("Enregistrement…") : tr("Valider"));
}
