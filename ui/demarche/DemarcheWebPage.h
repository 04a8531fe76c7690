#pragma once

#include <QList>
#include <QSslCertificate>
#include <QUrl>
#include <QWebEnginePage>

class QWebEngineProfile;

/// The démarche's page: hands FranceConnect's authorization request to the server (`/oidc/authorize`
/// on the server's origin) back to C++ instead of loading it, and loads only https sites (http on
/// loopback or the server's own origin, for development).
class DemarcheWebPage final : public QWebEnginePage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemarcheWebPage)

public:
    DemarcheWebPage(QWebEngineProfile *profile, const QUrl &serverUrl, QObject *parent = nullptr);
    ~DemarcheWebPage() override;

    /// True when `url` is the identity provider's authorization endpoint: path `/oidc/authorize`
    /// (or `{server path}/oidc/authorize`) on the origin (scheme, host, port) of `serverUrl`.
    static bool isAuthorizeUrl(const QUrl &url, const QUrl &serverUrl);
    /// True when the browser may load `url`: https, or http on a loopback host or the server's origin.
    static bool isAllowedUrl(const QUrl &url, const QUrl &serverUrl);
    /// CA certificates trusted for the server besides the system's (Settings: private PKI).
    void setExtraCaCertificates(const QList<QSslCertificate> &certificates)
    {
        m_extraCaCertificates = certificates;
    }
    QUrl serverUrl() const { return m_serverUrl; }

signals:
    /// FranceConnect sent the browser to the server's authorization endpoint (refused here).
    void authorizeRequested(const QUrl &authorizeUrl);
    /// A main-frame navigation to an URL the browser does not load (not https).
    void navigationRefused(const QUrl &url);

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;
    /// Links that open a window (target="_blank") open in this page: one tab per démarche.
    QWebEnginePage *createWindow(WebWindowType type) override;

private:
    QUrl m_serverUrl;
    QList<QSslCertificate> m_extraCaCertificates;
};
