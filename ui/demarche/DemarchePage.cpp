#include "DemarchePage.h"

#include "ApiClient.h"
#include "DemarcheLogging.h"
#include "DemarcheView.h"
#include "DemarcheWebPage.h"
#include "IdpChoiceWidget.h"
#include "PageHelpers.h"
#include "Result.h"

#include <QAccessible>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QWebEngineDownloadRequest>
#include <QWebEngineHistory>
#include <QWebEngineProfile>

namespace {

QPushButton *makeButton(const QString &text, const QString &name, const QString &description, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setAccessibleName(text);
    if (!description.isEmpty()) {
        button->setToolTip(description);
        button->setAccessibleDescription(description);
    }
    button->setAutoDefault(true); // Enter activates it, as Space does
    return button;
}

} // namespace

DemarchePage::DemarchePage(ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("demarchePage"));
    auto *layout = new QVBoxLayout(this);

    auto *toolbar = new QHBoxLayout;
    m_home = makeButton(tr("Accueil"), QStringLiteral("homePushButton"),
        tr("Revenir à l'accueil ; la démarche en cours reste ouverte."), this);
    m_back
        = makeButton(tr("Précédent"), QStringLiteral("backPushButton"), tr("Page précédente du site"), this);
    m_reload = makeButton(
        tr("Actualiser"), QStringLiteral("reloadPushButton"), tr("Recharger la page du site"), this);
    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("addressLineEdit"));
    m_address->setAccessibleName(tr("Adresse du site"));
    m_address->setAccessibleDescription(
        tr("Saisissez l'adresse d'un site (https) puis Entrée pour l'ouvrir."));
    m_address->setPlaceholderText(tr("Adresse du site, par exemple https://www.impots.gouv.fr"));
    m_open = makeButton(tr("Ouvrir"), QStringLiteral("openPushButton"), tr("Ouvrir l'adresse saisie"), this);
    m_terminate = makeButton(tr("Terminer la démarche"), QStringLiteral("terminatePushButton"),
        tr("Fermer le site et effacer la session de l'usager (cookies, connexion FranceConnect)."), this);
    toolbar->addWidget(m_home);
    toolbar->addWidget(m_back);
    toolbar->addWidget(m_reload);
    toolbar->addWidget(m_address, 1);
    toolbar->addWidget(m_open);
    toolbar->addWidget(m_terminate);
    layout->addLayout(toolbar);

    m_shortcutsBar = new QWidget(this);
    m_shortcutsBar->setObjectName(QStringLiteral("shortcutsWidget"));
    m_shortcutsLayout = new QHBoxLayout(m_shortcutsBar);
    m_shortcutsLayout->setContentsMargins(0, 0, 0, 0);
    m_shortcutsLayout->addStretch(1);
    layout->addWidget(m_shortcutsBar);

    m_usager = new QLabel(this);
    m_usager->setObjectName(QStringLiteral("usagerLabel"));
    m_usager->setProperty("role", QStringLiteral("emphasis"));
    m_usager->setWordWrap(true);
    m_usager->hide();
    layout->addWidget(m_usager);
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("infoLabel"));
    m_info->setWordWrap(true);
    m_info->hide();
    layout->addWidget(m_info);
    m_error = PageHelpers::addErrorLabel(this, layout);

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("demarcheStackedWidget"));
    m_start
        = new QLabel(tr("Choisissez un site ci-dessus ou saisissez son adresse pour commencer une démarche. "
                        "Quand le site propose FranceConnect, vous choisirez ici l'usager pour qui vous "
                        "agissez et la démarche."),
            m_stack);
    m_start->setObjectName(QStringLiteral("startLabel"));
    m_start->setWordWrap(true);
    m_start->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_start);
    m_busy = new QLabel(m_stack);
    m_busy->setObjectName(QStringLiteral("busyLabel"));
    m_busy->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_busy);
    m_browserContainer = new QWidget(m_stack);
    m_browserContainer->setObjectName(QStringLiteral("browserWidget"));
    auto *browserLayout = new QVBoxLayout(m_browserContainer);
    browserLayout->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_browserContainer);
    m_choice = new IdpChoiceWidget(m_stack);
    m_stack->addWidget(m_choice);
    layout->addWidget(m_stack, 1);

    connect(m_home, &QPushButton::clicked, this, &DemarchePage::homeRequested);
    connect(m_back, &QPushButton::clicked, this, [this] {
        if (m_view)
            m_view->back();
    });
    connect(m_reload, &QPushButton::clicked, this, [this] {
        if (m_view)
            m_view->reload();
    });
    connect(m_address, &QLineEdit::returnPressed, this, &DemarchePage::openTypedAddress);
    connect(m_open, &QPushButton::clicked, this, &DemarchePage::openTypedAddress);
    connect(m_terminate, &QPushButton::clicked, this, &DemarchePage::terminate);
    connect(m_choice, &IdpChoiceWidget::usagerSelected, this, &DemarchePage::onUsagerSelected);
    connect(m_choice, &IdpChoiceWidget::demarcheChosen, this, &DemarchePage::onDemarcheChosen);
    connect(m_choice, &IdpChoiceWidget::cancelRequested, this, &DemarchePage::onCancelRequested);

    m_stack->setCurrentWidget(m_start);
    updateNavigation();
}

