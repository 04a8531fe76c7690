#include "OtpDeviceService.h"

OtpDeviceService::OtpDeviceService(Database &database, const ServerConfig &config, AuthService &auth)
    : m_database(database)
    , m_config(config)
    , m_auth(auth)
{
}
