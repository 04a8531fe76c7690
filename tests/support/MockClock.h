#pragma once

#include "Clock.h"

/// A clock the test sets and advances by hand; installed for the lifetime of the object.
class MockClock final : public Clock
{
public:
    explicit MockClock(qint64 nowMs)
        : m_nowMs(nowMs)
    {
        Clock::setInstance(this);
    }
    ~MockClock() override { Clock::setInstance(nullptr); }
    Q_DISABLE_COPY_MOVE(MockClock)

    qint64 nowMs() const override { return m_nowMs; }
    void setNowMs(qint64 nowMs) { m_nowMs = nowMs; }
    void advanceMs(qint64 ms) { m_nowMs += ms; }

private:
    qint64 m_nowMs;
};
