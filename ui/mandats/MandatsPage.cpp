#include "MandatsPage.h"

#include "MandatsText.h"
#include "PageHelpers.h"
#include "UsagersFilterModel.h"
#include "UsagersModel.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

MandatsPage::MandatsPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new UsagersModel(this))
    , m_filter(new UsagersFilterModel(this))
{
    setObjectName(QStringLiteral("MandatsPage"));
    m_filter->setSourceModel(m_model);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    auto *titleLayout = new QHBoxLayout;
    m_titleLabel = new QLabel(tr("Mes mandats"), this);
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    m_titleLabel->setProperty("role", QStringLiteral("title"));
    titleLayout->addWidget(m_titleLabel, 1);
    m_syncButton = new QPushButton(tr("S&ynchroniser"), this);
    m_syncButton->setObjectName(QStringLiteral("syncPushButton"));
    m_syncButton->setAccessibleName(tr("Synchroniser"));
    m_syncButton->setAccessibleDescription(
        tr("Récupère les derniers mandats de la structure depuis le serveur."));
    titleLayout->addWidget(m_syncButton);
    auto *homeButton = new QPushButton(tr("&Accueil"), this);
    homeButton->setObjectName(QStringLiteral("homePushButton"));
    homeButton->setAccessibleName(tr("Retour à l'accueil"));
    titleLayout->addWidget(homeButton);
    connect(homeButton, &QPushButton::clicked, this, &MandatsPage::homeRequested);
    layout->addLayout(titleLayout);
    connect(m_syncButton, &QPushButton::clicked, this, &MandatsPage::syncRequested);

    m_offlineLabel = new QLabel(this);
    m_offlineLabel->setObjectName(QStringLiteral("offlineLabel"));
    m_offlineLabel->setProperty("role", QStringLiteral("hint"));
    m_offlineLabel->setWordWrap(true);
    m_offlineLabel->hide();
    layout->addWidget(m_offlineLabel);

    // A cache that cannot be opened is a failure, said as one (never the empty list).
    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_expiringBanner = new QWidget(this);
    m_expiringBanner->setObjectName(QStringLiteral("expiringBanner"));
    auto *expiringLayout = new QHBoxLayout(m_expiringBanner);
    expiringLayout->setContentsMargins(0, 0, 0, 0);
    m_expiringLabel = new QLabel(m_expiringBanner);
    m_expiringLabel->setObjectName(QStringLiteral("expiringLabel"));
    m_expiringLabel->setWordWrap(true);
    expiringLayout->addWidget(m_expiringLabel, 1);
    m_showExpiringButton = new QPushButton(tr("&Afficher ces usagers"), m_expiringBanner);
    m_showExpiringButton->setObjectName(QStringLiteral("showExpiringPushButton"));
    m_showExpiringButton->setAccessibleName(tr("Afficher les usagers dont un mandat arrive à échéance"));
    expiringLayout->addWidget(m_showExpiringButton);
    m_expiringBanner->hide();
    layout->addWidget(m_expiringBanner);

    auto *syncLayout = new QHBoxLayout;
    m_syncLabel = new QLabel(this);
    m_syncLabel->setObjectName(QStringLiteral("syncLabel"));
    m_syncLabel->setProperty("role", QStringLiteral("hint"));
    m_syncLabel->hide();
    syncLayout->addWidget(m_syncLabel, 1);
    m_syncProgressBar = new QProgressBar(this);
    m_syncProgressBar->setObjectName(QStringLiteral("syncProgressBar"));
    m_syncProgressBar->setAccessibleName(tr("Synchronisation en cours"));
    m_syncProgressBar->setRange(0, 0); // the total is unknown until the last page
    m_syncProgressBar->setTextVisible(false);
    m_syncProgressBar->hide();
    syncLayout->addWidget(m_syncProgressBar);
    layout->addLayout(syncLayout);

    auto *searchLayout = new QHBoxLayout;
    auto *searchLabel = new QLabel(tr("&Rechercher :"), this);
    searchLabel->setObjectName(QStringLiteral("searchLabel"));
    searchLayout->addWidget(searchLabel);
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchEdit->setPlaceholderText(tr("Rechercher un usager (nom, prénom, date de naissance)"));
    m_searchEdit->setAccessibleName(tr("Rechercher un usager (nom, prénom, date de naissance)"));
    m_searchEdit->setAccessibleDescription(
        tr("La liste se met à jour à chaque lettre. Flèche bas pour aller à la liste."));
    m_searchEdit->setClearButtonEnabled(true);
    // The line edit's own clear button (a tool button Qt creates).
    for (QToolButton *button : m_searchEdit->findChildren<QToolButton *>())
        button->setAccessibleName(tr("Effacer la recherche"));
    searchLabel->setBuddy(m_searchEdit);
    searchLayout->addWidget(m_searchEdit, 1);
    auto *filterLabel = new QLabel(tr("A&fficher :"), this);
    filterLabel->setObjectName(QStringLiteral("filterLabel"));
    searchLayout->addWidget(filterLabel);
    m_filterComboBox = new QComboBox(this);
    m_filterComboBox->setObjectName(QStringLiteral("filterComboBox"));
    m_filterComboBox->setAccessibleName(tr("Filtrer les usagers par état des mandats"));
    using Filter = UsagersFilterModel::StateFilter;
    for (const Filter filter :
        { Filter::All, Filter::Active, Filter::ExpiringSoon, Filter::Expired, Filter::Revoked })
        m_filterComboBox->addItem(UsagersFilterModel::label(filter), QVariant::fromValue(int(filter)));
    filterLabel->setBuddy(m_filterComboBox);
    searchLayout->addWidget(m_filterComboBox);
    layout->addLayout(searchLayout);

    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("usagersTableView"));
    // The corner "select all" button is of no use here (single selection); it still gets a name.
    m_tableView->setCornerButtonEnabled(false);
    for (QAbstractButton *corner : m_tableView->findChildren<QAbstractButton *>())
        corner->setAccessibleName(tr("Coin du tableau"));
    m_tableView->setAccessibleName(tr("Usagers"));
    m_tableView->setAccessibleDescription(tr("Entrée ouvre les mandats de l'usager sélectionné."));
    m_tableView->setModel(m_filter);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setTabKeyNavigation(false); // Tab leaves the list, arrows move in it
    m_tableView->setWordWrap(false);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->verticalHeader()->hide();
    // Uniform rows: no per-row size computation on 50 000 usagers.
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tableView->horizontalHeader()->setSectionResizeMode(UsagersModel::NameColumn, QHeaderView::Stretch);
    m_tableView->horizontalHeader()->setStretchLastSection(false);
    // Widths from typical contents (ResizeToContents would measure 50,000 rows at every reset).
    const QFontMetrics metrics = m_tableView->fontMetrics();
    const struct
    {
        int column;
        QString sample;
    } widths[] = {
        { UsagersModel::BirthdateColumn, QStringLiteral("Date de naissance") },
        { UsagersModel::MandatsColumn, QStringLiteral("2 actifs, 1 expiré") },
        { UsagersModel::NextExpiryColumn, QStringLiteral("24/05/2027 (dans 365 jours)") },
    };
    for (const auto &w : widths)
        m_tableView->horizontalHeader()->resizeSection(w.column, metrics.horizontalAdvance(w.sample) + 32);
    m_tableView->setSortingEnabled(true);
    m_tableView->sortByColumn(UsagersModel::NameColumn, Qt::AscendingOrder);
    m_tableView->installEventFilter(this);
    layout->addWidget(m_tableView, 1);
    connect(m_tableView, &QTableView::activated, this, &MandatsPage::activate);

    m_emptyLabel = new QLabel(this);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setProperty("role", QStringLiteral("hint"));
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->hide();
    layout->addWidget(m_emptyLabel);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_countLabel->setProperty("role", QStringLiteral("hint"));
    layout->addWidget(m_countLabel);

    m_searchEdit->installEventFilter(this);
    connect(m_searchEdit, &QLineEdit::textChanged, this, &MandatsPage::applyQuery);
    connect(m_filterComboBox, &QComboBox::currentIndexChanged, this, &MandatsPage::applyStateFilter);
    connect(m_showExpiringButton, &QPushButton::clicked, this, [this] {
        m_filterComboBox->setCurrentIndex(
            m_filterComboBox->findData(int(UsagersFilterModel::StateFilter::ExpiringSoon)));
        m_tableView->setFocus();
    });

    setTabOrder(m_syncButton, m_showExpiringButton);
    setTabOrder(m_showExpiringButton, m_searchEdit);
    setTabOrder(m_searchEdit, m_filterComboBox);
    setTabOrder(m_filterComboBox, m_tableView);
    setFocusProxy(m_searchEdit);
    updateCount();
}

