#pragma once

#include "AuthService.h"
#include "Database.h"
#include "HttpAnswer.h"
#include "IntervalGate.h"
#include "Jose.h"
#include "OidcChecks.h"
#include "ServerConfig.h"

#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

struct IdpRequestRecord;

/// Our OpenID Connect identity provider for FranceConnect (FI role, docs/identity-provider.md):
/// discovery, JWKS, authorize (the app's API and server-rendered pages), token, userinfo, logout.
/// Throws ApiError from the app-facing methods; the protocol endpoints answer HttpAnswer.
/// Split by role: the protocol rules are pure functions (OidcChecks.*), the HTML in IdpPages.*;
/// IdentityProvider.cpp holds the request and choice lifecycle, IdentityProviderTokens.cpp the token
/// and userinfo endpoints, IdentityProviderBrowser.cpp the endpoints of browsers outside the app.
class IdentityProvider
{
public:
    IdentityProvider(Database &database, const ServerConfig &config, AuthService &auth);

    /// Loads the signing key (ES256) or prepares HS256. False, with @p error, when unusable.
    bool initialise(QString *error);
    bool enabled() const { return m_config.identityProvider.enabled(); }
    void setPublicUrl(const QUrl &url);
    QString issuer() const;

    /// FranceConnect's registration as the protocol checks (OidcChecks) take it.
    static IdpClientConfig clientOf(const IdentityProviderConfig &config);

    HttpAnswer discovery() const;
    HttpAnswer jwks() const;

    // The desktop client's API (the aidant's bearer session).
    QJsonObject createRequest(const AuthContext &context, const QJsonObject &body);
    QJsonObject choose(const AuthContext &context, const QString &handle, const QJsonObject &body);
    QJsonObject cancel(const AuthContext &context, const QString &handle);

    // Browsers outside the app: server-rendered pages, the aidant's session in a cookie.
    HttpAnswer authorizePage(const QUrlQuery &query);
    HttpAnswer interactionPage(const QString &handle, const QByteArray &cookieHeader, const QUrlQuery &query);
    HttpAnswer interactionLogin(const QString &handle, const QUrlQuery &form);
    HttpAnswer interactionChoice(
        const QString &handle, const QByteArray &cookieHeader, const QUrlQuery &form);
    HttpAnswer interactionCancel(const QString &handle, const QByteArray &cookieHeader);
    HttpAnswer interactionLogout(const QString &handle, const QByteArray &cookieHeader);

    // FranceConnect's back channel and logout.
    HttpAnswer token(const QUrlQuery &form);
    HttpAnswer userinfo(const QString &bearerToken);
    HttpAnswer logout(const QUrlQuery &query);

private:
    /// Stores an accepted authorize request for @p aidantId (0: bound at the browser's login);
    /// returns its handle (only its SHA-256 is stored).
    QString storeRequest(const AuthorizeParameters &parameters, qint64 aidantId, IdpRequestRecord *stored);
    /// The request of @p handle, still open and bound to @p aidantId (binding it when unbound).
    IdpRequestRecord openRequest(const QString &handle, qint64 aidantId);
    QJsonObject requestSummary(const QString &handle, const IdpRequestRecord &request, qint64 aidantId);
    /// Issues the code for the chosen usager and démarche; returns the redirect to FranceConnect.
    QUrl issueCode(const QString &handle, qint64 aidantId, qint64 usagerId, const QString &demarche);
    QUrl cancelRequest(const QString &handle, qint64 aidantId);
    std::optional<AuthContext> cookieSession(const QByteArray &cookieHeader, bool allowIdle = false);
    /// The browser session cookie carrying @p token (empty: the cookie that deletes it).
    QByteArray sessionCookie(const QString &token) const;
    QUrl interactionUrl(const QString &handle) const;
    HttpAnswer tokenError(int status, const QString &error, const QString &description) const;

    Database &m_database;
    const ServerConfig &m_config;
    AuthService &m_auth;
    const IdpClientConfig m_client;
    Jose::SigningKey m_key;
    QUrl m_publicUrl;
    IntervalGate m_purgeGate;
};
