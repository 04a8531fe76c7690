#include "MainWindow.h"

#include "ActivityFilter.h"
#include "ApiClient.h"
#include "CguPage.h"
#include "HelpDialog.h"
#include "HomePage.h"
#include "LockPage.h"
#include "LoginPage.h"
#include "MandatWizard.h"
#include "Session.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SyncEngine.h"
#include "UiLogging.h"
#include "demarche/DemarchePage.h"
#include "mandats/MandatsController.h"
#include "referent/ReferentPage.h"
#include "stats/StatsPage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFile>
#include <QIcon>
#include <QStackedWidget>

static void initResources()
{
    // ac_gui is a static library: its resources must be registered explicitly.
    Q_INIT_RESOURCE(aidants_connect);
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_settings(std::make_unique<Settings>())
    , m_api(new ApiClient(this))
    , m_session(new Session(m_api, this))
    , m_stack(new QStackedWidget(this))
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/aidants-connect.png")));
    QFile style(QStringLiteral(":/styles/aidants-connect.qss"));
    if (style.open(QIODevice::ReadOnly))
        setStyleSheet(QString::fromUtf8(style.readAll()));

    m_loginPage = new LoginPage(m_session, m_stack);
    m_cguPage = new CguPage(m_session, m_stack);
    m_homePage = new HomePage(m_stack);
    m_lockPage = new LockPage(m_session, m_stack);
    m_demarchePage = new DemarchePage(m_api, m_stack);
    m_referentPage = new ReferentPage(m_api, m_stack);
    m_statsPage = new StatsPage(m_api, m_stack);
    m_stack->setObjectName(QStringLiteral("pagesStackedWidget"));
    for (QWidget *page : { static_cast<QWidget *>(m_loginPage), static_cast<QWidget *>(m_cguPage),
             static_cast<QWidget *>(m_homePage), static_cast<QWidget *>(m_lockPage),
             static_cast<QWidget *>(m_demarchePage), static_cast<QWidget *>(m_referentPage),
             static_cast<QWidget *>(m_statsPage) })
        m_stack->addWidget(page);
    setCentralWidget(m_stack);
    resize(960, 680);

    connect(m_session, &Session::opened, this, &MainWindow::route);
    connect(m_session, &Session::unlocked, this, &MainWindow::route);
    connect(m_session, &Session::infoChanged, this, [this] {
        if (!m_session->isOpen() || m_session->isLocked())
            return;
        m_homePage->setSessionInfo(m_session->info());
        // A refreshed session (the keep-alive while the aidant works locally, an organisation switch)
        // leaves the aidant where they are; only the way in (login, CGU) moves on from here.
        QWidget *current = m_stack->currentWidget();
        if (current == m_loginPage || current == m_cguPage || !m_session->info().cguAccepted())
            route();
    });
    connect(m_session, &Session::locked, this, &MainWindow::onLocked);
    connect(m_session, &Session::closed, this, &MainWindow::onClosed);

    connect(m_loginPage, &LoginPage::helpRequested, this, &MainWindow::showHelp);
    connect(m_loginPage, &LoginPage::settingsRequested, this, &MainWindow::showSettings);
    connect(m_cguPage, &CguPage::logoutRequested, m_session, &Session::logout);
    connect(m_homePage, &HomePage::createMandatRequested, this, [this] { openMandatWizard(); });
    connect(m_homePage, &HomePage::mandatsRequested, this, &MainWindow::showMandats);
    connect(m_homePage, &HomePage::demarcheRequested, this, &MainWindow::showDemarche);
    connect(m_demarchePage, &DemarchePage::homeRequested, this, [this] {
        m_inDemarche = false;
        route();
    });
    connect(m_homePage, &HomePage::referentRequested, this, &MainWindow::showReferent);
    connect(m_referentPage, &ReferentPage::homeRequested, this, [this] {
        m_inReferent = false;
        route();
    });
    connect(m_homePage, &HomePage::statsRequested, this, &MainWindow::showStats);
    connect(m_statsPage, &StatsPage::homeRequested, this, [this] {
        m_inStats = false;
        route();
    });
    // New démarches for the organisation: the wizard offers what the session says.
    connect(m_referentPage, &ReferentPage::organisationChanged, m_session, &Session::keepAlive);

    m_mandats = new MandatsController(m_api, m_stack, this);
    // With the settings folder overridden (tests, a portable setup), the cache moves too, into its
    // data/ subfolder: created on first use, like the default one.
    if (const QString dir = Settings::configDirOverride(); !dir.isEmpty())
        m_mandats->setCachePath(dir + QStringLiteral("/data/offline-cache.sqlite"));
    connect(m_mandats, &MandatsController::pageRequested, this, &MainWindow::showPage);
    connect(m_mandats, &MandatsController::homeRequested, this, &MainWindow::route);
    connect(m_mandats, &MandatsController::renewRequested, this,
        [this](const MandatInfo &mandat) { openMandatWizard(&mandat); });
    connect(m_session, &Session::opened, m_mandats, &MandatsController::start);
    connect(m_homePage, &HomePage::helpRequested, this, &MainWindow::showHelp);
    connect(m_homePage, &HomePage::settingsRequested, this, &MainWindow::showSettings);
    connect(m_homePage, &HomePage::logoutRequested, m_session, &Session::logout);
    connect(m_lockPage, &LockPage::logoutRequested, m_session, &Session::logout);

    m_activityFilter = new ActivityFilter(m_session, this);
    qApp->installEventFilter(m_activityFilter);

    applySettings();
    showPage(m_loginPage, tr("Connexion"));
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(m_activityFilter);
}

