#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QUrl>

#include <utility>

/// A complete HTTP answer of a protocol route (OpenID Connect endpoints, the identity provider's
/// HTML pages), where the JSON API's conventions do not apply: status, type, body, extra headers.
struct HttpAnswer
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    static HttpAnswer json(const QJsonObject &object, int status = 200)
    {
        return { status, QByteArrayLiteral("application/json"),
            QJsonDocument(object).toJson(QJsonDocument::Compact), {} };
    }
    /// 303: after a form POST the browser follows with a GET.
    static HttpAnswer redirect(const QUrl &url, int status = 303)
    {
        return { status, {}, {}, { { QByteArrayLiteral("Location"), url.toEncoded() } } };
    }
    static HttpAnswer html(const QString &document, int status = 200)
    {
        return { status, QByteArrayLiteral("text/html; charset=utf-8"), document.toUtf8(), {} };
    }
    HttpAnswer &withHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({ name, value });
        return *this;
    }
};
