#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUiMain, "ac.ui.main")
Q_LOGGING_CATEGORY(lcUiLogin, "ac.ui.login")
