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
};

/// Aidant authentication: OTP login, sessions, activity check, CGU. Throws ApiError.
class AuthService
{
public:
    AuthService(Database &database, const ServerConfig &config);

    SessionInfo login(const QString &email, const QString &code);
    /// Checks a bearer token. An idle session is refused unless @p allowIdle (activity check, logout).
    AuthContext authenticate(const QString &token, bool allowIdle = false);
    SessionInfo activityCheck(const AuthContext &context, const QString &code);
    void logout(const AuthContext &context);
    SessionInfo me(const AuthContext &context);
    SessionInfo acceptCgu(const AuthContext &context, const QString &version);

    static QString hashToken(const QString &token);

    /// Checks a code of the aidant's confirmed OTP devices inside @p tx (device rows locked; failure
    /// counts, throttle and replay state saved in @p tx: commit it on failure too).
    bool verifyAidantCode(Repository &repository, const Transaction &tx, qint64 aidantId, const QString &code,
                          qint64 nowMs);

private:
    SessionInfo sessionInfo(Repository &repository, qint64 aidantId, qint64 expiresAtMs);

    Database &m_database;
    const ServerConfig &m_config;
};