void MainWindow::applySettings()
{
    m_demarchePage->setShortcuts(m_settings->demarcheShortcuts());
    m_api->setBaseUrl(m_settings->serverUrl());
    const Status ca = m_api->setCaCertificateFile(m_settings->caCertificateFile());
    if (!ca)
        m_loginPage->reset(ca.error().message);
}

void MainWindow::route()
{
    if (!m_session->isOpen()) {
        showPage(m_loginPage, tr("Connexion"));
    } else if (m_session->isLocked()) {
        onLocked();
    } else if (!m_session->info().cguAccepted()) {
        if (m_stack->currentWidget() != m_cguPage)
            m_cguPage->reset();
        showPage(m_cguPage, tr("Conditions générales d'utilisation"));
    } else if (m_mandatWizard) {
        // Back from the lock (or a refreshed session): the mandat in progress is kept.
        m_homePage->setSessionInfo(m_session->info());
        showPage(m_mandatWizard, m_mandatWizard->windowTitle());
    } else if (m_inDemarche) {
        // Back from the lock, or a refreshed session (keep-alive): the démarche in progress stays.
        m_homePage->setSessionInfo(m_session->info());
        showPage(m_demarchePage, tr("Réaliser une démarche"));
    } else if (m_inReferent && m_session->info().aidant.isReferent()) {
        m_homePage->setSessionInfo(m_session->info());
        // Back from the lock: the lists were wiped with the personal data, read them again.
        if (m_referentPage->isCleared())
            m_referentPage->open(m_session->info().aidant.currentOrganisationId);
        showPage(m_referentPage, tr("Espace référent"));
    } else if (m_inStats) {
        m_homePage->setSessionInfo(m_session->info());
        // Back from the lock: the page was emptied with the rest, read the figures again.
        if (m_statsPage->isCleared())
            m_statsPage->open(m_session->info().aidant.isReferent());
        showPage(m_statsPage, tr("Statistiques"));
    } else {
        m_inReferent = false;
        m_inStats = false;
        m_homePage->setSessionInfo(m_session->info());
        showPage(m_homePage, tr("Espace Aidant"));
    }
}

void MainWindow::showPage(QWidget *page, const QString &title)
{
    // The title never carries personal data: it shows in task bars and window switchers.
    setWindowTitle(title);
    m_stack->setCurrentWidget(page);
}

void MainWindow::onLocked()
{
    closeDialog();
    m_homePage->clear();
    m_referentPage->clear();
    m_statsPage->clear();
    m_lockPage->reset();
    showPage(m_lockPage, tr("Session verrouillée"));
}

