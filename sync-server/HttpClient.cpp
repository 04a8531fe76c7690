#include "HttpClient.h"

#include <QLoggingCategory>

#include <curl/curl.h>
#include <memory>
#include <mutex>

Q_LOGGING_CATEGORY(lcHttpClient, "ac.server.http-client")

namespace {
constexpr qsizetype kMaxResponseBytes = 1024 * 1024;

size_t appendBody(char *data, size_t size, size_t count, void *userData)
{
    auto *body = static_cast<QByteArray *>(userData);
    const size_t bytes = size * count;
    if (body->size() + qsizetype(bytes) > kMaxResponseBytes)
        return 0; // makes curl fail with CURLE_WRITE_ERROR
    body->append(data, qsizetype(bytes));
    return bytes;
}

struct CurlDeleter
{
    void operator()(CURL *curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};
} // namespace

void HttpClient::globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpClient::HttpClient(QString caFile, int timeoutMs)
    : m_caFile(std::move(caFile))
    , m_timeoutMs(timeoutMs)
{
    globalInit();
}

Result<HttpClient::Response> HttpClient::get(const QUrl &url, const QByteArray &bearerToken) const
{
    return perform(url, nullptr, bearerToken);
}

Result<HttpClient::Response> HttpClient::postForm(const QUrl &url, const Form &form) const
{
    // application/x-www-form-urlencoded, every reserved byte percent-encoded (a '+' in a secret stays a '+').
    QByteArray body;
    for (const auto &field : form) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(field.first) + '=' + QUrl::toPercentEncoding(field.second);
    }
    return perform(url, &body, {});
}

Result<HttpClient::Response> HttpClient::perform(
    const QUrl &url, const QByteArray *formBody, const QByteArray &bearerToken) const
{
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl)
        return Error { QStringLiteral("unreachable"), QStringLiteral("curl_easy_init failed") };
    const QByteArray urlBytes = url.toEncoded();
    Response response;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto addHeader = [&headers](const QByteArray &header) {
        headers.reset(curl_slist_append(headers.release(), header.constData()));
    };
    if (!bearerToken.isEmpty())
        addHeader("Authorization: Bearer " + bearerToken);
    if (formBody)
        addHeader("Content-Type: application/x-www-form-urlencoded");
    addHeader("Accept: application/json, application/jwt");

    CURL *c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(m_timeoutMs));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(m_timeoutMs, 5000)));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    const QByteArray caFile = m_caFile.toLocal8Bit();
    if (!caFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, caFile.constData());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
    if (formBody) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, formBody->constData());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, long(formBody->size()));
    }
    const CURLcode result = curl_easy_perform(c);
    if (result != CURLE_OK) {
        // The URL is logged without its query: it may carry a token.
        qCWarning(lcHttpClient) << "request to" << url.adjusted(QUrl::RemoveQuery).toString()
                                << "failed:" << curl_easy_strerror(result);
        return Error { QStringLiteral("unreachable"), QString::fromUtf8(curl_easy_strerror(result)) };
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    response.status = int(status);
    char *contentType = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &contentType);
    if (contentType)
        response.contentType = QByteArray(contentType);
    return response;
}
