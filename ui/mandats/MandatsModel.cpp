#include "MandatsModel.h"

#include "Demarches.h"
#include "MandatRules.h"
#include "MandatsText.h"

#include <algorithm>

// Internal ids: 0 for a mandat row, (mandat row + 1) for the rows of its autorisations.

MandatsModel::MandatsModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

MandatsModel::~MandatsModel() = default;

void MandatsModel::setMandats(const QList<MandatInfo> &mandats, qint64 nowMs)
{
    beginResetModel();
    m_nowMs = nowMs;
    m_mandats.clear();
    for (const MandatInfo &mandat : mandats) {
        if (!MandatRules::isHidden(mandat, nowMs))
            m_mandats.append(mandat);
    }
    std::stable_sort(m_mandats.begin(), m_mandats.end(),
        [](const MandatInfo &a, const MandatInfo &b) { return a.createdAtMs > b.createdAtMs; });
    endResetModel();
}

const MandatInfo *MandatsModel::mandatAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const int row = index.internalId() == 0 ? index.row() : int(index.internalId() - 1);
    return row >= 0 && row < m_mandats.size() ? &m_mandats.at(row) : nullptr;
}

const AutorisationInfo *MandatsModel::autorisationAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == 0)
        return nullptr;
    const MandatInfo *mandat = mandatAt(index);
    if (!mandat || index.row() >= mandat->autorisations.size())
        return nullptr;
    return &mandat->autorisations.at(index.row());
}

QModelIndex MandatsModel::indexOf(qint64 mandatId, qint64 autorisationId) const
{
    for (int row = 0; row < m_mandats.size(); ++row) {
        const MandatInfo &mandat = m_mandats.at(row);
        if (mandat.id != mandatId)
            continue;
        const QModelIndex mandatIndex = index(row, 0);
        if (autorisationId == 0)
            return mandatIndex;
        for (int child = 0; child < mandat.autorisations.size(); ++child) {
            if (mandat.autorisations.at(child).id == autorisationId)
                return index(child, 0, mandatIndex);
        }
        return {};
    }
    return {};
}

QModelIndex MandatsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex MandatsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int MandatsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_mandats.size());
    if (parent.column() != 0 || parent.internalId() != 0)
        return 0;
    return int(m_mandats.at(parent.row()).autorisations.size());
}

int MandatsModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return ColumnCount;
}

QVariant MandatsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const MandatInfo *mandat = mandatAt(index);
    if (!mandat)
        return {};
    if (const AutorisationInfo *autorisation = autorisationAt(index))
        return autorisationData(*mandat, *autorisation, index.column(), role);
    return mandatData(*mandat, index.column(), role);
}

QVariant MandatsModel::mandatData(const MandatInfo &mandat, int column, int role) const
{
    const MandatRules::State state = MandatRules::state(mandat, m_nowMs);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TitleColumn: {
            const int count = int(mandat.autorisations.size());
            return count == 1 ? tr("Mandat (1 démarche)") : tr("Mandat (%1 démarches)").arg(count);
        }
        case StateColumn:
            return MandatRules::stateLabel(state);
        case CreatedColumn:
            return MandatsText::date(mandat.createdAtMs);
        case ExpiryColumn:
            return MandatsText::date(mandat.expiresAtMs);
        case DurationColumn: {
            const MandatDuration *duration = MandatDurations::find(mandat.duration);
            return duration ? duration->label : mandat.duration;
        }
        case AidantColumn:
            return mandat.aidantName;
        }
        break;
    case Qt::AccessibleTextRole:
        switch (column) {
        case TitleColumn:
            return tr("Mandat du %1, %2")
                .arg(MandatsText::date(mandat.createdAtMs), MandatRules::stateLabel(state));
        case StateColumn:
            return tr("État : %1").arg(MandatRules::stateLabel(state));
        case CreatedColumn:
            return tr("Créé le %1").arg(MandatsText::date(mandat.createdAtMs));
        case ExpiryColumn:
            return state == MandatRules::State::Active
                ? tr("Expire le %1").arg(MandatsText::date(mandat.expiresAtMs))
                : tr("Échéance le %1").arg(MandatsText::date(mandat.expiresAtMs));
        case AidantColumn:
            return tr("Créé par %1").arg(mandat.aidantName);
        default:
            return mandatData(mandat, column, Qt::DisplayRole);
        }
    case MandatIdRole:
        return mandat.id;
    case AutorisationIdRole:
        return qint64(0);
    case StateRole:
        return int(state);
    default:
        break;
    }
    return {};
}

QVariant MandatsModel::autorisationData(
    const MandatInfo &mandat, const AutorisationInfo &autorisation, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        if (column == TitleColumn)
            return demarcheTitle(autorisation.demarche);
        if (column == StateColumn)
            return autorisationStateText(mandat, autorisation, m_nowMs);
        return {};
    case Qt::AccessibleTextRole:
        if (column == TitleColumn)
            return tr("Démarche %1, %2")
                .arg(demarcheTitle(autorisation.demarche),
                    autorisationStateText(mandat, autorisation, m_nowMs));
        if (column == StateColumn)
            return autorisationStateText(mandat, autorisation, m_nowMs);
        return {};
    case Qt::ToolTipRole:
        if (column == TitleColumn) {
            if (const Demarche *demarche = Demarches::find(autorisation.demarche))
                return demarche->description;
        }
        return {};
    case MandatIdRole:
        return mandat.id;
    case AutorisationIdRole:
        return autorisation.id;
    case StateRole:
        return int(MandatRules::state(mandat, m_nowMs));
    default:
        return {};
    }
}

QVariant MandatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::AccessibleTextRole))
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn:
        return tr("Mandat et démarches");
    case StateColumn:
        return tr("État");
    case CreatedColumn:
        return tr("Créé le");
    case ExpiryColumn:
        return tr("Expire le");
    case DurationColumn:
        return tr("Durée");
    case AidantColumn:
        return tr("Créé par");
    default:
        return {};
    }
}

QString MandatsModel::demarcheTitle(const QString &code)
{
    const Demarche *demarche = Demarches::find(code);
    return demarche ? demarche->title : code;
}

QString MandatsModel::autorisationStateText(
    const MandatInfo &mandat, const AutorisationInfo &autorisation, qint64 nowMs)
{
    if (autorisation.revokedAtMs > 0)
        return tr("Révoquée le %1").arg(MandatsText::date(autorisation.revokedAtMs));
    if (MandatRules::state(mandat, nowMs) == MandatRules::State::Expired)
        return tr("Expirée");
    return tr("Active");
}
