#include "Clock.h"

namespace {
const Clock s_systemClock;
const Clock *s_clock = &s_systemClock;
} // namespace

qint64 Clock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

const Clock &Clock::instance()
{
    return *s_clock;
}

void Clock::setInstance(const Clock *clock)
{
    s_clock = clock ? clock : &s_systemClock;
}
