#include "Clock.h"
#include "Demarches.h"
#include "IdentityProvider.h"
#include "IdentityProviderInternal.h"
#include "IdpPages.h"
#include "IdpRepository.h"
#include "Secrets.h"

#include <QJsonArray>

// Browsers outside the app: server-rendered pages, the aidant's session in a cookie; and logout.

using namespace IdpInternal;

namespace {
const QString kCookieName = QStringLiteral("ac_idp_session");
} // namespace

QUrl IdentityProvider::interactionUrl(const QString &handle) const
{
    return QUrl(issuer() + QStringLiteral("/oidc/interaction/") + handle);
}

std::optional<AuthContext> IdentityProvider::cookieSession(const QByteArray &cookieHeader, bool allowIdle)
{
    for (const QByteArray &part : cookieHeader.split(';')) {
        const QByteArray trimmed = part.trimmed();
        const QByteArray prefix = kCookieName.toLatin1() + '=';
        if (!trimmed.startsWith(prefix))
            continue;
        try {
            return m_auth.authenticate(QString::fromLatin1(trimmed.mid(prefix.size())), allowIdle);
        } catch (const ApiError &) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

QByteArray IdentityProvider::sessionCookie(const QString &token) const
{
    QByteArray cookie = kCookieName.toLatin1() + '=' + token.toLatin1()
        + QByteArrayLiteral("; Path=/oidc; HttpOnly; SameSite=Lax");
    if (token.isEmpty())
        cookie += QByteArrayLiteral("; Max-Age=0");
    if (m_publicUrl.scheme() == QLatin1String("https"))
        cookie += QByteArrayLiteral("; Secure");
    return cookie;
}

HttpAnswer IdentityProvider::interactionLogout(const QString &handle, const QByteArray &cookieHeader)
{
    // « Se déconnecter » on a shared browser: the session ends on the server, the cookie goes.
    if (const auto session = cookieSession(cookieHeader, true))
        m_auth.logout(*session);
    return HttpAnswer::redirect(interactionUrl(handle), 303)
        .withHeader(QByteArrayLiteral("Set-Cookie"), sessionCookie({}));
}

HttpAnswer IdentityProvider::authorizePage(const QUrlQuery &query)
{
    const AuthorizeCheck check = OidcChecks::checkAuthorize(query, m_client);
    if (!check.ok()) {
        qCInfo(lcIdp) << "authorize refused:" << check.error << check.errorDescription;
        return check.redirectTrusted ? HttpAnswer::redirect(check.errorRedirect(), 302)
                                     : IdpPages::invalidRequest();
    }
    // Not bound to an aidant yet: the one who logs in on the interaction page takes it.
    return HttpAnswer::redirect(interactionUrl(storeRequest(check.parameters, 0, nullptr)), 303);
}

HttpAnswer IdentityProvider::interactionPage(
    const QString &handle, const QByteArray &cookieHeader, const QUrlQuery &query)
{
    const QString action = QStringLiteral("/oidc/interaction/") + handle;
    const auto session = cookieSession(cookieHeader);
    if (!session) {
        // Asking for a login only makes sense for a request that can still be answered.
        bool open = enabled() && OidcChecks::isWellFormedHandle(handle);
        if (open) {
            QSqlDatabase db = m_database.connection();
            const auto request = IdpRepository(db).requestByHandle(Secrets::sha256Hex(handle));
            open = isOpen(request, Clock::instance().nowMs());
        }
        if (!open)
            return IdpPages::requestExpired(requestGone().message());
        return IdpPages::login(200, action);
    }
    try {
        const IdpRequestRecord request = openRequest(handle, session->aidantId);
        const QJsonObject summary = requestSummary(handle, request, session->aidantId);
        const QJsonArray usagers = summary.value(QStringLiteral("usagers")).toArray();
        const qint64 chosen = query.queryItemValue(QStringLiteral("usager")).toLongLong();
        for (const QJsonValue &value : usagers) {
            if (value.toObject().value(QStringLiteral("id")).toInteger() == chosen)
                return IdpPages::demarcheChoice(action, value.toObject());
        }
        return IdpPages::usagerChoice(action, usagers);
    } catch (const ApiError &error) {
        return IdpPages::failure(error.status(), error.message());
    }
}

HttpAnswer IdentityProvider::interactionLogin(const QString &handle, const QUrlQuery &form)
{
    const QString action = QStringLiteral("/oidc/interaction/") + handle;
    if (!enabled() || !OidcChecks::isWellFormedHandle(handle))
        return IdpPages::requestExpired(requestGone().message());
    try {
        const SessionInfo session
            = m_auth.login(form.queryItemValue(QStringLiteral("email"), QUrl::FullyDecoded).trimmed(),
                form.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).trimmed());
        return HttpAnswer::redirect(interactionUrl(handle), 303)
            .withHeader(QByteArrayLiteral("Set-Cookie"), sessionCookie(session.token));
    } catch (const ApiError &error) {
        return IdpPages::login(error.status(), action, error.message());
    }
}

HttpAnswer IdentityProvider::interactionChoice(
    const QString &handle, const QByteArray &cookieHeader, const QUrlQuery &form)
{
    const auto session = cookieSession(cookieHeader);
    if (!session)
        return HttpAnswer::redirect(interactionUrl(handle), 303);
    try {
        openRequest(handle, session->aidantId); // binds or refuses before anything else
        const qint64 usager = form.queryItemValue(QStringLiteral("usager")).toLongLong();
        const QString demarche = form.queryItemValue(QStringLiteral("demarche"));
        if (usager <= 0 || !Demarches::isKnown(demarche))
            throw ApiError::invalidField(QStringLiteral("demarche"));
        return HttpAnswer::redirect(issueCode(handle, session->aidantId, usager, demarche), 303);
    } catch (const ApiError &error) {
        return IdpPages::failure(error.status(), error.message());
    }
}

HttpAnswer IdentityProvider::interactionCancel(const QString &handle, const QByteArray &cookieHeader)
{
    const auto session = cookieSession(cookieHeader);
    if (!session)
        return HttpAnswer::redirect(interactionUrl(handle), 303);
    try {
        return HttpAnswer::redirect(cancelRequest(handle, session->aidantId), 303);
    } catch (const ApiError &error) {
        return IdpPages::failure(error.status(), error.message());
    }
}

HttpAnswer IdentityProvider::logout(const QUrlQuery &query)
{
    const QString target
        = query.queryItemValue(QStringLiteral("post_logout_redirect_uri"), QUrl::FullyDecoded);
    if (target.isEmpty())
        return IdpPages::loggedOut();
    if (!enabled() || !OidcChecks::isRegisteredUri(m_client.postLogoutRedirectUris, target))
        return IdpPages::invalidRequest();
    const QString state = query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    return HttpAnswer::redirect(OidcChecks::isWellFormedStateOrNonce(state)
            ? OidcChecks::withQuery(target, { { QStringLiteral("state"), state } })
            : QUrl(target),
        302);
}
