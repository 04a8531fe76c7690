#include "AidantPage.h"

#include "ApiClient.h"
#include "AppEnrolmentDialog.h"
#include "OtpAppWidget.h"
#include "PageHelpers.h"
#include "ReferentLogging.h"
#include "ReferentText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QLabel *valueLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

AidantPage::AidantPage(ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_requests(new QObject(this))
{
    setObjectName(QStringLiteral("AidantPage"));
    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("aidantContent"));
    auto *layout = new QVBoxLayout(content);
    layout->setSpacing(10);

    auto *titleLayout = new QHBoxLayout;
    m_titleLabel = new QLabel(content);
    m_titleLabel->setObjectName(QStringLiteral("aidantTitleLabel"));
    m_titleLabel->setProperty("role", QStringLiteral("title"));
    m_titleLabel->setWordWrap(true);
    titleLayout->addWidget(m_titleLabel, 1);
    QPushButton *back = addButton(tr("&Retour à la liste"), QStringLiteral("backPushButton"),
        tr("Retour à la liste des aidants"), content, titleLayout);
    connect(back, &QPushButton::clicked, this, &AidantPage::backRequested);
    layout->addLayout(titleLayout);

    m_errorLabel = PageHelpers::addErrorLabel(content, layout);
    m_errorLabel->setObjectName(QStringLiteral("aidantErrorLabel"));
    m_statusLabel = new QLabel(content);
    m_statusLabel->setObjectName(QStringLiteral("aidantStatusLabel"));
    m_statusLabel->setProperty("role", QStringLiteral("success"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->hide();
    layout->addWidget(m_statusLabel);

    // Identity.
    auto *identityGroup = new QGroupBox(tr("Identité"), content);
    identityGroup->setObjectName(QStringLiteral("identityGroupBox"));
    auto *identity = new QFormLayout(identityGroup);
    m_emailLabel = valueLabel(QStringLiteral("emailValueLabel"), identityGroup);
    identity->addRow(tr("Email :"), m_emailLabel);
    m_professionLabel = valueLabel(QStringLiteral("professionValueLabel"), identityGroup);
    identity->addRow(tr("Profession :"), m_professionLabel);
    m_stateLabel = valueLabel(QStringLiteral("stateValueLabel"), identityGroup);
    identity->addRow(tr("Statut :"), m_stateLabel);
    m_organisationsLabel = valueLabel(QStringLiteral("organisationsValueLabel"), identityGroup);
    identity->addRow(tr("Organisations :"), m_organisationsLabel);
    m_devicesLabel = valueLabel(QStringLiteral("devicesValueLabel"), identityGroup);
    identity->addRow(tr("Dispositif :"), m_devicesLabel);
    m_lastLoginLabel = valueLabel(QStringLiteral("lastLoginValueLabel"), identityGroup);
    identity->addRow(tr("Dernière connexion :"), m_lastLoginLabel);
    layout->addWidget(identityGroup);

    // The physical card: associate, validate, dissociate (the web service's three steps).
    auto *cardGroup = new QGroupBox(tr("Carte"), content);
    cardGroup->setObjectName(QStringLiteral("cardGroupBox"));
    auto *cardLayout = new QVBoxLayout(cardGroup);
    m_cardStateLabel = valueLabel(QStringLiteral("cardStateLabel"), cardGroup);
    cardLayout->addWidget(m_cardStateLabel);

    m_associateWidget = new QWidget(cardGroup);
    m_associateWidget->setObjectName(QStringLiteral("associateCardWidget"));
    auto *associateForm = new QFormLayout(m_associateWidget);
    associateForm->setContentsMargins(0, 0, 0, 0);
    m_serialEdit = addLineEdit(tr("&Numéro de série de la carte :"), QStringLiteral("serialLineEdit"),
        tr("Numéro de série de la carte"), m_associateWidget, associateForm);
    m_serialEdit->setPlaceholderText(QStringLiteral("GADT00000000"));
    m_serialEdit->setMaxLength(64);
    auto *associateButtons = new QHBoxLayout;
    QPushButton *associate = addButton(tr("Lier une carte"), QStringLiteral("associateCardPushButton"),
        tr("Lier une carte"), m_associateWidget, associateButtons);
    associateButtons->addStretch();
    associateForm->addRow(associateButtons);
    cardLayout->addWidget(m_associateWidget);
    connect(associate, &QPushButton::clicked, this, &AidantPage::associateCard);
    connect(m_serialEdit, &QLineEdit::returnPressed, this, &AidantPage::associateCard);

    m_validateWidget = new QWidget(cardGroup);
    m_validateWidget->setObjectName(QStringLiteral("validateCardWidget"));
    auto *validateForm = new QFormLayout(m_validateWidget);
    validateForm->setContentsMargins(0, 0, 0, 0);
    m_cardCodeEdit
        = addLineEdit(tr("&Code à 6 chiffres affiché par la carte :"), QStringLiteral("cardCodeLineEdit"),
            tr("Code à 6 chiffres de la carte"), m_validateWidget, validateForm);
    m_cardCodeEdit->setMaxLength(16);
    m_cardCodeEdit->setInputMethodHints(Qt::ImhDigitsOnly);
    m_cardCodeEdit->setAccessibleDescription(tr("Appuyez sur le bouton de la carte pour afficher un code."));
    auto *validateButtons = new QHBoxLayout;
    QPushButton *validate = addButton(tr("Valider la carte"), QStringLiteral("validateCardPushButton"),
        tr("Valider la carte"), m_validateWidget, validateButtons);
    validateButtons->addStretch();
    validateForm->addRow(validateButtons);
    cardLayout->addWidget(m_validateWidget);
    connect(validate, &QPushButton::clicked, this, &AidantPage::validateCard);
    connect(m_cardCodeEdit, &QLineEdit::returnPressed, this, &AidantPage::validateCard);

    m_dissociateWidget = new QWidget(cardGroup);
    m_dissociateWidget->setObjectName(QStringLiteral("dissociateCardWidget"));
    auto *dissociateForm = new QFormLayout(m_dissociateWidget);
    dissociateForm->setContentsMargins(0, 0, 0, 0);
    m_reasonComboBox = new QComboBox(m_dissociateWidget);
    m_reasonComboBox->setObjectName(QStringLiteral("reasonComboBox"));
    m_reasonComboBox->setAccessibleName(tr("Motif de la déliaison"));
    for (const auto &[code, label] : ReferentText::dissociationReasons())
        m_reasonComboBox->addItem(label, code);
    auto *reasonLabel = new QLabel(tr("&Motif :"), m_dissociateWidget);
    reasonLabel->setBuddy(m_reasonComboBox);
    dissociateForm->addRow(reasonLabel, m_reasonComboBox);
    m_detailsEdit = addLineEdit(tr("&Précisions :"), QStringLiteral("detailsLineEdit"),
        tr("Précisions sur le motif"), m_dissociateWidget, dissociateForm);
    m_detailsEdit->setPlaceholderText(tr("Obligatoires pour le motif « Autre »"));
    m_detailsEdit->setAccessibleDescription(m_detailsEdit->placeholderText());
    m_detailsEdit->setMaxLength(500);
    auto *dissociateButtons = new QHBoxLayout;
    QPushButton *dissociate = addButton(tr("Délier la carte"), QStringLiteral("dissociateCardPushButton"),
        tr("Délier la carte"), m_dissociateWidget, dissociateButtons);
    dissociateButtons->addStretch();
    dissociateForm->addRow(dissociateButtons);
    cardLayout->addWidget(m_dissociateWidget);
    connect(dissociate, &QPushButton::clicked, this, &AidantPage::dissociateCard);
    connect(m_detailsEdit, &QLineEdit::returnPressed, this, &AidantPage::dissociateCard);
    layout->addWidget(cardGroup);

    // The phone app.
    auto *appGroup = new QGroupBox(tr("Application"), content);
    appGroup->setObjectName(QStringLiteral("appGroupBox"));
    auto *appLayout = new QHBoxLayout(appGroup);
    m_appStateLabel = valueLabel(QStringLiteral("appStateLabel"), appGroup);
    appLayout->addWidget(m_appStateLabel, 1);
    m_enrolAppButton = addButton(tr("Activer l'application"), QStringLiteral("enrolAppPushButton"),
        tr("Activer l'application sur le téléphone de l'aidant"), appGroup, appLayout);
    m_removeAppButton = addButton(tr("Supprimer l'application"), QStringLiteral("removeAppPushButton"),
        tr("Supprimer l'application"), appGroup, appLayout);
    connect(m_enrolAppButton, &QPushButton::clicked, this, &AidantPage::enrolApp);
    connect(m_removeAppButton, &QPushButton::clicked, this, &AidantPage::removeApp);
    layout->addWidget(appGroup);

    // Organisations among those the référent manages.
    m_organisationsGroup = new QGroupBox(tr("Organisations"), content);
    m_organisationsGroup->setObjectName(QStringLiteral("organisationsGroupBox"));
    m_organisationsLayout = new QVBoxLayout(m_organisationsGroup);
    auto *organisationsButtons = new QHBoxLayout;
    m_saveOrganisationsButton
        = addButton(tr("Modifier les organisations"), QStringLiteral("saveOrganisationsPushButton"),
            tr("Modifier les organisations de l'aidant"), m_organisationsGroup, organisationsButtons);
    organisationsButtons->addStretch();
    m_organisationsLayout->addLayout(organisationsButtons);
    connect(m_saveOrganisationsButton, &QPushButton::clicked, this, &AidantPage::saveOrganisations);
    layout->addWidget(m_organisationsGroup);

    // Co-référents.
    auto *roleGroup = new QGroupBox(tr("Rôle"), content);
    roleGroup->setObjectName(QStringLiteral("roleGroupBox"));
    auto *roleLayout = new QHBoxLayout(roleGroup);
    m_roleLabel = valueLabel(QStringLiteral("roleLabel"), roleGroup);
    roleLayout->addWidget(m_roleLabel, 1);
    m_referentButton = addButton(tr("Désigner comme référent"), QStringLiteral("referentRolePushButton"),
        tr("Désigner comme référent"), roleGroup, roleLayout);
    connect(m_referentButton, &QPushButton::clicked, this, &AidantPage::toggleReferent);
    layout->addWidget(roleGroup);

    // Access: remove from the organisation (with a confirmation) or reactivate.
    auto *accessGroup = new QGroupBox(tr("Accès"), content);
    accessGroup->setObjectName(QStringLiteral("accessGroupBox"));
    auto *accessLayout = new QVBoxLayout(accessGroup);
    auto *accessButtons = new QHBoxLayout;
    m_removeButton = addButton(tr("Retirer de l'organisation"), QStringLiteral("removeAidantPushButton"),
        tr("Retirer l'aidant de l'organisation"), accessGroup, accessButtons);
    m_reactivateButton = addButton(tr("Réactiver"), QStringLiteral("reactivatePushButton"),
        tr("Réactiver l'aidant"), accessGroup, accessButtons);
    accessButtons->addStretch();
    accessLayout->addLayout(accessButtons);
    m_confirmRemoveWidget = new QWidget(accessGroup);
    m_confirmRemoveWidget->setObjectName(QStringLiteral("confirmRemoveWidget"));
    auto *confirmLayout = new QHBoxLayout(m_confirmRemoveWidget);
    confirmLayout->setContentsMargins(0, 0, 0, 0);
    auto *confirmLabel = new QLabel(tr("L'aidant n'aura plus accès à cette organisation. S'il n'en a pas "
                                       "d'autre, son compte est désactivé et ses sessions prennent fin."),
        m_confirmRemoveWidget);
    confirmLabel->setObjectName(QStringLiteral("confirmRemoveLabel"));
    confirmLabel->setWordWrap(true);
    confirmLayout->addWidget(confirmLabel, 1);
    m_confirmRemoveButton = addButton(tr("Confirmer le retrait"), QStringLiteral("confirmRemovePushButton"),
        tr("Confirmer le retrait de l'organisation"), m_confirmRemoveWidget, confirmLayout);
    QPushButton *cancelRemove = addButton(tr("Annuler"), QStringLiteral("cancelRemovePushButton"),
        tr("Annuler le retrait"), m_confirmRemoveWidget, confirmLayout);
    m_confirmRemoveWidget->hide();
    accessLayout->addWidget(m_confirmRemoveWidget);
    layout->addWidget(accessGroup);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        m_confirmRemoveWidget->show();
        m_confirmRemoveButton->setFocus();
        // Once laid out: the confirmation may be below the visible part of the page.
        QTimer::singleShot(0, this, [this] {
            if (auto *scrollArea = findChild<QScrollArea *>(QStringLiteral("aidantScrollArea")))
                scrollArea->ensureWidgetVisible(m_confirmRemoveWidget);
        });
    });
    connect(cancelRemove, &QPushButton::clicked, this, [this] {
        m_confirmRemoveWidget->hide();
        m_removeButton->setFocus();
    });
    connect(m_confirmRemoveButton, &QPushButton::clicked, this, &AidantPage::removeFromOrganisation);
    connect(m_reactivateButton, &QPushButton::clicked, this, &AidantPage::reactivate);
    layout->addStretch();

    PageHelpers::setScrollingContent(this, content, QStringLiteral("aidantScrollArea"));
    setFocusProxy(back);
}

