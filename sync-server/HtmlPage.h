#pragma once

#include "HttpAnswer.h"

#include <QString>
#include <QVariantMap>

/// The server's HTML pages (identity-provider interaction, FranceConnect journey errors, mandat
/// verification): Mustache templates from the resources (`sync-server/templates/`), rendered with
/// kainjow::mustache. `{{value}}` is HTML-escaped, so nothing a page shows can inject markup; the
/// pages carry no inline script or style (the stylesheet is `/static/style.css`), which lets the
/// Content-Security-Policy forbid both (docs/security.md).
namespace HtmlPage {
/// Renders `templates/<name>.html` with @p values (strings, booleans, QVariantMap objects and
/// QVariantList lists nest), inside the common layout with @p title. Throws std::runtime_error
/// for a missing or malformed template (a programming error, caught by the route as a 500).
QByteArray render(const QString &name, const QString &title, const QVariantMap &values = {});
/// A French page with a title and one paragraph, as an answer with @p status.
HttpAnswer message(int status, const QString &title, const QString &text);
/// The shared stylesheet, for `/static/style.css`.
HttpAnswer stylesheet();
/// The Content-Security-Policy of every page: no script, styles from this server only.
QByteArray contentSecurityPolicy();
} // namespace HtmlPage
