#pragma once

#include "Mandat.h"

#include <QAbstractItemModel>
#include <QList>

/// The mandats of one usager as a tree: one row per mandat (newest first, hidden ones left out),
/// its autorisations (one per démarche) as children.
class MandatsModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MandatsModel)

public:
    enum Column {
        TitleColumn,
        StateColumn,
        CreatedColumn,
        ExpiryColumn,
        DurationColumn,
        AidantColumn,
        ColumnCount
    };
    enum Role {
        MandatIdRole = Qt::UserRole + 1, ///< qint64, on mandat and autorisation rows
        AutorisationIdRole, ///< qint64, 0 on mandat rows
        StateRole, ///< int (MandatRules::State) of the mandat
    };

    explicit MandatsModel(QObject *parent = nullptr);
    ~MandatsModel() override;

    /// Replaces every row (model reset); states are computed at `nowMs`.
    void setMandats(const QList<MandatInfo> &mandats, qint64 nowMs);
    const QList<MandatInfo> &mandats() const { return m_mandats; }
    qint64 nowMs() const { return m_nowMs; }

    /// The mandat of a mandat row, or of an autorisation row's parent; nullptr if none.
    const MandatInfo *mandatAt(const QModelIndex &index) const;
    /// The autorisation of an autorisation row; nullptr on a mandat row.
    const AutorisationInfo *autorisationAt(const QModelIndex &index) const;
    /// The index (column 0) of a mandat, or of one of its autorisations when `autorisationId` is set.
    QModelIndex indexOf(qint64 mandatId, qint64 autorisationId = 0) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The title of a démarche from its code (the code itself when unknown).
    static QString demarcheTitle(const QString &code);
    /// "Active", "Révoquée le 12/03/2026", "Expirée" for an autorisation of `mandat`.
    static QString autorisationStateText(
        const MandatInfo &mandat, const AutorisationInfo &autorisation, qint64 nowMs);

private:
    QVariant mandatData(const MandatInfo &mandat, int column, int role) const;
    QVariant autorisationData(
        const MandatInfo &mandat, const AutorisationInfo &autorisation, int column, int role) const;

    QList<MandatInfo> m_mandats;
    qint64 m_nowMs = 0;
};