DemarchePage::~DemarchePage()
{
    destroyView();
}

void DemarchePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stack->currentWidget() == m_start)
        m_address->setFocus();
    else if (m_stack->currentWidget() == m_browserContainer && m_view)
        m_view->setFocus();
}

QWebEngineView *DemarchePage::view() const
{
    return m_view;
}

QWebEngineProfile *DemarchePage::profile() const
{
    return m_view ? m_view->profile() : nullptr;
}

void DemarchePage::setShortcuts(const QList<Shortcut> &shortcuts)
{
    qDeleteAll(m_shortcutButtons);
    m_shortcutButtons.clear();
    int index = 0;
    for (const Shortcut &shortcut : shortcuts) {
        ++index;
        QPushButton *button = makeButton(shortcut.first, QStringLiteral("shortcut%1PushButton").arg(index),
            tr("Ouvrir %1 (%2)").arg(shortcut.first, shortcut.second.host()), m_shortcutsBar);
        button->setProperty("url", shortcut.second);
        const QUrl url = shortcut.second;
        connect(button, &QPushButton::clicked, this, [this, url] { openUrl(url); });
        m_shortcutsLayout->insertWidget(m_shortcutsLayout->count() - 1, button);
        // In the tab order right after the toolbar, though created after the page's content.
        setTabOrder(
            m_shortcutButtons.isEmpty() ? static_cast<QWidget *>(m_terminate) : m_shortcutButtons.last(),
            button);
        m_shortcutButtons.append(button);
    }
    m_shortcutsBar->setVisible(!m_shortcutButtons.isEmpty());
}

QUrl DemarchePage::urlFromInput(const QString &typed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty())
        return {};
    // Without a scheme, https (QUrl::fromUserInput would choose http).
    const QUrl url = text.contains(QStringLiteral("://"))
        ? QUrl(text, QUrl::TolerantMode)
        : QUrl(QStringLiteral("https://") + text, QUrl::TolerantMode);
    return url.isValid() ? url : QUrl();
}

bool DemarchePage::isAllowedSiteUrl(const QUrl &url)
{
    return DemarcheWebPage::isAllowedUrl(url, QUrl());
}

void DemarchePage::openTypedAddress()
{
    const QUrl url = urlFromInput(m_address->text());
    if (url.isEmpty()) {
        showError(tr("Saisissez l'adresse du site de la démarche."));
        m_address->setFocus();
        return;
    }
    if (!openUrl(url))
        m_address->setFocus();
}

bool DemarchePage::openUrl(const QUrl &url)
{
    if (!isAllowedSiteUrl(url)) {
        showError(
            tr("Cette adresse ne peut pas être ouverte : seuls les sites sécurisés (adresse en https://) "
               "sont autorisés."));
        return false;
    }
    showError(QString());
    showInfo(QString());
    if (!m_view)
        createView();
    else if (!m_request.id.isEmpty())
        abandonRequest(); // the aidant went elsewhere instead of answering
    m_startUrl = url;
    m_address->setText(url.toDisplayString());
    qCInfo(lcUiDemarche) << "opening" << url.host();
    m_view->load(url);
    showBrowser();
    return true;
}

void DemarchePage::createView()
{
    destroyView();
    m_view = new DemarcheView(m_api->baseUrl(), m_api->extraCaCertificates(), m_browserContainer);
    m_browserContainer->layout()->addWidget(m_view);
    DemarcheWebPage *page = m_view->demarchePage();
    connect(page, &DemarcheWebPage::authorizeRequested, this, &DemarchePage::onAuthorizeRequested);
    connect(page, &DemarcheWebPage::navigationRefused, this, [this](const QUrl &url) {
        showError(tr("Le site a voulu ouvrir une adresse non sécurisée (%1) : elle a été bloquée.")
                      .arg(url.host()));
    });
    connect(m_view, &DemarcheView::loadFailed, this, &DemarchePage::showError);
    connect(m_view, &QWebEngineView::urlChanged, this, [this](const QUrl &url) {
        if (!m_address->hasFocus())
            m_address->setText(url.toDisplayString());
        updateNavigation();
    });
    connect(m_view, &QWebEngineView::loadFinished, this, &DemarchePage::updateNavigation);
    connect(page->profile(), &QWebEngineProfile::downloadRequested, this, &DemarchePage::onDownloadRequested);
    qCInfo(lcUiDemarche) << "demarche started in a new private profile";
    updateNavigation();
    emit demarcheStarted();
}

