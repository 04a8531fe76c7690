#include "FirstLoginDialog.h"

#include "ApiClient.h"
#include "OtpAppWidget.h"
#include "PageHelpers.h"
#include "ReferentLogging.h"
#include "Session.h"
#include "Validation.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QVBoxLayout>

FirstLoginDialog::FirstLoginDialog(Session *session, const QString &email, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("FirstLoginDialog"));
    setWindowTitle(tr("Première connexion"));
    setAttribute(Qt::WA_DeleteOnClose);
    setMinimumWidth(720);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Activer l'application"), this);
    title->setObjectName(QStringLiteral("titleLabel"));
    title->setProperty("role", QStringLiteral("title"));
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Référent sans carte ni application ? Recevez un code par e-mail, puis "
                                "activez une application d'authentification sur votre téléphone : elle "
                                "vous donnera vos codes de connexion."),
        this);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_steps = new QStackedWidget(this);
    m_steps->setObjectName(QStringLiteral("stepsStackedWidget"));
    layout->addWidget(m_steps);

    // 1. The email.
    auto *emailStep = new QWidget(m_steps);
    emailStep->setObjectName(QStringLiteral("emailStep"));
    auto *emailLayout = new QVBoxLayout(emailStep);
    emailLayout->setContentsMargins(0, 0, 0, 0);
    auto *emailLabel = new QLabel(tr("Votre adresse &email :"), emailStep);
    emailLayout->addWidget(emailLabel);
    m_emailEdit = new QLineEdit(email, emailStep);
    m_emailEdit->setObjectName(QStringLiteral("firstLoginEmailLineEdit"));
    m_emailEdit->setAccessibleName(tr("Votre adresse email"));
    m_emailEdit->setPlaceholderText(tr("votre@email.fr"));
    m_emailEdit->setMaxLength(254);
    emailLabel->setBuddy(m_emailEdit);
    emailLayout->addWidget(m_emailEdit);
    m_requestButton = new QPushButton(tr("Recevoir un code par e-mail"), emailStep);
    m_requestButton->setObjectName(QStringLiteral("requestCodePushButton"));
    m_requestButton->setAccessibleName(tr("Recevoir un code par e-mail"));
    m_requestButton->setProperty("role", QStringLiteral("primary"));
    emailLayout->addWidget(m_requestButton);
    emailLayout->addStretch();
    m_steps->addWidget(emailStep);
    connect(m_requestButton, &QPushButton::clicked, this, &FirstLoginDialog::requestCode);
    connect(m_emailEdit, &QLineEdit::returnPressed, this, &FirstLoginDialog::requestCode);

    // 2. The emailed code.
    auto *codeStep = new QWidget(m_steps);
    codeStep->setObjectName(QStringLiteral("emailCodeStep"));
    auto *codeLayout = new QVBoxLayout(codeStep);
    codeLayout->setContentsMargins(0, 0, 0, 0);
    m_sentLabel = new QLabel(codeStep);
    m_sentLabel->setObjectName(QStringLiteral("sentLabel"));
    m_sentLabel->setWordWrap(true);
    codeLayout->addWidget(m_sentLabel);
    auto *emailCodeLabel = new QLabel(tr("&Code à 8 chiffres reçu par e-mail :"), codeStep);
    codeLayout->addWidget(emailCodeLabel);
    m_emailCodeEdit = new QLineEdit(codeStep);
    m_emailCodeEdit->setObjectName(QStringLiteral("emailCodeLineEdit"));
    m_emailCodeEdit->setAccessibleName(tr("Code à 8 chiffres reçu par e-mail"));
    m_emailCodeEdit->setMaxLength(16);
    m_emailCodeEdit->setInputMethodHints(Qt::ImhDigitsOnly);
    emailCodeLabel->setBuddy(m_emailCodeEdit);
    codeLayout->addWidget(m_emailCodeEdit);
    m_startButton = new QPushButton(tr("Continuer"), codeStep);
    m_startButton->setObjectName(QStringLiteral("startEnrolmentPushButton"));
    m_startButton->setAccessibleName(tr("Continuer vers l'activation de l'application"));
    m_startButton->setProperty("role", QStringLiteral("primary"));
    codeLayout->addWidget(m_startButton);
    codeLayout->addStretch();
    m_steps->addWidget(codeStep);
    connect(m_startButton, &QPushButton::clicked, this, &FirstLoginDialog::startEnrolment);
    connect(m_emailCodeEdit, &QLineEdit::returnPressed, this, &FirstLoginDialog::startEnrolment);

    // 3. The app: QR code, URI, first code.
    m_app = new OtpAppWidget(m_steps);
    m_steps->addWidget(m_app);
    connect(m_app, &OtpAppWidget::codeSubmitted, this, &FirstLoginDialog::confirm);

    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelPushButton"));
    cancel->setText(tr("Annuler"));
    cancel->setAccessibleName(tr("Annuler la première connexion"));
    cancel->setAutoDefault(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_emailEdit->setFocus();
}

