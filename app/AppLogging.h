#pragma once

#include <QLoggingCategory>

// Logging categories of the client core. Never log an OTP code, a token or an email.
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcSession)
Q_DECLARE_LOGGING_CATEGORY(lcSettings)
