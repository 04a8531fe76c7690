#include "DureePage.h"

#include "ApiClient.h"
#include "Mandat.h"
#include "MandatWizard.h"
#include "PageHelpers.h"
#include "WizardLogging.h"
#include "WrappingCheckBox.h"

#include <QAbstractButton>
#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QGroupBox>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

DureePage::DureePage(MandatWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_durationGroup(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("DureePage"));
    setTitle(tr("Étape 2 : Choisissez la durée du mandat"));
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    auto *durationGroupBox = new QGroupBox(tr("Durée du mandat"), this);
    durationGroupBox->setObjectName(QStringLiteral("durationGroupBox"));
    auto *durationLayout = new QVBoxLayout(durationGroupBox);
    for (const MandatDuration &duration : MandatDurations::all()) {
        auto *radio = new QRadioButton(duration.label, durationGroupBox);
        radio->setObjectName(duration.keyword.toLower() + QStringLiteral("RadioButton"));
        radio->setProperty("duration", duration.keyword);
        radio->setAccessibleName(duration.label);
        durationLayout->addWidget(radio);
        m_durationGroup->addButton(radio);
    }
    layout->addWidget(durationGroupBox);
    connect(m_durationGroup, &QButtonGroup::buttonToggled, this, &DureePage::completeChanged);

    m_remoteCheckBox = new QCheckBox(
        tr("La signature du mandat se fait-elle à &distance ? Si oui, cochez cette case"), this);
    m_remoteCheckBox->setObjectName(QStringLiteral("remoteCheckBox"));
    m_remoteCheckBox->setAccessibleName(tr("Signature du mandat à distance"));
    m_remoteCheckBox->setAccessibleDescription(
        tr("Cochez cette case si l'usager n'est pas présent au guichet pour signer le mandat."));
    layout->addWidget(m_remoteCheckBox);

    m_remoteConsentCheckBox = new WrappingCheckBox(this);
    m_remoteConsentCheckBox->setObjectName(QStringLiteral("remoteConsentCheckBox"));
    const QString certification
        = tr("J'atteste avoir obtenu et conservé le consentement écrit de l'usager (capture d'écran "
             "d'email, SMS…) pour conclure ce mandat à distance.");
    m_remoteConsentCheckBox->setStatement(certification.toHtmlEscaped(), certification);
    m_remoteConsentCheckBox->setAccessibleDescription(tr("Obligatoire pour un mandat signé à distance."));
    m_remoteConsentCheckBox->hide();
    layout->addWidget(m_remoteConsentCheckBox);
    connect(m_remoteCheckBox, &QCheckBox::toggled, this, &DureePage::updateRemote);
    connect(m_remoteConsentCheckBox, &QCheckBox::toggled, this, &DureePage::completeChanged);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setProperty("role", QStringLiteral("hint"));
    m_statusLabel->hide();
    layout->addWidget(m_statusLabel);
    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    layout->addStretch();
}

DureePage::~DureePage() = default;

QString DureePage::duration() const
{
    const QAbstractButton *checked = m_durationGroup->checkedButton();
    return checked ? checked->property("duration").toString() : QString();
}

bool DureePage::isRemote() const
{
    return m_remoteCheckBox->isChecked();
}

bool DureePage::isRemoteConsentCertified() const
{
    return isRemote() && m_remoteConsentCheckBox->isChecked();
}

bool DureePage::isComplete() const
{
    return !m_busy && !duration().isEmpty() && (!isRemote() || isRemoteConsentCertified());
}

void DureePage::updateRemote()
{
    const bool remote = m_remoteCheckBox->isChecked();
    if (!remote)
        m_remoteConsentCheckBox->setChecked(false);
    m_remoteConsentCheckBox->setVisible(remote);
    emit completeChanged();
}

bool DureePage::validatePage()
{
    if (m_busy || !isComplete())
        return false;
    const MandatWizard::DraftRequest request = m_wizard->currentRequest();
    if (m_wizard->hasUsableDraftFor(request))
        return true;

    PageHelpers::showError(m_errorLabel, QString());
    setBusy(true);
    qCInfo(lcUiMandat) << "creating a mandat draft:" << request.demarches.size() << "démarche(s),"
                       << request.duration << (request.remote ? "remote" : "at the counter");
    m_wizard->requestDraft(request, this, [this, request](const Result<MandatDraftInfo> &result) {
        setBusy(false);
        if (!result) {
            qCInfo(lcUiMandat) << "draft creation failed:" << result.error().code;
            PageHelpers::showError(m_errorLabel, result.error().message);
            return;
        }
        m_wizard->setDraft(request, result.value());
        // Moves on only if the aidant is still here with the same choices.
        if (m_wizard->currentPage() == this && m_wizard->currentRequest() == request)
            m_wizard->next();
    });
    return false;
}

int DureePage::nextId() const
{
    // A renewal keeps the usager: no FranceConnect step.
    return m_wizard->isRenewal() ? MandatWizard::RecapPageId : MandatWizard::FranceConnectPageId;
}

void DureePage::setBusy(bool busy)
{
    if (busy && !m_busy)
        m_focusBeforeBusy = QApplication::focusWidget();
    m_busy = busy;
    // The choices cannot change under a request in flight.
    for (QAbstractButton *button : m_durationGroup->buttons())
        button->setEnabled(!busy);
    m_remoteCheckBox->setEnabled(!busy);
    m_remoteConsentCheckBox->setEnabled(!busy);
    m_statusLabel->setText(busy ? tr("Préparation…") : QString());
    m_statusLabel->setVisible(busy);
    emit completeChanged();
    if (QAbstractButton *back = m_wizard->button(QWizard::BackButton); back && busy)
        back->setEnabled(false);
    if (!busy && m_focusBeforeBusy && m_focusBeforeBusy->isEnabled() && m_focusBeforeBusy->isVisible())
        m_focusBeforeBusy->setFocus();
}
