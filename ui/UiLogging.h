#pragma once

#include <QLoggingCategory>

// Logging categories of the widgets layer. Never log an OTP code, a token or an email.
Q_DECLARE_LOGGING_CATEGORY(lcUiMain)
Q_DECLARE_LOGGING_CATEGORY(lcUiLogin)