void DemarchePage::onDownloadRequested(QWebEngineDownloadRequest *download)
{
    // The profile keeps nothing on disk: a document is saved only where the aidant says.
    const QString suggested = download->suggestedFileName();
    const QString path = m_chooseSaveLocation
        ? m_chooseSaveLocation(suggested)
        : QFileDialog::getSaveFileName(this, tr("Enregistrer le document"),
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(suggested));
    if (path.isEmpty()) {
        download->cancel();
        return;
    }
    const QFileInfo target(path);
    download->setDownloadDirectory(target.absolutePath());
    download->setDownloadFileName(target.fileName());
    connect(download, &QWebEngineDownloadRequest::isFinishedChanged, this, [this, download, path] {
        if (!download->isFinished())
            return;
        if (download->state() == QWebEngineDownloadRequest::DownloadCompleted) {
            qCInfo(lcUiDemarche) << "document saved"; // never its name: it may name the usager
            showInfo(tr("Document enregistré : %1").arg(QDir::toNativeSeparators(path)));
            emit documentSaved(path);
        } else {
            showError(
                tr("Le document n'a pas pu être enregistré (%1).").arg(download->interruptReasonString()));
        }
    });
    download->accept();
}

void DemarchePage::destroyView()
{
    if (!m_view)
        return;
    DemarcheView *view = m_view;
    m_view = nullptr;
    view->disconnect(this);
    view->demarchePage()->disconnect(this);
    // Deleting the view deletes its page, then its profile (cookies, FranceConnect session, cache).
    delete view;
    qCInfo(lcUiDemarche) << "demarche profile destroyed";
}

void DemarchePage::terminate()
{
    if (!m_request.id.isEmpty())
        abandonRequest();
    const bool wasOpen = isOpen();
    destroyView();
    m_request = IdpRequestInfo();
    m_usagerId = 0;
    m_usagerName.clear();
    m_pendingUsagerId = 0;
    m_startUrl = QUrl();
    m_usager->clear();
    m_usager->hide();
    m_address->clear();
    showError(QString());
    showInfo(QString());
    m_stack->setCurrentWidget(m_start);
    updateNavigation();
    if (wasOpen)
        emit demarcheTerminated();
}

void DemarchePage::abandonRequest()
{
    const QString id = m_request.id;
    m_request = IdpRequestInfo();
    if (!id.isEmpty())
        m_api->cancelIdpRequest(id, m_api, nullptr);
}

void DemarchePage::onAuthorizeRequested(const QUrl &authorizeUrl)
{
    if (!m_view)
        return;
    showError(QString());
    if (!m_request.id.isEmpty())
        abandonRequest(); // FranceConnect asked again: the newer request is the one to answer
    showBusy(tr("Recherche des usagers dont vous avez un mandat…"));
    const QPointer<DemarcheView> view = m_view;
    m_api->createIdpRequest(authorizeUrl, this, [this, view](const Result<IdpRequestInfo> &result) {
        if (!view || view != m_view) {
            // The démarche was terminated or restarted meanwhile.
            if (result)
                m_api->cancelIdpRequest(result.value().id, m_api, nullptr);
            return;
        }
        if (!result)
            return handleError(result.error(), false);
        presentRequest(result.value());
    });
}

void DemarchePage::presentRequest(const IdpRequestInfo &request)
{
    m_request = request;
    m_choice->setRequest(request);
    m_choice->setBusy(false);
    m_stack->setCurrentWidget(m_choice);
    qCInfo(lcUiDemarche) << "choice shown," << request.usagers.size() << "usager(s)";
    const qint64 pending = m_pendingUsagerId;
    m_pendingUsagerId = 0;
    if (pending != 0 && request.findUsager(pending))
        m_choice->showDemarches(pending); // chosen before the restart
    emit choiceShown();
}

