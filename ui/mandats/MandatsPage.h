#pragma once

#include "OfflineCache.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class UsagersFilterModel;
class UsagersModel;

/// « Mes mandats »: the organisation's usagers, searched as one types, filtered by state.
class MandatsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MandatsPage)

public:
    explicit MandatsPage(QWidget *parent = nullptr);
    ~MandatsPage() override;

    /// The usagers (from the offline cache) and the time their states were computed at.
    void setData(const QList<UsagerSummary> &usagers, qint64 nowMs);
    /// Offline: a banner tells how old the data is (`lastSyncMs`, 0 when never synced).
    void setOffline(bool offline, qint64 lastSyncMs);
    bool isOffline() const { return m_offline; }
    /// The offline cache cannot be used (French @p message, with what to do); empty: no error.
    /// While set and nothing is listed, the page shows it instead of « Aucun mandat… ».
    void setError(const QString &message);
    QString errorText() const; ///< the error shown, empty when none
    /// First synchronisation in progress: `mandats` received so far.
    void setSyncProgress(int mandats);
    /// The synchronisation is over: the progress indicator goes away.
    void setSynced();

    /// Microseconds the last filter update (search or state filter) took, for the benchmarks.
    qint64 lastFilterMicroseconds() const { return m_lastFilterMicroseconds; }
    /// Rows listed now.
    int visibleCount() const;

    UsagersModel *usagersModel() const { return m_model; }
    UsagersFilterModel *filterModel() const { return m_filter; }

signals:
    /// The aidant opened an usager (Entrée or double click in the list).
    void usagerActivated(qint64 usagerId);
    /// « Synchroniser » was pressed.
    void syncRequested();
    /// « Accueil »: back to the Espace Aidant.
    void homeRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void applyQuery();
    void applyStateFilter();
    void updateCount();
    void activate(const QModelIndex &index);

    UsagersModel *m_model = nullptr;
    UsagersFilterModel *m_filter = nullptr;
    QLabel *m_titleLabel = nullptr;
    QLabel *m_offlineLabel = nullptr;
    QLabel *m_expiringLabel = nullptr;
    QPushButton *m_showExpiringButton = nullptr;
    QWidget *m_expiringBanner = nullptr;
    QLabel *m_syncLabel = nullptr;
    QProgressBar *m_syncProgressBar = nullptr;
    QPushButton *m_syncButton = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_filterComboBox = nullptr;
    QTableView *m_tableView = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    qint64 m_lastFilterMicroseconds = 0;
    bool m_offline = false;
    bool m_syncing = false;
};
