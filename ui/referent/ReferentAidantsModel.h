#pragma once

#include "WireTypes.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSortFilterProxyModel>
#include <QStringList>

/// The aidants of the managed organisation (active and inactive), as the server listed them.
class ReferentAidantsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReferentAidantsModel)

public:
    enum Column { NameColumn, EmailColumn, ProfessionColumn, DeviceColumn, ColumnCount };
    enum Role {
        AidantIdRole = Qt::UserRole + 1,
        ActiveRole,
        SearchKeyRole, ///< name and email, normalized (MandatsText::normalizeForSearch)
        SortRole,
    };

    explicit ReferentAidantsModel(QObject *parent = nullptr);
    ~ReferentAidantsModel() override;

    void setAidants(const QList<ReferentAidant> &aidants);
    const QList<ReferentAidant> &aidants() const { return m_aidants; }
    const ReferentAidant *aidant(qint64 id) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ReferentAidant> m_aidants;
    QStringList m_searchKeys;
};

/// One of the two lists (« Aidants actifs », « Aidants désactivés ») with the type-ahead search:
/// every space-separated term of the query, accent- and case-insensitive, in the name or email.
class ReferentAidantsFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReferentAidantsFilterModel)

public:
    explicit ReferentAidantsFilterModel(bool active, QObject *parent = nullptr);
    ~ReferentAidantsFilterModel() override;

    void setQuery(const QString &query);
    QString query() const { return m_query; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_active;
    QString m_query;
    QStringList m_terms;
};
