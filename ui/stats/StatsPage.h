#pragma once

#include "Stats.h"

#include <QPointer>
#include <QWidget>

class ApiClient;
class QBarCategoryAxis;
class QChart;
class QChartView;
class QComboBox;
class QFileDialog;
class QHorizontalBarSeries;
class QLabel;
class QPushButton;
class QTableView;
class QValueAxis;
class StatsTableModel;

/// « Statistiques » (docs/stats.md § Client): the public figures of Aidants Connect, national, and
/// for a référent those of each organisation they manage; the démarches by type as a bar chart with
/// the same figures in a table beside it (the accessible alternative), exported to CSV. An error is
/// said in place, never shown as zeros.
class StatsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsPage)

public:
    explicit StatsPage(ApiClient *api, QWidget *parent = nullptr);
    ~StatsPage() override;

    /// Reads the national figures; a référent may also choose each organisation they manage.
    void open(bool referent);
    /// Reads the figures of the scope shown again.
    void reload();
    /// Forgets the figures and the référent's organisations (locked or closed session).
    void clear();
    bool isCleared() const { return !m_opened; }

    /// The organisation whose figures are asked for; 0: France entière.
    qint64 organisationId() const { return m_organisationId; }
    StatsTableModel *model() const { return m_model; }
    QChart *chart() const { return m_chart; }
    /// The « Exporter en CSV » file dialog while it is open (the tests' hook to answer it).
    QFileDialog *exportDialog() const;

signals:
    void homeRequested();

private:
    void selectScope(int index);
    void load();
    void showFigures(const StatsFigures &figures);
    void showFailure(const QString &message);
    void showStatus(const QString &message, bool success = false);
    void exportCsv();
    void writeCsv(const QString &path);
    QString scopeName() const;

    ApiClient *m_api;
    /// The context of the request in flight: replaced at each load, so that only the last answer shows.
    QObject *m_figuresRequest = nullptr;
    QObject *m_organisationsRequest = nullptr;
    bool m_opened = false;
    qint64 m_organisationId = 0;
    /// Why the référent's organisations could not be listed (kept while the figures load and show).
    QString m_organisationsError;

    StatsTableModel *m_model = nullptr;
    QLabel *m_scopeLabel = nullptr;
    QComboBox *m_scopeComboBox = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QWidget *m_contentWidget = nullptr;
    QLabel *m_dateLabel = nullptr;
    QList<QLabel *> m_valueLabels;
    QChart *m_chart = nullptr;
    QChartView *m_chartView = nullptr;
    QHorizontalBarSeries *m_series = nullptr;
    QBarCategoryAxis *m_categoryAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
    QTableView *m_tableView = nullptr;
    QPushButton *m_exportButton = nullptr;
    QPointer<QFileDialog> m_exportDialog;
};
