#pragma once

#include <QLoggingCategory>

// Logging category of « Mes mandats ». Never log an usager's identity: ids and counts only.
Q_DECLARE_LOGGING_CATEGORY(lcUiMandats)
