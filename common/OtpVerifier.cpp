#include "OtpVerifier.h"

#include "ConstantTime.h"
#include "Totp.h"

#include <QtGlobal>

#include <algorithm>
#include <cstdlib>

namespace OtpVerifier {

int toleranceAfter(int consecutiveFailures)
{
    return consecutiveFailures >= kFailuresBeforeWidening
            && consecutiveFailures < kFailuresBeforeWidening + kWidenedAttempts
        ? kWidenedTolerance
        : kNormalTolerance;
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

OtpCheck failure(const OtpDeviceState &state, OtpOutcome outcome)
{
    return OtpCheck { outcome, state, -1 };
}
} // namespace

OtpCheck verify(const OtpDeviceState &state, const QString &code, qint64 nowMs, int tolerance)
{
    if (!isWellFormedCode(code) || state.secret.isEmpty() || state.stepSeconds <= 0)
        return failure(state, OtpOutcome::Rejected);

    const qint64 nominal = Totp::timeStep(nowMs / 1000, state.stepSeconds);
    const qint64 centre = nominal + state.drift;
    tolerance = qBound(0, tolerance, kWidenedTolerance);
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
            return check;
        }
    }
    return failure(state, replayed ? OtpOutcome::Replayed : OtpOutcome::Rejected);
}

} // namespace OtpVerifier

namespace LoginBudget {

BudgetPolicy unknownClients()
{
    return BudgetPolicy { 100, 5, 60 * 1000, 15 * 60 * 1000 };
}

BudgetPolicy familiarDevice()
{
    return BudgetPolicy { 100, 5, 30 * 1000, 5 * 60 * 1000 };
}

qint64 backoffMs(const BudgetPolicy &policy, int consecutiveFailures)
{
    if (policy.backoffBaseMs <= 0 || consecutiveFailures < policy.backoffAfter)
        return 0;
    const int doublings = qMin(consecutiveFailures - policy.backoffAfter, 40);
    qint64 wait = policy.backoffBaseMs;
    for (int i = 0; i < doublings && wait < policy.backoffMaxMs; ++i)
        wait *= 2;
    return policy.backoffMaxMs > 0 ? qMin(wait, policy.backoffMaxMs) : wait;
}

qint64 retryAfterMs(const BudgetPolicy &policy, const BudgetState &state, qint64 nowMs)
{
    qint64 until = 0;
    const qint64 backoff = backoffMs(policy, state.consecutiveFailures);
    if (backoff > 0)
        until = state.lastFailureAtMs + backoff;
    if (policy.dailyLimit > 0) {
        QList<qint64> window;
        for (const qint64 at : state.recentFailuresMs) {
            if (at > nowMs - kDayMs && at <= nowMs)
                window.append(at);
        }
        if (window.size() >= policy.dailyLimit) {
            std::sort(window.begin(), window.end());
            // The attempt is allowed again when enough failures have left the 24 h window.
            until = qMax(until, window.at(window.size() - policy.dailyLimit) + kDayMs);
        }
    }
    return until > nowMs ? until - nowMs : 0;
}

bool shouldAlert(const AlertPolicy &policy, int failuresInWindow, bool dailyLimitReached,
    qint64 lastAlertAtMs, qint64 nowMs)
{
    if (lastAlertAtMs > 0 && nowMs - lastAlertAtMs < policy.minIntervalMs)
        return false;
    return dailyLimitReached || (policy.failures > 0 && failuresInWindow >= policy.failures);
}

} // namespace LoginBudget
