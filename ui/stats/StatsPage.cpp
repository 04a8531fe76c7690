#include "StatsPage.h"

#include "ApiClient.h"
#include "Demarches.h"
#include "PageHelpers.h"
#include "StatsTableModel.h"

#include <QAbstractButton>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

Q_LOGGING_CATEGORY(lcUiStats, "ac.ui.stats")

namespace {

/// A group of key figures: each value large, its caption under it (the value's accessible name says
/// both, so that a screen reader reads « Mandats créés : 66 438 »).
QGroupBox *figuresGroup(const QString &title, const char *name, const QList<StatsText::Figure> &figures,
    QWidget *parent, QList<QLabel *> &valueLabels)
{
    auto *group = new QGroupBox(title, parent);
    group->setObjectName(QLatin1String(name));
    auto *grid = new QGridLayout(group);
    int column = 0;
    for (const StatsText::Figure &figure : figures) {
        auto *value = new QLabel(group);
        value->setObjectName(QLatin1String(figure.key) + QStringLiteral("ValueLabel"));
        value->setProperty("role", QStringLiteral("figure"));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *caption = new QLabel(figure.caption, group);
        caption->setObjectName(QLatin1String(figure.key) + QStringLiteral("CaptionLabel"));
        caption->setWordWrap(true);
        grid->addWidget(value, 0, column);
        grid->addWidget(caption, 1, column);
        grid->setColumnStretch(column, 1);
        valueLabels << value;
        ++column;
    }
    return group;
}

} // namespace

