#pragma once

#include "ApiClient.h"

#include <QAbstractTableModel>
#include <QList>

/// « Demandes d'habilitation en cours » (seed 004): the organisation's habilitation requests as the
/// server listed them. The state is the server's French label; the buttons a request allows are its
/// answer's `actions` (docs/habilitation.md), never guessed from the status here.
class HabilitationRequestsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HabilitationRequestsModel)

public:
    enum Column { NameColumn, EmailColumn, ProfessionColumn, StatusColumn, ActionsColumn, ColumnCount };
    enum Role {
        RequestIdRole = Qt::UserRole + 1,
        CanCancelRole, ///< « Annuler la demande » allowed
        CanRegisterRole, ///< « Inscrire à une formation » allowed
    };

    explicit HabilitationRequestsModel(QObject *parent = nullptr);
    ~HabilitationRequestsModel() override;

    void setRequests(const QList<ApiClient::HabilitationRequest> &requests);
    const QList<ApiClient::HabilitationRequest> &requests() const { return m_requests; }
    const ApiClient::HabilitationRequest *request(qint64 id) const;
    /// The row of request @p id, -1 when not listed.
    int rowOf(qint64 id) const;

    static bool canCancel(const ApiClient::HabilitationRequest &request);
    static bool canRegister(const ApiClient::HabilitationRequest &request);
    /// « Annuler la demande, Inscrire à une formation », or « Aucune ».
    static QString actionsText(const ApiClient::HabilitationRequest &request);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ApiClient::HabilitationRequest> m_requests;
};

/// The organisation's structure change requests (aidants habilitated elsewhere joining it).
class StructureChangesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StructureChangesModel)

public:
    enum Column { NameColumn, EmailColumn, NewEmailColumn, StatusColumn, ColumnCount };
    enum Role { ChangeIdRole = Qt::UserRole + 1, CanCancelRole };

    explicit StructureChangesModel(QObject *parent = nullptr);
    ~StructureChangesModel() override;

    void setChanges(const QList<ApiClient::StructureChange> &changes);
    const QList<ApiClient::StructureChange> &changes() const { return m_changes; }
    const ApiClient::StructureChange *change(qint64 id) const;
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ApiClient::StructureChange> m_changes;
};

/// « Formation de … »: the sessions offered to a request, one of them selected as a radio button
/// would (the « Sélection » column: checked on one row at most).
class TrainingSessionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrainingSessionsModel)

public:
    enum Column {
        OrganismeColumn,
        DatesColumn,
        DurationColumn,
        FormatColumn,
        PlaceColumn,
        SelectionColumn,
        ColumnCount
    };
    enum Role { SessionIdRole = Qt::UserRole + 1 };

    explicit TrainingSessionsModel(QObject *parent = nullptr);
    ~TrainingSessionsModel() override;

    /// The sessions; the one the server marks `selected` is pre-selected.
    void setSessions(const QList<ApiClient::TrainingSession> &sessions);
    const QList<ApiClient::TrainingSession> &sessions() const { return m_sessions; }
    /// The selected session's id, 0 for none.
    qint64 selectedId() const { return m_selectedId; }
    void selectRow(int row);
    int selectedRow() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void selectionChanged();

private:
    QList<ApiClient::TrainingSession> m_sessions;
    qint64 m_selectedId = 0;
};
