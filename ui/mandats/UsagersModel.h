#pragma once

#include "OfflineCache.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <vector>

/// The usagers of « Mes mandats », one row each: name, birthdate, mandats, next expiry.
class UsagersModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsagersModel)

public:
    enum Column { NameColumn, BirthdateColumn, MandatsColumn, NextExpiryColumn, ColumnCount };
    enum Role {
        UsagerIdRole = Qt::UserRole + 1, ///< qint64
        SearchKeyRole, ///< QString, normalized (MandatsText::normalizeForSearch)
        SortRole, ///< the column's sort value (name: rank in French collation)
    };

    explicit UsagersModel(QObject *parent = nullptr);
    ~UsagersModel() override;

    /// Replaces every row (model reset). `nowMs` is used for "dans N jours" in the next expiry column.
    void setUsagers(const QList<UsagerSummary> &usagers, qint64 nowMs = 0);
    const QList<UsagerSummary> &usagers() const { return m_usagers; }

    // Direct accessors for the filter model: no QVariant on the type-ahead path.
    const UsagerSummary &usagerAt(int row) const { return m_usagers.at(row); }
    /// The row's normalized search key (MandatsText::normalizeForSearch), UTF-8, in one buffer for
    /// all rows so that the type-ahead scan stays in the cache.
    QByteArrayView searchKeyAt(int row) const
    {
        const int begin = m_searchKeyOffsets.at(size_t(row));
        return QByteArrayView(
            m_searchKeys.constData() + begin, m_searchKeyOffsets.at(size_t(row) + 1) - begin);
    }
    /// Rank of the row by family then given name in French collation.
    int nameRankAt(int row) const { return m_nameRanks.at(size_t(row)); }
    /// The row of an usager, -1 if absent.
    int rowOf(qint64 usagerId) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// "2 actifs", "1 actif, 1 expiré", "1 révoqué"…
    static QString mandatsText(const UsagerSummary &usager);

private:
    QString nextExpiryText(const UsagerSummary &usager) const;

    QList<UsagerSummary> m_usagers;
    QByteArray m_searchKeys; ///< every row's key, one after the other
    std::vector<int> m_searchKeyOffsets; ///< row → start in m_searchKeys; one more entry: the end
    std::vector<int> m_nameRanks;
    qint64 m_nowMs = 0;
};
