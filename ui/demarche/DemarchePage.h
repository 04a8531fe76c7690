#pragma once

#include "Idp.h"

#include <QList>
#include <QPair>
#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <functional>

class ApiClient;
class DemarcheView;
class IdpChoiceWidget;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QWebEngineDownloadRequest;
class QWebEngineProfile;
class QWebEngineView;
struct Error;

/// « Réaliser une démarche »: a browser in which the aidant carries out an online démarche on a
/// FranceConnect site as the usager. The server is FranceConnect's identity provider: the page
/// intercepts FranceConnect's authorization request, the aidant chooses the usager and the
/// démarche natively (IdpChoiceWidget), and the server's redirect continues FranceConnect.
///
/// Each démarche has its own off-the-record profile (DemarcheView), destroyed by « Terminer la
/// démarche », by terminate() and when the aidant switches to another usager (restart on the
/// start URL: the last shortcut or typed address).
///
/// Object names: `homePushButton`, `backPushButton`, `reloadPushButton`, `addressLineEdit`,
/// `openPushButton`, `terminatePushButton`, `shortcut<N>PushButton` (N from 1, property `url`),
/// `usagerLabel`, `infoLabel`, `errorLabel`, `demarcheStackedWidget`, `startLabel`, `busyLabel`,
/// `demarcheWebView` (the browser, while a démarche is open), `idpChoiceWidget`.
class DemarchePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemarchePage)

public:
    using Shortcut = QPair<QString, QUrl>;

    explicit DemarchePage(ApiClient *api, QWidget *parent = nullptr);
    ~DemarchePage() override;

    /// The configured sites (Settings::demarcheShortcuts()), one button each.
    void setShortcuts(const QList<Shortcut> &shortcuts);
    /// Loads `url` in the démarche, opening one (a fresh profile) if none is open; it becomes the
    /// start URL. False, with a French message shown, when the URL is not allowed.
    bool openUrl(const QUrl &url);
    /// Ends the démarche: cancels a pending request, destroys the browser and its profile.
    void terminate();
    bool isOpen() const { return !m_view.isNull(); }

    QWebEngineView *view() const;
    QWebEngineProfile *profile() const;
    IdpChoiceWidget *choiceWidget() const { return m_choice; }
    QUrl startUrl() const { return m_startUrl; }
    /// The usager this démarche's profile was FranceConnected as (0: nobody yet).
    qint64 currentUsagerId() const { return m_usagerId; }
    /// The id of the identity provider request being answered (empty when none).
    QString pendingRequestId() const { return m_request.id; }

    /// An address as typed: "impots.gouv.fr" reads as https://impots.gouv.fr.
    static QUrl urlFromInput(const QString &typed);
    /// True when the aidant may open `url`: https, or http on loopback (development).
    static bool isAllowedSiteUrl(const QUrl &url);

    /// Shows the choice for the server's answer to an authorization request (what the page does
    /// with createIdpRequest's answer; public so that tests can drive the screens without a server).
    void presentRequest(const IdpRequestInfo &request);

    /// Where a document the site hands out (a receipt, an attestation) is saved: by default a file
    /// dialog proposing the documents folder; empty answer = not saved. Tests replace it.
    using SaveLocationChooser = std::function<QString(const QString &suggestedFileName)>;
    void setSaveLocationChooser(SaveLocationChooser chooser) { m_chooseSaveLocation = std::move(chooser); }

signals:
    void homeRequested();
    /// A new browser and profile were created (a démarche starts, or restarts for another usager).
    void demarcheStarted();
    /// The browser and its profile were destroyed.
    void demarcheTerminated();
    /// The usager list of an intercepted authorization request is on screen.
    void choiceShown();
    /// The browser is shown again (after a choice, a cancellation or an error).
    void browserShown();
    /// The page loads a redirect given by the server (after a choice, a cancellation or an error).
    void serverRedirectLoading(const QUrl &url);
    /// The démarche restarts in a new profile for another usager.
    void restartedForAnotherUsager();
    /// A French error message was shown (in the page or in the choice screen).
    void errorShown(const QString &message);
    /// A downloaded document was saved at @p path.
    void documentSaved(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onDownloadRequested(QWebEngineDownloadRequest *download);
    void createView();
    void destroyView();
    void onAuthorizeRequested(const QUrl &authorizeUrl);
    void onUsagerSelected(qint64 usagerId);
    void onDemarcheChosen(qint64 usagerId, const QString &demarche);
    void onCancelRequested();
    /// Handles a failed request: the message, and the OAuth error redirect when the server gave one.
    void handleError(const Error &error, bool inChoice);
    void loadServerRedirect(const QString &redirect);
    void showBrowser();
    void showBusy(const QString &message);
    void showError(const QString &message);
    void showInfo(const QString &message);
    void openTypedAddress();
    void updateNavigation();
    /// Best effort: the server forgets a request nobody will answer (its redirect is not loaded).
    void abandonRequest();

    ApiClient *m_api = nullptr;
    QPointer<DemarcheView> m_view;
    IdpRequestInfo m_request;
    QUrl m_startUrl;
    qint64 m_usagerId = 0;
    QString m_usagerName;
    /// The usager chosen before a restart: preselected at the next request.
    qint64 m_pendingUsagerId = 0;
    SaveLocationChooser m_chooseSaveLocation;

    QPushButton *m_home = nullptr;
    QPushButton *m_back = nullptr;
    QPushButton *m_reload = nullptr;
    QLineEdit *m_address = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_terminate = nullptr;
    QWidget *m_shortcutsBar = nullptr;
    QHBoxLayout *m_shortcutsLayout = nullptr;
    QList<QPushButton *> m_shortcutButtons;
    QLabel *m_usager = nullptr;
    QLabel *m_info = nullptr;
    QLabel *m_error = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_start = nullptr;
    QLabel *m_busy = nullptr;
    QWidget *m_browserContainer = nullptr;
    IdpChoiceWidget *m_choice = nullptr;
};
