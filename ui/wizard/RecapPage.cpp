#include "RecapPage.h"

#include "ApiClient.h"
#include "Demarches.h"
#include "Mandat.h"
#include "MandatDocument.h"
#include "MandatPrinter.h"
#include "MandatWizard.h"
#include "PageHelpers.h"
#include "WizardLogging.h"
#include "WrappingCheckBox.h"

#include <QAbstractButton>
#include <QApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTextDocument>
#include <QVBoxLayout>

namespace {

const QString kInvalidCode = QStringLiteral("invalid_code");

QLabel *wrappedLabel(QWidget *parent, const char *objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

QString bold(const QString &text)
{
    return QStringLiteral("<b>") + text.toHtmlEscaped() + QStringLiteral("</b>");
}

} // namespace

RecapPage::RecapPage(MandatWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setObjectName(QStringLiteral("RecapPage"));
    setTitle(tr("Récapitulatif du mandat"));
    // After the signature, there is no going back: the mandat exists.
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Enregistrer le mandat"));

    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("recapContent"));
    auto *layout = new QVBoxLayout(content);
    layout->setSpacing(8);

    auto *elementsLayout = new QHBoxLayout;
    auto *elementsLabel = new QLabel(tr("Éléments du mandat"), content);
    elementsLabel->setObjectName(QStringLiteral("elementsLabel"));
    elementsLabel->setProperty("role", QStringLiteral("subtitle"));
    elementsLayout->addWidget(elementsLabel, 1);
    m_previewButton = new QPushButton(tr("&Voir le projet de mandat"), content);
    m_previewButton->setObjectName(QStringLiteral("previewPushButton"));
    m_previewButton->setAccessibleName(tr("Voir le projet de mandat"));
    m_previewButton->setAccessibleDescription(tr("Aperçu du mandat avant signature, sans valeur juridique."));
    elementsLayout->addWidget(m_previewButton);
    layout->addLayout(elementsLayout);

    m_summaryLabel = wrappedLabel(content, "summaryLabel");
    layout->addWidget(m_summaryLabel);
    m_demarchesLabel = wrappedLabel(content, "demarchesLabel");
    layout->addWidget(m_demarchesLabel);
    m_durationLabel = wrappedLabel(content, "durationLabel");
    layout->addWidget(m_durationLabel);
    m_remoteLabel = wrappedLabel(content, "remoteLabel");
    layout->addWidget(m_remoteLabel);
    m_argentWarningLabel = wrappedLabel(content, "argentWarningLabel");
    m_argentWarningLabel->setTextFormat(Qt::PlainText);
    m_argentWarningLabel->setProperty("role", QStringLiteral("error"));
    m_argentWarningLabel->setText(
        tr("Attention : la déclaration de surendettement doit être signée personnellement par le "
           "demandeur. L'aidant ne peut pas la signer à sa place (Code de la consommation, articles "
           "R. 721-2 et R. 761-1)."));
    layout->addWidget(m_argentWarningLabel);

    auto *usagerGroupBox = new QGroupBox(tr("Validation de l'usager"), content);
    usagerGroupBox->setObjectName(QStringLiteral("usagerValidationGroupBox"));
    auto *usagerLayout = new QVBoxLayout(usagerGroupBox);
    m_consentIntroLabel = wrappedLabel(usagerGroupBox, "consentIntroLabel");
    usagerLayout->addWidget(m_consentIntroLabel);
    m_informationCheckBox = new WrappingCheckBox(usagerGroupBox);
    m_informationCheckBox->setObjectName(QStringLiteral("informationCheckBox"));
    usagerLayout->addWidget(m_informationCheckBox);
    m_remoteConsentCheckBox = new WrappingCheckBox(usagerGroupBox);
    m_remoteConsentCheckBox->setObjectName(QStringLiteral("remoteConsentCheckBox"));
    usagerLayout->addWidget(m_remoteConsentCheckBox);
    layout->addWidget(usagerGroupBox);

