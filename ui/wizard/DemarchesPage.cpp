#include "DemarchesPage.h"

#include "Demarches.h"
#include "MandatWizard.h"
#include "PageHelpers.h"
#include "WireTypes.h"

#include <QAccessible>
#include <QCheckBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace {

const QString kArgent = QStringLiteral("argent");

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

} // namespace

DemarchesPage::DemarchesPage(MandatWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setObjectName(QStringLiteral("DemarchesPage"));
    setTitle(tr("Étape 1 : Sélectionnez la ou les démarche(s)"));

    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("demarchesContent"));
    auto *layout = new QVBoxLayout(content);
    // Compact: the mentions and the ten démarches fit a 1366×768 screen without scrolling.
    layout->setSpacing(6);
    layout->setContentsMargins(11, 4, 11, 4);

    // The mentions the aidant reads to the usager before anything else (seed 001).
    const OrganisationInfo *organisation = m_wizard->organisation();
    const QString organisationName
        = organisation ? organisation->name.toHtmlEscaped() : tr("la structure").toHtmlEscaped();
    auto *mentionsGroupBox = new QGroupBox(tr("Mentions à lire à l'usager"), content);
    mentionsGroupBox->setObjectName(QStringLiteral("mentionsGroupBox"));
    auto *mentionsLayout = new QVBoxLayout(mentionsGroupBox);
    mentionsLayout->setContentsMargins(10, 2, 10, 2);
    const QStringList obligations {
        tr("effectuer à votre place les démarches listées dans le mandat, à partir des informations que "
           "vous leur avez données ;"),
        tr("collecter et conserver seulement les informations nécessaires aux démarches listées dans le "
           "mandat ou à celles qui s'y rattachent ;"),
        tr("utiliser et communiquer seulement les informations nécessaires aux démarches listées dans le "
           "mandat ou à celles qui s'y rattachent ;"),
        tr("vous informer et demander votre autorisation avant d'effectuer d'autres démarches que celles "
           "listées dans le mandat ;"),
        tr("mettre à jour et supprimer l'ensemble de vos informations personnelles lorsqu'elles ne sont "
           "plus utiles ;"),
        tr("s'interdire de rendre publiques vos informations personnelles ;"),
        tr("prendre toutes les précautions pour assurer la sécurité de vos informations personnelles."),
    };
    // Qt's default paragraph and list margins (12 px) are halved.
    QString mentions = QStringLiteral("<p style=\"margin-bottom: 4px\">")
        + tr("Les aidants habilités par <b>%1</b> doivent :").arg(organisationName)
        + QStringLiteral("</p><ul style=\"margin-top: 0px; margin-bottom: 4px\">");
    for (const QString &obligation : obligations)
        mentions += QStringLiteral("<li>") + obligation.toHtmlEscaped() + QStringLiteral("</li>");
    mentions += QStringLiteral("</ul><p style=\"margin-top: 2px\">")
        + tr("À partir du moment où un aidant habilité par <b>%1</b> réalise à votre place une des "
             "démarches listées dans le mandat, il accepte de le faire dans les conditions décrites dans "
             "le mandat.")
              .arg(organisationName)
        + QStringLiteral("</p>");
    auto *mentionsLabel = wrappedLabel(mentions, mentionsGroupBox);
    mentionsLabel->setObjectName(QStringLiteral("mentionsLabel"));
    mentionsLabel->setTextFormat(Qt::RichText);
    mentionsLayout->addWidget(mentionsLabel);
    layout->addWidget(mentionsGroupBox);

    auto *hintLabel = wrappedLabel(tr("Cochez au moins une démarche."), content);
    hintLabel->setObjectName(QStringLiteral("hintLabel"));
    hintLabel->setProperty("role", QStringLiteral("hint"));
    layout->addWidget(hintLabel);

    // Only the démarches the organisation allows, in the order users know them, two to a row (seed
    // 001): all ten fit a 1366×768 screen without scrolling. Created in reading order (left to right,
    // then down), so Tab goes through them in that order.
    auto *grid = new QGridLayout;
    grid->setObjectName(QStringLiteral("demarchesGrid"));
    grid->setHorizontalSpacing(24);
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    const QStringList allowed = organisation ? organisation->allowedDemarches : QStringList();
    for (const Demarche &demarche : Demarches::all()) {
        if (!allowed.contains(demarche.code))
            continue;
        auto *cell = new QWidget(content);
        cell->setObjectName(demarche.code + QStringLiteral("Cell"));
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(0);
        auto *checkBox = new QCheckBox(demarche.title.toUpper(), cell);
        checkBox->setObjectName(demarche.code + QStringLiteral("CheckBox"));
        checkBox->setProperty("demarche", demarche.code);
        checkBox->setAccessibleName(demarche.title);
        const QString examples = tr("Exemples : %1").arg(demarche.examples);
        checkBox->setAccessibleDescription(demarche.description + QLatin1Char(' ') + examples);
        auto *descriptionLabel = wrappedLabel(demarche.description + QLatin1Char('\n') + examples, cell);
        descriptionLabel->setObjectName(demarche.code + QStringLiteral("DescriptionLabel"));
        descriptionLabel->setProperty("role", QStringLiteral("hint"));
        descriptionLabel->setContentsMargins(24, 0, 0, 4);
        descriptionLabel->setBuddy(checkBox);
        cellLayout->addWidget(checkBox, 0, Qt::AlignLeft); // the focus frame around its text only
        cellLayout->addWidget(descriptionLabel);
        cellLayout->addStretch();
        const int index = int(m_checkBoxes.size());
        grid->addWidget(cell, index / 2, index % 2);
        if (!m_checkBoxes.isEmpty())
            setTabOrder(m_checkBoxes.constLast(), checkBox);
        connect(checkBox, &QCheckBox::toggled, this, &DemarchesPage::completeChanged);
        connect(checkBox, &QCheckBox::toggled, this, &DemarchesPage::updateArgentWarning);
        m_checkBoxes.append(checkBox);
    }
    layout->addLayout(grid);
    if (m_checkBoxes.isEmpty())
        hintLabel->setText(
            tr("Aucune démarche n'est autorisée pour votre structure : contactez votre référent."));

    m_argentWarningLabel = wrappedLabel(
        tr("Attention : la déclaration de surendettement doit être signée personnellement par le "
           "demandeur. L'aidant ne peut pas la signer à sa place (Code de la consommation, articles "
           "R. 721-2 et R. 761-1)."),
        content);
    m_argentWarningLabel->setObjectName(QStringLiteral("argentWarningLabel"));
    m_argentWarningLabel->setProperty("role", QStringLiteral("error"));
    m_argentWarningLabel->hide();
    layout->addWidget(m_argentWarningLabel);
    layout->addStretch();

    PageHelpers::setScrollingContent(this, content, QStringLiteral("demarchesScrollArea"));
}

DemarchesPage::~DemarchesPage() = default;

QStringList DemarchesPage::selectedDemarches() const
{
    QStringList codes;
    for (const QCheckBox *checkBox : m_checkBoxes) {
        if (checkBox->isChecked())
            codes.append(checkBox->property("demarche").toString());
    }
    return codes;
}

void DemarchesPage::setSelectedDemarches(const QStringList &codes)
{
    for (QCheckBox *checkBox : m_checkBoxes)
        checkBox->setChecked(codes.contains(checkBox->property("demarche").toString()));
}

bool DemarchesPage::isComplete() const
{
    return !selectedDemarches().isEmpty();
}

void DemarchesPage::updateArgentWarning()
{
    const bool show = selectedDemarches().contains(kArgent);
    if (show == m_argentWarningLabel->isVisibleTo(this))
        return;
    m_argentWarningLabel->setVisible(show);
    if (show) {
        QAccessibleEvent event(m_argentWarningLabel, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
}
