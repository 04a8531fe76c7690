#include "LockPage.h"

#include "PageHelpers.h"
#include "Session.h"
#include "ui_LockPage.h"

LockPage::LockPage(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LockPage>())
    , m_session(session)
{
    m_ui->setupUi(this);
    m_ui->errorLabel->hide();
    connect(m_ui->unlockPushButton, &QPushButton::clicked, this, &LockPage::submit);
    connect(m_ui->unlockCodeLineEdit, &QLineEdit::returnPressed, this, &LockPage::submit);
    connect(m_ui->logoutPushButton, &QPushButton::clicked, this, &LockPage::logoutRequested);
}

LockPage::~LockPage() = default;

void LockPage::reset()
{
    setBusy(false);
    m_ui->unlockCodeLineEdit->clear();
    PageHelpers::showError(m_ui->errorLabel, QString());
    m_ui->messageLabel->setText(tr("Votre session est verrouillée après %1 d'inactivité. "
                                   "Entrez un nouveau code à 6 chiffres pour continuer.")
                                    .arg(PageHelpers::durationText(m_session->idleTimeoutSeconds())));
}

void LockPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_ui->unlockCodeLineEdit->setFocus();
}

void LockPage::submit()
{
    if (m_busy)
        return;
    const QString code = PageHelpers::normalizeCode(m_ui->unlockCodeLineEdit->text());
    if (!PageHelpers::isValidCode(code)) {
        PageHelpers::showError(m_ui->errorLabel, PageHelpers::invalidCodeMessage());
        m_ui->unlockCodeLineEdit->setFocus();
        m_ui->unlockCodeLineEdit->selectAll();
        return;
    }
    PageHelpers::showError(m_ui->errorLabel, QString());
    setBusy(true);
    m_session->unlock(code, this, [this](const Status &status) {
        setBusy(false);
        m_ui->unlockCodeLineEdit->clear();
        if (!status) {
            PageHelpers::showError(m_ui->errorLabel, status.error().message);
            m_ui->unlockCodeLineEdit->setFocus();
        }
    });
}

void LockPage::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->unlockCodeLineEdit->setReadOnly(busy);
    m_ui->unlockPushButton->setEnabled(!busy);
    m_ui->unlockPushButton->setText(busy ? tr("Vérification…") : tr("Déverrouiller"));
}
