#include "UsagerPage.h"

#include "MandatDocument.h"
#include "MandatPrinter.h"
#include "MandatRules.h"
#include "MandatTranslationChooser.h"
#include "MandatsLogging.h"
#include "MandatsModel.h"
#include "MandatsText.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTextDocument>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

qint64 lastRevocationMs(const MandatInfo &mandat)
{
    qint64 last = 0;
    for (const AutorisationInfo &a : mandat.autorisations)
        last = qMax(last, a.revokedAtMs);
    return last;
}

QPushButton *actionButton(
    QWidget *parent, const QString &text, const QString &accessibleName, const char *objectName)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(QString::fromLatin1(objectName));
    button->setAccessibleName(accessibleName);
    return button;
}

} // namespace

UsagerPage::UsagerPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new MandatsModel(this))
{
    setObjectName(QStringLiteral("UsagerPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    auto *headerLayout = new QHBoxLayout;
    m_backButton = actionButton(this, tr("← &Retour"), tr("Retour à la liste des usagers"), "backPushButton");
    headerLayout->addWidget(m_backButton);
    m_nameLabel = new QLabel(this);
    m_nameLabel->setObjectName(QStringLiteral("nameLabel"));
    m_nameLabel->setProperty("role", QStringLiteral("title"));
    m_nameLabel->setTextFormat(Qt::PlainText);
    headerLayout->addWidget(m_nameLabel, 1);
    layout->addLayout(headerLayout);
    connect(m_backButton, &QPushButton::clicked, this, &UsagerPage::back);

    m_identityLabel = new QLabel(this);
    m_identityLabel->setObjectName(QStringLiteral("identityLabel"));
    m_identityLabel->setTextFormat(Qt::PlainText);
    m_identityLabel->setWordWrap(true);
    layout->addWidget(m_identityLabel);

    m_offlineLabel = new QLabel(tr("Hors ligne : la révocation et le renouvellement sont indisponibles, "
                                   "la réimpression reste possible."),
        this);
    m_offlineLabel->setObjectName(QStringLiteral("offlineLabel"));
    m_offlineLabel->setProperty("role", QStringLiteral("hint"));
    m_offlineLabel->setWordWrap(true);
    m_offlineLabel->hide();
    layout->addWidget(m_offlineLabel);

    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("mandatsTreeView"));
    m_treeView->setAccessibleName(tr("Mandats et démarches"));
    m_treeView->setAccessibleDescription(
        tr("Un mandat par ligne, ses démarches en dessous. Flèche droite pour les afficher."));
    m_treeView->setModel(m_model);
    m_treeView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_treeView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_treeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treeView->setAlternatingRowColors(true);
    m_treeView->setAllColumnsShowFocus(true);
    m_treeView->setUniformRowHeights(true);
    m_treeView->header()->setStretchLastSection(true);
    m_treeView->header()->setSectionResizeMode(MandatsModel::TitleColumn, QHeaderView::ResizeToContents);
    layout->addWidget(m_treeView, 1);
    connect(
        m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this, &UsagerPage::updateActions);

    auto *actionsLayout = new QHBoxLayout;
    m_renewButton
        = actionButton(this, tr("Re&nouveler le mandat"), tr("Renouveler le mandat"), "renewPushButton");
    m_revokeAutorisationButton = actionButton(
        this, tr("Révoquer la &démarche"), tr("Révoquer la démarche"), "revokeAutorisationPushButton");
    m_revokeMandatButton
        = actionButton(this, tr("Révoquer le &mandat"), tr("Révoquer le mandat"), "revokeMandatPushButton");
    m_reprintButton
        = actionButton(this, tr("Réim&primer le mandat"), tr("Réimprimer le mandat"), "reprintPushButton");
    m_reprintButton->setAccessibleDescription(tr("Le mandat tel qu'il a été signé, identique à l'original."));
    m_attestationButton = actionButton(
        this, tr("A&ttestation de révocation"), tr("Attestation de révocation"), "attestationPushButton");
    m_attestationButton->setAccessibleDescription(tr("À faire signer par l'usager, pour un mandat révoqué."));
    for (QPushButton *button : { m_renewButton, m_revokeAutorisationButton, m_revokeMandatButton,
             m_reprintButton, m_attestationButton })
        actionsLayout->addWidget(button);
    actionsLayout->addStretch();
    layout->addLayout(actionsLayout);
    // The translated copy printed after the reprinted mandat or the revocation attestation.
    m_translationChooser = new MandatTranslationChooser(this);
    layout->addWidget(m_translationChooser);
    connect(m_renewButton, &QPushButton::clicked, this, &UsagerPage::renew);
    connect(m_revokeAutorisationButton, &QPushButton::clicked, this, &UsagerPage::revokeAutorisation);
    connect(m_revokeMandatButton, &QPushButton::clicked, this, &UsagerPage::revokeMandat);
    connect(m_reprintButton, &QPushButton::clicked, this, &UsagerPage::reprint);
    connect(m_attestationButton, &QPushButton::clicked, this, &UsagerPage::printRevocation);

    setTabOrder(m_backButton, m_treeView);
    setTabOrder(m_treeView, m_renewButton);
    setTabOrder(m_renewButton, m_revokeAutorisationButton);
    setTabOrder(m_revokeAutorisationButton, m_revokeMandatButton);
    setTabOrder(m_revokeMandatButton, m_reprintButton);
    setTabOrder(m_reprintButton, m_attestationButton);
    setTabOrder(m_attestationButton, m_translationChooser->comboBox());
    setFocusProxy(m_treeView);
    updateActions();
}

UsagerPage::~UsagerPage() = default;

void UsagerPage::setData(const UsagerIdentity &usager, const QList<MandatInfo> &mandats, qint64 nowMs)
{
    const MandatInfo *mandat = selectedMandat();
    const AutorisationInfo *autorisation = selectedAutorisation();
    const bool sameUsager = usager.id == m_usager.id;
    const qint64 mandatId = sameUsager && mandat ? mandat->id : 0;
    const qint64 autorisationId = sameUsager && autorisation ? autorisation->id : 0;

    m_usager = usager;
    m_nowMs = nowMs;
    if (!sameUsager)
        m_translationChooser->setUsager(usager.id);
    m_nameLabel->setText(usagerName());
    QStringList identity;
    if (!usager.birthdate.isEmpty()) {
        const QString born = usager.gender == QLatin1String("female") ? tr("Née le %1")
            : usager.gender == QLatin1String("male")                  ? tr("Né le %1")
                                                                      : tr("Né(e) le %1");
        identity << born.arg(MandatsText::birthdateLong(usager.birthdate));
    }
    if (!usager.preferredUsername.isEmpty() && usager.preferredUsername != usager.familyName)
        identity << tr("Nom d'usage : %1").arg(usager.preferredUsername);
    m_identityLabel->setText(identity.join(QStringLiteral(" · ")));
    m_identityLabel->setVisible(!identity.isEmpty());

    m_model->setMandats(mandats, nowMs);
    m_treeView->expandAll();
    if (mandatId == 0 || !select(mandatId, autorisationId)) {
        if (mandatId == 0 || !select(mandatId))
            select(m_model->rowCount() > 0 ? m_model->mandats().constFirst().id : 0);
    }
    updateActions();
}

void UsagerPage::setOffline(bool offline)
{
    m_offline = offline;
    m_offlineLabel->setVisible(offline);
    updateActions();
}

bool UsagerPage::select(qint64 mandatId, qint64 autorisationId)
{
    const QModelIndex index = m_model->indexOf(mandatId, autorisationId);
    if (!index.isValid())
        return false;
    m_treeView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_treeView->scrollTo(index);
    updateActions();
    return true;
}

const MandatInfo *UsagerPage::selectedMandat() const
{
    return m_model->mandatAt(m_treeView->selectionModel()->currentIndex());
}

const AutorisationInfo *UsagerPage::selectedAutorisation() const
{
    return m_model->autorisationAt(m_treeView->selectionModel()->currentIndex());
}

QString UsagerPage::revokeAutorisationQuestion(const MandatInfo &mandat, const AutorisationInfo &autorisation)
{
    return tr("Révoquer la démarche « %1 » du mandat de %2 ?")
        .arg(MandatsModel::demarcheTitle(autorisation.demarche), mandat.usager.fullName());
}

QString UsagerPage::revokeMandatQuestion(const MandatInfo &mandat, qint64 nowMs)
{
    QStringList titles;
    for (const AutorisationInfo &autorisation : mandat.autorisations) {
        if (MandatRules::canRevoke(mandat, autorisation, nowMs))
            titles << QStringLiteral("• ") + MandatsModel::demarcheTitle(autorisation.demarche);
    }
    return tr("Révoquer le mandat de %1 ? Ces démarches ne pourront plus être réalisées pour "
              "l'usager :\n%2")
        .arg(mandat.usager.fullName(), titles.join(QLatin1Char('\n')));
}

void UsagerPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_treeView->setFocus(Qt::OtherFocusReason);
}

