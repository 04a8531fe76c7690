#include "MandatsLogging.h"

Q_LOGGING_CATEGORY(lcUiMandats, "ac.ui.mandats")
