#pragma once

#include "Result.h"
#include "WireTypes.h"

#include <QObject>
#include <QTimer>

#include <functional>

class ApiClient;

/// The aidant's session on this workstation: token, server answer, idle lock and absolute expiry.
///
/// States: closed (no token) → open → locked (after idleTimeoutSeconds without user activity,
/// or when the server says `session_locked`) → open again after a successful activity check;
/// logout, absolute expiry or `unauthenticated` close it.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    using StatusCallback = std::function<void(const Status &)>;

    explicit Session(ApiClient *api, QObject *parent = nullptr);
    ~Session() override;

    bool isOpen() const { return m_open; }
    bool isLocked() const { return m_locked; }
    const SessionInfo &info() const { return m_info; }
    int idleTimeoutSeconds() const { return m_info.idleTimeoutSeconds; }
    ApiClient *api() const { return m_api; }

    /// POST /auth/login; on success the session opens (opened() is emitted before the callback).
    void login(const QString &email, const QString &code, QObject *context, StatusCallback callback);
    /// POST /auth/first-login/confirm (a référent enrolling their phone app at their first login):
    /// its answer is a login answer, the session opens as with login().
    void confirmFirstLogin(const QString &email, const QString &enrolmentToken, const QString &code,
        QObject *context, StatusCallback callback);
    /// POST /auth/activity-check; on success the session unlocks (unlocked() then the callback).
    void unlock(const QString &code, QObject *context, StatusCallback callback);
    /// POST /me/cgu with the current CGU version; infoChanged() on success.
    void acceptCgu(QObject *context, StatusCallback callback);
    /// Ends the session at once locally (closed()) and tells the server, without waiting.
    void logout();

    /// Opens the session from a login answer (used by login(); public for tests).
    void open(const SessionInfo &info);
    /// Locks now (idle timer expiry, server `session_locked`).
    void lock();
    /// The user did something (key, click, wheel): restarts the idle countdown.
    void notifyActivity();
    /// Refreshes the server session and its information now (what notifyActivity() does when the
    /// server has not been contacted for half the idle timeout); infoChanged() follows.
    void keepAlive();

signals:
    void opened();
    void infoChanged();
    void locked();
    void unlocked();
    /// The session ended; `reason` is a French message for the user, empty after a plain logout.
    void closed(const QString &reason);

private:
    void close(const QString &reason);
    void updateInfo(const SessionInfo &info);
    void restartIdleTimer();
    /// Locks or closes when the server says the session is idle or gone; true if handled.
    bool handleSessionError(const Error &error);

    ApiClient *m_api = nullptr;
    SessionInfo m_info;
    QTimer m_idleTimer;
    QTimer m_expiryTimer;
    qint64 m_lastServerContactMs = 0;
    bool m_open = false;
    bool m_locked = false;
    bool m_keepAliveRunning = false;
};