void UsagerPage::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        event->accept();
        emit back();
        return;
    }
    QWidget::keyPressEvent(event);
}

void UsagerPage::updateActions()
{
    const MandatInfo *mandat = selectedMandat();
    const AutorisationInfo *autorisation = selectedAutorisation();
    const MandatRules::State state
        = mandat ? MandatRules::state(*mandat, m_nowMs) : MandatRules::State::Expired;

    const bool renewable = mandat && MandatRules::isRenewable(*mandat, m_nowMs);
    const bool autorisationRevocable
        = autorisation && MandatRules::canRevoke(*mandat, *autorisation, m_nowMs);
    const bool mandatRevocable = mandat && state == MandatRules::State::Active;
    m_renewButton->setEnabled(renewable && !m_offline);
    m_revokeAutorisationButton->setEnabled(autorisationRevocable && !m_offline);
    m_revokeMandatButton->setEnabled(mandatRevocable && !m_offline);
    m_reprintButton->setEnabled(mandat != nullptr);
    m_attestationButton->setEnabled(mandat && state == MandatRules::State::Revoked);

    const QString offlineTip = m_offline ? tr("Action impossible hors ligne") : QString();
    for (QPushButton *button : { m_renewButton, m_revokeAutorisationButton, m_revokeMandatButton }) {
        button->setToolTip(offlineTip);
        button->setAccessibleDescription(offlineTip);
    }
    if (!m_offline && !autorisation && mandat)
        m_revokeAutorisationButton->setToolTip(tr("Sélectionnez une démarche du mandat."));
}

