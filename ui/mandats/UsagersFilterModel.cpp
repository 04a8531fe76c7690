#include "UsagersFilterModel.h"

#include "MandatRules.h"
#include "MandatsText.h"
#include "UsagersModel.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace {
/// Whether every row @p narrower accepts is accepted by @p wider: each term of @p wider is
/// contained in a term of @p narrower (« dub » then « dubi », or « jean » then « jean lef »).
bool narrows(const QStringList &narrower, const QStringList &wider)
{
    return std::all_of(wider.cbegin(), wider.cend(), [&narrower](const QString &term) {
        return std::any_of(narrower.cbegin(), narrower.cend(),
            [&term](const QString &candidate) { return candidate.contains(term); });
    });
}
} // namespace

UsagersFilterModel::UsagersFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

UsagersFilterModel::~UsagersFilterModel() = default;

void UsagersFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    beginResetModel();
    if (QAbstractItemModel *previous = this->sourceModel())
        disconnect(previous, nullptr, this, nullptr);
    m_usagers = qobject_cast<UsagersModel *>(sourceModel);
    Q_ASSERT(m_usagers || !sourceModel);
    QAbstractProxyModel::setSourceModel(sourceModel);
    if (sourceModel) {
        // UsagersModel only ever resets; any finer change is handled as a reset too.
        const auto begin = [this] { beginResetModel(); };
        const auto done = [this] { sourceReset(); };
        connect(sourceModel, &QAbstractItemModel::modelAboutToBeReset, this, begin);
        connect(sourceModel, &QAbstractItemModel::modelReset, this, done);
        connect(sourceModel, &QAbstractItemModel::layoutAboutToBeChanged, this, begin);
        connect(sourceModel, &QAbstractItemModel::layoutChanged, this, done);
        connect(sourceModel, &QAbstractItemModel::rowsAboutToBeInserted, this, begin);
        connect(sourceModel, &QAbstractItemModel::rowsInserted, this, done);
        connect(sourceModel, &QAbstractItemModel::rowsAboutToBeRemoved, this, begin);
        connect(sourceModel, &QAbstractItemModel::rowsRemoved, this, done);
        connect(sourceModel, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                // Rows may now pass or fail the filter, or move: redo both, keeping the view's state.
                Q_UNUSED(topLeft)
                Q_UNUSED(bottomRight)
                computeOrder();
                refilter(m_order);
            });
        connect(sourceModel, &QAbstractItemModel::headerDataChanged, this,
            &QAbstractItemModel::headerDataChanged);
    }
    sourceReset();
}

void UsagersFilterModel::sourceReset()
{
    computeOrder();
    m_visible = matching(m_order);
    rebuildMapping();
    endResetModel();
}

std::vector<int> UsagersFilterModel::matching(const std::vector<int> &candidates) const
{
    std::vector<int> rows;
    rows.reserve(candidates.size());
    if (m_usagers) {
        for (const int row : candidates) {
            if (accepts(row))
                rows.push_back(row);
        }
    }
    return rows;
}

void UsagersFilterModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    const QStringList terms
        = MandatsText::normalizeForSearch(query).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (terms == m_terms)
        return; // "joelle" → "joelle," : same search
    const bool narrower = narrows(terms, m_terms);
    m_terms = terms;
    m_termsUtf8.clear();
    for (const QString &term : terms)
        m_termsUtf8.push_back(term.toUtf8());
    refilter(narrower ? m_visible : m_order);
}

void UsagersFilterModel::setStateFilter(StateFilter filter)
{
    if (filter == m_stateFilter)
        return;
    const bool narrower = m_stateFilter == StateFilter::All;
    m_stateFilter = filter;
    refilter(narrower ? m_visible : m_order);
}

void UsagersFilterModel::setNowMs(qint64 nowMs)
{
    if (nowMs == m_nowMs)
        return;
    m_nowMs = nowMs;
    if (m_stateFilter == StateFilter::ExpiringSoon)
        refilter(m_order);
}

QString UsagersFilterModel::label(StateFilter filter)
{
    switch (filter) {
    case StateFilter::All:
        return tr("Tous");
    case StateFilter::Active:
        return tr("Actifs");
    case StateFilter::ExpiringSoon:
        return tr("Expirant sous 30 jours");
    case StateFilter::Expired:
        return tr("Expirés");
    case StateFilter::Revoked:
        return tr("Révoqués");
    }
    return {};
}

