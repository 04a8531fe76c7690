#include "MandatWizard.h"

#include "ApiClient.h"
#include "MandatPrinter.h"
#include "wizard/DemarchesPage.h"
#include "wizard/DonePage.h"
#include "wizard/DureePage.h"
#include "wizard/FranceConnectPage.h"
#include "wizard/RecapPage.h"
#include "wizard/WizardLogging.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDateTime>
#include <QFileDialog>
#include <QKeyEvent>

namespace {
const QString kPending = QStringLiteral("pending");
const QString kIdentified = QStringLiteral("identified");
} // namespace

MandatWizard::MandatWizard(ApiClient *api, const SessionInfo &session, QWidget *parent)
    : QWizard(parent)
    , m_api(api)
    , m_session(session)
{
    setObjectName(QStringLiteral("MandatWizard"));
    setWindowTitle(tr("Créer un mandat"));
    setWizardStyle(QWizard::ClassicStyle);
    setOptions(QWizard::NoBackButtonOnStartPage | QWizard::NoCancelButtonOnLastPage);
    // Our own French texts and mnemonics, whatever Qt's translations installed.
    setButtonText(QWizard::BackButton, tr("&Précédent"));
    setButtonText(QWizard::NextButton, tr("&Suivant"));
    setButtonText(QWizard::CancelButton, tr("A&bandonner"));
    setButtonText(QWizard::FinishButton, tr("&Terminer"));
    setButtonText(QWizard::CommitButton, tr("&Enregistrer le mandat"));
    const struct
    {
        QWizard::WizardButton which;
        QString name;
        QString description;
    } buttons[] = {
        { QWizard::BackButton, tr("Étape précédente"), QString() },
        { QWizard::NextButton, tr("Étape suivante"), QString() },
        { QWizard::CancelButton, tr("Abandonner la création du mandat"), tr("Rien n'est enregistré.") },
        { QWizard::FinishButton, tr("Terminer et revenir à l'accueil"), QString() },
        { QWizard::CommitButton, tr("Enregistrer le mandat"), tr("Signe le mandat avec votre code.") },
    };
    for (const auto &button : buttons) {
        QAbstractButton *widget = this->button(button.which);
        widget->setAccessibleName(button.name);
        widget->setAccessibleDescription(button.description);
    }

    m_demarchesPage = new DemarchesPage(this);
    m_dureePage = new DureePage(this);
    m_franceConnectPage = new FranceConnectPage(this);
    m_recapPage = new RecapPage(this);
    m_donePage = new DonePage(this);
    setPage(DemarchesPageId, m_demarchesPage);
    setPage(DureePageId, m_dureePage);
    setPage(FranceConnectPageId, m_franceConnectPage);
    setPage(RecapPageId, m_recapPage);
    setPage(DonePageId, m_donePage);
    setStartId(DemarchesPageId);
    setMinimumSize(760, 560);
}

MandatWizard::~MandatWizard()
{
    m_franceConnectPage->stopJourney();
}

void MandatWizard::setRenewal(const MandatInfo &mandat)
{
    m_renewedMandatId = mandat.id;
    setWindowTitle(tr("Renouveler un mandat"));
    m_demarchesPage->setSelectedDemarches(mandat.demarches);
}

void MandatWizard::requestDraft(const DraftRequest &request, QObject *context,
    std::function<void(const Result<MandatDraftInfo> &)> callback)
{
    if (isRenewal()) {
        m_api->createRenewalDraft(m_renewedMandatId, request.demarches, request.duration, request.remote,
            request.remoteConsentCertified, context, std::move(callback));
    } else {
        m_api->createMandatDraft(request.demarches, request.duration, request.remote,
            request.remoteConsentCertified, context, std::move(callback));
    }
}

QString MandatWizard::aidantName() const
{
    return QStringList { m_session.aidant.firstName, m_session.aidant.lastName }
        .join(QLatin1Char(' '))
        .trimmed();
}

MandatWizard::DraftRequest MandatWizard::currentRequest() const
{
    DraftRequest request;
    request.demarches = m_demarchesPage->selectedDemarches();
    request.duration = m_dureePage->duration();
    request.remote = m_dureePage->isRemote();
    request.remoteConsentCertified = m_dureePage->isRemoteConsentCertified();
    return request;
}

void MandatWizard::setDraft(const DraftRequest &request, const MandatDraftInfo &draft)
{
    m_draftRequest = request;
    m_draft = draft;
    m_draftStarted = false;
}

void MandatWizard::updateDraft(const MandatDraftInfo &draft)
{
    if (draft.id == m_draft.id)
        m_draft = draft;
}

bool MandatWizard::hasUsableDraftFor(const DraftRequest &request) const
{
    if (m_draft.id.isEmpty() || request != m_draftRequest)
        return false;
    return m_draft.state == kIdentified || (m_draft.state == kPending && !m_draftStarted);
}

MandatInfo MandatWizard::draftMandat() const
{
    MandatInfo mandat;
    if (const OrganisationInfo *current = organisation())
        mandat.organisation = *current;
    mandat.aidantId = m_session.aidant.id;
    mandat.aidantName = aidantName();
    mandat.usager = m_draft.usager;
    mandat.demarches = m_draft.demarches;
    mandat.duration = m_draft.duration;
    mandat.remote = m_draft.remote;
    mandat.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    const MandatDuration *duration = MandatDurations::find(m_draft.duration);
    mandat.expiresAtMs = mandat.createdAtMs + qint64(duration ? duration->days : 0) * 24 * 3600 * 1000;
    mandat.templateVersion = Attestation::kTemplateVersion;
    return mandat;
}

void MandatWizard::preview(const QTextDocument &document, QWidget *parent) const
{
    if (m_previewHandler)
        m_previewHandler(document, parent);
    else
        MandatPrinter::preview(document, parent);
}

QString MandatWizard::askSaveFileName(QWidget *parent, const QString &suggestedPath) const
{
    if (m_saveFileNameHandler)
        return m_saveFileNameHandler(parent, suggestedPath);
    return QFileDialog::getSaveFileName(
        parent, tr("Enregistrer le mandat en PDF"), suggestedPath, tr("Documents PDF (*.pdf)"));
}

void MandatWizard::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Cancel)
        && (currentId() == FranceConnectPageId || currentId() == RecapPageId)) {
        event->accept();
        return;
    }
    QWizard::keyPressEvent(event);
}

void MandatWizard::showEvent(QShowEvent *event)
{
    QWizard::showEvent(event);
    QWizardPage *page = currentPage();
    const QWidget *focus = QApplication::focusWidget();
    if (!page || (focus && isAncestorOf(focus)))
        return;
    // The page's first widget reachable with Tab (focusWidget() is the one it had last, if any).
    QWidget *target = page->focusWidget();
    for (QWidget *candidate = page->nextInFocusChain(); !target && candidate != page;
         candidate = candidate->nextInFocusChain()) {
        if ((candidate->focusPolicy() & Qt::TabFocus) && candidate->isVisibleTo(page)
            && candidate->isEnabled() && page->isAncestorOf(candidate))
            target = candidate;
    }
    if (target)
        target->setFocus(Qt::OtherFocusReason);
}

void MandatWizard::done(int result)
{
    // Whatever the way out (Terminer, Abandonner, Échap), the usager's browser goes now.
    m_franceConnectPage->stopJourney();
    qCInfo(lcUiMandat) << (m_mandat.id ? "wizard closed after saving a mandat"
                                       : "wizard closed without a mandat");
    QWizard::done(result);
}
