#pragma once

#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

/// A blocking HTTP(S) client over libcurl, for the server's calls to FranceConnect from pool threads.
/// Certificates are always verified; redirects are never followed.
class HttpClient
{
public:
    struct Response
    {
        int status = 0;
        QByteArray contentType;
        QByteArray body;
    };
    using Form = QList<QPair<QString, QString>>;

    /// Once per process, before any thread uses libcurl.
    static void globalInit();

    /// @p caFile: extra PEM bundle to trust instead of the system's (empty: system CAs).
    explicit HttpClient(QString caFile = {}, int timeoutMs = 10000);

    /// Error code `unreachable` when no HTTP answer came (DNS, TCP, TLS, timeout).
    Result<Response> get(const QUrl &url, const QByteArray &bearerToken = {}) const;
    Result<Response> postForm(const QUrl &url, const Form &form) const;

private:
    Result<Response> perform(
        const QUrl &url, const QByteArray *formBody, const QByteArray &bearerToken) const;

    QString m_caFile;
    int m_timeoutMs;
};