void MainWindow::onClosed(const QString &reason)
{
    closeDialog();
    closeMandatWizard();
    // The usager's sessions on the sites and at FranceConnect end with the aidant's.
    m_inDemarche = false;
    m_demarchePage->terminate();
    m_inReferent = false;
    m_referentPage->clear();
    m_inStats = false;
    m_statsPage->clear();
    // Logging out of the workstation's session removes the offline cache and its key.
    m_mandats->stop(true);
    m_homePage->clear();
    m_loginPage->reset(reason);
    showPage(m_loginPage, tr("Connexion"));
}

void MainWindow::closeDialog()
{
    if (m_dialog)
        m_dialog->reject();
}

MandatWizard *MainWindow::mandatWizard() const
{
    return m_mandatWizard;
}

void MainWindow::showMandats()
{
    if (!m_session->isOpen() || m_session->isLocked())
        return;
    m_mandats->refresh();
    m_mandats->showList();
}

void MainWindow::showDemarche()
{
    if (!m_session->isOpen() || m_session->isLocked())
        return;
    m_inDemarche = true;
    showPage(m_demarchePage, tr("Réaliser une démarche"));
}

void MainWindow::showReferent()
{
    if (!m_session->isOpen() || m_session->isLocked() || !m_session->info().aidant.isReferent())
        return;
    m_inReferent = true;
    m_referentPage->open(m_session->info().aidant.currentOrganisationId);
    showPage(m_referentPage, tr("Espace référent"));
}

void MainWindow::showStats()
{
    if (!m_session->isOpen() || m_session->isLocked())
        return;
    m_inStats = true;
    m_statsPage->open(m_session->info().aidant.isReferent());
    showPage(m_statsPage, tr("Statistiques"));
}

void MainWindow::openMandatWizard(const MandatInfo *renewal)
{
    if (!m_session->isOpen() || m_session->isLocked())
        return;
    if (renewal)
        closeMandatWizard(); // a renewal starts a wizard of its own
    if (!m_mandatWizard) {
        auto *wizard = new MandatWizard(m_api, m_session->info());
        if (renewal)
            wizard->setRenewal(*renewal);
        // Shown in the window, in place of the home page, rather than as another window.
        wizard->setWindowFlags(Qt::Widget);
        m_stack->addWidget(wizard);
        m_mandatWizard = wizard;
        // Signed: Mes mandats gets it from the server at once, not at the next periodic sync.
        connect(wizard, &MandatWizard::mandatSaved, this, [this] {
            if (m_mandats->syncEngine())
                m_mandats->syncEngine()->syncNow();
        });
        connect(wizard, &QDialog::finished, this, [this] {
            closeMandatWizard();
            route();
            m_mandats->refresh();
            if (m_mandats->syncEngine())
                m_mandats->syncEngine()->syncNow(); // the new mandat, in Mes mandats at once
        });
        qCInfo(lcUiMain) << "mandat wizard opened";
    }
    showPage(m_mandatWizard, m_mandatWizard->windowTitle());
}

void MainWindow::closeMandatWizard()
{
    if (!m_mandatWizard)
        return;
    MandatWizard *wizard = m_mandatWizard;
    m_mandatWizard = nullptr;
    wizard->disconnect(this);
    wizard->hide();
    m_stack->removeWidget(wizard);
    // Later: this may run from the wizard's own finished() signal.
    wizard->deleteLater();
}

void MainWindow::showHelp()
{
    closeDialog();
    auto *dialog = new HelpDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    dialog->open();
}

void MainWindow::showSettings()
{
    closeDialog();
    auto *dialog = new SettingsDialog(m_settings.get(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QUrl before = m_settings->serverUrl();
    connect(dialog, &QDialog::accepted, this, [this, before] {
        // A token belongs to one server: changing server ends the session.
        if (m_session->isOpen() && m_settings->serverUrl() != before)
            m_session->logout();
        applySettings();
        qCInfo(lcUiMain) << "connection settings updated";
    });
    m_dialog = dialog;
    dialog->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Best effort: the server's idle and absolute expiry end the session anyway.
    m_session->logout();
    QMainWindow::closeEvent(event);
}
