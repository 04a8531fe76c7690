#pragma once

#include <QList>
#include <QSslCertificate>
#include <QUrl>
#include <QWebEnginePage>
#include <QWebEngineView>

class QWebEngineProfile;

/// The FranceConnect journey's page: hands the result back to C++ by intercepting the navigation
/// to the server's `/fc/done` (never by reading the page's content) and allows only web URLs.
class FranceConnectWebPage final : public QWebEnginePage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FranceConnectWebPage)

public:
    FranceConnectWebPage(QWebEngineProfile *profile, const QUrl &serverBaseUrl, QObject *parent = nullptr);
    ~FranceConnectWebPage() override;

    /// True when `url` is the end of the journey: path `/fc/done` (or `{server path}/fc/done`) on
    /// the server's origin (scheme, host and port of `serverUrl`).
    static bool isDoneUrl(const QUrl &url, const QUrl &serverUrl);
    /// Another URL of the server (the journey's start URL, built from the server's public URL).
    void addServerUrl(const QUrl &url) { m_serverUrls.append(url); }
    bool hasFinished() const { return m_finished; }
    /// CA certificates trusted for the server besides the system's (Settings: private PKI).
    void setExtraCaCertificates(const QList<QSslCertificate> &certificates)
    {
        m_extraCaCertificates = certificates;
    }

signals:
    /// The journey reached `/fc/done` for `draftId` (the `draft` query item; may be empty).
    void finished(const QString &draftId);

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;

private:
    QList<QUrl> m_serverUrls;
    QList<QSslCertificate> m_extraCaCertificates;
    bool m_finished = false;
};

/// The embedded browser of one usager's FranceConnect journey. It owns an off-the-record profile
/// created for this journey only; destroying the view deletes the page and then that profile,
/// so nothing (cookies, FranceConnect session, cache) reaches the next usager at the counter.
class FranceConnectView final : public QWebEngineView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FranceConnectView)

public:
    explicit FranceConnectView(const QUrl &serverBaseUrl, QWidget *parent = nullptr);
    ~FranceConnectView() override;

    /// Loads the journey's start URL (MandatDraftInfo::startUrl).
    void start(const QUrl &startUrl);
    QWebEngineProfile *profile() const { return m_profile; }
    FranceConnectWebPage *journeyPage() const { return m_page; }

signals:
    /// The server ended the journey for `draftId`; ask the server for the draft's state.
    void finished(const QString &draftId);
    /// A page of the journey could not be loaded (French message for the aidant).
    void loadFailed(const QString &message);
    void loadSucceeded();

private:
    QWebEngineProfile *m_profile = nullptr;
    FranceConnectWebPage *m_page = nullptr;
};