MandatsPage::~MandatsPage() = default;

void MandatsPage::setData(const QList<UsagerSummary> &usagers, qint64 nowMs)
{
    // Keep the selected usager selected across a refresh (a sync while the aidant reads the list).
    const QModelIndex current = m_tableView->currentIndex();
    const qint64 currentId = current.isValid() ? current.data(UsagersModel::UsagerIdRole).toLongLong() : 0;

    m_filter->setNowMs(nowMs);
    m_model->setUsagers(usagers, nowMs);

    int expiring = 0;
    for (const UsagerSummary &summary : usagers)
        expiring += summary.expiringSoonMandats;
    if (expiring > 0) {
        m_expiringLabel->setText(expiring == 1
                ? tr("1 mandat arrive à échéance dans les 30 prochains jours")
                : tr("%1 mandats arrivent à échéance dans les 30 prochains jours").arg(expiring));
    }
    m_expiringBanner->setVisible(expiring > 0);

    if (currentId != 0) {
        const int sourceRow = m_model->rowOf(currentId);
        if (sourceRow >= 0) {
            const QModelIndex index = m_filter->mapFromSource(m_model->index(sourceRow, 0));
            if (index.isValid())
                m_tableView->setCurrentIndex(index);
        }
    }
    updateCount();
}

void MandatsPage::setOffline(bool offline, qint64 lastSyncMs)
{
    m_offline = offline;
    if (offline) {
        m_offlineLabel->setText(lastSyncMs > 0
                ? tr("Hors ligne — données du %1").arg(MandatsText::dateTime(lastSyncMs))
                : tr("Hors ligne — aucune donnée synchronisée"));
    }
    const bool changed = m_offlineLabel->isVisibleTo(this) != offline;
    m_offlineLabel->setVisible(offline);
    if (changed && offline) {
        QAccessibleEvent event(m_offlineLabel, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
}

void MandatsPage::setError(const QString &message)
{
    if (message == m_errorLabel->text() && message.isEmpty() == m_errorLabel->isHidden())
        return;
    PageHelpers::showError(m_errorLabel, message);
    updateCount();
}

QString MandatsPage::errorText() const
{
    return m_errorLabel->isVisibleTo(this) ? m_errorLabel->text() : QString();
}

void MandatsPage::setSyncProgress(int mandats)
{
    m_syncing = true;
    m_syncLabel->setText(mandats <= 1
            ? tr("Première synchronisation en cours : %1 mandat reçu…").arg(mandats)
            : tr("Première synchronisation en cours : %1 mandats reçus…").arg(mandats));
    m_syncLabel->show();
    m_syncProgressBar->show();
    m_syncButton->setEnabled(false);
}

void MandatsPage::setSynced()
{
    m_syncing = false;
    m_syncLabel->clear();
    m_syncLabel->hide();
    m_syncProgressBar->hide();
    m_syncButton->setEnabled(true);
}

int MandatsPage::visibleCount() const
{
    return m_filter->rowCount();
}

bool MandatsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_searchEdit && (key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown)
            && m_filter->rowCount() > 0) {
            // From the search field down into the results, on the first one.
            m_tableView->setFocus(Qt::OtherFocusReason);
            if (!m_tableView->currentIndex().isValid())
                m_tableView->setCurrentIndex(m_filter->index(0, 0));
            return true;
        }
        if (watched == m_searchEdit && key->key() == Qt::Key_Escape && !m_searchEdit->text().isEmpty()) {
            m_searchEdit->clear();
            return true;
        }
        if (watched == m_searchEdit && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && m_filter->rowCount() == 1) {
            // One result: Entrée opens it.
            activate(m_filter->index(0, 0));
            return true;
        }
    } else if (event->type() == QEvent::FocusIn && watched == m_tableView) {
        // Arriving in the list with Tab: a current row, so that Entrée has something to open.
        if (!m_tableView->currentIndex().isValid() && m_filter->rowCount() > 0)
            m_tableView->setCurrentIndex(m_filter->index(0, 0));
    }
    return QWidget::eventFilter(watched, event);
}

void MandatsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_searchEdit->setFocus(Qt::OtherFocusReason);
}

void MandatsPage::applyQuery()
{
    QElapsedTimer timer;
    timer.start();
    m_filter->setQuery(m_searchEdit->text());
    m_lastFilterMicroseconds = timer.nsecsElapsed() / 1000;
    updateCount();
}

void MandatsPage::applyStateFilter()
{
    QElapsedTimer timer;
    timer.start();
    m_filter->setStateFilter(UsagersFilterModel::StateFilter(m_filterComboBox->currentData().toInt()));
    m_lastFilterMicroseconds = timer.nsecsElapsed() / 1000;
    updateCount();
}

void MandatsPage::updateCount()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    if (shown == total)
        m_countLabel->setText(total <= 1 ? tr("%1 usager").arg(total) : tr("%1 usagers").arg(total));
    else
        m_countLabel->setText(tr("%1 sur %2 usagers").arg(shown).arg(total));

    // Nothing to list because of an error: the error says it, not « Aucun mandat ».
    const bool failed = total == 0 && !m_errorLabel->isHidden();
    const bool empty = shown == 0 && !failed;
    if (empty) {
        if (total == 0)
            m_emptyLabel->setText(m_syncing ? tr("Les mandats arrivent…")
                                            : tr("Aucun mandat pour le moment dans votre structure."));
        else if (!m_searchEdit->text().trimmed().isEmpty())
            m_emptyLabel->setText(
                tr("Aucun usager ne correspond à « %1 ».").arg(m_searchEdit->text().trimmed()));
        else
            m_emptyLabel->setText(tr("Aucun usager dans cette catégorie."));
    }
    m_emptyLabel->setVisible(empty);
    m_countLabel->setVisible(!empty && !failed);
}

void MandatsPage::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    emit usagerActivated(index.data(UsagersModel::UsagerIdRole).toLongLong());
}
