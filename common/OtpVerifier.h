#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

/// The verification state of one OTP device, as stored by the server.
struct OtpDeviceState
{
    QByteArray secret;
    int stepSeconds = 60;
    int drift = 0; ///< in time steps, re-synchronised after each success
    qint64 lastAcceptedStep = -1; ///< -1: no code accepted yet
};

enum class OtpOutcome {
    Accepted,
    Rejected, ///< wrong or malformed code
    Replayed, ///< the code belongs to a time step not after the last accepted one
};

struct OtpCheck
{
    OtpOutcome outcome = OtpOutcome::Rejected;
    OtpDeviceState state; ///< the state to store
    qint64 matchedStep = -1;
};

/// The OTP rules of the service (reference/aidants-connect.md § OTP), as a pure function of the time.
///
/// - accept the current step ± tolerance around the recorded drift; the drift is re-synchronised;
/// - a code whose step is not after the last accepted step is refused (replay);
/// - the tolerance is chosen by the caller from the failures of the *attempt budget* the attempt
///   belongs to (LoginBudget below): 1 step, widened to 30 steps for the 4th to 10th consecutive
///   attempts of a familiar device after 3 failures, never widened for unknown clients
///   (docs/security.md);
/// - throttling is not a property of the device any more: see LoginBudget.
namespace OtpVerifier {

constexpr int kNormalTolerance = 1;
constexpr int kWidenedTolerance = 30;
constexpr int kFailuresBeforeWidening = 3;
/// Attempts checked in the widened window before it narrows again (a success narrows it too): a
/// drifted card re-syncs at the first of them, a guesser gets no more than these 7.
constexpr int kWidenedAttempts = 7;

/// The tolerance of a familiar device after @p consecutiveFailures of its own.
int toleranceAfter(int consecutiveFailures);
OtpCheck verify(
    const OtpDeviceState &state, const QString &code, qint64 nowMs, int tolerance = kNormalTolerance);
bool isWellFormedCode(const QString &code);

} // namespace OtpVerifier

/// How many failed attempts one budget of an account may make, and how fast (docs/security.md,
/// "Brute force and lockout"). Every account has one budget for unknown clients (no device token,
/// or one the server does not know for this aidant) and one per familiar device.
struct BudgetPolicy
{
    int dailyLimit = 0; ///< failures in any sliding 24 h; 0: no daily limit
    int backoffAfter = 5; ///< consecutive failures allowed before the back-off starts
    qint64 backoffBaseMs
        = 0; ///< wait after the backoffAfter-th consecutive failure, doubled after each further one
    qint64 backoffMaxMs = 0; ///< cap of the wait
};

/// The failures a budget remembers.
struct BudgetState
{
    int consecutiveFailures = 0; ///< since the last success in this budget
    qint64 lastFailureAtMs = 0;
    QList<qint64> recentFailuresMs; ///< failures of the last 24 h (daily limit only), any order
};

struct AlertPolicy
{
    int failures = 10; ///< unknown-client failures...
    qint64 windowMs = 15 * 60 * 1000; ///< ...within this window trigger an alert
    qint64 minIntervalMs = 60 * 60 * 1000; ///< at most one alert per account per interval
};

namespace LoginBudget {

constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;

/// Unknown clients: 100 failures a day, 5 free then 1 min doubling to 15 min.
BudgetPolicy unknownClients();
/// A familiar device: 100 failures a day, 5 free then 30 s doubling to 5 min.
BudgetPolicy familiarDevice();

/// The wait after @p consecutiveFailures (0 before the back-off starts).
qint64 backoffMs(const BudgetPolicy &policy, int consecutiveFailures);
/// 0 when an attempt may be checked now; otherwise the milliseconds until it may (the attempt must
/// then be refused without checking the code).
qint64 retryAfterMs(const BudgetPolicy &policy, const BudgetState &state, qint64 nowMs);
/// Whether a failure at @p nowMs, with @p failuresInWindow unknown-client failures (this one
/// included) inside the policy's window, must alert the référents, given the last alert's time
/// (0: never) and whether this failure exhausted the daily limit.
bool shouldAlert(const AlertPolicy &policy, int failuresInWindow, bool dailyLimitReached,
    qint64 lastAlertAtMs, qint64 nowMs);

} // namespace LoginBudget
