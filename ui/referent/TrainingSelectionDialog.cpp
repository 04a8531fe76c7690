#include "TrainingSelectionDialog.h"

#include "HabilitationRequestsModel.h"
#include "PageHelpers.h"
#include "ReferentLogging.h"
#include "ReferentText.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace {

/// Paints the « Sélection » column's check state as a radio button (one choice among the rows).
class RadioDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem background = option;
        initStyleOption(&background, index);
        background.features &= ~QStyleOptionViewItem::HasCheckIndicator;
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
        QStyleOptionButton radio;
        radio.state = option.state & QStyle::State_Enabled;
        radio.state
            |= index.data(Qt::CheckStateRole).toInt() == Qt::Checked ? QStyle::State_On : QStyle::State_Off;
        const QRect indicator = style->subElementRect(QStyle::SE_RadioButtonIndicator, &radio, widget);
        radio.rect = QRect(option.rect.center() - indicator.center() + indicator.topLeft(), indicator.size());
        style->drawPrimitive(QStyle::PE_IndicatorRadioButton, &radio, painter, widget);
    }
};

} // namespace

TrainingSelectionDialog::TrainingSelectionDialog(
    ApiClient *api, qint64 organisationId, const ApiClient::HabilitationRequest &request, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_organisationId(organisationId)
    , m_request(request)
    , m_model(new TrainingSessionsModel(this))
{
    setObjectName(QStringLiteral("TrainingSelectionDialog"));
    const QString name = request.fullName();
    setWindowTitle(tr("Formation de %1").arg(name));
    setAttribute(Qt::WA_DeleteOnClose);
    setMinimumWidth(860);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Formation de %1").arg(name), this);
    title->setObjectName(QStringLiteral("titleLabel"));
    title->setProperty("role", QStringLiteral("title"));
    title->setWordWrap(true);
    layout->addWidget(title);
    auto *intro = new QLabel(
        tr("Retrouvez ci-dessous toutes les informations concernant les formations disponibles pour %1.")
            .arg(name),
        this);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    m_errorLabel->setObjectName(QStringLiteral("trainingErrorLabel"));
    m_emptyLabel = new QLabel(
        tr("Aucune session de formation n'est proposée pour le moment. Revenez plus tard."), this);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->hide();
    layout->addWidget(m_emptyLabel);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("sessionsTableView"));
    m_table->setAccessibleName(tr("Sessions de formation disponibles"));
    m_table->setAccessibleDescription(
        tr("Flèches pour parcourir les sessions, Espace pour sélectionner la session de la ligne."));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(TrainingSessionsModel::SelectionColumn, new RadioDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(
        TrainingSessionsModel::PlaceColumn, QHeaderView::Stretch);
    m_table->installEventFilter(this);
    layout->addWidget(m_table, 1);
    connect(m_table, &QTableView::clicked, this,
        [this](const QModelIndex &index) { m_model->selectRow(index.row()); });

    m_selectionLabel = new QLabel(this);
    m_selectionLabel->setObjectName(QStringLiteral("selectionLabel"));
    m_selectionLabel->setWordWrap(true);
    layout->addWidget(m_selectionLabel);
    connect(m_model, &TrainingSessionsModel::selectionChanged, this, [this] {
        const int row = m_model->selectedRow();
        if (row < 0) {
            m_selectionLabel->setText(tr("Aucune session sélectionnée."));
            return;
        }
        const ApiClient::TrainingSession &s = m_model->sessions().at(row);
        m_selectionLabel->setText(tr("Session sélectionnée : %1, %2, %3, %4")
                                      .arg(s.datesLabel, s.organisme, s.formatLabel, s.place));
    });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    auto *cancel = new QPushButton(tr("Annuler"), this);
    cancel->setObjectName(QStringLiteral("cancelPushButton"));
    cancel->setAccessibleName(tr("Annuler et fermer sans changer l'inscription"));
    cancel->setAutoDefault(false);
    buttons->addWidget(cancel);
    m_validateButton = new QPushButton(tr("Valider la sélection"), this);
    m_validateButton->setObjectName(QStringLiteral("validatePushButton"));
    m_validateButton->setAccessibleName(tr("Valider la sélection de la session de formation"));
    m_validateButton->setAutoDefault(false);
    m_validateButton->setEnabled(false);
    buttons->addWidget(m_validateButton);
    layout->addLayout(buttons);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_validateButton, &QPushButton::clicked, this, &TrainingSelectionDialog::validate);

    ReferentText::nameInternalButtons(this);
    m_table->setFocus();
}

TrainingSelectionDialog::~TrainingSelectionDialog() = default;

void TrainingSelectionDialog::load(const QString &message)
{
    m_loaded = false;
    m_validateButton->setEnabled(false);
    m_api->trainingSessions(m_organisationId, m_request.id, this,
        [this, message](const Result<ApiClient::TrainingOffer> &result) {
            if (!result) {
                // Not an empty list: the sessions could not be read.
                m_model->setSessions({});
                m_table->setEnabled(false);
                m_emptyLabel->hide();
                showError(
                    tr("Impossible d'afficher les sessions de formation. %1").arg(result.error().message));
                return;
            }
            showError(message);
            m_loaded = true;
            m_model->setSessions(result.value().sessions);
            const bool empty = result.value().sessions.isEmpty();
            m_emptyLabel->setVisible(empty);
            m_table->setEnabled(!empty);
            m_validateButton->setEnabled(!empty);
            // The cursor on the current registration (or the first session).
            const int row = qMax(0, m_model->selectedRow());
            if (!empty)
                m_table->setCurrentIndex(m_model->index(row, TrainingSessionsModel::OrganismeColumn));
            m_table->setFocus();
        });
}

bool TrainingSelectionDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Space || key == Qt::Key_Select || key == Qt::Key_Return || key == Qt::Key_Enter) {
            if (m_table->currentIndex().isValid())
                m_model->selectRow(m_table->currentIndex().row());
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void TrainingSelectionDialog::validate()
{
    if (!m_loaded || m_busy)
        return;
    const qint64 sessionId = m_model->selectedId();
    if (sessionId == 0) {
        showError(tr("Sélectionnez une session de formation (Espace sur la ligne de la session)."));
        m_table->setFocus();
        return;
    }
    m_busy = true;
    m_validateButton->setEnabled(false);
    qCInfo(lcUiReferent) << "training registration requested";
    m_api->registerTraining(m_organisationId, m_request.id, { sessionId }, this,
        [this](const Result<ApiClient::HabilitationRequest> &result) {
            m_busy = false;
            m_validateButton->setEnabled(true);
            if (!result) {
                // e.g. the session filled up meanwhile: the server's French message, the list read again.
                showError(result.error().message);
                load(result.error().message);
                return;
            }
            emit registered(result.value());
            accept();
        });
}

void TrainingSelectionDialog::showError(const QString &message)
{
    PageHelpers::showError(m_errorLabel, message);
}
