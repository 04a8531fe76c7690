// The OTP side that exists today: OtpVerifier (code well-formedness, drift, replay), the attempt
// budgets of LoginBudget (back-off, daily limit, alerts) and
// the seed decoders of Totp (card hex seeds, phone-app base32 secrets). There is no otpauth:// URI
// parser yet (only Totp::encodeBase32 for writing one).
//
// The input drives a device state within the ranges the server stores (see below), a time, and a
// code: either raw bytes or the true HOTP value of a step near the expected one, so that the
// accepting, replay and drift paths are reached too.
//
// Invariants: the rules of OtpVerifier.h (accepted: the code is the HOTP of a step after the last
// accepted one, within the tolerance, the drift re-synchronised; refused or replayed: the device
// state unchanged), well-formed codes are exactly six ASCII digits, the budgets' waits are never
// negative, grow with the failures and stay under their caps, and the decoders round-trip.
#include "FuzzCheck.h"
#include "OtpVerifier.h"
#include "Totp.h"

#include <fuzzer/FuzzedDataProvider.h>

namespace {

/// How often each outcome was reached, printed at exit (the accepting and replay paths need a true code).
struct OutcomeCounts
{
    qint64 counts[3] = {};
    ~OutcomeCounts()
    {
        std::fprintf(stderr, "outcomes: accepted %lld, rejected %lld, replayed %lld\n", counts[0], counts[1],
            counts[2]);
    }
} outcomeCounts;

bool sameState(const OtpDeviceState &a, const OtpDeviceState &b)
{
    return a.secret == b.secret && a.stepSeconds == b.stepSeconds && a.drift == b.drift
        && a.lastAcceptedStep == b.lastAcceptedStep;
}

bool referenceWellFormed(const QString &code)
{
    return code.size() == Totp::kDigits && Fuzz::asciiDigits(code, 0, code.size());
}

void checkDecoders(const QString &text, const QByteArray &bytes)
{
    if (const auto seed = Totp::decodeHexSeed(text)) {
        FUZZ_CHECK(seed->size() >= 1 && seed->size() <= 20);
        FUZZ_CHECK(QString::fromLatin1(seed->toHex()) == text.toLower());
    }
    if (const auto secret = Totp::decodeBase32(text)) {
        if (!secret->isEmpty()) {
            const auto again = Totp::decodeBase32(Totp::encodeBase32(*secret));
            FUZZ_CHECK(again && *again == *secret);
        }
    }
    if (!bytes.isEmpty()) {
        const auto decoded = Totp::decodeBase32(Totp::encodeBase32(bytes));
        FUZZ_CHECK(decoded && *decoded == bytes);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    // First (so that short inputs reach it too): a true code of a step near the expected one, or raw bytes.
    const bool wantTrueCode = input.ConsumeBool();
    const int offset = input.ConsumeIntegralInRange<int>(-32, 32);
    // Ranges of what the server stores and its clock: steps of 30 or 60 s (or a corrupt value), a
    // drift the verifier can reach (tolerance 30 per success), times up to year 3000.
    constexpr qint64 kMaxMs = 32503680000000; // 3000-01-01
    OtpDeviceState state;
    state.secret
        = QByteArray::fromStdString(input.ConsumeBytesAsString(input.ConsumeIntegralInRange<size_t>(0, 40)));
    state.stepSeconds = input.PickValueInArray({ 60, 30, 1, 0, -30 });
    state.drift = input.ConsumeIntegralInRange<int>(-100000, 100000);
    state.lastAcceptedStep = input.ConsumeIntegralInRange<qint64>(-1, kMaxMs / 1000);
    const int ownFailures = input.ConsumeIntegralInRange<int>(0, 10000);
    const int tolerance
        = input.ConsumeBool() ? OtpVerifier::kNormalTolerance : OtpVerifier::toleranceAfter(ownFailures);
    BudgetState budget;
    budget.consecutiveFailures = ownFailures;
    budget.lastFailureAtMs = input.ConsumeIntegralInRange<qint64>(0, kMaxMs);
    for (int i = input.ConsumeIntegralInRange<int>(0, 150); i > 0; --i)
        budget.recentFailuresMs.append(input.ConsumeIntegralInRange<qint64>(0, kMaxMs));
    const qint64 nowMs = input.ConsumeIntegralInRange<qint64>(0, kMaxMs);

    QString code;
    const bool trueCode = wantTrueCode && !state.secret.isEmpty() && state.stepSeconds > 0;
    if (trueCode) {
        const qint64 nominal = Totp::timeStep(nowMs / 1000, state.stepSeconds);
        const qint64 step = nominal + state.drift + offset;
        code = Totp::hotp(state.secret, quint64(qMax<qint64>(step, 0)));
        FUZZ_CHECK(referenceWellFormed(code));
    } else {
        const std::string raw = input.ConsumeRemainingBytesAsString();
        code = QString::fromUtf8(raw.data(), qsizetype(raw.size()));
        checkDecoders(code, QByteArray::fromStdString(raw));
    }
    FUZZ_CHECK(OtpVerifier::isWellFormedCode(code) == referenceWellFormed(code));

    FUZZ_CHECK(tolerance >= OtpVerifier::kNormalTolerance && tolerance <= OtpVerifier::kWidenedTolerance);
    const OtpCheck check = OtpVerifier::verify(state, code, nowMs, tolerance);
    ++outcomeCounts.counts[int(check.outcome)];
    switch (check.outcome) {
    case OtpOutcome::Accepted: {
        FUZZ_CHECK(referenceWellFormed(code));
        FUZZ_CHECK(check.matchedStep > state.lastAcceptedStep);
        FUZZ_CHECK(Totp::hotp(state.secret, quint64(check.matchedStep)) == code);
        const qint64 nominal = Totp::timeStep(nowMs / 1000, state.stepSeconds);
        FUZZ_CHECK(qAbs(check.matchedStep - (nominal + state.drift)) <= tolerance);
        FUZZ_CHECK(check.state.drift == check.matchedStep - nominal);
        FUZZ_CHECK(check.state.lastAcceptedStep == check.matchedStep);
        FUZZ_CHECK(check.state.secret == state.secret && check.state.stepSeconds == state.stepSeconds);
        break;
    }
    case OtpOutcome::Rejected:
    case OtpOutcome::Replayed:
        FUZZ_CHECK(check.matchedStep == -1);
        if (check.outcome == OtpOutcome::Replayed)
            FUZZ_CHECK(referenceWellFormed(code) && state.lastAcceptedStep >= 0);
        FUZZ_CHECK(sameState(check.state, state));
        break;
    }

    // The attempt budgets (docs/security.md § Brute force and lockout).
    for (const BudgetPolicy &policy : { LoginBudget::unknownClients(), LoginBudget::familiarDevice() }) {
        const qint64 wait = LoginBudget::backoffMs(policy, budget.consecutiveFailures);
        FUZZ_CHECK(wait >= 0 && wait <= policy.backoffMaxMs);
        FUZZ_CHECK(wait <= LoginBudget::backoffMs(policy, budget.consecutiveFailures + 1));
        if (budget.consecutiveFailures < policy.backoffAfter)
            FUZZ_CHECK(wait == 0);
        const qint64 retry = LoginBudget::retryAfterMs(policy, budget, nowMs);
        FUZZ_CHECK(retry >= 0);
        if (budget.lastFailureAtMs <= nowMs) // a stored failure is never in the future
            FUZZ_CHECK(retry <= qMax(policy.backoffMaxMs, LoginBudget::kDayMs));
        int inWindow = 0;
        for (const qint64 at : budget.recentFailuresMs)
            inWindow += at > nowMs - LoginBudget::kDayMs && at <= nowMs ? 1 : 0;
        if (inWindow >= policy.dailyLimit && policy.dailyLimit > 0)
            FUZZ_CHECK(retry > 0); // the daily limit holds whatever the back-off says
    }
    return 0;
}