AidantPage::~AidantPage() = default;

AppEnrolmentDialog *AidantPage::appDialog() const
{
    return m_appDialog;
}

QPushButton *AidantPage::addButton(
    const QString &text, const QString &name, const QString &accessibleName, QWidget *parent, QLayout *layout)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setAccessibleName(accessibleName);
    button->setAutoDefault(false);
    layout->addWidget(button);
    m_actionWidgets << button;
    return button;
}

QLineEdit *AidantPage::addLineEdit(const QString &label, const QString &name, const QString &accessibleName,
    QWidget *parent, QFormLayout *layout)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setAccessibleName(accessibleName);
    auto *buddy = new QLabel(label, parent);
    buddy->setBuddy(edit);
    buddy->setWordWrap(true);
    layout->addRow(buddy, edit);
    return edit;
}

void AidantPage::setManagedOrganisations(const QList<ManagedOrganisation> &organisations)
{
    // The lists refresh after every action: keep the checkboxes (and the focus) when nothing changed.
    bool same = organisations.size() == m_managed.size();
    for (qsizetype i = 0; same && i < organisations.size(); ++i) {
        same = organisations.at(i).organisation.id == m_managed.at(i).organisation.id
            && organisations.at(i).organisation.name == m_managed.at(i).organisation.name;
    }
    m_managed = organisations;
    if (same && !m_organisationCheckBoxes.isEmpty())
        return;
    for (QCheckBox *box : std::as_const(m_organisationCheckBoxes))
        delete box;
    m_organisationCheckBoxes.clear();
    int index = 0;
    for (const ManagedOrganisation &managed : organisations) {
        auto *box = new QCheckBox(managed.organisation.name, m_organisationsGroup);
        box->setObjectName(QStringLiteral("organisation%1CheckBox").arg(managed.organisation.id));
        box->setAccessibleName(tr("Membre de %1").arg(managed.organisation.name));
        box->setProperty("organisationId", managed.organisation.id);
        m_organisationsLayout->insertWidget(index++, box);
        m_organisationCheckBoxes << box;
    }
    if (!m_organisationCheckBoxes.isEmpty())
        setTabOrder(m_organisationCheckBoxes.constLast(), m_saveOrganisationsButton);
    if (m_aidant.id != 0)
        setAidant(m_aidant);
}

