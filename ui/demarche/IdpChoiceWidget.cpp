#include "IdpChoiceWidget.h"

#include "Demarches.h"
#include "PageHelpers.h"
#include "mandats/MandatsText.h"

#include <QCollator>
#include <QCommandLinkButton>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kSearchKeyRole = Qt::UserRole + 1;

QLabel *addLabel(QWidget *parent, QBoxLayout *layout, const QString &name, const QString &text)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    layout->addWidget(label);
    return label;
}

QLabel *addTitle(QWidget *parent, QBoxLayout *layout, const QString &name, const QString &text)
{
    QLabel *label = addLabel(parent, layout, name, text);
    label->setProperty("role", QStringLiteral("title"));
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.3);
    label->setFont(font);
    return label;
}

} // namespace

IdpChoiceWidget::IdpChoiceWidget(QWidget *parent)
    : QWidget(parent)
    , m_screens(new QStackedWidget)
{
    setObjectName(QStringLiteral("idpChoiceWidget"));
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    m_screens->setObjectName(QStringLiteral("choiceStackedWidget"));
    layout->addWidget(m_screens);

    // The usager.
    m_usagersScreen = new QWidget;
    m_usagersScreen->setObjectName(QStringLiteral("usagersScreenWidget"));
    auto *usagers = new QVBoxLayout(m_usagersScreen);
    addTitle(m_usagersScreen, usagers, QStringLiteral("usagersTitleLabel"),
        tr("Sélectionnez l'usager que vous souhaitez FranceConnecter"));
    m_usagersNote = addLabel(m_usagersScreen, usagers, QStringLiteral("usagersNoteLabel"),
        tr("Seuls les usagers avec un mandat en cours sont affichés ici."));
    m_search = new QLineEdit(m_usagersScreen);
    m_search->setObjectName(QStringLiteral("usagerSearchLineEdit"));
    m_search->setPlaceholderText(tr("Rechercher par nom, prénom ou date de naissance"));
    m_search->setAccessibleName(tr("Rechercher un usager"));
    m_search->setAccessibleDescription(
        tr("Nom, prénom ou date de naissance ; flèche bas pour aller à la liste, "
           "Entrée pour choisir le premier usager trouvé."));
    m_search->setClearButtonEnabled(true);
    for (QToolButton *clear : m_search->findChildren<QToolButton *>())
        clear->setAccessibleName(tr("Effacer la recherche"));
    m_search->installEventFilter(this);
    usagers->addWidget(m_search);
    m_list = new QListWidget(m_usagersScreen);
    m_list->setObjectName(QStringLiteral("usagersListWidget"));
    m_list->setAccessibleName(tr("Usagers avec un mandat en cours"));
    m_list->setAccessibleDescription(tr("Entrée pour choisir l'usager sélectionné."));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    usagers->addWidget(m_list, 1);
    m_noMatch = addLabel(m_usagersScreen, usagers, QStringLiteral("noMatchLabel"),
        tr("Aucun usager ne correspond à votre recherche."));
    m_empty = addLabel(m_usagersScreen, usagers, QStringLiteral("usagersEmptyLabel"),
        tr("Aucun usager n'a de mandat en cours pour cette démarche."));
    m_empty->setProperty("role", QStringLiteral("emphasis"));
    m_createNote
        = addLabel(m_usagersScreen, usagers, QStringLiteral("usagersCreateNoteLabel"), missingDemarcheNote());
    m_screens->addWidget(m_usagersScreen);

    // The démarche.
    m_demarchesScreen = new QWidget;
    m_demarchesScreen->setObjectName(QStringLiteral("demarchesScreenWidget"));
    auto *demarches = new QVBoxLayout(m_demarchesScreen);
    addTitle(m_demarchesScreen, demarches, QStringLiteral("demarchesTitleLabel"),
        tr("Sélectionnez le type de démarche que vous allez effectuer"));
    auto *introRow = new QHBoxLayout;
    m_demarchesIntro = new QLabel(m_demarchesScreen);
    m_demarchesIntro->setObjectName(QStringLiteral("demarchesIntroLabel"));
    m_demarchesIntro->setWordWrap(true);
    introRow->addWidget(m_demarchesIntro, 1);
    m_changeUsager = new QPushButton(tr("Changer d'usager"), m_demarchesScreen);
    m_changeUsager->setObjectName(QStringLiteral("changeUsagerPushButton"));
    m_changeUsager->setAccessibleName(tr("Changer d'usager"));
    m_changeUsager->setAutoDefault(true);
    introRow->addWidget(m_changeUsager, 0, Qt::AlignTop);
    demarches->addLayout(introRow);
    m_buttonsLayout = new QVBoxLayout;
    demarches->addLayout(m_buttonsLayout);
    addLabel(m_demarchesScreen, demarches, QStringLiteral("demarchesNoteLabel"), missingDemarcheNote());
    demarches->addStretch(1);
    m_screens->addWidget(m_demarchesScreen);

    m_error = PageHelpers::addErrorLabel(content, layout);
    m_error->setObjectName(QStringLiteral("choiceErrorLabel"));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_cancel = new QPushButton(tr("Annuler"), content);
    m_cancel->setObjectName(QStringLiteral("cancelPushButton"));
    m_cancel->setAccessibleName(tr("Annuler"));
    m_cancel->setAccessibleDescription(tr("Ne FranceConnecter personne et revenir au site."));
    m_cancel->setAutoDefault(true);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    PageHelpers::setScrollingContent(this, content, QStringLiteral("choiceScrollArea"));
    m_noMatch->hide();
    m_empty->hide();
    m_createNote->hide();

    connect(m_search, &QLineEdit::textChanged, this, &IdpChoiceWidget::applySearch);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (!m_list->currentItem() || m_list->currentItem()->isHidden())
            m_list->setCurrentItem(firstVisibleItem());
        activateCurrentUsager();
    });
    // Enter (or a double click) on an item.
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        m_list->setCurrentItem(item);
        activateCurrentUsager();
    });
    connect(m_changeUsager, &QPushButton::clicked, this, &IdpChoiceWidget::showUsagers);
    connect(m_cancel, &QPushButton::clicked, this, &IdpChoiceWidget::cancelRequested);
}

