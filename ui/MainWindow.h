#pragma once

#include <QDialog>
#include <QMainWindow>
#include <QPointer>

#include <memory>

class ActivityFilter;
class ApiClient;
class CguPage;
class DemarchePage;
class HomePage;
class LockPage;
class LoginPage;
class MandatWizard;
class MandatsController;
struct MandatInfo;
class QStackedWidget;
class ReferentPage;
class Session;
class Settings;
class StatsPage;

/// The application window: one page at a time (login, CGU, home, mandat wizard, lock) driven by
/// the Session.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session; }
    ApiClient *apiClient() const { return m_api; }
    /// The help or settings dialog currently open, if any (also the tests' hook to answer it).
    QDialog *openDialog() const { return m_dialog; }
    /// The mandat wizard while one is open (shown in place of the home page).
    MandatWizard *mandatWizard() const;
    /// « Mes mandats »: the offline cache, its sync and pages.
    MandatsController *mandatsController() const { return m_mandats; }
    /// « Réaliser une démarche »: the browser in which the aidant acts for an usager.
    DemarchePage *demarchePage() const { return m_demarchePage; }
    /// « Espace référent » (Mon espace responsable), for référents only.
    ReferentPage *referentPage() const { return m_referentPage; }
    /// « Statistiques », for every aidant (a référent also sees their organisations').
    StatsPage *statsPage() const { return m_statsPage; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void applySettings();
    /// Shows the page the session state calls for.
    void route();
    void showPage(QWidget *page, const QString &title);
    void onLocked();
    void onClosed(const QString &reason);
    void showHelp();
    void showSettings();
    void closeDialog();
    /// Opens the wizard: a creation, or the renewal of @p renewal.
    void openMandatWizard(const MandatInfo *renewal = nullptr);
    void showMandats();
    void showDemarche();
    void showReferent();
    void showStats();
    /// Removes the wizard and its FranceConnect browser, without changing the page shown.
    void closeMandatWizard();

    std::unique_ptr<Settings> m_settings;
    ApiClient *m_api = nullptr;
    Session *m_session = nullptr;
    ActivityFilter *m_activityFilter = nullptr;
    QStackedWidget *m_stack = nullptr;
    LoginPage *m_loginPage = nullptr;
    CguPage *m_cguPage = nullptr;
    HomePage *m_homePage = nullptr;
    LockPage *m_lockPage = nullptr;
    DemarchePage *m_demarchePage = nullptr;
    /// The démarche page is the one to show (until « Accueil » or the end of the session).
    bool m_inDemarche = false;
    ReferentPage *m_referentPage = nullptr;
    /// The référent's page is the one to show (until « Accueil » or the end of the session).
    bool m_inReferent = false;
    StatsPage *m_statsPage = nullptr;
    /// The statistics page is the one to show (until « Retour à l'accueil » or the end of the session).
    bool m_inStats = false;
    QPointer<QDialog> m_dialog;
    QPointer<MandatWizard> m_mandatWizard;
    MandatsController *m_mandats = nullptr;
};