void AidantPage::showAidant(qint64 organisationId, const ReferentAidant &aidant)
{
    m_organisationId = organisationId;
    showError(QString());
    showStatus(QString());
    m_serialEdit->clear();
    m_cardCodeEdit->clear();
    m_detailsEdit->clear();
    m_reasonComboBox->setCurrentIndex(0);
    m_confirmRemoveWidget->hide();
    setAidant(aidant);
    // What the list showed may be old: read the aidant again.
    setBusy(true);
    m_api->referentAidant(
        organisationId, aidant.id, m_requests, [this](const Result<ReferentAidant> &result) {
            setBusy(false);
            if (!result) {
                showError(tr("Impossible d'afficher cet aidant. %1").arg(result.error().message));
                return;
            }
            setAidant(result.value());
        });
}

void AidantPage::clear()
{
    if (m_appDialog)
        m_appDialog->reject();
    delete m_requests; // the answers still to come are dropped
    m_requests = new QObject(this);
    setBusy(false);
    m_aidant = ReferentAidant();
    m_organisationId = 0;
    m_titleLabel->clear();
    for (QLabel *label : { m_emailLabel, m_professionLabel, m_stateLabel, m_organisationsLabel,
             m_devicesLabel, m_lastLoginLabel, m_cardStateLabel, m_appStateLabel, m_roleLabel })
        label->clear();
    m_serialEdit->clear();
    m_cardCodeEdit->clear();
    m_detailsEdit->clear();
    showError(QString());
    showStatus(QString());
}

