#include "OtpVerifier.h"

#include "Totp.h"

#include <QtGlobal>

#include <cstdlib>

namespace OtpVerifier {

int toleranceFor(const OtpDeviceState &state)
{
    return state.consecutiveFailures >= kFailuresBeforeWidening ? kWidenedTolerance : kNormalTolerance;
}

qint64 throttleDelayMs(int consecutiveFailures)
{
    if (consecutiveFailures <= 0)
        return 0;
    const int exponent = qMin(consecutiveFailures - 1, kMaxThrottleExponent);
    return (qint64(1) << exponent) * 1000;
}

bool isWellFormedCode(const QString &code)
{
    if (code.size() != Totp::kDigits)
        return false;
    for (const QChar c : code) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

namespace {
// Compares without an early exit, so the time taken does not depend on where the codes differ.
bool constantTimeEquals(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return false;
    ushort diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= a.at(i).unicode() ^ b.at(i).unicode();
    return diff == 0;
}

OtpCheck failure(const OtpDeviceState &state, OtpOutcome outcome, qint64 nowMs)
{
    OtpCheck check;
    check.outcome = outcome;
    check.state = state;
    check.state.consecutiveFailures = state.consecutiveFailures + 1;
    check.state.throttledUntilMs = nowMs + throttleDelayMs(check.state.consecutiveFailures);
    return check;
}
} // namespace

OtpCheck verify(const OtpDeviceState &state, const QString &code, qint64 nowMs)
{
    if (state.throttledUntilMs > nowMs)
        return OtpCheck { OtpOutcome::Throttled, state, -1 };
    if (!isWellFormedCode(code) || state.secret.isEmpty() || state.stepSeconds <= 0)
        return failure(state, OtpOutcome::Rejected, nowMs);

    const qint64 nominal = Totp::timeStep(nowMs / 1000, state.stepSeconds);
    const qint64 centre = nominal + state.drift;
    const int tolerance = toleranceFor(state);
    bool replayed = false;
    // Nearest steps first, so a code valid at several offsets re-synchronises on the smallest drift.
    for (int distance = 0; distance <= tolerance; ++distance) {
        for (const int sign : { -1, 1 }) {
            if (distance == 0 && sign > 0)
                continue;
            const qint64 step = centre + sign * distance;
            if (step < 0)
                continue;
            if (!constantTimeEquals(Totp::hotp(state.secret, quint64(step)), code))
                continue;
            if (step <= state.lastAcceptedStep) {
                replayed = true;
                continue;
            }
            OtpCheck check;
            check.outcome = OtpOutcome::Accepted;
            check.matchedStep = step;
            check.state = state;
            check.state.drift = int(step - nominal);
            check.state.lastAcceptedStep = step;
            check.state.consecutiveFailures = 0;
            check.state.throttledUntilMs = 0;
            return check;
        }
    }
    return failure(state, replayed ? OtpOutcome::Replayed : OtpOutcome::Rejected, nowMs);
}

} // namespace OtpVerifier