bool UsagersFilterModel::accepts(int sourceRow) const
{
    const UsagerSummary &summary = m_usagers->usagerAt(sourceRow);
    switch (m_stateFilter) {
    case StateFilter::All:
        break;
    case StateFilter::Active:
        if (summary.activeMandats <= 0)
            return false;
        break;
    case StateFilter::ExpiringSoon:
        if (m_nowMs > 0) {
            // The earliest expiry of the active mandats is within 30 days.
            if (summary.nextExpiryMs <= m_nowMs
                || summary.nextExpiryMs - m_nowMs > MandatRules::kExpiringSoonMs)
                return false;
        } else if (summary.expiringSoonMandats <= 0) {
            return false;
        }
        break;
    case StateFilter::Expired:
        if (summary.expiredMandats <= 0)
            return false;
        break;
    case StateFilter::Revoked:
        if (summary.revokedMandats <= 0)
            return false;
        break;
    }
    const QByteArrayView key = m_usagers->searchKeyAt(sourceRow);
    for (const QByteArray &term : m_termsUtf8) {
        // Bytes, not UTF-16: half the memory to scan, and std::string_view::find is a memchr for
        // the first byte then a memcmp (UTF-8 substrings of normalized text match exactly where
        // their characters do).
        if (std::string_view(key.data(), size_t(key.size()))
                .find(std::string_view(term.constData(), size_t(term.size())))
            == std::string_view::npos)
            return false;
    }
    return true;
}

bool UsagersFilterModel::lessThan(int l, int r) const
{
    const UsagerSummary &a = m_usagers->usagerAt(l);
    const UsagerSummary &b = m_usagers->usagerAt(r);
    switch (m_sortColumn) {
    case UsagersModel::BirthdateColumn:
        if (a.usager.birthdate != b.usager.birthdate)
            return a.usager.birthdate < b.usager.birthdate;
        break;
    case UsagersModel::MandatsColumn:
        if (a.activeMandats != b.activeMandats)
            return a.activeMandats < b.activeMandats;
        break;
    case UsagersModel::NextExpiryColumn: {
        // Usagers without an active mandat last.
        const quint64 ea = quint64(a.nextExpiryMs == 0 ? -1 : a.nextExpiryMs);
        const quint64 eb = quint64(b.nextExpiryMs == 0 ? -1 : b.nextExpiryMs);
        if (ea != eb)
            return ea < eb;
        break;
    }
    default:
        break;
    }
    // Ties (and the name column): by name in French collation.
    return m_usagers->nameRankAt(l) < m_usagers->nameRankAt(r);
}

void UsagersFilterModel::computeOrder()
{
    const int count = m_usagers ? m_usagers->rowCount() : 0;
    m_order.resize(size_t(count));
    if (m_sortColumn == UsagersModel::NameColumn) {
        // The name ranks are a permutation: the order is its inverse, no sorting.
        for (int row = 0; row < count; ++row)
            m_order[size_t(m_usagers->nameRankAt(row))] = row;
    } else {
        std::iota(m_order.begin(), m_order.end(), 0);
        if (m_sortColumn >= 0)
            std::stable_sort(m_order.begin(), m_order.end(), [this](int a, int b) { return lessThan(a, b); });
    }
    if (m_sortColumn >= 0 && m_sortOrder == Qt::DescendingOrder)
        std::reverse(m_order.begin(), m_order.end());
}

void UsagersFilterModel::refilter(const std::vector<int> &candidates)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList persistent = persistentIndexList();
    std::vector<int> persistentSources;
    persistentSources.reserve(size_t(persistent.size()));
    for (const QModelIndex &index : persistent)
        persistentSources.push_back(m_visible.at(size_t(index.row())));

    m_visible = matching(candidates);
    rebuildMapping();

    QModelIndexList moved;
    moved.reserve(persistent.size());
    for (qsizetype i = 0; i < persistent.size(); ++i) {
        const int row = m_sourceToProxy.at(size_t(persistentSources.at(size_t(i))));
        moved.append(row < 0 ? QModelIndex() : createIndex(row, persistent.at(i).column()));
    }
    changePersistentIndexList(persistent, moved);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void UsagersFilterModel::rebuildMapping()
{
    m_sourceToProxy.assign(m_order.size(), -1);
    for (size_t row = 0; row < m_visible.size(); ++row)
        m_sourceToProxy[size_t(m_visible[row])] = int(row);
}

void UsagersFilterModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    computeOrder();
    refilter(m_order);
}

QModelIndex UsagersFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.model() != this
        || size_t(proxyIndex.row()) >= m_visible.size())
        return {};
    return sourceModel()->index(m_visible[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex UsagersFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel()
        || size_t(sourceIndex.row()) >= m_sourceToProxy.size())
        return {};
    const int row = m_sourceToProxy[size_t(sourceIndex.row())];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QModelIndex UsagersFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || size_t(row) >= m_visible.size() || column < 0
        || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex UsagersFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex UsagersFilterModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int UsagersFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int UsagersFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool UsagersFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_visible.empty() && columnCount() > 0;
}
