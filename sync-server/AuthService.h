#pragma once

#include "Database.h"
#include "ServerConfig.h"
#include "WireTypes.h"

class Repository;

/// Who is calling: the result of checking a bearer token.
struct AuthContext
{
    qint64 sessionId = 0;
    qint64 aidantId = 0;
    qint64 expiresAtMs = 0;
    qint64 loginDeviceId = 0; ///< the familiar device the session was opened from: its attempt budget
};

/// Aidant authentication: OTP login, sessions, activity check, CGU. Throws ApiError.
class AuthService
{
public:
    AuthService(Database &database, const ServerConfig &config);

    SessionInfo login(const QString &email, const QString &code) { return login(email, code, {}, nullptr); }
    /// With the device token a familiar device sent (may be empty): its attempts count in its own
    /// budget. When the token is absent or unknown and the login succeeds, a new one is issued in
    /// @p issuedDeviceToken (the client keeps it for this aidant).
    SessionInfo login(
        const QString &email, const QString &code, const QString &deviceToken, QString *issuedDeviceToken);
    /// Checks a bearer token. An idle session is refused unless @p allowIdle (activity check, logout).
    AuthContext authenticate(const QString &token, bool allowIdle = false);
    SessionInfo activityCheck(const AuthContext &context, const QString &code);
    void logout(const AuthContext &context);
    SessionInfo me(const AuthContext &context);
    SessionInfo acceptCgu(const AuthContext &context, const QString &version);

    static QString hashToken(const QString &token);

    /// Checks a code of the aidant's confirmed OTP devices inside @p tx (aidant and device rows
    /// locked; failure counts, replay state and alert saved in @p tx: commit it on failure too).
    /// The attempt counts in the budget of the familiar device @p loginDeviceId (0 or another
    /// aidant's: the unknown clients' budget). Throws ApiError::tooManyAttempts, without checking
    /// the code, when that budget is exhausted (docs/security.md).
    bool verifyAidantCode(Repository &repository, const Transaction &tx, qint64 aidantId, const QString &code,
        qint64 nowMs, qint64 loginDeviceId = 0);

private:
    SessionInfo sessionInfo(Repository &repository, qint64 aidantId, qint64 expiresAtMs);
    void alertReferents(
        Repository &repository, qint64 aidantId, int failuresInWindow, bool dailyLimitReached, qint64 nowMs);

    Database &m_database;
    const ServerConfig &m_config;
};
