#pragma once

#include <QList>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QProcess>
#include <QString>
#include <QUrl>

/// The FranceConnect simulator of tools/franceconnect-sim (a Node process) for integration tests,
/// in test mode (one-shot faults), on a free loopback port.
class FranceConnectSim
{
public:
    struct Client
    {
        QString id;
        QString secret;
        QList<QUrl> redirectUris;
        QList<QUrl> postLogoutRedirectUris;
    };

    FranceConnectSim() = default;
    ~FranceConnectSim();
    Q_DISABLE_COPY_MOVE(FranceConnectSim)

    /// FranceConnect's registration at our identity provider (the simulator's --aidants-connect file).
    struct AidantsConnect
    {
        QUrl issuer; ///< our server's base URL
        QString clientId;
        QString clientSecret;
        QString idTokenAlgorithm = QStringLiteral("ES256");
    };

    /// Writes clients.json into @p workDir and starts the simulator. Returns false (with a warning) on
    /// failure. With @p aidantsConnect, FranceConnect's page offers « Vous êtes un aidant professionnel ».
    bool start(
        const QList<Client> &clients, const QString &workDir, const AidantsConnect *aidantsConnect = nullptr);
    void stop();
    /// The issuer, e.g. http://127.0.0.1:PORT/api/v2 (what the server's [franceconnect] base_url is).
    QUrl issuer() const { return m_issuer; }
    /// FranceConnect's callback for our identity provider (registered as an exact redirect URI).
    QUrl aidantsConnectCallback() const
    {
        return QUrl(m_issuer.toString() + QStringLiteral("/aidants-connect/callback"));
    }
    /// Where our identity provider sends FranceConnect back after logout (a registered URI).
    QUrl aidantsConnectLogoutCallback() const
    {
        return QUrl(m_issuer.toString() + QStringLiteral("/aidants-connect/logged-out"));
    }
    /// The demo service provider's start page.
    QUrl demoServiceProvider() const;
    /// Arms a one-shot fault of the next token/userinfo answer (see the simulator's README).
    bool setFault(const QString &kind);

    /// The nine test identities (the simulator's identities.csv), keyed by column name.
    static QList<QMap<QString, QString>> identities();
    static QString directory();

private:
    QProcess m_process;
    QUrl m_issuer;
};

/// A scripted browser for the FranceConnect journey, over HTTP with a cookie jar (no JavaScript):
/// follows redirects, picks an identity provider, logs in with a test identity, or cancels.
/// Stops at the server's /fc/done URL (which the desktop client intercepts) without loading it.
class FranceConnectBrowser
{
public:
    enum class Action { Login, Cancel, WrongPassword };
    struct Outcome
    {
        QUrl finalUrl; ///< the /fc/done URL, or the last URL reached
        int status = 0; ///< the HTTP status of the last page loaded (0 when the journey reached /fc/done)
        QByteArray body; ///< the last page loaded
        QList<QUrl> visited;
    };

    Outcome run(const QUrl &startUrl, const QString &login, Action action = Action::Login,
        const QString &idp = QStringLiteral("impots"));
    /// Loads one URL in this browser (cookies kept), following no redirect.
    Outcome get(const QUrl &url);
    /// Loads @p url (POSTing @p form when given) and follows redirects to the end, but stops before
    /// loading an identity provider's /oidc/authorize (which the desktop client intercepts).
    Outcome follow(const QUrl &url, const QByteArray *form = nullptr);
    /// The démarche journey up to our identity provider: the demo service provider's
    /// « S'identifier avec FranceConnect » (asking @p repScope), then « Vous êtes un aidant
    /// professionnel » on FranceConnect. finalUrl is the intercepted /oidc/authorize URL.
    Outcome startDemarche(const QUrl &demoStart, const QStringList &repScope);

private:
    struct Response
    {
        int status = 0;
        QUrl location;
        QByteArray body;
    };
    Response send(const QUrl &url, const QByteArray *form);

    QNetworkAccessManager m_network;
};
