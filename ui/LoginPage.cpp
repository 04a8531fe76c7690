#include "LoginPage.h"

#include "PageHelpers.h"
#include "Session.h"
#include "UiLogging.h"
#include "Validation.h"
#include "referent/FirstLoginDialog.h"
#include "ui_LoginPage.h"

LoginPage::LoginPage(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LoginPage>())
    , m_session(session)
{
    m_ui->setupUi(this);
    m_ui->errorLabel->hide();
    connect(m_ui->validatePushButton, &QPushButton::clicked, this, &LoginPage::submit);
    connect(m_ui->emailLineEdit, &QLineEdit::returnPressed, this, &LoginPage::submit);
    connect(m_ui->codeLineEdit, &QLineEdit::returnPressed, this, &LoginPage::submit);
    connect(m_ui->helpPushButton, &QPushButton::clicked, this, &LoginPage::helpRequested);
    connect(m_ui->settingsPushButton, &QPushButton::clicked, this, &LoginPage::settingsRequested);
    connect(m_ui->firstLoginPushButton, &QPushButton::clicked, this, &LoginPage::openFirstLogin);
}

LoginPage::~LoginPage() = default;

FirstLoginDialog *LoginPage::firstLoginDialog() const
{
    return m_firstLogin;
}

void LoginPage::openFirstLogin()
{
    if (m_firstLogin)
        m_firstLogin->reject();
    auto *dialog
        = new FirstLoginDialog(m_session, Validation::normalizeEmail(m_ui->emailLineEdit->text()), this);
    m_firstLogin = dialog;
    dialog->open();
}

void LoginPage::reset(const QString &message)
{
    if (m_firstLogin)
        m_firstLogin->reject();
    setBusy(false);
    m_ui->codeLineEdit->clear();
    PageHelpers::showError(m_ui->errorLabel, message);
}

void LoginPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_ui->emailLineEdit->text().isEmpty())
        m_ui->emailLineEdit->setFocus();
    else
        m_ui->codeLineEdit->setFocus();
}

void LoginPage::submit()
{
    if (m_busy)
        return;
    const QString email = Validation::normalizeEmail(m_ui->emailLineEdit->text());
    const QString code = PageHelpers::normalizeCode(m_ui->codeLineEdit->text());
    if (email.isEmpty()) {
        PageHelpers::showError(m_ui->errorLabel, tr("Saisissez votre adresse email."));
        m_ui->emailLineEdit->setFocus();
        return;
    }
    if (!Validation::isValidEmail(email)) {
        PageHelpers::showError(
            m_ui->errorLabel, tr("L'adresse email n'est pas valide. Exemple : votre@email.fr"));
        m_ui->emailLineEdit->setFocus();
        return;
    }
    if (!PageHelpers::isValidCode(code)) {
        PageHelpers::showError(m_ui->errorLabel, PageHelpers::invalidCodeMessage());
        m_ui->codeLineEdit->setFocus();
        m_ui->codeLineEdit->selectAll();
        return;
    }

    PageHelpers::showError(m_ui->errorLabel, QString());
    setBusy(true);
    qCInfo(lcUiLogin) << "login requested";
    m_session->login(email, code, this, [this](const Status &status) {
        setBusy(false);
        m_ui->codeLineEdit->clear();
        if (!status) {
            PageHelpers::showError(m_ui->errorLabel, status.error().message);
            m_ui->codeLineEdit->setFocus();
        }
    });
}

void LoginPage::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->emailLineEdit->setReadOnly(busy);
    m_ui->codeLineEdit->setReadOnly(busy);
    m_ui->validatePushButton->setEnabled(!busy);
    m_ui->validatePushButton->setText(busy ? tr("Connexion en cours…") : tr("Valider"));
    m_ui->settingsPushButton->setEnabled(!busy);
    m_ui->firstLoginPushButton->setEnabled(!busy);
}
