#include "HtmlPage.h"

#include <QFile>
#include <QHash>
#include <QMutex>

#include <kainjow/mustache.hpp>
#include <stdexcept>

namespace {
using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string readTemplate(const QString &name)
{
    // Templates are read once per process: they are resources, never changed at run time.
    static QMutex mutex;
    static QHash<QString, std::string> cache;
    const QMutexLocker lock(&mutex);
    auto it = cache.constFind(name);
    if (it != cache.constEnd())
        return *it;
    QFile file(QStringLiteral(":/templates/%1").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("missing page template " + name.toStdString());
    return *cache.insert(name, file.readAll().toStdString());
}

data toData(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return data(value.toBool());
    case QMetaType::QVariantMap: {
        data object(data::type::object);
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            object.set(it.key().toStdString(), toData(it.value()));
        return object;
    }
    case QMetaType::QVariantList: {
        data list(data::type::list);
        for (const QVariant &item : value.toList())
            list.push_back(toData(item));
        return list;
    }
    default:
        return data(value.toString().toStdString());
    }
}

/// HTML escaping of every {{value}}: the five characters that can open markup or leave an attribute.
std::string escapeHtml(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string renderTemplate(const QString &name, const data &values)
{
    mustache page(readTemplate(name));
    page.set_custom_escape(escapeHtml);
    if (!page.is_valid())
        throw std::runtime_error(
            "malformed page template " + name.toStdString() + ": " + page.error_message());
    std::string out = page.render(values);
    if (!page.is_valid())
        throw std::runtime_error("cannot render " + name.toStdString() + ": " + page.error_message());
    return out;
}
} // namespace

namespace HtmlPage {

QByteArray render(const QString &name, const QString &title, const QVariantMap &values)
{
    data pageValues = toData(values);
    pageValues.set("title", title.toStdString());
    // Partials a page may include with {{> name}} (rendered in the page's context, escaped alike).
    pageValues.set(
        "cancel", kainjow::mustache::partial([] { return readTemplate(QStringLiteral("cancel.html")); }));
    const std::string content = renderTemplate(name + QStringLiteral(".html"), pageValues);
    data layout(data::type::object);
    layout.set("title", title.toStdString());
    layout.set("content", content); // already rendered with escaping: inserted as is ({{{content}}})
    return QByteArray::fromStdString(renderTemplate(QStringLiteral("layout.html"), layout));
}

HttpAnswer message(int status, const QString &title, const QString &text)
{
    return HttpAnswer::html(
        QString::fromUtf8(render(QStringLiteral("message"), title, { { QStringLiteral("text"), text } })),
        status);
}

HttpAnswer stylesheet()
{
    HttpAnswer answer { 200, QByteArrayLiteral("text/css; charset=utf-8"),
        QByteArray::fromStdString(readTemplate(QStringLiteral("style.css"))), {} };
    answer.withHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=3600"))
        .withHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    return answer;
}

QByteArray contentSecurityPolicy()
{
    return QByteArrayLiteral("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                             "frame-ancestors 'none'");
}

} // namespace HtmlPage
