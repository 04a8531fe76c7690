#include "PrivateWeb.h"

#include <QSslConfiguration>
#include <QSslError>
#include <QWebEngineCertificateError>
#include <QWebEngineProfile>
#include <QWebEngineSettings>

namespace PrivateWeb {

namespace {

int effectivePort(const QUrl &url)
{
    return url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace

QWebEngineProfile *createProfile(QObject *parent)
{
    auto *profile = new QWebEngineProfile(parent);
    profile->setHttpAcceptLanguage(QStringLiteral("fr-FR,fr"));
    profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    QWebEngineSettings *settings = profile->settings();
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    settings->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    return profile;
}

bool chainTrustedBy(
    const QList<QSslCertificate> &chain, const QString &host, const QList<QSslCertificate> &extraCas)
{
    if (extraCas.isEmpty() || chain.isEmpty())
        return false;
    // QSslCertificate::verify() trusts the default configuration's CAs: add ours for this one
    // synchronous call on the GUI thread, then restore.
    const QSslConfiguration saved = QSslConfiguration::defaultConfiguration();
    QSslConfiguration withExtra = saved;
    withExtra.addCaCertificates(extraCas);
    QSslConfiguration::setDefaultConfiguration(withExtra);
    const QList<QSslError> errors = QSslCertificate::verify(chain, host);
    QSslConfiguration::setDefaultConfiguration(saved);
    return errors.isEmpty();
}

bool answerCertificateError(QWebEngineCertificateError &error, const QList<QSslCertificate> &extraCas)
{
    if (error.isOverridable() && chainTrustedBy(error.certificateChain(), error.url().host(), extraCas)) {
        error.acceptCertificate();
        return true;
    }
    error.rejectCertificate();
    return false;
}

bool isWebUrl(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http");
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return isWebUrl(a) && a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && effectivePort(a) == effectivePort(b);
}

bool isServerEndpoint(const QUrl &url, const QUrl &serverUrl, const QString &path)
{
    if (!sameOrigin(url, serverUrl))
        return false;
    QString basePath = serverUrl.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    return url.path() == path || url.path() == basePath + path;
}

} // namespace PrivateWeb
