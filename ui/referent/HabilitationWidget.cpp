#include "HabilitationWidget.h"

#include "AddAidantsDialog.h"
#include "HabilitationRequestsModel.h"
#include "PageHelpers.h"
#include "ReferentLogging.h"
#include "ReferentText.h"
#include "TrainingSelectionDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {
QPushButton *button(const QString &text, const QString &name, const QString &accessibleName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessibleName);
    b->setAutoDefault(false);
    return b;
}
} // namespace

HabilitationWidget::HabilitationWidget(ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_requests(new QObject(this))
    , m_requestsModel(new HabilitationRequestsModel(this))
    , m_changesModel(new StructureChangesModel(this))
{
    setObjectName(QStringLiteral("HabilitationWidget"));
    auto *layout = new QVBoxLayout(this);

    // Seed 004, « Ma structure est déjà habilitée ».
    auto *steps = new QLabel(
        tr("1. Vous ajoutez un aidant à former. 2. Une fois sa demande validée par Aidants Connect, vous "
           "l'inscrivez à une formation. 3. L'organisme de formation vous contacte pour valider "
           "l'inscription. 4. Une fois la formation suivie et le test Pix réalisé, Aidants Connect active "
           "son compte : vous lui donnez alors une carte ou l'application."),
        this);
    steps->setObjectName(QStringLiteral("stepsLabel"));
    steps->setProperty("role", QStringLiteral("hint"));
    steps->setWordWrap(true);
    layout->addWidget(steps);

    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    m_errorLabel->setObjectName(QStringLiteral("habilitationErrorLabel"));
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("habilitationStatusLabel"));
    m_statusLabel->setProperty("role", QStringLiteral("success"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->hide();
    layout->addWidget(m_statusLabel);

    // « Demandes d'habilitation en cours ».
    auto *requestsHeader = new QHBoxLayout;
    m_requestsTitle = new QLabel(this);
    m_requestsTitle->setObjectName(QStringLiteral("requestsTitleLabel"));
    m_requestsTitle->setProperty("role", QStringLiteral("subtitle"));
    requestsHeader->addWidget(m_requestsTitle, 1);
    m_addButton = button(
        tr("A&jouter un aidant"), QStringLiteral("addAidantsPushButton"), tr("Ajouter un aidant"), this);
    requestsHeader->addWidget(m_addButton);
    layout->addLayout(requestsHeader);
    m_requestsTable = makeTable(
        m_requestsModel, QStringLiteral("requestsTableView"), tr("Demandes d'habilitation en cours"));
    m_requestsTitle->setBuddy(m_requestsTable);
    layout->addWidget(m_requestsTable, 2);
    auto *requestButtons = new QHBoxLayout;
    m_cancelRequestButton = button(tr("Annuler la demande"), QStringLiteral("cancelRequestPushButton"),
        tr("Annuler la demande d'habilitation sélectionnée"), this);
    m_registerButton = button(tr("&Inscrire à une formation"), QStringLiteral("registerTrainingPushButton"),
        tr("Inscrire à une formation la personne de la demande sélectionnée"), this);
    requestButtons->addWidget(m_cancelRequestButton);
    requestButtons->addWidget(m_registerButton);
    requestButtons->addStretch();
    layout->addLayout(requestButtons);

    // Structure change requests.
    auto *changesHeader = new QHBoxLayout;
    m_changesTitle = new QLabel(this);
    m_changesTitle->setObjectName(QStringLiteral("changesTitleLabel"));
    m_changesTitle->setProperty("role", QStringLiteral("subtitle"));
    changesHeader->addWidget(m_changesTitle, 1);
    layout->addLayout(changesHeader);
    m_changesTable = makeTable(m_changesModel, QStringLiteral("structureChangesTableView"),
        tr("Demandes de changement de structure"));
    m_changesTitle->setBuddy(m_changesTable);
    layout->addWidget(m_changesTable, 1);
    auto *changeButtons = new QHBoxLayout;
    m_cancelChangeButton
        = button(tr("Annuler la demande de changement"), QStringLiteral("cancelChangePushButton"),
            tr("Annuler la demande de changement de structure sélectionnée"), this);
    changeButtons->addWidget(m_cancelChangeButton);
    changeButtons->addStretch();
    layout->addLayout(changeButtons);

    // The confirmation of a cancellation, in place.
    m_confirmWidget = new QWidget(this);
    m_confirmWidget->setObjectName(QStringLiteral("confirmCancelWidget"));
    auto *confirmLayout = new QHBoxLayout(m_confirmWidget);
    confirmLayout->setContentsMargins(0, 0, 0, 0);
    m_confirmLabel = new QLabel(m_confirmWidget);
    m_confirmLabel->setObjectName(QStringLiteral("confirmCancelLabel"));
    m_confirmLabel->setWordWrap(true);
    confirmLayout->addWidget(m_confirmLabel, 1);
    m_confirmButton = button(tr("Confirmer l'annulation"), QStringLiteral("confirmCancelPushButton"),
        tr("Confirmer l'annulation de la demande"), m_confirmWidget);
    m_keepButton = button(tr("Ne pas annuler"), QStringLiteral("keepRequestPushButton"),
        tr("Ne pas annuler la demande"), m_confirmWidget);
    confirmLayout->addWidget(m_confirmButton);
    confirmLayout->addWidget(m_keepButton);
    m_confirmWidget->hide();
    layout->addWidget(m_confirmWidget);

    connect(m_addButton, &QPushButton::clicked, this, &HabilitationWidget::openAddDialog);
    connect(m_registerButton, &QPushButton::clicked, this, &HabilitationWidget::openTrainingDialog);
    connect(
        m_cancelRequestButton, &QPushButton::clicked, this, [this] { askCancel(Pending::CancelRequest); });
    connect(m_cancelChangeButton, &QPushButton::clicked, this, [this] { askCancel(Pending::CancelChange); });
    connect(m_confirmButton, &QPushButton::clicked, this, &HabilitationWidget::confirmCancel);
    connect(m_keepButton, &QPushButton::clicked, this, [this] {
        const Pending was = m_pending;
        hideConfirmation();
        (was == Pending::CancelChange ? m_changesTable : m_requestsTable)->setFocus();
    });
    // Enter on a request: the training registration when allowed.
    connect(m_requestsTable, &QTableView::activated, this, [this] {
        if (m_registerButton->isEnabled())
            openTrainingDialog();
    });

    setTabOrder(m_addButton, m_requestsTable);
    setTabOrder(m_requestsTable, m_cancelRequestButton);
    setTabOrder(m_cancelRequestButton, m_registerButton);
    setTabOrder(m_registerButton, m_changesTable);
    setTabOrder(m_changesTable, m_cancelChangeButton);
    setTabOrder(m_cancelChangeButton, m_confirmButton);
    setTabOrder(m_confirmButton, m_keepButton);

    ReferentText::nameInternalButtons(this);
    updateButtons();
}

HabilitationWidget::~HabilitationWidget() = default;

AddAidantsDialog *HabilitationWidget::addDialog() const
{
    return m_addDialog;
}

TrainingSelectionDialog *HabilitationWidget::trainingDialog() const
{
    return m_trainingDialog;
}

QTableView *HabilitationWidget::makeTable(
    QAbstractItemModel *model, const QString &name, const QString &accessibleName)
{
    auto *table = new QTableView(this);
    table->setObjectName(name);
    table->setAccessibleName(accessibleName);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setTabKeyNavigation(false);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    connect(table->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &HabilitationWidget::updateButtons);
    connect(model, &QAbstractItemModel::modelReset, this, &HabilitationWidget::updateButtons);
    return table;
}

void HabilitationWidget::setOrganisation(qint64 organisationId)
{
    if (organisationId != m_organisationId) {
        m_organisationId = organisationId;
        m_requestsModel->setRequests({});
        m_changesModel->setChanges({});
        hideConfirmation();
        showStatus(QString());
    }
    reload();
}

void HabilitationWidget::reload()
{
    if (m_organisationId == 0)
        return;
    showError(QString());
    loadRequests();
    loadChanges();
}

void HabilitationWidget::loadRequests(qint64 selectId)
{
    const qint64 organisationId = m_organisationId;
    m_api->habilitationRequests(organisationId, m_requests,
        [this, organisationId, selectId](const Result<ApiClient::HabilitationRequestList> &result) {
            if (organisationId != m_organisationId)
                return;
            // The cursor stays where it is now (it may have moved while the list was read).
            const ApiClient::HabilitationRequest *current = currentRequest();
            const qint64 keep = selectId != 0 ? selectId : current ? current->id : 0;
            if (!result) {
                m_requestsModel->setRequests({});
                showError(
                    tr("Impossible d'afficher les demandes d'habilitation. %1").arg(result.error().message));
                return;
            }
            m_requestsModel->setRequests(result.value().requests);
            const int row = m_requestsModel->rowOf(keep);
            if (row >= 0)
                m_requestsTable->setCurrentIndex(m_requestsModel->index(row, 0));
            updateButtons();
        });
}

void HabilitationWidget::loadChanges(qint64 selectId)
{
    const qint64 organisationId = m_organisationId;
    m_api->structureChanges(organisationId, m_requests,
        [this, organisationId, selectId](const Result<ApiClient::StructureChangeList> &result) {
            if (organisationId != m_organisationId)
                return;
            const ApiClient::StructureChange *current = currentChange();
            const qint64 keep = selectId != 0 ? selectId : current ? current->id : 0;
            if (!result) {
                m_changesModel->setChanges({});
                showError(tr("Impossible d'afficher les demandes de changement de structure. %1")
                              .arg(result.error().message));
                return;
            }
            m_changesModel->setChanges(result.value().changes);
            const int row = m_changesModel->rowOf(keep);
            if (row >= 0)
                m_changesTable->setCurrentIndex(m_changesModel->index(row, 0));
            updateButtons();
        });
}

const ApiClient::HabilitationRequest *HabilitationWidget::currentRequest() const
{
    const QModelIndex index = m_requestsTable->currentIndex();
    return index.isValid()
        ? m_requestsModel->request(index.data(HabilitationRequestsModel::RequestIdRole).toLongLong())
        : nullptr;
}

const ApiClient::StructureChange *HabilitationWidget::currentChange() const
{
    const QModelIndex index = m_changesTable->currentIndex();
    return index.isValid()
        ? m_changesModel->change(index.data(StructureChangesModel::ChangeIdRole).toLongLong())
        : nullptr;
}

void HabilitationWidget::updateButtons()
{
    const ApiClient::HabilitationRequest *request = currentRequest();
    m_cancelRequestButton->setEnabled(request && HabilitationRequestsModel::canCancel(*request));
    m_registerButton->setEnabled(request && HabilitationRequestsModel::canRegister(*request));
    const QModelIndex change = m_changesTable->currentIndex();
    m_cancelChangeButton->setEnabled(
        change.isValid() && change.data(StructureChangesModel::CanCancelRole).toBool());
    m_addButton->setEnabled(m_organisationId != 0);
    m_requestsTitle->setText(tr("Demandes d'habilitation en cours (%1)").arg(m_requestsModel->rowCount()));
    m_changesTitle->setText(tr("Demandes de changement de structure (%1)").arg(m_changesModel->rowCount()));
}

void HabilitationWidget::openAddDialog()
{
    if (m_addDialog || m_organisationId == 0)
        return;
    hideConfirmation();
    m_addDialog = new AddAidantsDialog(m_api, m_organisationId, this);
    connect(m_addDialog, &AddAidantsDialog::habilitationRequestsCreated, this,
        [this](const QList<ApiClient::HabilitationRequest> &created) {
            showError(QString());
            showStatus(created.size() == 1
                    ? tr("La demande d'habilitation de %1 est envoyée (état « %2 »).")
                          .arg(created.constFirst().fullName(), created.constFirst().statusLabel)
                    : tr("%1 demandes d'habilitation sont envoyées.").arg(created.size()));
            loadRequests(created.isEmpty() ? 0 : created.constFirst().id);
            m_requestsTable->setFocus();
            emit changed();
        });
    connect(m_addDialog, &AddAidantsDialog::structureChangesCreated, this,
        [this](const QList<ApiClient::StructureChange> &created) {
            showError(QString());
            showStatus(created.size() == 1
                    ? tr("La demande de changement de structure pour %1 est envoyée.")
                          .arg(created.constFirst().email)
                    : tr("%1 demandes de changement de structure sont envoyées.").arg(created.size()));
            loadChanges(created.isEmpty() ? 0 : created.constFirst().id);
            m_changesTable->setFocus();
            emit changed();
        });
    m_addDialog->open();
}

void HabilitationWidget::openTrainingDialog()
{
    const ApiClient::HabilitationRequest *request = currentRequest();
    if (!request || !HabilitationRequestsModel::canRegister(*request) || m_trainingDialog)
        return;
    hideConfirmation();
    m_trainingDialog = new TrainingSelectionDialog(m_api, m_organisationId, *request, this);
    connect(m_trainingDialog, &TrainingSelectionDialog::registered, this,
        [this](const ApiClient::HabilitationRequest &registered) {
            showError(QString());
            const QString session = registered.trainingSessions.isEmpty()
                ? QString()
                : registered.trainingSessions.constFirst().datesLabel;
            showStatus(tr("%1 est inscrit·e à la formation : %2. L'organisme de formation vous contactera "
                          "pour valider l'inscription.")
                           .arg(registered.fullName(), session));
            loadRequests(registered.id);
            m_requestsTable->setFocus();
            emit changed();
        });
    m_trainingDialog->open();
    m_trainingDialog->load();
}

void HabilitationWidget::askCancel(Pending what)
{
    if (what == Pending::CancelRequest) {
        const ApiClient::HabilitationRequest *request = currentRequest();
        if (!request)
            return;
        m_pendingId = request->id;
        m_confirmLabel->setText(tr("Annuler la demande d'habilitation de %1 ? Cette action est définitive.")
                                    .arg(request->fullName()));
        m_confirmButton->setAccessibleName(
            tr("Confirmer l'annulation de la demande de %1").arg(request->fullName()));
    } else {
        const ApiClient::StructureChange *change = currentChange();
        if (!change)
            return;
        m_pendingId = change->id;
        m_confirmLabel->setText(
            tr("Annuler la demande de changement de structure pour %1 ? Cette action est définitive.")
                .arg(change->email));
        m_confirmButton->setAccessibleName(
            tr("Confirmer l'annulation de la demande de changement de structure pour %1").arg(change->email));
    }
    m_pending = what;
    m_confirmWidget->show();
    m_confirmButton->setFocus();
}

void HabilitationWidget::hideConfirmation()
{
    m_pending = Pending::None;
    m_pendingId = 0;
    m_confirmWidget->hide();
}

void HabilitationWidget::confirmCancel()
{
    const Pending what = m_pending;
    const qint64 id = m_pendingId;
    hideConfirmation();
    if (what == Pending::None || id == 0)
        return;
    m_confirmButton->setEnabled(false);
    if (what == Pending::CancelRequest) {
        qCInfo(lcUiReferent) << "habilitation request cancellation requested";
        m_api->cancelHabilitationRequest(m_organisationId, id, m_requests,
            [this, id](const Result<ApiClient::HabilitationRequest> &result) {
                m_confirmButton->setEnabled(true);
                if (!result) {
                    showError(result.error().message);
                    loadRequests(id);
                    return;
                }
                showError(QString());
                showStatus(tr("La demande d'habilitation de %1 est annulée.").arg(result.value().fullName()));
                loadRequests(id);
                m_requestsTable->setFocus();
                emit changed();
            });
        return;
    }
    qCInfo(lcUiReferent) << "structure change cancellation requested";
    m_api->cancelStructureChange(
        m_organisationId, id, m_requests, [this, id](const Result<ApiClient::StructureChange> &result) {
            m_confirmButton->setEnabled(true);
            if (!result) {
                showError(result.error().message);
                loadChanges(id);
                return;
            }
            showError(QString());
            showStatus(
                tr("La demande de changement de structure pour %1 est annulée.").arg(result.value().email));
            loadChanges(id);
            m_changesTable->setFocus();
            emit changed();
        });
}

void HabilitationWidget::clear()
{
    delete m_requests; // the answers still to come are dropped
    m_requests = new QObject(this);
    if (m_addDialog)
        m_addDialog->reject();
    if (m_trainingDialog)
        m_trainingDialog->reject();
    m_organisationId = 0;
    m_requestsModel->setRequests({});
    m_changesModel->setChanges({});
    m_confirmButton->setEnabled(true);
    hideConfirmation();
    showError(QString());
    showStatus(QString());
    updateButtons();
}

void HabilitationWidget::showError(const QString &message)
{
    PageHelpers::showError(m_errorLabel, message);
    if (!message.isEmpty())
        showStatus(QString());
}

void HabilitationWidget::showStatus(const QString &message)
{
    m_statusLabel->setText(message);
    m_statusLabel->setVisible(!message.isEmpty());
}
