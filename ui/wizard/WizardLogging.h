#pragma once

#include <QLoggingCategory>

// Logging categories of the mandat wizard. Never log an OTP code, a token or an usager's identity.
Q_DECLARE_LOGGING_CATEGORY(lcUiMandat)
Q_DECLARE_LOGGING_CATEGORY(lcUiFranceConnect)
