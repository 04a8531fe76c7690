#include "OtpVerifier.h"
#include "Totp.h"

#include <QTest>

Q_DECLARE_METATYPE(OtpOutcome)
Q_DECLARE_METATYPE(BudgetState)

namespace {
const QByteArray kSeed = QByteArrayLiteral("12345678901234567890");
constexpr int kStep = 60;
constexpr qint64 kNowS = 1700000000; // a fixed instant: the clock is an argument
const qint64 kNowStep = Totp::timeStep(kNowS, kStep);

OtpDeviceState device(int drift = 0, qint64 lastStep = -1)
{
    OtpDeviceState s;
    s.secret = kSeed;
    s.stepSeconds = kStep;
    s.drift = drift;
    s.lastAcceptedStep = lastStep;
    return s;
}

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kT0 = kNowS * 1000;

/// @p count failures, one every @p spacingMs, the last at @p lastAt.
BudgetState failures(int consecutive, int count, qint64 lastAt, qint64 spacingMs)
{
    BudgetState state;
    state.consecutiveFailures = consecutive;
    state.lastFailureAtMs = count > 0 || consecutive > 0 ? lastAt : 0;
    for (int i = 0; i < count; ++i)
        state.recentFailuresMs.append(lastAt - qint64(count - 1 - i) * spacingMs);
    return state;
}

QString codeAtOffset(int offset)
{
    return Totp::hotp(kSeed, quint64(kNowStep + offset));
}
} // namespace

/// The OTP window rules of reference/aidants-connect.md § OTP, with the time injected.
class TestOtpVerifier final : public QObject
{
    Q_OBJECT

private slots:
    void window_data()
    {
        QTest::addColumn<OtpDeviceState>("state");
        QTest::addColumn<int>("tolerance");
        QTest::addColumn<int>("codeOffset"); ///< steps from the nominal current step
        QTest::addColumn<OtpOutcome>("outcome");
        QTest::addColumn<int>("driftAfter");

        const int n = OtpVerifier::kNormalTolerance;
        const int w = OtpVerifier::kWidenedTolerance;
        QTest::newRow("current step") << device() << n << 0 << OtpOutcome::Accepted << 0;
        QTest::newRow("one step late") << device() << n << -1 << OtpOutcome::Accepted << -1;
        QTest::newRow("one step early") << device() << n << 1 << OtpOutcome::Accepted << 1;
        QTest::newRow("two steps late: outside tolerance")
            << device() << n << -2 << OtpOutcome::Rejected << 0;
        QTest::newRow("two steps early: outside tolerance")
            << device() << n << 2 << OtpOutcome::Rejected << 0;
        QTest::newRow("drift +5 recorded: +5 accepted") << device(5) << n << 5 << OtpOutcome::Accepted << 5;
        QTest::newRow("drift +5 recorded: +6 accepted, re-synced")
            << device(5) << n << 6 << OtpOutcome::Accepted << 6;
        QTest::newRow("drift +5 recorded: nominal refused")
            << device(5) << n << 0 << OtpOutcome::Rejected << 5;
        QTest::newRow("narrow: 10 refused") << device() << n << 10 << OtpOutcome::Rejected << 0;
        QTest::newRow("widened to 10") << device() << w << 10 << OtpOutcome::Accepted << 10;
        QTest::newRow("widened to -30") << device() << w << -30 << OtpOutcome::Accepted << -30;
        QTest::newRow("widened: 31 is too far") << device() << w << 31 << OtpOutcome::Rejected << 0;
        QTest::newRow("a larger tolerance is capped at 30")
            << device() << 100 << 31 << OtpOutcome::Rejected << 0;
        QTest::newRow("replay of the last step")
            << device(0, kNowStep) << n << 0 << OtpOutcome::Replayed << 0;
        QTest::newRow("older than the last step")
            << device(0, kNowStep) << n << -1 << OtpOutcome::Replayed << 0;
        QTest::newRow("after the last step") << device(0, kNowStep) << n << 1 << OtpOutcome::Accepted << 1;
    }
    void window()
    {
        QFETCH(OtpDeviceState, state);
        QFETCH(int, tolerance);
        QFETCH(int, codeOffset);
        QFETCH(OtpOutcome, outcome);
        QFETCH(int, driftAfter);
        const OtpCheck check = OtpVerifier::verify(state, codeAtOffset(codeOffset), kNowS * 1000, tolerance);
        QCOMPARE(check.outcome, outcome);
        QCOMPARE(check.state.drift, driftAfter);
        if (outcome == OtpOutcome::Accepted)
            QCOMPARE(check.state.lastAcceptedStep, kNowStep + codeOffset);
        else
            QCOMPARE(check.state.lastAcceptedStep, state.lastAcceptedStep); // a failure changes nothing
    }