const OtpDeviceSummary *AidantPage::device(const QString &kind) const
{
    for (const OtpDeviceSummary &d : m_aidant.devices) {
        if (d.kind == kind)
            return &d;
    }
    return nullptr;
}

void AidantPage::setAidant(const ReferentAidant &aidant)
{
    m_aidant = aidant;
    m_titleLabel->setText(ReferentText::fullName(aidant));
    m_emailLabel->setText(aidant.email);
    m_professionLabel->setText(aidant.profession.isEmpty() ? tr("Non renseignée") : aidant.profession);
    m_stateLabel->setText(aidant.active ? tr("Actif") : tr("Désactivé"));
    m_organisationsLabel->setText(aidant.organisationNames.join(QStringLiteral(", ")));
    m_devicesLabel->setText(ReferentText::deviceText(aidant));
    m_lastLoginLabel->setText(ReferentText::lastLogin(aidant));

    const OtpDeviceSummary *card = device(QStringLiteral("card"));
    if (!card)
        m_cardStateLabel->setText(tr("Aucune carte liée."));
    else if (!card->confirmed)
        m_cardStateLabel->setText(
            tr("Carte %1 liée, à valider avec le code qu'elle affiche.").arg(card->serial));
    else
        m_cardStateLabel->setText(tr("Carte %1 liée et validée.").arg(card->serial));
    m_associateWidget->setVisible(!card && aidant.active);
    m_validateWidget->setVisible(card && !card->confirmed);
    m_dissociateWidget->setVisible(card != nullptr);

    const OtpDeviceSummary *app = device(QStringLiteral("app"));
    if (!app)
        m_appStateLabel->setText(tr("Aucune application."));
    else if (!app->confirmed)
        m_appStateLabel->setText(tr("Application en attente de son premier code."));
    else
        m_appStateLabel->setText(tr("Application activée."));
    m_enrolAppButton->setVisible(aidant.active && (!app || !app->confirmed));
    m_removeAppButton->setVisible(app != nullptr);

    for (QCheckBox *box : std::as_const(m_organisationCheckBoxes))
        box->setChecked(aidant.organisationIds.contains(box->property("organisationId").toLongLong()));
    m_organisationsGroup->setVisible(aidant.active);

    m_roleLabel->setText(aidant.referent ? tr("Référent de la structure.") : tr("Aidant."));
    m_referentButton->setText(
        aidant.referent ? tr("Retirer le rôle de référent") : tr("Désigner comme référent"));
    m_referentButton->setAccessibleName(m_referentButton->text());
    m_referentButton->setVisible(aidant.active);

    m_removeButton->setVisible(aidant.active);
    if (!aidant.active)
        m_confirmRemoveWidget->hide();
    m_reactivateButton->setVisible(!aidant.active);
}