FirstLoginDialog::~FirstLoginDialog() = default;

void FirstLoginDialog::showError(const QString &message)
{
    PageHelpers::showError(m_errorLabel, message);
}

void FirstLoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_requestButton->setEnabled(!busy);
    m_startButton->setEnabled(!busy);
    m_app->setBusy(busy);
}

void FirstLoginDialog::requestCode()
{
    if (m_busy)
        return;
    const QString email = Validation::normalizeEmail(m_emailEdit->text());
    if (!Validation::isValidEmail(email)) {
        showError(tr("L'adresse email n'est pas valide. Exemple : votre@email.fr"));
        m_emailEdit->setFocus();
        return;
    }
    showError(QString());
    setBusy(true);
    qCInfo(lcUiReferent) << "first login: email code requested";
    m_session->api()->requestFirstLoginCode(email, this, [this, email](const Status &status) {
        setBusy(false);
        if (!status) {
            showError(status.error().message);
            return;
        }
        m_email = email;
        m_sentLabel->setText(tr("Si %1 est l'adresse d'un référent sans carte ni application, un code à 8 "
                                "chiffres vient d'y être envoyé. Il est valable 15 minutes.")
                                 .arg(email));
        m_steps->setCurrentIndex(1);
        m_emailCodeEdit->setFocus();
    });
}

void FirstLoginDialog::startEnrolment()
{
    if (m_busy)
        return;
    QString code = m_emailCodeEdit->text();
    code.remove(QLatin1Char(' '));
    static const QRegularExpression eightDigits(QStringLiteral("^[0-9]{8}$"));
    if (!eightDigits.match(code).hasMatch()) {
        showError(tr("Le code reçu par e-mail comporte exactement 8 chiffres."));
        m_emailCodeEdit->setFocus();
        m_emailCodeEdit->selectAll();
        return;
    }
    showError(QString());
    setBusy(true);
    qCInfo(lcUiReferent) << "first login: enrolment requested";
    m_session->api()->startFirstLogin(m_email, code, this, [this](const Result<FirstLoginEnrolment> &result) {
        setBusy(false);
        m_emailCodeEdit->clear();
        if (!result) {
            showError(result.error().message);
            m_emailCodeEdit->setFocus();
            return;
        }
        m_enrolmentToken = result.value().enrolmentToken;
        m_app->setUri(result.value().otpauthUri);
        m_steps->setCurrentWidget(m_app);
        m_app->codeLineEdit()->setFocus();
    });
}

void FirstLoginDialog::confirm(const QString &code)
{
    if (m_busy)
        return;
    showError(QString());
    setBusy(true);
    qCInfo(lcUiReferent) << "first login: app confirmation requested";
    m_session->confirmFirstLogin(m_email, m_enrolmentToken, code, this, [this](const Status &status) {
        setBusy(false);
        if (!status) {
            m_app->showError(status.error().message);
            return;
        }
        m_enrolmentToken.clear();
        m_app->forget();
        accept();
    });
}
