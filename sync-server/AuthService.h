#pragma once

#include "Database.h"
#include "IntervalGate.h"
#include "ServerConfig.h"
#include "WireTypes.h"

class Repository;
struct AidantRecord;
struct LoginGuard;
struct OtpDeviceRecord;

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
    /// Checks a code of ONE device of the aidant (a card or app being validated, confirmed or not)
    /// with the same rules as verifyAidantCode: attempt budget, replay, failure count. The caller
    /// has locked the aidant's row (Repository::lockAidant) and then @p device's, inside @p tx.
    bool verifyDeviceCode(Repository &repository, const Transaction &tx, qint64 aidantId,
        const OtpDeviceRecord &device, const QString &code, qint64 nowMs, qint64 loginDeviceId = 0);
    /// Opens a session of @p aidant once a code was accepted, as a login does (a new familiar
    /// device when @p loginDeviceId is 0, returned once in @p issuedDeviceToken; last login;
    /// `connect_aidant` journalled), inside @p tx, which the caller commits. The answer holds the
    /// session token.
    SessionInfo openSession(Repository &repository, const Transaction &tx, const AidantRecord &aidant,
        qint64 loginDeviceId, qint64 nowMs, QString *issuedDeviceToken);
    /// The familiar device of @p aidantId named by @p deviceToken (0: none or another aidant's).
    qint64 familiarDevice(Repository &repository, qint64 aidantId, const QString &deviceToken);

private:
    /// The core of verifyAidantCode and verifyDeviceCode: budget, then @p devices in order.
    /// @p guard was read (and the aidant's row locked) in the caller's transaction.
    bool verifyCode(Repository &repository, qint64 aidantId, const QString &code, qint64 nowMs,
        qint64 loginDeviceId, LoginGuard guard, const QList<OtpDeviceRecord> &devices);
    SessionInfo sessionInfo(Repository &repository, qint64 aidantId, qint64 expiresAtMs);
    SessionInfo sessionInfo(Repository &repository, const AidantRecord &aidant, qint64 expiresAtMs);
    void alertReferents(
        Repository &repository, qint64 aidantId, int failuresInWindow, bool dailyLimitReached, qint64 nowMs);

    Database &m_database;
    const ServerConfig &m_config;
    IntervalGate m_sessionPurgeGate;
};