void UsagerPage::renew()
{
    const MandatInfo *mandat = selectedMandat();
    if (!mandat || m_offline || !MandatRules::isRenewable(*mandat, m_nowMs))
        return;
    qCInfo(lcUiMandats) << "renewal requested for mandat" << mandat->id;
    emit renewRequested(mandat->id);
}

void UsagerPage::revokeAutorisation()
{
    const MandatInfo *mandat = selectedMandat();
    const AutorisationInfo *autorisation = selectedAutorisation();
    if (!mandat || !autorisation || m_offline || !MandatRules::canRevoke(*mandat, *autorisation, m_nowMs))
        return;
    const qint64 mandatId = mandat->id;
    const qint64 autorisationId = autorisation->id;
    if (!confirm(tr("Révoquer la démarche"), revokeAutorisationQuestion(*mandat, *autorisation)))
        return;
    qCInfo(lcUiMandats) << "revocation requested for autorisation" << autorisationId << "of mandat"
                        << mandatId;
    emit revokeAutorisationRequested(mandatId, autorisationId);
}

void UsagerPage::revokeMandat()
{
    const MandatInfo *mandat = selectedMandat();
    if (!mandat || m_offline || MandatRules::state(*mandat, m_nowMs) != MandatRules::State::Active)
        return;
    const qint64 mandatId = mandat->id;
    if (!confirm(tr("Révoquer le mandat"), revokeMandatQuestion(*mandat, m_nowMs)))
        return;
    qCInfo(lcUiMandats) << "revocation requested for mandat" << mandatId;
    emit revokeMandatRequested(mandatId);
}

void UsagerPage::reprint()
{
    const MandatInfo *mandat = selectedMandat();
    if (!mandat)
        return;
    // The same MandatInfo as when it was signed: the document is identical to the original.
    const std::unique_ptr<QTextDocument> document
        = MandatPrinter::document(*mandat, MandatDocument::Kind::Final, m_translationChooser->language());
    preview(*document);
}

void UsagerPage::printRevocation()
{
    const MandatInfo *mandat = selectedMandat();
    if (!mandat || MandatRules::state(*mandat, m_nowMs) != MandatRules::State::Revoked)
        return;
    const std::unique_ptr<QTextDocument> document = MandatPrinter::revocationDocument(
        *mandat, lastRevocationMs(*mandat), m_translationChooser->language());
    preview(*document);
}

bool UsagerPage::confirm(const QString &title, const QString &text)
{
    if (m_confirmHandler)
        return m_confirmHandler(this, title, text);
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("confirmMessageBox"));
    box.button(QMessageBox::Yes)->setText(tr("Oui, révoquer"));
    box.button(QMessageBox::No)->setText(tr("Non, annuler"));
    // A revocation cannot be undone: Entrée must not confirm it by accident.
    box.setDefaultButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

void UsagerPage::preview(const QTextDocument &document)
{
    if (m_previewHandler)
        m_previewHandler(document, this);
    else
        MandatPrinter::preview(document, this);
}

QString UsagerPage::usagerName() const
{
    return m_usager.fullName().trimmed();
}
