#include "DemarcheLogging.h"

Q_LOGGING_CATEGORY(lcUiDemarche, "ac.ui.demarche")
