#pragma once

#include "ApiClient.h"

#include <QPointer>
#include <QWidget>

class AddAidantsDialog;
class HabilitationRequestsModel;
class QAbstractItemModel;
class QLabel;
class QPushButton;
class QTableView;
class StructureChangesModel;
class TrainingSelectionDialog;

/// « Demandes d'habilitation » in « Mon espace responsable » (docs/habilitation.md § Client):
/// « Ajouter un aidant », the habilitation requests in progress (cancel, register to a training)
/// and the structure change requests (cancel while new). Read from the server when the organisation
/// is shown and after each change; an error is said in place, never shown as an empty list.
class HabilitationWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HabilitationWidget)

public:
    explicit HabilitationWidget(ApiClient *api, QWidget *parent = nullptr);
    ~HabilitationWidget() override;

    /// Shows @p organisationId's requests (read from the server).
    void setOrganisation(qint64 organisationId);
    qint64 organisationId() const { return m_organisationId; }
    /// Reads both lists again.
    void reload();
    /// Removes every personal detail (locked or closed session); closes the dialogs.
    void clear();

    HabilitationRequestsModel *requestsModel() const { return m_requestsModel; }
    StructureChangesModel *changesModel() const { return m_changesModel; }
    AddAidantsDialog *addDialog() const;
    TrainingSelectionDialog *trainingDialog() const;

signals:
    /// A request changed on the server (the aidants' lists may have to be read again).
    void changed();

private:
    enum class Pending { None, CancelRequest, CancelChange };

    void openAddDialog();
    void openTrainingDialog();
    void askCancel(Pending what);
    void confirmCancel();
    void hideConfirmation();
    void loadRequests(qint64 selectId = 0);
    void loadChanges(qint64 selectId = 0);
    void updateButtons();
    void showError(const QString &message);
    void showStatus(const QString &message);
    QTableView *makeTable(QAbstractItemModel *model, const QString &name, const QString &accessibleName);
    const ApiClient::HabilitationRequest *currentRequest() const;
    const ApiClient::StructureChange *currentChange() const;

    ApiClient *m_api;
    QObject *m_requests = nullptr; ///< context of the calls in flight, replaced by clear()
    qint64 m_organisationId = 0;
    HabilitationRequestsModel *m_requestsModel;
    StructureChangesModel *m_changesModel;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QPushButton *m_addButton = nullptr;
    QLabel *m_requestsTitle = nullptr;
    QTableView *m_requestsTable = nullptr;
    QPushButton *m_cancelRequestButton = nullptr;
    QPushButton *m_registerButton = nullptr;
    QLabel *m_changesTitle = nullptr;
    QTableView *m_changesTable = nullptr;
    QPushButton *m_cancelChangeButton = nullptr;
    QWidget *m_confirmWidget = nullptr;
    QLabel *m_confirmLabel = nullptr;
    QPushButton *m_confirmButton = nullptr;
    QPushButton *m_keepButton = nullptr;
    Pending m_pending = Pending::None;
    qint64 m_pendingId = 0;
    QPointer<AddAidantsDialog> m_addDialog;
    QPointer<TrainingSelectionDialog> m_trainingDialog;
};