void AidantPage::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *widget : std::as_const(m_actionWidgets)) {
        if (widget->objectName() != QLatin1String("backPushButton"))
            widget->setEnabled(!busy);
    }
}

void AidantPage::showError(const QString &message)
{
    PageHelpers::showError(m_errorLabel, message);
    if (!message.isEmpty())
        showStatus(QString());
}

void AidantPage::showStatus(const QString &message)
{
    m_statusLabel->setText(message);
    m_statusLabel->setVisible(!message.isEmpty());
}

void AidantPage::handleAnswer(const Result<ReferentAidant> &result, const QString &successMessage)
{
    setBusy(false);
    if (!result) {
        showError(result.error().message);
        return;
    }
    showError(QString());
    setAidant(result.value());
    showStatus(successMessage);
    emit changed();
}

void AidantPage::associateCard()
{
    if (m_busy)
        return;
    const QString serial = m_serialEdit->text().trimmed().toUpper();
    if (serial.isEmpty()) {
        showError(tr("Saisissez le numéro de série inscrit au dos de la carte."));
        m_serialEdit->setFocus();
        return;
    }
    setBusy(true);
    qCInfo(lcUiReferent) << "card association requested";
    m_api->associateCard(
        m_organisationId, m_aidant.id, serial, m_requests, [this](const Result<ReferentAidant> &r) {
            handleAnswer(r, tr("La carte est liée. Validez-la avec le code qu'elle affiche."));
            if (r) {
                m_serialEdit->clear();
                m_cardCodeEdit->setFocus();
            }
        });
}

