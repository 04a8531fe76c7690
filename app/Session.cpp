#include "Session.h"

#include "ApiClient.h"
#include "AppLogging.h"
#include "Clock.h"

#include <QtGlobal>

#include <algorithm>
#include <limits>

namespace {

const QString kSessionLocked = QStringLiteral("session_locked");
const QString kUnauthenticated = QStringLiteral("unauthenticated");

} // namespace

Session::Session(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    Q_ASSERT(api);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setTimerType(Qt::CoarseTimer);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcSession) << "idle timeout reached, locking";
        lock();
    });
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcSession) << "absolute expiry reached";
        close(tr("Votre session a expiré. Reconnectez-vous avec un nouveau code."));
    });
}

Session::~Session() = default;

void Session::login(const QString &email, const QString &code, QObject *context, StatusCallback callback)
{
    m_api->setToken({});
    m_api->login(email, code, context, [this, callback](const Result<SessionInfo> &result) {
        if (!result) {
            callback(result.error());
            return;
        }
        open(result.value());
        callback(success());
    });
}

void Session::confirmFirstLogin(const QString &email, const QString &enrolmentToken, const QString &code,
    QObject *context, StatusCallback callback)
{
    m_api->setToken({});
    m_api->confirmFirstLogin(
        email, enrolmentToken, code, context, [this, callback](const Result<SessionInfo> &result) {
            if (!result) {
                callback(result.error());
                return;
            }
            open(result.value());
            callback(success());
        });
}

void Session::open(const SessionInfo &info)
{
    m_info = info;
    m_api->setToken(info.token.toUtf8());
    m_info.token.clear(); // the token lives in the ApiClient only
    m_open = true;
    m_locked = false;
    m_lastServerContactMs = Clock::instance().nowMs();
    restartIdleTimer();
    m_expiryTimer.stop();
    if (info.expiresAtMs > 0) {
        const qint64 remaining = info.expiresAtMs - Clock::instance().nowMs();
        // QTimer takes an int: cap at ~24 days; the server enforces the real expiry anyway.
        m_expiryTimer.start(int(std::clamp<qint64>(remaining, 0, std::numeric_limits<int>::max())));
    }
    qCInfo(lcSession) << "session opened, idle timeout" << m_info.idleTimeoutSeconds << "s";
    emit opened();
}

void Session::restartIdleTimer()
{
    const int seconds = std::max(1, m_info.idleTimeoutSeconds);
    m_idleTimer.start(seconds * 1000);
}

void Session::notifyActivity()
{
    if (!m_open || m_locked)
        return;
    restartIdleTimer();
    // The server counts idleness between requests: while the aidant works locally, refresh the
    // server session before it would go idle there.
    const qint64 halfTimeoutMs = qint64(m_info.idleTimeoutSeconds) * 500;
    if (Clock::instance().nowMs() - m_lastServerContactMs > halfTimeoutMs)
        keepAlive();
}

void Session::keepAlive()
{
    if (m_keepAliveRunning)
        return;
    m_keepAliveRunning = true;
    m_lastServerContactMs = Clock::instance().nowMs();
    m_api->me(this, [this](const Result<SessionInfo> &result) {
        m_keepAliveRunning = false;
        if (!result) {
            if (!handleSessionError(result.error()))
                qCInfo(lcSession) << "keep-alive failed:" << result.error().code;
            return;
        }
        if (m_open && !m_locked)
            updateInfo(result.value());
    });
}

void Session::lock()
{
    if (!m_open || m_locked)
        return;
    m_locked = true;
    m_idleTimer.stop();
    qCInfo(lcSession) << "session locked";
    emit locked();
}

void Session::unlock(const QString &code, QObject *context, StatusCallback callback)
{
    m_api->activityCheck(code, context, [this, callback](const Result<SessionInfo> &result) {
        if (!m_open) {
            callback(Error { kUnauthenticated, tr("La session a pris fin.") });
            return;
        }
        if (!result) {
            // invalid_credentials leaves the session locked; unauthenticated closes it.
            if (result.error().code == kUnauthenticated)
                handleSessionError(result.error());
            callback(result.error());
            return;
        }
        m_lastServerContactMs = Clock::instance().nowMs();
        m_locked = false;
        updateInfo(result.value());
        restartIdleTimer();
        qCInfo(lcSession) << "session unlocked";
        emit unlocked();
        callback(success());
    });
}

void Session::acceptCgu(QObject *context, StatusCallback callback)
{
    m_api->acceptCgu(m_info.currentCguVersion, context, [this, callback](const Result<SessionInfo> &result) {
        if (!result) {
            handleSessionError(result.error());
            callback(result.error());
            return;
        }
        m_lastServerContactMs = Clock::instance().nowMs();
        updateInfo(result.value());
        callback(success());
    });
}

void Session::updateInfo(const SessionInfo &info)
{
    const int idle = m_info.idleTimeoutSeconds;
    m_info = info;
    m_info.token.clear();
    if (m_info.idleTimeoutSeconds <= 0)
        m_info.idleTimeoutSeconds = idle;
    emit infoChanged();
}

bool Session::handleSessionError(const Error &error)
{
    if (!m_open)
        return false;
    if (error.code == kSessionLocked) {
        lock();
        return true;
    }
    if (error.code == kUnauthenticated) {
        close(tr("Votre session a pris fin. Reconnectez-vous avec un nouveau code."));
        return true;
    }
    return false;
}

void Session::logout()
{
    if (!m_open)
        return;
    if (m_api->hasToken()) {
        // Fire and forget: the request carries the token already; the local session ends now.
        m_api->logout(m_api, [](const Status &status) {
            if (!status)
                qCInfo(lcSession) << "server logout failed:" << status.error().code;
        });
    }
    close(QString());
}

void Session::close(const QString &reason)
{
    if (!m_open)
        return;
    m_api->setToken({});
    m_info = SessionInfo();
    m_open = false;
    m_locked = false;
    m_idleTimer.stop();
    m_expiryTimer.stop();
    qCInfo(lcSession) << "session closed";
    emit closed(reason);
}
