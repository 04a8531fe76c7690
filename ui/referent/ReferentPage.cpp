#include "ReferentPage.h"

#include "AidantPage.h"
#include "ApiClient.h"
#include "Demarches.h"
#include "HabilitationWidget.h"
#include "PageHelpers.h"
#include "ReferentAidantsModel.h"
#include "ReferentLogging.h"
#include "ReferentText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

ReferentPage::ReferentPage(ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_requests(new QObject(this))
    , m_model(new ReferentAidantsModel(this))
    , m_activeFilter(new ReferentAidantsFilterModel(true, this))
    , m_inactiveFilter(new ReferentAidantsFilterModel(false, this))
{
    setObjectName(QStringLiteral("ReferentPage"));
    m_activeFilter->setSourceModel(m_model);
    m_inactiveFilter->setSourceModel(m_model);

    auto *pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("referentStackedWidget"));
    pageLayout->addWidget(m_stack);

    m_listWidget = new QWidget(m_stack);
    m_listWidget->setObjectName(QStringLiteral("referentListWidget"));
    auto *layout = new QVBoxLayout(m_listWidget);
    layout->setSpacing(10);

    auto *titleLayout = new QHBoxLayout;
    auto *title = new QLabel(tr("Mon espace responsable"), m_listWidget);
    title->setObjectName(QStringLiteral("titleLabel"));
    title->setProperty("role", QStringLiteral("title"));
    titleLayout->addWidget(title, 1);
    auto *refreshButton = new QPushButton(tr("Ac&tualiser"), m_listWidget);
    refreshButton->setObjectName(QStringLiteral("refreshPushButton"));
    refreshButton->setAccessibleName(tr("Actualiser"));
    refreshButton->setAutoDefault(false);
    titleLayout->addWidget(refreshButton);
    auto *homeButton = new QPushButton(tr("&Accueil"), m_listWidget);
    homeButton->setObjectName(QStringLiteral("homePushButton"));
    homeButton->setAccessibleName(tr("Retour à l'accueil"));
    homeButton->setAutoDefault(false);
    titleLayout->addWidget(homeButton);
    layout->addLayout(titleLayout);
    connect(homeButton, &QPushButton::clicked, this, &ReferentPage::homeRequested);
    connect(refreshButton, &QPushButton::clicked, this, &ReferentPage::reload);

    auto *organisationLayout = new QHBoxLayout;
    m_organisationComboLabel = new QLabel(tr("&Structure gérée :"), m_listWidget);
    m_organisationComboLabel->setObjectName(QStringLiteral("organisationComboLabel"));
    organisationLayout->addWidget(m_organisationComboLabel);
    m_organisationComboBox = new QComboBox(m_listWidget);
    m_organisationComboBox->setObjectName(QStringLiteral("organisationComboBox"));
    m_organisationComboBox->setAccessibleName(tr("Structure gérée"));
    m_organisationComboLabel->setBuddy(m_organisationComboBox);
    organisationLayout->addWidget(m_organisationComboBox, 1);
    layout->addLayout(organisationLayout);
    connect(m_organisationComboBox, &QComboBox::activated, this, &ReferentPage::selectOrganisation);

    m_errorLabel = PageHelpers::addErrorLabel(m_listWidget, layout);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel = new QLabel(m_listWidget);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setProperty("role", QStringLiteral("success"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->hide();
    layout->addWidget(m_statusLabel);

    m_tabs = new QTabWidget(m_listWidget);
    m_tabs->setObjectName(QStringLiteral("referentTabWidget"));
    m_tabs->tabBar()->setObjectName(QStringLiteral("referentTabBar"));
    m_tabs->tabBar()->setAccessibleName(tr("Sections de l'espace responsable"));
    layout->addWidget(m_tabs, 1);

    // « Mon organisation ».
    auto *organisationTab = new QWidget(m_tabs);
    organisationTab->setObjectName(QStringLiteral("organisationTab"));
    auto *organisationTabLayout = new QVBoxLayout(organisationTab);
    auto *form = new QFormLayout;
    auto value = [organisationTab](const char *name) {
        auto *label = new QLabel(organisationTab);
        label->setObjectName(QLatin1String(name));
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    };
    m_nameLabel = value("organisationNameLabel");
    m_addressLabel = value("organisationAddressLabel");
    m_siretLabel = value("organisationSiretLabel");
    m_activeCountLabel = value("activeAidantsCountLabel");
    form->addRow(tr("Nom :"), m_nameLabel);
    form->addRow(tr("Adresse :"), m_addressLabel);
    form->addRow(tr("SIRET :"), m_siretLabel);
    form->addRow(tr("Aidants actifs :"), m_activeCountLabel);
    organisationTabLayout->addLayout(form);

    auto *demarchesGroup = new QGroupBox(tr("Démarches autorisées"), organisationTab);
    demarchesGroup->setObjectName(QStringLiteral("demarchesGroupBox"));
    auto *demarchesLayout = new QVBoxLayout(demarchesGroup);
    auto *demarchesHint = new QLabel(
        tr("Les aidants de la structure ne peuvent créer des mandats que pour les démarches cochées "
           "(au moins une)."),
        demarchesGroup);
    demarchesHint->setObjectName(QStringLiteral("demarchesHintLabel"));
    demarchesHint->setProperty("role", QStringLiteral("hint"));
    demarchesHint->setWordWrap(true);
    demarchesLayout->addWidget(demarchesHint);
    auto *grid = new QGridLayout;
    for (const Demarche &demarche : Demarches::all()) {
        auto *box = new QCheckBox(demarche.title, demarchesGroup);
        box->setObjectName(demarche.code + QStringLiteral("DemarcheCheckBox"));
        box->setAccessibleName(demarche.title);
        box->setAccessibleDescription(demarche.description);
        box->setProperty("demarche", demarche.code);
        const int index = int(m_demarcheCheckBoxes.size());
        grid->addWidget(box, index / 2, index % 2);
        if (!m_demarcheCheckBoxes.isEmpty())
            setTabOrder(m_demarcheCheckBoxes.constLast(), box);
        m_demarcheCheckBoxes << box;
    }
    demarchesLayout->addLayout(grid);
    auto *saveLayout = new QHBoxLayout;
    m_saveDemarchesButton = new QPushButton(tr("Enregistrer"), demarchesGroup);
    m_saveDemarchesButton->setObjectName(QStringLiteral("saveDemarchesPushButton"));
    m_saveDemarchesButton->setAccessibleName(tr("Enregistrer les démarches autorisées"));
    m_saveDemarchesButton->setAutoDefault(false);
    saveLayout->addWidget(m_saveDemarchesButton);
    saveLayout->addStretch();
    demarchesLayout->addLayout(saveLayout);
    organisationTabLayout->addWidget(demarchesGroup);
    organisationTabLayout->addStretch();
    connect(m_saveDemarchesButton, &QPushButton::clicked, this, &ReferentPage::saveDemarches);
    m_tabs->addTab(organisationTab, tr("Mon organisation"));

    // « Aidants ».
    auto *aidantsTab = new QWidget(m_tabs);
    aidantsTab->setObjectName(QStringLiteral("aidantsTab"));
    auto *aidantsLayout = new QVBoxLayout(aidantsTab);
    auto *searchLayout = new QHBoxLayout;
    auto *searchLabel = new QLabel(tr("&Rechercher :"), aidantsTab);
    searchLabel->setObjectName(QStringLiteral("searchLabel"));
    searchLayout->addWidget(searchLabel);
    m_searchEdit = new QLineEdit(aidantsTab);
    m_searchEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchEdit->setPlaceholderText(tr("Rechercher un aidant (nom, prénom, email)"));
    m_searchEdit->setAccessibleName(tr("Rechercher un aidant (nom, prénom, email)"));
    m_searchEdit->setClearButtonEnabled(true);
    searchLabel->setBuddy(m_searchEdit);
    searchLayout->addWidget(m_searchEdit, 1);
    aidantsLayout->addLayout(searchLayout);
    connect(m_searchEdit, &QLineEdit::textChanged, this, [this](const QString &query) {
        m_activeFilter->setQuery(query);
        m_inactiveFilter->setQuery(query);
        updateCounts();
    });

    auto *activeHeader = new QHBoxLayout;
    m_activeTitleLabel = new QLabel(aidantsTab);
    m_activeTitleLabel->setObjectName(QStringLiteral("activeTitleLabel"));
    m_activeTitleLabel->setProperty("role", QStringLiteral("subtitle"));
    activeHeader->addWidget(m_activeTitleLabel, 1);
    m_openActiveButton = new QPushButton(tr("&Voir la fiche"), aidantsTab);
    m_openActiveButton->setObjectName(QStringLiteral("openActivePushButton"));
    m_openActiveButton->setAccessibleName(tr("Voir la fiche de l'aidant actif sélectionné"));
    m_openActiveButton->setAutoDefault(false);
    activeHeader->addWidget(m_openActiveButton);
    aidantsLayout->addLayout(activeHeader);
    m_activeTable = makeTable(m_activeFilter, QStringLiteral("activeAidantsTableView"), tr("Aidants actifs"));
    aidantsLayout->addWidget(m_activeTable, 2);
    m_activeTitleLabel->setBuddy(m_activeTable);

    auto *inactiveHeader = new QHBoxLayout;
    m_inactiveTitleLabel = new QLabel(aidantsTab);
    m_inactiveTitleLabel->setObjectName(QStringLiteral("inactiveTitleLabel"));
    m_inactiveTitleLabel->setProperty("role", QStringLiteral("subtitle"));
    inactiveHeader->addWidget(m_inactiveTitleLabel, 1);
    m_openInactiveButton = new QPushButton(tr("V&oir la fiche"), aidantsTab);
    m_openInactiveButton->setObjectName(QStringLiteral("openInactivePushButton"));
    m_openInactiveButton->setAccessibleName(tr("Voir la fiche de l'aidant désactivé sélectionné"));
    m_openInactiveButton->setAutoDefault(false);
    inactiveHeader->addWidget(m_openInactiveButton);
    aidantsLayout->addLayout(inactiveHeader);
    m_inactiveTable
        = makeTable(m_inactiveFilter, QStringLiteral("inactiveAidantsTableView"), tr("Aidants désactivés"));
    aidantsLayout->addWidget(m_inactiveTable, 1);
    m_inactiveTitleLabel->setBuddy(m_inactiveTable);
    connect(m_openActiveButton, &QPushButton::clicked, this,
        [this] { openAidant(m_activeTable->currentIndex()); });
    connect(m_openInactiveButton, &QPushButton::clicked, this,
        [this] { openAidant(m_inactiveTable->currentIndex()); });
    m_tabs->addTab(aidantsTab, tr("Aidants"));

    // « Demandes d'habilitation »: adding aidants, their trainings, structure changes.
    m_habilitation = new HabilitationWidget(api, m_tabs);
    m_tabs->addTab(m_habilitation, tr("Demandes d'habilitation"));

    setTabOrder(m_searchEdit, m_openActiveButton);
    setTabOrder(m_openActiveButton, m_activeTable);
    setTabOrder(m_activeTable, m_openInactiveButton);
    setTabOrder(m_openInactiveButton, m_inactiveTable);

    m_stack->addWidget(m_listWidget);
    m_aidantPage = new AidantPage(api, m_stack);
    m_stack->addWidget(m_aidantPage);
    connect(m_aidantPage, &AidantPage::backRequested, this, [this] { showList(); });
    connect(m_aidantPage, &AidantPage::changed, this, &ReferentPage::reload);
    connect(m_aidantPage, &AidantPage::leftOrganisation, this, &ReferentPage::showList);

    ReferentText::nameInternalButtons(this);
    updateCounts();
    setFocusProxy(m_tabs);
}

ReferentPage::~ReferentPage() = default;

QTableView *ReferentPage::makeTable(
    ReferentAidantsFilterModel *filter, const QString &name, const QString &accessibleName)
{
    auto *table = new QTableView(this);
    table->setObjectName(name);
    table->setAccessibleName(accessibleName);
    table->setAccessibleDescription(tr("Entrée ouvre la fiche de l'aidant sélectionné."));
    table->setModel(filter);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setTabKeyNavigation(false);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setSortingEnabled(true);
    table->sortByColumn(ReferentAidantsModel::NameColumn, Qt::AscendingOrder);
    connect(table, &QTableView::activated, this, &ReferentPage::openAidant);
    connect(table->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &ReferentPage::updateOpenButtons);
    return table;
}

void ReferentPage::open(qint64 preferredOrganisationId)
{
    m_preferredOrganisationId = preferredOrganisationId;
    showError(QString());
    showStatus(QString());
    m_stack->setCurrentWidget(m_listWidget);
    reload();
}

void ReferentPage::reload()
{
    m_api->referentOrganisations(m_requests, [this](const Result<ManagedOrganisationList> &result) {
        if (!result) {
            showError(
                tr("Impossible d'afficher les structures que vous gérez. %1").arg(result.error().message));
            return;
        }
        if (result.value().organisations.isEmpty()) {
            showError(tr("Vous n'êtes plus référent d'aucune structure."));
            setOrganisations({});
            return;
        }
        setOrganisations(result.value().organisations);
    });
}

void ReferentPage::setOrganisations(const QList<ManagedOrganisation> &organisations)
{
    m_organisations = organisations;
    m_aidantPage->setManagedOrganisations(organisations);
    int index = -1;
    const qint64 wanted = m_organisationId != 0 ? m_organisationId : m_preferredOrganisationId;
    m_organisationComboBox->clear();
    for (int i = 0; i < organisations.size(); ++i) {
        const OrganisationInfo &o = organisations.at(i).organisation;
        m_organisationComboBox->addItem(o.name, o.id);
        if (o.id == wanted)
            index = i;
    }
    // One organisation: nothing to choose.
    const bool several = organisations.size() > 1;
    m_organisationComboLabel->setVisible(several);
    m_organisationComboBox->setVisible(several);
    if (organisations.isEmpty()) {
        m_organisationId = 0;
        m_model->setAidants({});
        m_habilitation->clear();
        updateCounts();
        return;
    }
    selectOrganisation(index < 0 ? 0 : index);
}

void ReferentPage::selectOrganisation(int index)
{
    if (index < 0 || index >= m_organisations.size())
        return;
    m_organisationComboBox->setCurrentIndex(index);
    const ManagedOrganisation &organisation = m_organisations.at(index);
    if (organisation.organisation.id != m_organisationId) {
        m_organisationId = organisation.organisation.id;
        m_model->setAidants({});
        showStatus(QString());
    }
    showOrganisation(organisation);
    loadAidants();
    m_habilitation->setOrganisation(m_organisationId);
}

void ReferentPage::showOrganisation(const ManagedOrganisation &managed)
{
    const OrganisationInfo &o = managed.organisation;
    m_nameLabel->setText(o.name);
    const QString city = QStringList { o.postcode, o.city }.join(QLatin1Char(' ')).trimmed();
    m_addressLabel->setText(QStringList { o.address, city }.join(QStringLiteral(", ")));
    m_siretLabel->setText(o.siret.isEmpty() ? tr("Non renseigné") : o.siret);
    m_activeCountLabel->setText(QString::number(managed.activeAidants));
    for (QCheckBox *box : std::as_const(m_demarcheCheckBoxes))
        box->setChecked(o.allowedDemarches.contains(box->property("demarche").toString()));
}

void ReferentPage::loadAidants()
{
    const qint64 organisationId = m_organisationId;
    m_api->referentAidants(
        organisationId, m_requests, [this, organisationId](const Result<ReferentAidantList> &result) {
            if (organisationId != m_organisationId)
                return; // another organisation was chosen meanwhile
            if (!result) {
                m_model->setAidants({});
                updateCounts();
                showError(tr("Impossible d'afficher les aidants de cette structure. %1")
                              .arg(result.error().message));
                return;
            }
            showError(QString());
            m_model->setAidants(result.value().aidants);
            updateCounts();
        });
}

void ReferentPage::saveDemarches()
{
    QStringList demarches;
    for (QCheckBox *box : std::as_const(m_demarcheCheckBoxes)) {
        if (box->isChecked())
            demarches << box->property("demarche").toString();
    }
    if (demarches.isEmpty()) {
        showError(tr("Cochez au moins une démarche."));
        return;
    }
    m_saveDemarchesButton->setEnabled(false);
    qCInfo(lcUiReferent) << "organisation demarches change requested";
    m_api->setOrganisationDemarches(
        m_organisationId, demarches, m_requests, [this](const Result<ManagedOrganisation> &result) {
            m_saveDemarchesButton->setEnabled(true);
            if (!result) {
                showError(result.error().message);
                return;
            }
            showError(QString());
            for (ManagedOrganisation &managed : m_organisations) {
                if (managed.organisation.id == result.value().organisation.id)
                    managed = result.value();
            }
            showOrganisation(result.value());
            showStatus(tr("Les démarches autorisées sont enregistrées."));
            emit organisationChanged();
        });
}

void ReferentPage::openAidant(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const qint64 id = proxyIndex.data(ReferentAidantsModel::AidantIdRole).toLongLong();
    const ReferentAidant *aidant = m_model->aidant(id);
    if (!aidant)
        return;
    m_aidantPage->showAidant(m_organisationId, *aidant);
    m_stack->setCurrentWidget(m_aidantPage);
    m_aidantPage->setFocus();
}

void ReferentPage::showList(const QString &status)
{
    const qint64 shown = m_aidantPage->aidantId();
    m_stack->setCurrentWidget(m_listWidget);
    showStatus(status);
    // Back on the aidant just seen, when still listed.
    for (QTableView *table : { m_activeTable, m_inactiveTable }) {
        auto *filter = static_cast<ReferentAidantsFilterModel *>(table->model());
        for (int row = 0; row < filter->rowCount(); ++row) {
            const QModelIndex index = filter->index(row, 0);
            if (index.data(ReferentAidantsModel::AidantIdRole).toLongLong() == shown) {
                table->setCurrentIndex(index);
                table->setFocus();
                return;
            }
        }
    }
    m_searchEdit->setFocus();
}

void ReferentPage::clear()
{
    delete m_requests; // the answers still to come are dropped
    m_requests = new QObject(this);
    m_saveDemarchesButton->setEnabled(true);
    m_aidantPage->clear();
    m_habilitation->clear();
    m_organisations.clear();
    m_organisationId = 0;
    m_organisationComboBox->clear();
    m_model->setAidants({});
    for (QLabel *label : { m_nameLabel, m_addressLabel, m_siretLabel, m_activeCountLabel })
        label->clear();
    m_searchEdit->clear();
    showError(QString());
    showStatus(QString());
    m_stack->setCurrentWidget(m_listWidget);
    updateCounts();
}

void ReferentPage::showError(const QString &message)
{
    PageHelpers::showError(m_errorLabel, message);
    if (!message.isEmpty())
        showStatus(QString());
}

void ReferentPage::showStatus(const QString &message)
{
    m_statusLabel->setText(message);
    m_statusLabel->setVisible(!message.isEmpty());
}

void ReferentPage::updateCounts()
{
    m_activeTitleLabel->setText(tr("Aidants actifs (%1)").arg(m_activeFilter->rowCount()));
    m_inactiveTitleLabel->setText(tr("Aidants désactivés (%1)").arg(m_inactiveFilter->rowCount()));
    updateOpenButtons();
}

void ReferentPage::updateOpenButtons()
{
    const QModelIndex active = m_activeTable->currentIndex();
    m_openActiveButton->setEnabled(active.isValid());
    // « Activer », as in the web service's list, for an aidant without a device.
    const ReferentAidant *aidant = active.isValid()
        ? m_model->aidant(active.data(ReferentAidantsModel::AidantIdRole).toLongLong())
        : nullptr;
    const bool activate = aidant && aidant->devices.isEmpty();
    m_openActiveButton->setText(activate ? tr("A&ctiver") : tr("&Voir la fiche"));
    m_openActiveButton->setAccessibleName(activate ? tr("Activer l'accès de l'aidant actif sélectionné")
                                                   : tr("Voir la fiche de l'aidant actif sélectionné"));
    m_openInactiveButton->setEnabled(m_inactiveTable->currentIndex().isValid());
}
