#pragma once

#include <QLoggingCategory>

// Logging category of the démarche browser. Never log a token, an usager's identity or an
// authorization request's parameters.
Q_DECLARE_LOGGING_CATEGORY(lcUiDemarche)
