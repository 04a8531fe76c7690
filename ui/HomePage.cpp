#include "HomePage.h"

#include "WireTypes.h"
#include "ui_HomePage.h"

HomePage::HomePage(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HomePage>())
{
    m_ui->setupUi(this);
    m_ui->referentPushButton->setAccessibleDescription(
        tr("Gérer les aidants, leurs cartes et applications, et les démarches de la structure."));
    connect(m_ui->referentPushButton, &QPushButton::clicked, this, &HomePage::referentRequested);
    m_ui->statsPushButton->setAccessibleDescription(
        tr("Les chiffres d'Aidants Connect en France et, pour un référent, ceux de ses structures."));
    connect(m_ui->statsPushButton, &QPushButton::clicked, this, &HomePage::statsRequested);
    connect(m_ui->createMandatPushButton, &QPushButton::clicked, this, &HomePage::createMandatRequested);
    connect(m_ui->mandatsPushButton, &QPushButton::clicked, this, &HomePage::mandatsRequested);
    connect(m_ui->demarchePushButton, &QPushButton::clicked, this, &HomePage::demarcheRequested);
    connect(m_ui->helpPushButton, &QPushButton::clicked, this, &HomePage::helpRequested);
    connect(m_ui->settingsPushButton, &QPushButton::clicked, this, &HomePage::settingsRequested);
    connect(m_ui->logoutPushButton, &QPushButton::clicked, this, &HomePage::logoutRequested);
    clear();
}

HomePage::~HomePage() = default;

void HomePage::setSessionInfo(const SessionInfo &info)
{
    m_ui->welcomeLabel->setText(tr("Bienvenue sur votre Espace Aidant, %1 !").arg(info.aidant.firstName));
    if (const OrganisationInfo *organisation = info.currentOrganisation()) {
        QStringList lines { organisation->name };
        if (!organisation->address.isEmpty())
            lines << organisation->address;
        const QString city
            = QStringList { organisation->postcode, organisation->city }.join(QLatin1Char(' ')).trimmed();
        if (!city.isEmpty())
            lines << city;
        m_ui->organisationLabel->setText(tr("Structure : %1").arg(lines.join(QStringLiteral(", "))));
    } else {
        m_ui->organisationLabel->setText(tr("Aucune structure sélectionnée."));
    }
    m_ui->referentPushButton->setVisible(info.aidant.isReferent());

    // Creating a mandat needs the permission and a current organisation with démarches.
    const OrganisationInfo *organisation = info.currentOrganisation();
    QString unavailable;
    if (!info.aidant.canCreateMandats)
        unavailable = tr("Votre compte ne permet pas de créer des mandats.");
    else if (!organisation || organisation->allowedDemarches.isEmpty())
        unavailable = tr("Votre structure ne permet aucune démarche : contactez votre référent.");
    m_ui->createMandatPushButton->setEnabled(unavailable.isEmpty());
    m_ui->createMandatPushButton->setToolTip(unavailable);
    m_ui->createMandatPushButton->setAccessibleDescription(unavailable);

    // A démarche acts through the mandats of the current organisation.
    const QString noOrganisation = organisation ? QString() : tr("Aucune structure sélectionnée.");
    m_ui->demarchePushButton->setEnabled(organisation != nullptr);
    m_ui->demarchePushButton->setToolTip(noOrganisation);
    m_ui->demarchePushButton->setAccessibleDescription(noOrganisation);
}

void HomePage::clear()
{
    m_ui->welcomeLabel->clear();
    m_ui->organisationLabel->clear();
    m_ui->referentPushButton->hide();
    m_ui->createMandatPushButton->setEnabled(false);
    m_ui->demarchePushButton->setEnabled(false);
}

void HomePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_ui->helpPushButton->setFocus();
}