IdpChoiceWidget::~IdpChoiceWidget() = default;

QString IdpChoiceWidget::missingDemarcheNote()
{
    return tr("Si vous ne trouvez pas le type de démarche que vous souhaitez effectuer, il se peut que vous "
              "n'ayez pas de mandat ou que le mandat a expiré. Pour créer un nouveau mandat, utilisez "
              "« Créer un mandat » depuis l'accueil.");
}

void IdpChoiceWidget::setRequest(const IdpRequestInfo &request)
{
    m_request = request;
    m_list->clear();

    // French collation (É sorts with E), family name first, as in « Mes mandats ».
    QList<IdpUsagerChoice> sorted = m_request.usagers;
    QCollator collator { QLocale(QLocale::French, QLocale::France) };
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::stable_sort(
        sorted.begin(), sorted.end(), [&collator](const IdpUsagerChoice &a, const IdpUsagerChoice &b) {
            const int family = collator.compare(a.familyName, b.familyName);
            return family != 0 ? family < 0 : collator.compare(a.givenName, b.givenName) < 0;
        });
    for (const IdpUsagerChoice &u : std::as_const(sorted)) {
        const QString date = MandatsText::birthdate(u.birthdate);
        auto *item = new QListWidgetItem(
            date.isEmpty() ? u.displayName() : tr("%1 — né(e) le %2").arg(u.displayName(), date), m_list);
        item->setData(Qt::UserRole, u.id);
        item->setData(Qt::AccessibleTextRole,
            date.isEmpty() ? u.displayName()
                           : tr("%1, date de naissance : %2")
                                 .arg(u.displayName(), MandatsText::birthdateLong(u.birthdate)));
        const QString text = u.givenName + QLatin1Char(' ') + u.familyName + QLatin1Char(' ') + u.birthdate
            + QLatin1Char(' ') + date + QLatin1Char(' ') + MandatsText::birthdateLong(u.birthdate);
        item->setData(kSearchKeyRole, MandatsText::normalizeForSearch(text));
    }
    const bool empty = m_request.usagers.isEmpty();
    m_search->setVisible(!empty);
    m_list->setVisible(!empty);
    m_empty->setVisible(empty);
    m_createNote->setVisible(empty);
    m_search->blockSignals(true);
    m_search->clear();
    m_search->blockSignals(false);
    applySearch();
    showError(QString());
    showUsagers();
}

