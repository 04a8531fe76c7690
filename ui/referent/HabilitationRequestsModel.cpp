#include "HabilitationRequestsModel.h"

namespace {
const QString kCancel = QStringLiteral("cancel_by_referent");
const QString kRegister = QStringLiteral("register_training");
} // namespace

HabilitationRequestsModel::HabilitationRequestsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

HabilitationRequestsModel::~HabilitationRequestsModel() = default;

void HabilitationRequestsModel::setRequests(const QList<ApiClient::HabilitationRequest> &requests)
{
    beginResetModel();
    m_requests = requests;
    endResetModel();
}

const ApiClient::HabilitationRequest *HabilitationRequestsModel::request(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_requests.at(row);
}

int HabilitationRequestsModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_requests.size(); ++row) {
        if (m_requests.at(row).id == id)
            return row;
    }
    return -1;
}

bool HabilitationRequestsModel::canCancel(const ApiClient::HabilitationRequest &request)
{
    return request.actions.contains(kCancel);
}

bool HabilitationRequestsModel::canRegister(const ApiClient::HabilitationRequest &request)
{
    return request.actions.contains(kRegister);
}

QString HabilitationRequestsModel::actionsText(const ApiClient::HabilitationRequest &request)
{
    QStringList actions;
    if (canCancel(request))
        actions << tr("Annuler la demande");
    if (canRegister(request))
        actions << tr("Inscrire à une formation");
    return actions.isEmpty() ? tr("Aucune") : actions.join(QStringLiteral(", "));
}

int HabilitationRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_requests.size());
}

int HabilitationRequestsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HabilitationRequestsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_requests.size())
        return {};
    const ApiClient::HabilitationRequest &r = m_requests.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn:
            return r.fullName();
        case EmailColumn:
            return r.email;
        case ProfessionColumn:
            return r.profession;
        case StatusColumn:
            return r.statusLabel;
        case ActionsColumn:
            return actionsText(r);
        default:
            return {};
        }
    case RequestIdRole:
        return r.id;
    case CanCancelRole:
        return canCancel(r);
    case CanRegisterRole:
        return canRegister(r);
    default:
        return {};
    }
}

QVariant HabilitationRequestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Nom");
    case EmailColumn:
        return tr("Email");
    case ProfessionColumn:
        return tr("Profession");
    case StatusColumn:
        return tr("État de la demande");
    case ActionsColumn:
        return tr("Actions possibles");
    default:
        return {};
    }
}

StructureChangesModel::StructureChangesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

StructureChangesModel::~StructureChangesModel() = default;

void StructureChangesModel::setChanges(const QList<ApiClient::StructureChange> &changes)
{
    beginResetModel();
    m_changes = changes;
    endResetModel();
}

const ApiClient::StructureChange *StructureChangesModel::change(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_changes.at(row);
}

int StructureChangesModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_changes.size(); ++row) {
        if (m_changes.at(row).id == id)
            return row;
    }
    return -1;
}

int StructureChangesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int StructureChangesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StructureChangesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_changes.size())
        return {};
    const ApiClient::StructureChange &c = m_changes.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn:
            return QStringList { c.firstName, c.lastName }.join(QLatin1Char(' ')).trimmed();
        case EmailColumn:
            return c.email;
        case NewEmailColumn:
            return c.newEmail.isEmpty() ? tr("Inchangé") : c.newEmail;
        case StatusColumn:
            return c.statusLabel;
        default:
            return {};
        }
    case ChangeIdRole:
        return c.id;
    case CanCancelRole:
        return c.actions.contains(kCancel);
    default:
        return {};
    }
}

QVariant StructureChangesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Nom");
    case EmailColumn:
        return tr("Email actuel");
    case NewEmailColumn:
        return tr("Email dans votre structure");
    case StatusColumn:
        return tr("État de la demande");
    default:
        return {};
    }
}

TrainingSessionsModel::TrainingSessionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

TrainingSessionsModel::~TrainingSessionsModel() = default;

void TrainingSessionsModel::setSessions(const QList<ApiClient::TrainingSession> &sessions)
{
    beginResetModel();
    m_sessions = sessions;
    m_selectedId = 0;
    for (const ApiClient::TrainingSession &s : sessions) {
        if (s.selected) {
            m_selectedId = s.id;
            break;
        }
    }
    endResetModel();
    emit selectionChanged();
}

void TrainingSessionsModel::selectRow(int row)
{
    if (row < 0 || row >= m_sessions.size() || m_sessions.at(row).id == m_selectedId)
        return;
    const int previous = selectedRow();
    m_selectedId = m_sessions.at(row).id;
    for (const int changed : { previous, row }) {
        if (changed >= 0) {
            const QModelIndex cell = index(changed, SelectionColumn);
            emit dataChanged(cell, cell, { Qt::CheckStateRole, Qt::DisplayRole, Qt::AccessibleTextRole });
        }
    }
    emit selectionChanged();
}

int TrainingSessionsModel::selectedRow() const
{
    for (int row = 0; row < m_sessions.size(); ++row) {
        if (m_selectedId != 0 && m_sessions.at(row).id == m_selectedId)
            return row;
    }
    return -1;
}

int TrainingSessionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int TrainingSessionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrainingSessionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_sessions.size())
        return {};
    const ApiClient::TrainingSession &s = m_sessions.at(index.row());
    const bool selected = s.id == m_selectedId;
    if (role == SessionIdRole)
        return s.id;
    if (index.column() == SelectionColumn) {
        if (role == Qt::CheckStateRole)
            return selected ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::AccessibleTextRole)
            return selected ? tr("Sélectionnée") : tr("Non sélectionnée");
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case OrganismeColumn:
        return s.organisme;
    case DatesColumn:
        return s.datesLabel;
    case DurationColumn:
        return s.durationLabel;
    case FormatColumn:
        return s.formatLabel;
    case PlaceColumn:
        return s.place;
    default:
        return {};
    }
}

bool TrainingSessionsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    // A radio button: checking one row unchecks the other; unchecking is not a choice.
    if (!index.isValid() || index.column() != SelectionColumn || role != Qt::CheckStateRole)
        return false;
    if (value.toInt() != Qt::Checked)
        return false;
    selectRow(index.row());
    return true;
}

Qt::ItemFlags TrainingSessionsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == SelectionColumn)
        result |= Qt::ItemIsUserCheckable;
    return result;
}

QVariant TrainingSessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OrganismeColumn:
        return tr("Organisme");
    case DatesColumn:
        return tr("Dates");
    case DurationColumn:
        return tr("Durée");
    case FormatColumn:
        return tr("Format");
    case PlaceColumn:
        return tr("Lieu");
    case SelectionColumn:
        return tr("Sélection");
    default:
        return {};
    }
}
