#include "ReferentAidantsModel.h"

#include "ReferentText.h"
#include "mandats/MandatsText.h"

ReferentAidantsModel::ReferentAidantsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

ReferentAidantsModel::~ReferentAidantsModel() = default;

void ReferentAidantsModel::setAidants(const QList<ReferentAidant> &aidants)
{
    beginResetModel();
    m_aidants = aidants;
    m_searchKeys.clear();
    for (const ReferentAidant &a : m_aidants) {
        m_searchKeys << MandatsText::normalizeForSearch(
            QStringList { a.firstName, a.lastName, a.email }.join(QLatin1Char(' ')));
    }
    endResetModel();
}

const ReferentAidant *ReferentAidantsModel::aidant(qint64 id) const
{
    for (const ReferentAidant &a : m_aidants) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

int ReferentAidantsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_aidants.size());
}

int ReferentAidantsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReferentAidantsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReferentAidant &a = m_aidants.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            if (role == SortRole)
                return MandatsText::normalizeForSearch(a.lastName + QLatin1Char(' ') + a.firstName);
            return a.referent ? tr("%1 (référent)").arg(ReferentText::fullName(a))
                              : ReferentText::fullName(a);
        case EmailColumn:
            return a.email;
        case ProfessionColumn:
            return a.profession;
        case DeviceColumn:
            return ReferentText::deviceText(a);
        default:
            return {};
        }
    case AidantIdRole:
        return a.id;
    case ActiveRole:
        return a.active;
    case SearchKeyRole:
        return m_searchKeys.at(index.row());
    default:
        return {};
    }
}

QVariant ReferentAidantsModel::headerData(int section, Qt::Orientation orientation, int role) const
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
    case DeviceColumn:
        return tr("Dispositif");
    default:
        return {};
    }
}

ReferentAidantsFilterModel::ReferentAidantsFilterModel(bool active, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_active(active)
{
    setSortRole(ReferentAidantsModel::SortRole);
    setDynamicSortFilter(true);
    sort(ReferentAidantsModel::NameColumn);
}

ReferentAidantsFilterModel::~ReferentAidantsFilterModel() = default;

void ReferentAidantsFilterModel::setQuery(const QString &query)
{
    m_query = query;
    const QStringList terms
        = MandatsText::normalizeForSearch(query).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (terms == m_terms)
        return;
    m_terms = terms;
    invalidateFilter();
}

bool ReferentAidantsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(ReferentAidantsModel::ActiveRole).toBool() != m_active)
        return false;
    const QString key = index.data(ReferentAidantsModel::SearchKeyRole).toString();
    for (const QString &term : m_terms) {
        if (!key.contains(term))
            return false;
    }
    return true;
}
