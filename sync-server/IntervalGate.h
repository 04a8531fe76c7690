#pragma once

#include <QtGlobal>

#include <atomic>

/// Housekeeping done by requests rather than by a timer (purging expired rows): lets one caller
/// through at most once per interval, whichever thread asks first.
class IntervalGate
{
public:
    /// True for exactly one caller when @p intervalMs has passed since the last one let through.
    bool pass(qint64 nowMs, qint64 intervalMs)
    {
        qint64 last = m_lastMs.load();
        return nowMs - last >= intervalMs && m_lastMs.compare_exchange_strong(last, nowMs);
    }

private:
    std::atomic<qint64> m_lastMs { 0 };
};
