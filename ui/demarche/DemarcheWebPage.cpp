#include "DemarcheWebPage.h"

#include "DemarcheLogging.h"
#include "PrivateWeb.h"

#include <QHostAddress>
#include <QTimer>
#include <QWebEngineCertificateError>

DemarcheWebPage::DemarcheWebPage(QWebEngineProfile *profile, const QUrl &serverUrl, QObject *parent)
    : QWebEnginePage(profile, parent)
    , m_serverUrl(serverUrl)
{
    // The same policy as the FranceConnect journey: the configured private CA only, logged for IT.
    connect(this, &QWebEnginePage::certificateError, this, [this](QWebEngineCertificateError error) {
        if (PrivateWeb::answerCertificateError(error, m_extraCaCertificates))
            qCInfo(lcUiDemarche) << "certificate of" << error.url().host()
                                 << "trusted through the configured CA";
        else
            qCWarning(lcUiDemarche) << "certificate error refused for" << error.url().host() << ":"
                                    << error.description();
    });
}

DemarcheWebPage::~DemarcheWebPage() = default;

bool DemarcheWebPage::isAuthorizeUrl(const QUrl &url, const QUrl &serverUrl)
{
    return PrivateWeb::isServerEndpoint(url, serverUrl, QStringLiteral("/oidc/authorize"));
}

bool DemarcheWebPage::isAllowedUrl(const QUrl &url, const QUrl &serverUrl)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    if (url.scheme() != QLatin1String("http"))
        return false;
    const QString host = url.host();
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || QHostAddress(host).isLoopback() || PrivateWeb::sameOrigin(url, serverUrl);
}

bool DemarcheWebPage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    if (isAuthorizeUrl(url, m_serverUrl)) {
        // Never loaded in the page: the aidant answers natively, then the server gives the redirect.
        if (isMainFrame) {
            qCInfo(lcUiDemarche) << "authorization request intercepted, navigation type" << type;
            // Not from inside the navigation callback: the receiver may replace this page.
            QTimer::singleShot(0, this, [this, url] { emit authorizeRequested(url); });
        } else {
            qCWarning(lcUiDemarche) << "authorization request in a frame refused";
        }
        return false;
    }
    if (url == QUrl(QStringLiteral("about:blank")))
        return true;
    if (!isAllowedUrl(url, m_serverUrl)) {
        qCWarning(lcUiDemarche) << "navigation refused to" << url.scheme() << url.host();
        if (isMainFrame)
            QTimer::singleShot(0, this, [this, url] { emit navigationRefused(url); });
        return false;
    }
    return QWebEnginePage::acceptNavigationRequest(url, type, isMainFrame);
}

QWebEnginePage *DemarcheWebPage::createWindow(WebWindowType type)
{
    Q_UNUSED(type)
    return this;
}
