#include "AppLogging.h"

Q_LOGGING_CATEGORY(lcApi, "ac.app.api")
Q_LOGGING_CATEGORY(lcSession, "ac.app.session")
Q_LOGGING_CATEGORY(lcSettings, "ac.app.settings")