void DemarchePage::onUsagerSelected(qint64 usagerId)
{
    if (m_usagerId == 0 || usagerId == m_usagerId)
        return;
    // The site and FranceConnect keep the first usager's session in this profile: another usager
    // needs a new one, from the site's start.
    const IdpUsagerChoice *usager = m_request.findUsager(usagerId);
    const QString newName = usager ? usager->displayName() : QString();
    const QString oldName = m_usagerName;
    qCInfo(lcUiDemarche) << "another usager chosen: the demarche restarts in a new profile";
    abandonRequest();
    const QUrl start = m_startUrl;
    terminate();
    m_pendingUsagerId = usagerId;
    showInfo(
        tr("Cette démarche était en cours pour %1. Pour agir pour %2, elle recommence depuis le début dans "
           "une nouvelle session : connectez-vous de nouveau avec FranceConnect sur le site, puis choisissez "
           "la démarche.")
            .arg(oldName, newName));
    if (start.isValid()) {
        m_startUrl = start;
        createView();
        m_address->setText(start.toDisplayString());
        m_view->load(start);
        showBrowser();
    }
    emit restartedForAnotherUsager();
}

void DemarchePage::onDemarcheChosen(qint64 usagerId, const QString &demarche)
{
    const IdpUsagerChoice *usager = m_request.findUsager(usagerId);
    if (!m_view || m_request.id.isEmpty() || !usager)
        return;
    m_choice->showError(QString());
    m_choice->setBusy(true);
    const QString name = usager->displayName();
    const QPointer<DemarcheView> view = m_view;
    m_api->chooseIdpRequest(m_request.id, usagerId, demarche, this,
        [this, view, usagerId, name](const Result<IdpRedirect> &result) {
            if (!view || view != m_view)
                return;
            m_choice->setBusy(false);
            if (!result)
                return handleError(result.error(), true);
            m_request = IdpRequestInfo();
            m_usagerId = usagerId;
            m_usagerName = name;
            m_usager->setText(tr("Démarche en cours pour : %1").arg(name));
            m_usager->show();
            showInfo(QString());
            QAccessibleEvent event(m_usager, QAccessible::NameChanged);
            QAccessible::updateAccessibility(&event);
            qCInfo(lcUiDemarche) << "usager chosen, FranceConnect continues";
            loadServerRedirect(result.value().redirect);
        });
}

void DemarchePage::onCancelRequested()
{
    if (!m_view || m_request.id.isEmpty()) {
        showBrowser();
        return;
    }
    m_choice->setBusy(true);
    const QString id = m_request.id;
    const QPointer<DemarcheView> view = m_view;
    m_api->cancelIdpRequest(id, this, [this, view](const Result<IdpRedirect> &result) {
        if (!view || view != m_view)
            return;
        m_choice->setBusy(false);
        m_request = IdpRequestInfo();
        if (!result) {
            handleError(result.error(), false);
            if (result.error().redirect.isEmpty())
                showBrowser(); // nothing else to do with this request
            return;
        }
        qCInfo(lcUiDemarche) << "request cancelled";
        loadServerRedirect(result.value().redirect);
    });
}

void DemarchePage::handleError(const Error &error, bool inChoice)
{
    qCInfo(lcUiDemarche) << "request failed:" << error.code;
    if (!error.redirect.isEmpty() && IdpRedirect { error.redirect }.isValid()) {
        // The server ended the authorization request: FranceConnect shows the error to the site.
        m_request = IdpRequestInfo();
        showError(error.message);
        loadServerRedirect(error.redirect);
        return;
    }
    if (inChoice && m_stack->currentWidget() == m_choice) {
        m_choice->showError(error.message);
        emit errorShown(error.message);
        return;
    }
    showError(error.message);
    showBrowser();
}

void DemarchePage::loadServerRedirect(const QString &redirect)
{
    if (!m_view)
        return;
    const QUrl url(redirect, QUrl::StrictMode);
    emit serverRedirectLoading(url);
    m_view->load(url);
    showBrowser();
}

void DemarchePage::showBrowser()
{
    if (!m_view) {
        m_stack->setCurrentWidget(m_start);
        return;
    }
    m_stack->setCurrentWidget(m_browserContainer);
    m_view->setFocus();
    updateNavigation();
    emit browserShown();
}

void DemarchePage::showBusy(const QString &message)
{
    m_busy->setText(message);
    m_stack->setCurrentWidget(m_busy);
    updateNavigation();
}

void DemarchePage::showError(const QString &message)
{
    PageHelpers::showError(m_error, message);
    if (!message.isEmpty())
        emit errorShown(message);
}

void DemarchePage::showInfo(const QString &message)
{
    m_info->setText(message);
    m_info->setVisible(!message.isEmpty());
    if (!message.isEmpty()) {
        QAccessibleEvent event(m_info, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
}

void DemarchePage::updateNavigation()
{
    const bool browsing = m_view && m_stack->currentWidget() == m_browserContainer;
    m_back->setEnabled(browsing && m_view->history()->canGoBack());
    m_reload->setEnabled(browsing);
    m_terminate->setEnabled(!m_view.isNull());
}
