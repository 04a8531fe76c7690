#pragma once

#include <QAbstractProxyModel>
#include <QStringList>

#include <vector>

class UsagersModel;

/// Type-ahead search and state filter over UsagersModel, sorted by name in French collation.
///
/// Built for the keystroke path (docs/performance.md § Search): the order of every usager for the
/// current sort is computed once (at sort() and on a reset of the source), and a keystroke only
/// walks that order keeping the rows that match — no sorting. A query that narrows the previous
/// one (« dub » → « dubi ») walks only the rows shown. The view gets one layout change per
/// keystroke, with its persistent indexes (current row, selection) carried over.
class UsagersFilterModel final : public QAbstractProxyModel
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

    /// -1: the source's order.
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // QAbstractProxyModel
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    bool accepts(int sourceRow) const;
    /// The rows of @p candidates (source rows, in display order) that pass the filters, in that order.
    std::vector<int> matching(const std::vector<int> &candidates) const;
    bool lessThan(int left, int right) const;
    /// m_order for the current sort column and order (source rows).
    void computeOrder();
    /// Rebuilds m_visible from @p candidates (source rows, in display order) inside one layout change.
    void refilter(const std::vector<int> &candidates);
    void rebuildMapping();
    /// Ends a reset of the source (begun by beginResetModel()): order, filter and mapping anew.
    void sourceReset();

    UsagersModel *m_usagers = nullptr;
    QString m_query;
    QStringList m_terms;
    std::vector<QByteArray> m_termsUtf8; ///< m_terms as the keys are stored
    StateFilter m_stateFilter = StateFilter::All;
    qint64 m_nowMs = 0;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::vector<int> m_order; ///< every source row, in display order
    std::vector<int> m_visible; ///< proxy row → source row
    std::vector<int> m_sourceToProxy; ///< source row → proxy row, -1 when filtered out
};
