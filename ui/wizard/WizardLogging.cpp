#include "WizardLogging.h"

Q_LOGGING_CATEGORY(lcUiMandat, "ac.ui.mandat")
Q_LOGGING_CATEGORY(lcUiFranceConnect, "ac.ui.franceconnect")
