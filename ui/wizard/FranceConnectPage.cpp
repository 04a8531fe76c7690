#include "FranceConnectPage.h"

#include "ApiClient.h"
#include "FranceConnectView.h"
#include "MandatWizard.h"
#include "PageHelpers.h"
#include "WizardLogging.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
const QString kIdentified = QStringLiteral("identified");
const QString kFailed = QStringLiteral("failed");
const QString kExpired = QStringLiteral("expired");
} // namespace

FranceConnectPage::FranceConnectPage(MandatWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setObjectName(QStringLiteral("FranceConnectPage"));
    setTitle(tr("Étape 3 : Connectez l'usager à FranceConnect"));
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(8);

    auto *explanationLabel = new QLabel(
        tr("Prérequis : l'usager a déjà un compte sur un des fournisseurs d'identité proposés "
           "(impots.gouv.fr, ameli.fr, L'Identité Numérique La Poste, MSA, Alicem…). "
           "<b>Cliquez sur le fournisseur d'identité auprès duquel l'usager va s'identifier</b>, "
           "puis laissez l'usager saisir lui-même son identifiant et son mot de passe."),
        this);
    explanationLabel->setObjectName(QStringLiteral("explanationLabel"));
    explanationLabel->setTextFormat(Qt::RichText);
    explanationLabel->setWordWrap(true);
    layout->addWidget(explanationLabel);

    auto *statusLayout = new QHBoxLayout;
    auto *messagesLayout = new QVBoxLayout;
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setProperty("role", QStringLiteral("hint"));
    m_statusLabel->setWordWrap(true);
    messagesLayout->addWidget(m_statusLabel);
    m_errorLabel = PageHelpers::addErrorLabel(this, messagesLayout);
    statusLayout->addLayout(messagesLayout, 1);
    m_retryButton = new QPushButton(tr("&Réessayer"), this);
    m_retryButton->setObjectName(QStringLiteral("retryPushButton"));
    m_retryButton->setAccessibleName(tr("Réessayer la connexion FranceConnect"));
    m_retryButton->hide();
    statusLayout->addWidget(m_retryButton, 0, Qt::AlignTop);
    m_cancelButton = new QPushButton(tr("&Annuler"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelJourneyPushButton"));
    m_cancelButton->setAccessibleName(tr("Annuler la connexion FranceConnect"));
    m_cancelButton->hide();
    statusLayout->addWidget(m_cancelButton, 0, Qt::AlignTop);
    layout->addLayout(statusLayout);

    m_viewContainer = new QWidget(this);
    m_viewContainer->setObjectName(QStringLiteral("viewContainer"));
    m_viewContainer->setMinimumHeight(360);
    m_viewLayout = new QVBoxLayout(m_viewContainer);
    m_viewLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_viewContainer, 1);

    connect(m_retryButton, &QPushButton::clicked, this, &FranceConnectPage::retry);
    connect(m_cancelButton, &QPushButton::clicked, this, &FranceConnectPage::cancelJourney);
}

FranceConnectPage::~FranceConnectPage()
{
    stopJourney();
}

bool FranceConnectPage::isComplete() const
{
    return m_wizard->draft().state == kIdentified;
}

void FranceConnectPage::initializePage()
{
    m_checkFailed = false;
    if (m_wizard->draft().state == kIdentified) {
        // Back and forth without changing anything: the usager is still identified.
        setState(
            State::Identified, tr("L'usager est identifié : %1.").arg(m_wizard->draft().usager.fullName()));
        return;
    }
    startJourney();
}

void FranceConnectPage::cleanupPage()
{
    stopJourney();
    setState(State::Idle);
}

void FranceConnectPage::stopJourney()
{
    if (!m_view)
        return;
    qCInfo(lcUiFranceConnect) << "journey browser destroyed";
    FranceConnectView *view = m_view;
    m_view = nullptr;
    view->disconnect(this);
    view->hide();
    m_viewLayout->removeWidget(view);
    // Later, not now: this may run from one of the view's own signals.
    view->deleteLater();
}

void FranceConnectPage::startJourney()
{
    stopJourney();
    m_checkFailed = false;
    const MandatDraftInfo &draft = m_wizard->draft();
    const QUrl startUrl = m_wizard->api()->baseUrl().resolved(QUrl(draft.startUrl));
    if (draft.id.isEmpty() || draft.startUrl.isEmpty() || !startUrl.isValid()) {
        setState(
            State::Failed, QString(), tr("Le serveur n'a pas fourni l'adresse de connexion FranceConnect."));
        return;
    }
    auto *view = new FranceConnectView(m_wizard->api()->baseUrl(), m_viewContainer);
    view->journeyPage()->setExtraCaCertificates(m_wizard->api()->extraCaCertificates());
    m_view = view;
    m_viewLayout->addWidget(view);
    connect(view, &FranceConnectView::finished, this, &FranceConnectPage::onJourneyFinished);
    connect(view, &FranceConnectView::loadFailed, this, [this](const QString &message) {
        if (m_state == State::Browsing) {
            PageHelpers::showError(m_errorLabel, message);
            m_retryButton->show();
        }
    });
    connect(view, &FranceConnectView::loadSucceeded, this, [this] {
        if (m_state == State::Browsing && !m_retryButton->isHidden()) {
            PageHelpers::showError(m_errorLabel, QString());
            m_retryButton->hide();
        }
    });
    m_wizard->markDraftStarted();
    setState(State::Browsing, tr("L'usager se connecte à FranceConnect…"));
    view->start(startUrl);
    view->setFocus();
}

void FranceConnectPage::onJourneyFinished(const QString &draftId)
{
    if (m_state != State::Browsing)
        return;
    if (!draftId.isEmpty() && draftId != m_wizard->draft().id)
        qCWarning(lcUiFranceConnect) << "the journey ended for another draft; checking the current one";
    stopJourney();
    checkDraft();
}

void FranceConnectPage::checkDraft()
{
    setState(State::Checking, tr("Vérification de l'identification de l'usager…"));
    m_wizard->api()->mandatDraft(m_wizard->draft().id, this, [this](const Result<MandatDraftInfo> &result) {
        if (m_state != State::Checking)
            return;
        if (!result) {
            m_checkFailed = true;
            setState(State::Failed, QString(), result.error().message);
            return;
        }
        m_checkFailed = false;
        const MandatDraftInfo &draft = result.value();
        qCInfo(lcUiFranceConnect) << "draft state after the journey:" << draft.state;
        m_wizard->updateDraft(draft);
        if (draft.state == kIdentified) {
            setState(State::Identified, tr("L'usager est identifié : %1.").arg(draft.usager.fullName()));
            if (m_wizard->currentPage() == this)
                m_wizard->next();
        } else if (draft.state == kExpired) {
            setState(State::Failed, QString(),
                tr("Le délai pour identifier l'usager est dépassé. Cliquez sur « Réessayer » pour "
                   "recommencer."));
        } else {
            const QString message = draft.state == kFailed && !draft.failureMessage.isEmpty()
                ? draft.failureMessage
                : tr("L'usager n'a pas pu être identifié par FranceConnect.");
            setState(State::Failed, QString(), message + QLatin1Char(' ') + tr("Vous pouvez réessayer."));
        }
    });
}

void FranceConnectPage::retry()
{
    if (m_checkFailed) {
        checkDraft();
        return;
    }
    stopJourney();
    // A new draft for the same choices: a failed or expired one cannot be reused.
    const MandatWizard::DraftRequest request = m_wizard->draftRequest();
    setState(State::Preparing, tr("Préparation…"));
    m_wizard->api()->createMandatDraft(request.demarches, request.duration, request.remote,
        request.remoteConsentCertified, this, [this, request](const Result<MandatDraftInfo> &result) {
            if (m_state != State::Preparing)
                return;
            if (!result) {
                setState(State::Failed, QString(), result.error().message);
                return;
            }
            m_wizard->setDraft(request, result.value());
            startJourney();
        });
}

void FranceConnectPage::cancelJourney()
{
    if (m_state != State::Browsing)
        return;
    stopJourney();
    setState(State::Cancelled,
        tr("Connexion FranceConnect annulée. Cliquez sur « Réessayer » pour recommencer, ou sur "
           "« Précédent » pour modifier le mandat."));
    m_retryButton->setFocus();
}

void FranceConnectPage::setState(State state, const QString &status, const QString &error)
{
    m_state = state;
    m_statusLabel->setText(status);
    m_statusLabel->setVisible(!status.isEmpty());
    PageHelpers::showError(m_errorLabel, error);
    m_retryButton->setVisible(state == State::Failed || state == State::Cancelled);
    m_cancelButton->setVisible(state == State::Browsing);
    if (state == State::Failed)
        m_retryButton->setFocus();
    emit completeChanged();
}