void AidantPage::validateCard()
{
    if (m_busy)
        return;
    const QString code = PageHelpers::normalizeCode(m_cardCodeEdit->text());
    if (!PageHelpers::isValidCode(code)) {
        showError(PageHelpers::invalidCodeMessage());
        m_cardCodeEdit->setFocus();
        m_cardCodeEdit->selectAll();
        return;
    }
    setBusy(true);
    qCInfo(lcUiReferent) << "card validation requested";
    m_api->validateCard(
        m_organisationId, m_aidant.id, code, m_requests, [this](const Result<ReferentAidant> &r) {
            m_cardCodeEdit->clear();
            handleAnswer(r, tr("La carte est validée : l'aidant peut se connecter avec elle."));
            if (!r)
                m_cardCodeEdit->setFocus();
        });
}

void AidantPage::dissociateCard()
{
    if (m_busy)
        return;
    const QString reason = m_reasonComboBox->currentData().toString();
    const QString details = m_detailsEdit->text().trimmed();
    if (reason == QLatin1String("autre") && details.isEmpty()) {
        showError(tr("Précisez le motif de la déliaison."));
        m_detailsEdit->setFocus();
        return;
    }
    setBusy(true);
    qCInfo(lcUiReferent) << "card dissociation requested, reason" << reason;
    m_api->dissociateCard(
        m_organisationId, m_aidant.id, reason, details, m_requests, [this](const Result<ReferentAidant> &r) {
            handleAnswer(r, tr("La carte est déliée."));
            if (r) {
                m_detailsEdit->clear();
                m_reasonComboBox->setCurrentIndex(0);
            }
        });
}