StatsPage::StatsPage(ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_figuresRequest(new QObject(this))
    , m_organisationsRequest(new QObject(this))
    , m_model(new StatsTableModel(this))
{
    setObjectName(QStringLiteral("StatsPage"));
    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("statsContentWidget"));
    PageHelpers::setScrollingContent(this, content, QStringLiteral("statsScrollArea"));
    auto *layout = new QVBoxLayout(content);
    layout->setSpacing(10);

    auto *titleLayout = new QHBoxLayout;
    auto *title = new QLabel(tr("Statistiques"), content);
    title->setObjectName(QStringLiteral("titleLabel"));
    title->setProperty("role", QStringLiteral("title"));
    titleLayout->addWidget(title, 1);
    auto *refreshButton = new QPushButton(tr("Ac&tualiser"), content);
    refreshButton->setObjectName(QStringLiteral("refreshPushButton"));
    refreshButton->setAccessibleName(tr("Actualiser"));
    refreshButton->setAutoDefault(false);
    titleLayout->addWidget(refreshButton);
    auto *homeButton = new QPushButton(tr("Retour à l'&accueil"), content);
    homeButton->setObjectName(QStringLiteral("homePushButton"));
    homeButton->setAccessibleName(tr("Retour à l'accueil"));
    homeButton->setAutoDefault(false);
    titleLayout->addWidget(homeButton);
    layout->addLayout(titleLayout);
    connect(homeButton, &QPushButton::clicked, this, &StatsPage::homeRequested);
    connect(refreshButton, &QPushButton::clicked, this, &StatsPage::reload);

    auto *scopeLayout = new QHBoxLayout;
    m_scopeLabel = new QLabel(tr("&Périmètre :"), content);
    m_scopeLabel->setObjectName(QStringLiteral("scopeLabel"));
    scopeLayout->addWidget(m_scopeLabel);
    m_scopeComboBox = new QComboBox(content);
    m_scopeComboBox->setObjectName(QStringLiteral("scopeComboBox"));
    m_scopeComboBox->setAccessibleName(tr("Périmètre des statistiques"));
    m_scopeComboBox->setAccessibleDescription(
        tr("France entière, ou l'une des structures dont vous êtes référent."));
    m_scopeLabel->setBuddy(m_scopeComboBox);
    scopeLayout->addWidget(m_scopeComboBox, 1);
    layout->addLayout(scopeLayout);
    connect(m_scopeComboBox, &QComboBox::activated, this, &StatsPage::selectScope);

    m_errorLabel = PageHelpers::addErrorLabel(content, layout);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel = new QLabel(content);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->hide();
    layout->addWidget(m_statusLabel);

    // Everything below shows figures: hidden until they are in, and again on an error.
    m_contentWidget = new QWidget(content);
    m_contentWidget->setObjectName(QStringLiteral("figuresWidget"));
    auto *figuresLayout = new QVBoxLayout(m_contentWidget);
    figuresLayout->setContentsMargins(0, 0, 0, 0);
    m_dateLabel = new QLabel(m_contentWidget);
    m_dateLabel->setObjectName(QStringLiteral("dateLabel"));
    m_dateLabel->setProperty("role", QStringLiteral("subtitle"));
    m_dateLabel->setWordWrap(true);
    figuresLayout->addWidget(m_dateLabel);
    figuresLayout->addWidget(figuresGroup(
        tr("Utilisation"), "usageGroupBox", StatsText::usageFigures(), m_contentWidget, m_valueLabels));
    figuresLayout->addWidget(figuresGroup(tr("Déploiement"), "deploymentGroupBox",
        StatsText::deploymentFigures(), m_contentWidget, m_valueLabels));

    auto *byTypeTitle = new QLabel(tr("Démarches réalisées par type"), m_contentWidget);
    byTypeTitle->setObjectName(QStringLiteral("byTypeTitleLabel"));
    byTypeTitle->setProperty("role", QStringLiteral("subtitle"));
    figuresLayout->addWidget(byTypeTitle);

    auto *byTypeLayout = new QHBoxLayout;
    m_series = new QHorizontalBarSeries;
    m_series->setObjectName(QStringLiteral("demarchesBarSeries"));
    m_categoryAxis = new QBarCategoryAxis;
    m_valueAxis = new QValueAxis;
    m_valueAxis->setLabelFormat(QStringLiteral("%d"));
    m_chart = new QChart;
    m_chart->setObjectName(QStringLiteral("demarchesChart"));
    m_chart->addSeries(m_series);
    m_chart->addAxis(m_categoryAxis, Qt::AlignLeft);
    m_chart->addAxis(m_valueAxis, Qt::AlignBottom);
    m_series->attachAxis(m_categoryAxis);
    m_series->attachAxis(m_valueAxis);
    m_chart->legend()->hide();
    m_chart->setAnimationOptions(QChart::NoAnimation);
    // Counts on the axis and the bars the French way, like everywhere else on the page.
    m_chart->setLocalizeNumbers(true);
    m_chart->setLocale(QLocale(QLocale::French, QLocale::France));
    m_chartView = new QChartView(m_chart, m_contentWidget);
    m_chartView->setObjectName(QStringLiteral("demarchesChartView"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(380);
    m_chartView->setAccessibleName(tr("Graphique des démarches réalisées par type"));
    m_chartView->setAccessibleDescription(
        tr("Barres horizontales, une par type de démarche. Les mêmes chiffres sont dans le tableau "
           "« Démarches réalisées par type » à côté."));
    // Nothing to do in a chart with the keyboard: the table beside it is the accessible alternative.
    m_chartView->setFocusPolicy(Qt::NoFocus);
    byTypeLayout->addWidget(m_chartView, 3);

    m_tableView = new QTableView(m_contentWidget);
    m_tableView->setObjectName(QStringLiteral("demarchesTableView"));
    m_tableView->setAccessibleName(tr("Démarches réalisées par type"));
    m_tableView->setAccessibleDescription(
        tr("Une ligne par type de démarche et son nombre de démarches réalisées."));
    m_tableView->setModel(m_model);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setTabKeyNavigation(false);
    m_tableView->setWordWrap(true);
    m_tableView->verticalHeader()->hide();
    // Long titles wrap rather than being cut.
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tableView->setCornerButtonEnabled(false);
    // Qt's own parts of the table, named too (screen readers list them).
    m_tableView->horizontalHeader()->setObjectName(QStringLiteral("demarchesHeaderView"));
    m_tableView->horizontalHeader()->setAccessibleName(tr("Colonnes du tableau"));
    m_tableView->verticalHeader()->setObjectName(QStringLiteral("demarchesRowHeaderView"));
    m_tableView->verticalHeader()->setAccessibleName(tr("Lignes du tableau"));
    for (QAbstractButton *corner : m_tableView->findChildren<QAbstractButton *>()) {
        corner->setObjectName(QStringLiteral("demarchesCornerButton"));
        corner->setAccessibleName(tr("Sélectionner tout le tableau"));
    }
    m_tableView->horizontalHeader()->setSectionResizeMode(StatsTableModel::TitleColumn, QHeaderView::Stretch);
    m_tableView->horizontalHeader()->setSectionResizeMode(
        StatsTableModel::CountColumn, QHeaderView::ResizeToContents);
    byTypeLayout->addWidget(m_tableView, 2);
    figuresLayout->addLayout(byTypeLayout, 1);

    auto *exportLayout = new QHBoxLayout;
    exportLayout->addStretch(1);
    m_exportButton = new QPushButton(tr("&Exporter en CSV"), m_contentWidget);
    m_exportButton->setObjectName(QStringLiteral("exportPushButton"));
    m_exportButton->setAccessibleName(tr("Exporter en CSV"));
    m_exportButton->setAccessibleDescription(
        tr("Enregistre le tableau des démarches réalisées par type dans un fichier lisible par un tableur."));
    m_exportButton->setAutoDefault(false);
    exportLayout->addWidget(m_exportButton);
    figuresLayout->addLayout(exportLayout);
    connect(m_exportButton, &QPushButton::clicked, this, &StatsPage::exportCsv);
    layout->addWidget(m_contentWidget, 1);
    // Keeps a lone message at the top while the figures are hidden.
    layout->addStretch();

    setTabOrder(refreshButton, homeButton);
    setTabOrder(homeButton, m_scopeComboBox);
    setTabOrder(m_scopeComboBox, m_tableView);
    setTabOrder(m_tableView, m_exportButton);
    clear();
}

StatsPage::~StatsPage() = default;

QFileDialog *StatsPage::exportDialog() const
{
    return m_exportDialog;
}

void StatsPage::open(bool referent)
{
    clear();
    m_opened = true;
    m_scopeComboBox->addItem(tr("France entière"), qint64(0));
    if (referent) {
        // The organisations come from the server: those the référent manages now.
        m_api->referentOrganisations(
            m_organisationsRequest, [this](const Result<ManagedOrganisationList> &result) {
                if (!result) {
                    m_organisationsError
                        = tr("Impossible d'afficher vos structures. %1").arg(result.error().message);
                    PageHelpers::showError(m_errorLabel, m_organisationsError);
                    return;
                }
                for (const ManagedOrganisation &managed : result.value().organisations)
                    m_scopeComboBox->addItem(managed.organisation.name, managed.organisation.id);
                m_scopeLabel->setVisible(m_scopeComboBox->count() > 1);
                m_scopeComboBox->setVisible(m_scopeComboBox->count() > 1);
            });
    }
    load();
}

void StatsPage::reload()
{
    if (m_opened)
        load();
}

void StatsPage::clear()
{
    // Answers still in flight must not fill the page again.
    delete m_figuresRequest;
    m_figuresRequest = new QObject(this);
    delete m_organisationsRequest;
    m_organisationsRequest = new QObject(this);
    if (m_exportDialog)
        m_exportDialog->reject();
    m_opened = false;
    m_organisationId = 0;
    m_organisationsError.clear();
    m_scopeComboBox->clear();
    m_scopeLabel->hide();
    m_scopeComboBox->hide();
    m_model->clear();
    m_series->clear();
    m_categoryAxis->clear();
    m_contentWidget->hide();
    PageHelpers::showError(m_errorLabel, QString());
    showStatus(QString());
}

void StatsPage::selectScope(int index)
{
    const qint64 organisationId = m_scopeComboBox->itemData(index).toLongLong();
    if (organisationId == m_organisationId && m_model->hasFigures())
        return;
    m_organisationId = organisationId;
    load();
}

void StatsPage::load()
{
    delete m_figuresRequest;
    m_figuresRequest = new QObject(this);
    // The figures of the previous scope go: they must never pass for the new one's.
    m_model->clear();
    m_contentWidget->hide();
    PageHelpers::showError(m_errorLabel, m_organisationsError);
    showStatus(tr("Chargement des statistiques…"));
    auto done = [this](const Result<StatsFigures> &result) {
        if (!result) {
            qCInfo(lcUiStats) << "statistics not shown:" << result.error().code;
            showFailure(result.error().message);
            return;
        }
        showFigures(result.value());
    };
    if (m_organisationId > 0)
        m_api->organisationStats(m_organisationId, m_figuresRequest, done);
    else
        m_api->stats(QString(), QString(), m_figuresRequest, done);
}

void StatsPage::showFigures(const StatsFigures &figures)
{
    showStatus(QString());
    PageHelpers::showError(m_errorLabel, m_organisationsError);
    m_model->setFigures(figures);

    const QList<StatsText::Figure> all = StatsText::usageFigures() + StatsText::deploymentFigures();
    for (qsizetype i = 0; i < all.size() && i < m_valueLabels.size(); ++i) {
        const QString value = StatsText::number(figures.*(all.at(i).value));
        m_valueLabels.at(i)->setText(value);
        m_valueLabels.at(i)->setAccessibleName(tr("%1 : %2").arg(all.at(i).caption, value));
    }
    const QString scope = scopeName();
    if (figures.computedAtMs > 0) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(figures.computedAtMs).toLocalTime();
        m_dateLabel->setText(tr("%1 : chiffres au %2")
                                 .arg(scope,
                                     QLocale(QLocale::French, QLocale::France)
                                         .toString(at, QStringLiteral("d MMMM yyyy 'à' HH:mm"))));
    } else {
        m_dateLabel->setText(scope);
    }

    // The chart draws the first category at the bottom: fed in reverse, it reads in catalogue order
    // from the top, like the table.
    m_series->clear();
    m_categoryAxis->clear();
    auto *set = new QBarSet(tr("Démarches réalisées"));
    QStringList categories;
    qint64 maximum = 0;
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        const qint64 count
            = m_model->data(m_model->index(row, StatsTableModel::CountColumn), StatsTableModel::CountRole)
                  .toLongLong();
        categories << m_model->data(m_model->index(row, StatsTableModel::TitleColumn)).toString();
        set->append(qreal(count));
        maximum = qMax(maximum, count);
    }
    m_series->append(set);
    m_categoryAxis->append(categories);
    // Whole numbers on the axis: one tick per unit for small counts, nice round steps otherwise.
    if (maximum <= 10) {
        m_valueAxis->setRange(0, qreal(qMax<qint64>(maximum, 1)));
        m_valueAxis->setTickCount(int(qMax<qint64>(maximum, 1)) + 1);
    } else {
        m_valueAxis->setRange(0, qreal(maximum));
        m_valueAxis->setTickCount(6);
        m_valueAxis->applyNiceNumbers();
    }
    m_chartView->setAccessibleDescription(
        tr("Barres horizontales, une par type de démarche, pour %1. Les mêmes chiffres sont dans le "
           "tableau « Démarches réalisées par type » à côté.")
            .arg(scope));

    m_exportButton->setEnabled(true);
    m_contentWidget->show();
}