    auto *aidantGroupBox = new QGroupBox(tr("Validation de l'aidant"), content);
    aidantGroupBox->setObjectName(QStringLiteral("aidantValidationGroupBox"));
    auto *aidantLayout = new QVBoxLayout(aidantGroupBox);
    auto *codeLabel = new QLabel(
        tr("Entrez le &code à 6 chiffres généré par votre téléphone ou votre carte OTP :"), aidantGroupBox);
    codeLabel->setObjectName(QStringLiteral("codeLabel"));
    codeLabel->setWordWrap(true);
    aidantLayout->addWidget(codeLabel);
    m_codeLineEdit = new QLineEdit(aidantGroupBox);
    m_codeLineEdit->setObjectName(QStringLiteral("codeLineEdit"));
    m_codeLineEdit->setMaxLength(16);
    m_codeLineEdit->setInputMethodHints(Qt::ImhDigitsOnly);
    m_codeLineEdit->setAccessibleName(tr("Code à 6 chiffres"));
    m_codeLineEdit->setAccessibleDescription(
        tr("Appuyez sur le bouton de votre carte OTP pour afficher un nouveau code."));
    codeLabel->setBuddy(m_codeLineEdit);
    aidantLayout->addWidget(m_codeLineEdit);
    layout->addWidget(aidantGroupBox);

    m_errorLabel = PageHelpers::addErrorLabel(content, layout);
    layout->addStretch();

    PageHelpers::setScrollingContent(this, content, QStringLiteral("recapScrollArea"));

    setConsentStatements(tr("l'usager"));
    connect(m_previewButton, &QPushButton::clicked, this, &RecapPage::showDraftPreview);
    for (WrappingCheckBox *checkBox : { m_informationCheckBox, m_remoteConsentCheckBox }) {
        connect(checkBox, &QCheckBox::toggled, this, [this](bool checked) {
            if (checked)
                PageHelpers::showError(m_errorLabel, QString());
        });
    }
}

RecapPage::~RecapPage() = default;

void RecapPage::setConsentStatements(const QString &usager)
{
    const QString information
        = tr("Avoir communiqué à %1 les informations concernant l'objet de l'intervention, la raison pour "
             "laquelle ses informations sont collectées et leur utilité ; les droits sur ses données (accès, "
             "rectification, suppression...)");
    m_informationCheckBox->setStatement(information.arg(bold(usager)), information.arg(usager));
    const QString remoteConsent
        = tr("Avoir obtenu et conservé un consentement écrit (capture d'écran d'email, SMS...) de la part de "
             "%1 pour conclure le mandat Aidant Connect à distance et utiliser ses données à caractère "
             "personnel.");
    m_remoteConsentCheckBox->setStatement(remoteConsent.arg(bold(usager)), remoteConsent.arg(usager));
}

void RecapPage::initializePage()
{
    const MandatDraftInfo &draft = m_wizard->draft();
    const QString usager = draft.usager.fullName();
    const OrganisationInfo *organisation = m_wizard->organisation();
    const QString organisationName = organisation ? organisation->name : QString();

    m_summaryLabel->setText(
        tr("%1 autorise %2 à réaliser à sa place les démarches administratives suivantes :")
            .arg(bold(usager), bold(organisationName)));
    QString demarches = QStringLiteral("<ul>");
    for (const QString &code : draft.demarches) {
        const Demarche *demarche = Demarches::find(code);
        if (!demarche)
            continue;
        demarches += QStringLiteral("<li>") + bold(demarche->title.toUpper()) + QStringLiteral(" : ")
            + demarche->description.toHtmlEscaped() + QStringLiteral("</li>");
    }
    m_demarchesLabel->setText(demarches + QStringLiteral("</ul>"));
    const MandatDuration *duration = MandatDurations::find(draft.duration);
    m_durationLabel->setText(
        bold(tr("pour une durée de %1.").arg(duration ? duration->printed : draft.duration)));
    m_remoteLabel->setText(tr("Mandat réalisé à distance"));
    m_remoteLabel->setVisible(draft.remote);
    m_argentWarningLabel->setVisible(draft.demarches.contains(QStringLiteral("argent")));

    m_consentIntroLabel->setText(tr("En cochant les cases, %1 confirme :").arg(bold(m_wizard->aidantName())));
    setConsentStatements(usager);
    m_informationCheckBox->setChecked(false);
    m_remoteConsentCheckBox->setChecked(false);
    m_remoteConsentCheckBox->setVisible(draft.remote);

    m_codeLineEdit->clear();
    PageHelpers::showError(m_errorLabel, QString());
    m_signed = false;
    setBusy(false);
    m_informationCheckBox->setFocus();
}

