#pragma once

#include <QDateTime>

/// The source of the current time; tests install their own (see tests/support/MockClock.h).
class Clock
{
public:
    virtual ~Clock() = default;

    /// Milliseconds since the Unix epoch, UTC.
    virtual qint64 nowMs() const;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }

    static const Clock &instance();
    /// Replaces the process-wide clock (nullptr restores the system clock). Not thread-safe: call at
    /// start-up.
    static void setInstance(const Clock *clock);
};