void StatsPage::showFailure(const QString &message)
{
    showStatus(QString());
    m_model->clear();
    m_series->clear();
    m_categoryAxis->clear();
    m_contentWidget->hide();
    PageHelpers::showError(m_errorLabel, tr("Impossible d'afficher les statistiques. %1").arg(message));
}

void StatsPage::showStatus(const QString &message, bool success)
{
    // The role picks the style sheet's colour: polish again for it to apply.
    m_statusLabel->setProperty("role", success ? QStringLiteral("success") : QStringLiteral("hint"));
    m_statusLabel->style()->unpolish(m_statusLabel);
    m_statusLabel->style()->polish(m_statusLabel);
    m_statusLabel->setText(message);
    m_statusLabel->setVisible(!message.isEmpty());
}

QString StatsPage::scopeName() const
{
    const int index = m_scopeComboBox->findData(m_organisationId);
    return index > 0 ? m_scopeComboBox->itemText(index) : tr("France entière");
}

void StatsPage::exportCsv()
{
    if (!m_model->hasFigures())
        return;
    if (m_exportDialog)
        m_exportDialog->reject();
    // A file name that says what and when: statistiques-france-entiere-2026-12-07.csv.
    QString scope = scopeName().normalized(QString::NormalizationForm_D).toLower();
    scope.remove(QRegularExpression(QStringLiteral("[^a-z0-9 -]")));
    scope = scope.simplified().replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString name
        = QStringLiteral("statistiques-%1-%2.csv").arg(scope, QDate::currentDate().toString(Qt::ISODate));
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);

    auto *dialog = new QFileDialog(
        this, tr("Exporter le tableau en CSV"), QDir(folder).filePath(name), tr("Fichiers CSV (*.csv)"));
    dialog->setObjectName(QStringLiteral("exportFileDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &StatsPage::writeCsv);
    m_exportDialog = dialog;
    dialog->open();
}

void StatsPage::writeCsv(const QString &path)
{
    if (path.isEmpty())
        return;
    const Status written = m_model->writeCsvFile(path);
    if (!written) {
        qCWarning(lcUiStats) << "CSV export failed";
        PageHelpers::showError(m_errorLabel, written.error().message);
        return;
    }
    PageHelpers::showError(m_errorLabel, m_organisationsError);
    showStatus(tr("Tableau enregistré dans « %1 ».").arg(QFileInfo(path).fileName()), true);
}
