#include "ReferentService.h"

ReferentService::ReferentService(Database &database)
    : m_database(database)
{
}