void IdpChoiceWidget::showUsagers()
{
    m_usagerId = 0;
    m_screens->setCurrentWidget(m_usagersScreen);
    if (m_request.usagers.isEmpty())
        m_cancel->setFocus();
    else
        m_search->setFocus();
    emit usagersShown();
}

bool IdpChoiceWidget::showDemarches(qint64 usagerId)
{
    const IdpUsagerChoice *usager = m_request.findUsager(usagerId);
    if (!usager)
        return false;
    m_usagerId = usagerId;
    m_demarchesIntro->setText(
        tr("En sélectionnant une démarche, vous allez FranceConnecter %1").arg(usager->displayName()));
    qDeleteAll(m_demarcheButtons);
    m_demarcheButtons.clear();
    QWidget *previous = m_changeUsager;
    for (const QString &code : usager->demarches) {
        const Demarche *demarche = Demarches::find(code);
        if (!demarche)
            continue;
        auto *button = new QCommandLinkButton(demarche->title, demarche->description, m_demarchesScreen);
        button->setObjectName(code + QStringLiteral("DemarcheCommandLinkButton"));
        button->setProperty("demarche", code);
        button->setAccessibleName(demarche->title);
        button->setAccessibleDescription(demarche->description);
        button->setAutoDefault(true);
        connect(button, &QPushButton::clicked, this, [this, code] { emit demarcheChosen(m_usagerId, code); });
        m_buttonsLayout->addWidget(button);
        m_demarcheButtons.append(button);
        setTabOrder(previous, button);
        previous = button;
    }
    setTabOrder(previous, m_cancel);
    m_screens->setCurrentWidget(m_demarchesScreen);
    if (!m_demarcheButtons.isEmpty())
        m_demarcheButtons.first()->setFocus();
    emit demarchesShown();
    return true;
}

bool IdpChoiceWidget::isShowingDemarches() const
{
    return m_screens->currentWidget() == m_demarchesScreen;
}

QList<qint64> IdpChoiceWidget::visibleUsagerIds() const
{
    QList<qint64> ids;
    for (int row = 0; row < m_list->count(); ++row) {
        if (!m_list->item(row)->isHidden())
            ids.append(m_list->item(row)->data(Qt::UserRole).toLongLong());
    }
    return ids;
}

void IdpChoiceWidget::setBusy(bool busy)
{
    for (QWidget *w : { static_cast<QWidget *>(m_search), static_cast<QWidget *>(m_list),
             static_cast<QWidget *>(m_changeUsager), static_cast<QWidget *>(m_cancel) })
        w->setEnabled(!busy);
    for (QCommandLinkButton *button : std::as_const(m_demarcheButtons))
        button->setEnabled(!busy);
}

void IdpChoiceWidget::showError(const QString &message)
{
    PageHelpers::showError(m_error, message);
}

void IdpChoiceWidget::applySearch()
{
    const QStringList terms
        = MandatsText::normalizeForSearch(m_search->text()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        const QString key = item->data(kSearchKeyRole).toString();
        const bool match = std::all_of(
            terms.cbegin(), terms.cend(), [&key](const QString &term) { return key.contains(term); });
        item->setHidden(!match);
    }
    QListWidgetItem *first = firstVisibleItem();
    if (!m_list->currentItem() || m_list->currentItem()->isHidden())
        m_list->setCurrentItem(first);
    m_noMatch->setVisible(!m_request.usagers.isEmpty() && !first);
}

QListWidgetItem *IdpChoiceWidget::firstVisibleItem() const
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (!m_list->item(row)->isHidden())
            return m_list->item(row);
    }
    return nullptr;
}

void IdpChoiceWidget::activateCurrentUsager()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || item->isHidden() || !m_list->isEnabled())
        return;
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    if (showDemarches(id))
        emit usagerSelected(id);
}

void IdpChoiceWidget::keyPressEvent(QKeyEvent *event)
{
    // Escape answers « Annuler », as in a dialog.
    if (event->key() == Qt::Key_Escape && m_cancel->isEnabled()) {
        m_cancel->click();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool IdpChoiceWidget::eventFilter(QObject *watched, QEvent *event)
{
    // Down from the search field goes to the list, as in a combo box.
    if (watched == m_search && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Down && firstVisibleItem()) {
        if (!m_list->currentItem() || m_list->currentItem()->isHidden())
            m_list->setCurrentItem(firstVisibleItem());
        m_list->setFocus();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}