void AidantPage::enrolApp()
{
    if (m_busy)
        return;
    setBusy(true);
    qCInfo(lcUiReferent) << "app enrolment requested";
    m_api->enrolApp(m_organisationId, m_aidant.id, m_requests, [this](const Result<AppEnrolment> &result) {
        setBusy(false);
        if (!result) {
            showError(result.error().message);
            return;
        }
        showError(QString());
        setAidant(result.value().aidant);
        emit changed();
        auto *dialog
            = new AppEnrolmentDialog(ReferentText::fullName(m_aidant), result.value().otpauthUri, this);
        m_appDialog = dialog;
        connect(dialog, &AppEnrolmentDialog::codeSubmitted, this, [this, dialog](const QString &code) {
            dialog->appWidget()->setBusy(true);
            m_api->confirmApp(
                m_organisationId, m_aidant.id, code, dialog, [this, dialog](const Result<ReferentAidant> &r) {
                    dialog->appWidget()->setBusy(false);
                    if (!r) {
                        dialog->appWidget()->showError(r.error().message);
                        return;
                    }
                    dialog->accept();
                    handleAnswer(r, tr("L'application est activée : l'aidant peut se connecter avec elle."));
                    m_enrolAppButton->setFocus();
                });
        });
        dialog->open();
    });
}

void AidantPage::removeApp()
{
    if (m_busy)
        return;
    setBusy(true);
    qCInfo(lcUiReferent) << "app removal requested";
    m_api->removeApp(m_organisationId, m_aidant.id, m_requests,
        [this](const Result<ReferentAidant> &r) { handleAnswer(r, tr("L'application est supprimée.")); });
}

void AidantPage::removeFromOrganisation()
{
    if (m_busy)
        return;
    setBusy(true);
    qCInfo(lcUiReferent) << "aidant removal requested";
    m_api->removeAidant(
        m_organisationId, m_aidant.id, m_requests, [this](const Result<AidantRemoval> &result) {
            setBusy(false);
            m_confirmRemoveWidget->hide();
            if (!result) {
                showError(result.error().message);
                return;
            }
            const QString name = ReferentText::fullName(result.value().aidant);
            if (result.value().deactivated) {
                setAidant(result.value().aidant);
                showError(QString());
                showStatus(
                    tr("%1 est retiré de l'organisation ; n'ayant plus d'autre organisation, son compte "
                       "est désactivé.")
                        .arg(name));
                m_reactivateButton->setFocus();
                emit changed();
                return;
            }
            emit changed();
            emit leftOrganisation(tr("%1 est retiré de l'organisation.").arg(name));
        });
}

void AidantPage::reactivate()
{
    if (m_busy)
        return;
    setBusy(true);
    qCInfo(lcUiReferent) << "aidant reactivation requested";
    m_api->reactivateAidant(
        m_organisationId, m_aidant.id, m_requests, [this](const Result<ReferentAidant> &r) {
            handleAnswer(r, tr("L'aidant est réactivé."));
            if (r)
                m_removeButton->setFocus();
        });
}

void AidantPage::saveOrganisations()
{
    if (m_busy)
        return;
    QList<qint64> ids;
    for (QCheckBox *box : std::as_const(m_organisationCheckBoxes)) {
        if (box->isChecked())
            ids << box->property("organisationId").toLongLong();
    }
    if (ids.isEmpty()) {
        showError(tr("Cochez au moins une organisation."));
        return;
    }
    setBusy(true);
    qCInfo(lcUiReferent) << "aidant organisations change requested";
    m_api->setAidantOrganisations(
        m_organisationId, m_aidant.id, ids, m_requests, [this, ids](const Result<ReferentAidant> &r) {
            if (r && !ids.contains(m_organisationId)) {
                setBusy(false);
                emit changed();
                emit leftOrganisation(
                    tr("Les organisations de %1 sont modifiées.").arg(ReferentText::fullName(r.value())));
                return;
            }
            handleAnswer(r, tr("Les organisations de l'aidant sont modifiées."));
        });
}

void AidantPage::toggleReferent()
{
    if (m_busy)
        return;
    const bool referent = !m_aidant.referent;
    setBusy(true);
    qCInfo(lcUiReferent) << "referent role change requested:" << referent;
    m_api->setAidantReferent(m_organisationId, m_aidant.id, referent, m_requests,
        [this, referent](const Result<ReferentAidant> &r) {
            handleAnswer(r,
                referent ? tr("L'aidant est désigné comme référent de la structure.")
                         : tr("L'aidant n'est plus référent de la structure."));
            if (r)
                m_referentButton->setFocus();
        });
}