bool RecapPage::isComplete() const
{
    return !m_busy;
}

bool RecapPage::validatePage()
{
    if (m_signed)
        return true;
    if (m_busy)
        return false;
    const MandatDraftInfo &draft = m_wizard->draft();
    if (!m_informationCheckBox->isChecked()) {
        PageHelpers::showError(m_errorLabel,
            tr("Cochez la case confirmant que vous avez informé l'usager avant d'enregistrer le mandat."));
        m_informationCheckBox->setFocus();
        return false;
    }
    if (draft.remote && !m_remoteConsentCheckBox->isChecked()) {
        PageHelpers::showError(m_errorLabel,
            tr("Cochez la case confirmant le consentement écrit de l'usager pour un mandat à distance."));
        m_remoteConsentCheckBox->setFocus();
        return false;
    }
    const QString code = PageHelpers::normalizeCode(m_codeLineEdit->text());
    if (!PageHelpers::isValidCode(code)) {
        PageHelpers::showError(m_errorLabel, PageHelpers::invalidCodeMessage());
        m_codeLineEdit->setFocus();
        m_codeLineEdit->selectAll();
        return false;
    }

    PageHelpers::showError(m_errorLabel, QString());
    setBusy(true);
    qCInfo(lcUiMandat) << "signing the mandat draft";
    m_wizard->api()->signMandatDraft(draft.id, code, m_informationCheckBox->isChecked(),
        draft.remote && m_remoteConsentCheckBox->isChecked(), this, [this](const Result<MandatInfo> &result) {
            setBusy(false);
            if (!result) {
                qCInfo(lcUiMandat) << "signature refused:" << result.error().code;
                PageHelpers::showError(m_errorLabel, result.error().message);
                if (result.error().code == kInvalidCode) {
                    m_codeLineEdit->clear();
                    m_codeLineEdit->setFocus();
                }
                return;
            }
            qCInfo(lcUiMandat) << "mandat saved, id" << result.value().id;
            m_wizard->setMandat(result.value());
            m_signed = true;
            if (m_wizard->currentPage() == this)
                m_wizard->next();
        });
    return false;
}

void RecapPage::setBusy(bool busy)
{
    if (busy && !m_busy)
        m_focusBeforeBusy = QApplication::focusWidget();
    m_busy = busy;
    m_codeLineEdit->setReadOnly(busy);
    m_informationCheckBox->setEnabled(!busy);
    m_remoteConsentCheckBox->setEnabled(!busy);
    emit completeChanged();
    // While the mandat is being saved, neither back nor away: its answer must be seen.
    if (busy) {
        for (QWizard::WizardButton which : { QWizard::BackButton, QWizard::CancelButton }) {
            if (QAbstractButton *button = m_wizard->button(which))
                button->setEnabled(false);
        }
    } else if (QAbstractButton *cancel = m_wizard->button(QWizard::CancelButton)) {
        cancel->setEnabled(true);
    }
    if (!busy && m_focusBeforeBusy && m_focusBeforeBusy->isEnabled() && m_focusBeforeBusy->isVisible())
        m_focusBeforeBusy->setFocus();
}

void RecapPage::showDraftPreview()
{
    const std::unique_ptr<QTextDocument> document
        = MandatPrinter::document(m_wizard->draftMandat(), MandatDocument::Kind::Draft);
    m_wizard->preview(*document, this);
}
