#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

class QObject;
class QWebEngineCertificateError;
class QWebEngineProfile;

/// What the embedded browsers share (FranceConnect journey of the mandat wizard, démarches): a
/// private profile per use, the certificate policy and the URL checks.
namespace PrivateWeb {

/// A new off-the-record profile (no storage name: memory only) with French as the language and no
/// local file access, plugins or pop-up windows. Delete every page using it before deleting it.
QWebEngineProfile *createProfile(QObject *parent);
/// Answers a certificate error: accepted only when overridable and the chain verifies against
/// `extraCas` (a private PKI configured for the server), refused otherwise. True when accepted.
bool answerCertificateError(QWebEngineCertificateError &error, const QList<QSslCertificate> &extraCas);
/// True when `chain` verifies for `host` with `extraCas` added to the system's CA certificates.
bool chainTrustedBy(
    const QList<QSslCertificate> &chain, const QString &host, const QList<QSslCertificate> &extraCas);

bool isWebUrl(const QUrl &url);
/// The same scheme, host (case-insensitive) and port (the scheme's default when absent).
bool sameOrigin(const QUrl &a, const QUrl &b);
/// True when `url` is on the server's origin with path `path` or `{path of serverUrl}{path}`
/// (a server published under a sub-path). `path` starts with '/'.
bool isServerEndpoint(const QUrl &url, const QUrl &serverUrl, const QString &path);

} // namespace PrivateWeb
