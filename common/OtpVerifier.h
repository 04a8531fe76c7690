#pragma once

#include <QByteArray>
#include <QString>

/// The verification state of one OTP device, as stored by the server.
struct OtpDeviceState
{
    QByteArray secret;
    int stepSeconds = 60;
    int drift = 0;                ///< in time steps, re-synchronised after each success
    qint64 lastAcceptedStep = -1; ///< -1: no code accepted yet
    int consecutiveFailures = 0;
    qint64 throttledUntilMs = 0;  ///< 0: not throttled
};

enum class OtpOutcome {
    Accepted,
    Rejected,  ///< wrong or malformed code
    Replayed,  ///< the code belongs to a time step not after the last accepted one
    Throttled, ///< attempted while throttled: not even checked, state unchanged
};

struct OtpCheck
{
    OtpOutcome outcome = OtpOutcome::Rejected;
    OtpDeviceState state; ///< the state to store
    qint64 matchedStep = -1;
};

/// The OTP rules of the service (reference/aidants-connect.md § OTP), as a pure function of the time.
///
/// - accept the current step ± tolerance around the recorded drift; tolerance is 1 step, widened to
///   30 steps after 3 consecutive failures, narrowed back after a success; the drift is re-synchronised;
/// - a code whose step is not after the last accepted step is refused (replay);
/// - after n consecutive failures, attempts are refused for 2^(n-1) seconds.
namespace OtpVerifier {

constexpr int kNormalTolerance = 1;
constexpr int kWidenedTolerance = 30;
constexpr int kFailuresBeforeWidening = 3;
constexpr int kMaxThrottleExponent = 20; ///< caps the throttle at 2^20 s (about 12 days)

int toleranceFor(const OtpDeviceState &state);
qint64 throttleDelayMs(int consecutiveFailures);
OtpCheck verify(const OtpDeviceState &state, const QString &code, qint64 nowMs);
bool isWellFormedCode(const QString &code);

} // namespace OtpVerifier
