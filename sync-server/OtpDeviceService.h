#pragma once

#include "AuthService.h"
#include "Database.h"
#include "WireTypes.h"

#include <QJsonObject>

/// The OTP devices a référent manages for the aidants of their organisations (docs/referent.md):
/// cards (associate, validate, dissociate) and the phone app (enrol, confirm, remove), and the
/// first login of a référent without any device. Throws ApiError.
class OtpDeviceService
{
public:
    OtpDeviceService(Database &database, const ServerConfig &config, AuthService &auth);

private:
    Database &m_database;
    const ServerConfig &m_config;
    AuthService &m_auth;
};
