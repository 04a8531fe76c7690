#pragma once

// The identity provider's server-rendered pages (French, no JavaScript, no inline style), from the
// templates of sync-server/templates (HtmlPage): each function takes what the page shows and
// returns the whole answer.

#include "HttpAnswer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace IdpPages {

/// A page with a title and one paragraph (@p message is plain text).
HttpAnswer message(int status, const QString &title, const QString &message);
/// « Connexion impossible » with @p message (an ApiError's French message).
HttpAnswer failure(int status, const QString &message);
/// The request behind the page is expired, answered or unknown (404).
HttpAnswer requestExpired(const QString &message);
/// An authorize request that does not come from FranceConnect (400, never a redirect).
HttpAnswer invalidRequest();
/// The logout endpoint without a registered place to go back to.
HttpAnswer loggedOut();

/// The aidant's login (email + card code) posting to @p action/login; @p error shown above it.
HttpAnswer login(int status, const QString &action, const QString &error = {});
/// « Sélectionnez l'usager … »: @p usagers as IdentityProvider's request summary lists them.
HttpAnswer usagerChoice(const QString &action, const QJsonArray &usagers);
/// « Sélectionnez le type de démarche … » for @p usager (one entry of the summary's usagers).
HttpAnswer demarcheChoice(const QString &action, const QJsonObject &usager);

} // namespace IdpPages
