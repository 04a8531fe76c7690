#include "UsagersFilterModel.h"

#include "MandatRules.h"
#include "MandatsText.h"
#include "UsagersModel.h"

UsagersFilterModel::UsagersFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(UsagersModel::SortRole);
    setDynamicSortFilter(true);
}

UsagersFilterModel::~UsagersFilterModel() = default;

void UsagersFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    m_usagers = qobject_cast<UsagersModel *>(sourceModel);
    Q_ASSERT(m_usagers || !sourceModel);
    QSortFilterProxyModel::setSourceModel(sourceModel);
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
    m_terms = terms;
    // invalidate() (one layout change) rather than invalidateFilter(): the latter removes and inserts
    // rows range by range, which costs the view far more on 50 000 usagers sorted by name.
    invalidate();
}

void UsagersFilterModel::setStateFilter(StateFilter filter)
{
    if (filter == m_stateFilter)
        return;
    m_stateFilter = filter;
    invalidate();
}

void UsagersFilterModel::setNowMs(qint64 nowMs)
{
    if (nowMs == m_nowMs)
        return;
    m_nowMs = nowMs;
    if (m_stateFilter == StateFilter::ExpiringSoon)
        invalidate();
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

bool UsagersFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_usagers || sourceParent.isValid())
        return false;
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
    const QString &key = m_usagers->searchKeyAt(sourceRow);
    for (const QString &term : m_terms) {
        if (!key.contains(term))
            return false;
    }
    return true;
}

bool UsagersFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_usagers)
        return QSortFilterProxyModel::lessThan(left, right);
    const int l = left.row();
    const int r = right.row();
    const UsagerSummary &a = m_usagers->usagerAt(l);
    const UsagerSummary &b = m_usagers->usagerAt(r);
    switch (left.column()) {
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
