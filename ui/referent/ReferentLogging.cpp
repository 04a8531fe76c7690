#include "ReferentLogging.h"

Q_LOGGING_CATEGORY(lcUiReferent, "ac.ui.referent")
