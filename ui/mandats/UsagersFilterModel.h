#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

class UsagersModel;

/// Type-ahead search and state filter over UsagersModel, sorted by name in French collation.
class UsagersFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsagersFilterModel)

public:
    /// Which usagers are listed, by the counts of their UsagerSummary.
    enum class StateFilter { All, Active, ExpiringSoon, Expired, Revoked };
    Q_ENUM(StateFilter)

    explicit UsagersFilterModel(QObject *parent = nullptr);
    ~UsagersFilterModel() override;

    /// Must be an UsagersModel (the filter reads its precomputed keys directly).
    void setSourceModel(QAbstractItemModel *sourceModel) override;

    /// Each space-separated term of `query`, normalized, must be a substring of the search key.
    void setQuery(const QString &query);
    QString query() const { return m_query; }
    QStringList terms() const { return m_terms; }

    void setStateFilter(StateFilter filter);
    StateFilter stateFilter() const { return m_stateFilter; }

    /// The time "expiring within 30 days" is measured from; 0: use the summaries' own counts.
    void setNowMs(qint64 nowMs);
    qint64 nowMs() const { return m_nowMs; }

    /// The French label of a filter, as shown in the filter combo box.
    static QString label(StateFilter filter);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    UsagersModel *m_usagers = nullptr;
    QString m_query;
    QStringList m_terms;
    StateFilter m_stateFilter = StateFilter::All;
    qint64 m_nowMs = 0;
};