    void toleranceAfterFailures_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<int>("tolerance");
        QTest::newRow("0") << 0 << OtpVerifier::kNormalTolerance;
        QTest::newRow("2") << 2 << OtpVerifier::kNormalTolerance;
        QTest::newRow("3") << 3 << OtpVerifier::kWidenedTolerance;
        QTest::newRow("9") << 9 << OtpVerifier::kWidenedTolerance;
        QTest::newRow("10: narrow again") << 10 << OtpVerifier::kNormalTolerance;
        QTest::newRow("50") << 50 << OtpVerifier::kNormalTolerance;
    }
    void toleranceAfterFailures()
    {
        QFETCH(int, failures);
        QFETCH(int, tolerance);
        QCOMPARE(OtpVerifier::toleranceAfter(failures), tolerance);
    }

    /// The attempt budgets of docs/security.md, with the default policies and the time injected.
    void budget_data()
    {
        QTest::addColumn<bool>("unknownClient");
        QTest::addColumn<BudgetState>("state");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("retryAfter");

        // Unknown clients: 5 free failures, then 1 min doubling to 15 min; 100 a day.
        QTest::newRow("unknown: nothing yet") << true << BudgetState() << kT0 << qint64(0);
        QTest::newRow("unknown: 4 failures just now")
            << true << failures(4, 4, kT0, 1000) << kT0 << qint64(0);
        QTest::newRow("unknown: 5th failure waits 1 min")
            << true << failures(5, 5, kT0, 1000) << kT0 << kMinute;
        QTest::newRow("unknown: 5th failure 40 s ago")
            << true << failures(5, 5, kT0 - 40000, 1000) << kT0 << qint64(20000);
        QTest::newRow("unknown: 5th failure 1 min ago")
            << true << failures(5, 5, kT0 - kMinute, 1000) << kT0 << qint64(0);
        QTest::newRow("unknown: 6th failure waits 2 min")
            << true << failures(6, 6, kT0, 1000) << kT0 << 2 * kMinute;
        QTest::newRow("unknown: 8th failure waits 8 min")
            << true << failures(8, 8, kT0, 1000) << kT0 << 8 * kMinute;
        QTest::newRow("unknown: 9th failure capped at 15 min")
            << true << failures(9, 9, kT0, 1000) << kT0 << 15 * kMinute;
        QTest::newRow("unknown: 99th failure still 15 min")
            << true << failures(99, 99, kT0 - 15 * kMinute, 600000) << kT0 << qint64(0);
        // The 100th failure of the sliding day: the next attempt waits until the oldest is 24 h old.
        QTest::newRow("unknown: 100 failures in 24 h")
            << true << failures(100, 100, kT0 - 15 * kMinute, 10 * kMinute) << kT0
            << (kT0 - 15 * kMinute - 99 * 10 * kMinute + LoginBudget::kDayMs) - kT0;
        QTest::newRow("unknown: 100 failures, the oldest just over 24 h ago")
            << true << failures(0, 100, kT0 - 1, LoginBudget::kDayMs / 99 + 1) << kT0 << qint64(0);
        QTest::newRow("unknown: a success resets the back-off, not the day")
            << true << failures(0, 100, kT0 - 15 * kMinute, 10 * kMinute) << kT0
            << (kT0 - 15 * kMinute - 99 * 10 * kMinute + LoginBudget::kDayMs) - kT0;

        // A familiar device: 5 free, then 30 s doubling to 5 min; 100 failures a day.
        QTest::newRow("familiar: 4 failures") << false << failures(4, 0, kT0, 0) << kT0 << qint64(0);
        QTest::newRow("familiar: 5th failure waits 30 s")
            << false << failures(5, 0, kT0, 0) << kT0 << qint64(30000);
        QTest::newRow("familiar: 7th failure waits 2 min")
            << false << failures(7, 0, kT0, 0) << kT0 << 2 * kMinute;
        QTest::newRow("familiar: capped at 5 min")
            << false << failures(1000, 0, kT0, 0) << kT0 << 5 * kMinute;
        QTest::newRow("familiar: 1000 failures, 5 min ago")
            << false << failures(1000, 0, kT0 - 5 * kMinute, 0) << kT0 << qint64(0);
        QTest::newRow("familiar: 99 failures in 24 h")
            << false << failures(0, 99, kT0, 10 * kMinute) << kT0 << qint64(0);
        QTest::newRow("familiar: 100 failures in 24 h")
            << false << failures(0, 100, kT0, 10 * kMinute) << kT0
            << (kT0 - 99 * 10 * kMinute + LoginBudget::kDayMs) - kT0;
    }
    void budget()
    {
        QFETCH(bool, unknownClient);
        QFETCH(BudgetState, state);
        QFETCH(qint64, now);
        QFETCH(qint64, retryAfter);
        const BudgetPolicy policy
            = unknownClient ? LoginBudget::unknownClients() : LoginBudget::familiarDevice();
        QCOMPARE(LoginBudget::retryAfterMs(policy, state, now), retryAfter);
    }

    /// Whatever the attacker's pace, the unknown clients' budget lets at most 100 failures through
    /// in any 24 h (the bound of the probability estimate of docs/security.md).
    void unknownBudgetBoundsADay_data()
    {
        QTest::addColumn<qint64>("spacingMs"); ///< the attacker tries again this long after a failure
        QTest::newRow("as fast as allowed") << qint64(0);
        QTest::newRow("every second") << qint64(1000);
        QTest::newRow("every 16 minutes (never backed off long)") << 16 * kMinute;
    }
    void unknownBudgetBoundsADay()
    {
        QFETCH(qint64, spacingMs);
        const BudgetPolicy policy = LoginBudget::unknownClients();
        BudgetState state;
        qint64 now = kT0;
        int checked = 0;
        const qint64 end = kT0 + 3 * LoginBudget::kDayMs;
        QList<qint64> checkedAt;
        while (now < end) {
            const qint64 wait = LoginBudget::retryAfterMs(policy, state, now);
            if (wait > 0) {
                now += wait;
                continue;
            }
            // A wrong guess, counted.
            ++checked;
            checkedAt.append(now);
            state.consecutiveFailures += 1;
            state.lastFailureAtMs = now;
            state.recentFailuresMs.append(now);
            now += qMax<qint64>(spacingMs, 1);
        }
        // In every sliding 24 h window: at most the daily limit.
        for (int i = 0; i < checkedAt.size(); ++i) {
            int inWindow = 0;
            for (int j = i; j < checkedAt.size() && checkedAt.at(j) < checkedAt.at(i) + LoginBudget::kDayMs;
                 ++j)
                ++inWindow;
            QVERIFY2(inWindow <= policy.dailyLimit, qPrintable(QString::number(inWindow)));
        }
        QVERIFY(checked > 0);
    }

    void alert_data()
    {
        QTest::addColumn<int>("inWindow");
        QTest::addColumn<bool>("dailyLimitReached");
        QTest::addColumn<qint64>("lastAlertAt");
        QTest::addColumn<bool>("alert");
        QTest::newRow("9 failures in 15 min") << 9 << false << qint64(0) << false;
        QTest::newRow("10 failures in 15 min") << 10 << false << qint64(0) << true;
        QTest::newRow("10 failures, alerted 59 min ago") << 10 << false << kT0 - 59 * kMinute << false;
        QTest::newRow("10 failures, alerted 60 min ago") << 10 << false << kT0 - 60 * kMinute << true;
        QTest::newRow("daily limit reached by slow failures") << 1 << true << qint64(0) << true;
        QTest::newRow("daily limit, alerted 10 min ago") << 1 << true << kT0 - 10 * kMinute << false;
    }
    void alert()
    {
        QFETCH(int, inWindow);
        QFETCH(bool, dailyLimitReached);
        QFETCH(qint64, lastAlertAt);
        QFETCH(bool, alert);
        QCOMPARE(
            LoginBudget::shouldAlert(AlertPolicy(), inWindow, dailyLimitReached, lastAlertAt, kT0), alert);
    }

    void wideningNarrowsAfterSuccess()
    {
        // A widened window re-syncs the drift; the next check, narrow again, follows it.
        const OtpCheck widened
            = OtpVerifier::verify(device(), codeAtOffset(12), kNowS * 1000, OtpVerifier::kWidenedTolerance);
        QCOMPARE(widened.outcome, OtpOutcome::Accepted);
        // Next minute, the card is still 12 steps ahead: accepted around the new drift.
        const qint64 later = (kNowS + 60) * 1000;
        const OtpCheck next = OtpVerifier::verify(
            widened.state, Totp::hotp(kSeed, quint64(kNowStep + 13)), later, OtpVerifier::kNormalTolerance);
        QCOMPARE(next.outcome, OtpOutcome::Accepted);
        QCOMPARE(next.state.drift, 12);
    }

    void malformedCodes_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("empty") << QString();
        QTest::newRow("5 digits") << QStringLiteral("12345");
        QTest::newRow("7 digits") << QStringLiteral("1234567");
        QTest::newRow("letters") << QStringLiteral("12a456");
        QTest::newRow("arabic-indic digits") << QStringLiteral("١٢٣٤٥٦");
    }
    void malformedCodes()
    {
        QFETCH(QString, code);
        QVERIFY(!OtpVerifier::isWellFormedCode(code));
        const OtpCheck check = OtpVerifier::verify(device(), code, kNowS * 1000);
        QCOMPARE(check.outcome, OtpOutcome::Rejected);
    }
};

QTEST_GUILESS_MAIN(TestOtpVerifier)
#include "testOtpVerifier.moc"
