#include "FranceConnectView.h"

#include "PrivateWeb.h"
#include "wizard/WizardLogging.h"

#include <QTimer>
#include <QUrlQuery>
#include <QWebEngineCertificateError>
#include <QWebEngineLoadingInfo>
#include <QWebEngineProfile>

#include <algorithm>

namespace {

// Chromium's net::ERR_ABORTED: a navigation replaced by another one (or refused), not a failure.
constexpr int kAbortedError = -3;

} // namespace

FranceConnectWebPage::FranceConnectWebPage(
    QWebEngineProfile *profile, const QUrl &serverBaseUrl, QObject *parent)
    : QWebEnginePage(profile, parent)
    , m_serverUrls { serverBaseUrl }
{
    // Certificate errors are refused, unless the chain verifies against the CA certificates the
    // workstation is configured to trust for the server (a private PKI, Settings). Logged for IT,
    // without the path or query.
    connect(this, &QWebEnginePage::certificateError, this, [this](QWebEngineCertificateError error) {
        if (PrivateWeb::answerCertificateError(error, m_extraCaCertificates))
            qCInfo(lcUiFranceConnect)
                << "certificate of" << error.url().host() << "trusted through the configured CA";
        else
            qCWarning(lcUiFranceConnect)
                << "certificate error refused for" << error.url().host() << ":" << error.description();
    });
}

FranceConnectWebPage::~FranceConnectWebPage() = default;

bool FranceConnectWebPage::isDoneUrl(const QUrl &url, const QUrl &serverUrl)
{
    return PrivateWeb::isServerEndpoint(url, serverUrl, QStringLiteral("/fc/done"));
}

bool FranceConnectWebPage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    const bool done = std::any_of(m_serverUrls.cbegin(), m_serverUrls.cend(),
        [&url](const QUrl &serverUrl) { return isDoneUrl(url, serverUrl); });
    if (done) {
        if (!m_finished) {
            m_finished = true;
            const QString draftId = QUrlQuery(url).queryItemValue(QStringLiteral("draft"));
            qCInfo(lcUiFranceConnect) << "journey finished, navigation type" << type;
            // Not from inside the navigation callback: the receiver may delete this page.
            QTimer::singleShot(0, this, [this, draftId] { emit finished(draftId); });
        }
        return false;
    }
    if (m_finished)
        return false;
    // Web pages only: no file:, data: or custom schemes (about:blank is harmless).
    if (!PrivateWeb::isWebUrl(url) && url != QUrl(QStringLiteral("about:blank"))) {
        qCWarning(lcUiFranceConnect) << "navigation refused to scheme" << url.scheme();
        return false;
    }
    return QWebEnginePage::acceptNavigationRequest(url, type, isMainFrame);
}

FranceConnectView::FranceConnectView(const QUrl &serverBaseUrl, QWidget *parent)
    : QWebEngineView(parent)
    // No storage name: an off-the-record profile, in memory only, for this journey only.
    , m_profile(PrivateWeb::createProfile(this))
{
    setObjectName(QStringLiteral("franceConnectView"));
    setAccessibleName(tr("Connexion FranceConnect de l'usager"));
    setAccessibleDescription(
        tr("Page FranceConnect : l'usager choisit son fournisseur d'identité et s'y connecte."));
    setAcceptDrops(false);
    setContextMenuPolicy(Qt::NoContextMenu);
    setFocusPolicy(Qt::StrongFocus);

    m_page = new FranceConnectWebPage(m_profile, serverBaseUrl, this);
    setPage(m_page);
    connect(m_page, &FranceConnectWebPage::finished, this, &FranceConnectView::finished);
    connect(m_page, &QWebEnginePage::loadingChanged, this, [this](const QWebEngineLoadingInfo &info) {
        if (info.status() == QWebEngineLoadingInfo::LoadSucceededStatus) {
            emit loadSucceeded();
        } else if (info.status() == QWebEngineLoadingInfo::LoadFailedStatus && !info.isErrorPage()
            && !m_page->hasFinished() && info.errorCode() != kAbortedError) {
            qCInfo(lcUiFranceConnect) << "page load failed for" << info.url().host() << ":"
                                      << info.errorCode() << info.errorString();
            emit loadFailed(tr("La page n'a pas pu être chargée (%1). Vérifiez la connexion puis réessayez.")
                                .arg(info.errorString()));
        }
    });
}

FranceConnectView::~FranceConnectView()
{
    // The page must go before its profile, or Qt warns that the profile is released while
    // a page still uses it.
    setPage(nullptr);
    delete m_page;
    m_page = nullptr;
    delete m_profile;
    m_profile = nullptr;
}

void FranceConnectView::start(const QUrl &startUrl)
{
    qCInfo(lcUiFranceConnect) << "journey started on" << startUrl.host();
    // The server writes its own public URL into the start URL: that origin is the server's too.
    m_page->addServerUrl(startUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment));
    m_page->load(startUrl);
}
