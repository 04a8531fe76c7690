#include "OtpVerifier.h"
#include "Totp.h"

#include <QTest>

Q_DECLARE_METATYPE(OtpOutcome)

namespace {
const QByteArray kSeed = QByteArrayLiteral("12345678901234567890");
constexpr int kStep = 60;
constexpr qint64 kNowS = 1700000000; // a fixed instant: the clock is an argument
const qint64 kNowStep = Totp::timeStep(kNowS, kStep);

OtpDeviceState device(int drift = 0, qint64 lastStep = -1, int failures = 0, qint64 throttledUntilMs = 0)
{
    OtpDeviceState s;
    s.secret = kSeed;
    s.stepSeconds = kStep;
    s.drift = drift;
    s.lastAcceptedStep = lastStep;
    s.consecutiveFailures = failures;
    s.throttledUntilMs = throttledUntilMs;
    return s;
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
        QTest::addColumn<int>("codeOffset"); ///< steps from the nominal current step
        QTest::addColumn<OtpOutcome>("outcome");
        QTest::addColumn<int>("driftAfter");

        QTest::newRow("current step") << device() << 0 << OtpOutcome::Accepted << 0;
        QTest::newRow("one step late") << device() << -1 << OtpOutcome::Accepted << -1;
        QTest::newRow("one step early") << device() << 1 << OtpOutcome::Accepted << 1;
        QTest::newRow("two steps late: outside tolerance") << device() << -2 << OtpOutcome::Rejected << 0;
        QTest::newRow("two steps early: outside tolerance") << device() << 2 << OtpOutcome::Rejected << 0;
        QTest::newRow("drift +5 recorded: +5 accepted") << device(5) << 5 << OtpOutcome::Accepted << 5;
        QTest::newRow("drift +5 recorded: +6 accepted, re-synced") << device(5) << 6 << OtpOutcome::Accepted << 6;
        QTest::newRow("drift +5 recorded: nominal refused") << device(5) << 0 << OtpOutcome::Rejected << 5;
        QTest::newRow("2 failures: still narrow") << device(0, -1, 2) << 10 << OtpOutcome::Rejected << 0;
        QTest::newRow("3 failures: widened to 10") << device(0, -1, 3) << 10 << OtpOutcome::Accepted << 10;
        QTest::newRow("3 failures: widened to -30") << device(0, -1, 3) << -30 << OtpOutcome::Accepted << -30;
        QTest::newRow("3 failures: 31 is too far") << device(0, -1, 3) << 31 << OtpOutcome::Rejected << 0;
        QTest::newRow("replay of the last step") << device(0, kNowStep) << 0 << OtpOutcome::Replayed << 0;
        QTest::newRow("older than the last step") << device(0, kNowStep) << -1 << OtpOutcome::Replayed << 0;
        QTest::newRow("after the last step") << device(0, kNowStep) << 1 << OtpOutcome::Accepted << 1;
        QTest::newRow("throttled") << device(0, -1, 1, kNowS * 1000 + 1) << 0 << OtpOutcome::Throttled << 0;
        QTest::newRow("throttle just over") << device(0, -1, 1, kNowS * 1000) << 0 << OtpOutcome::Accepted << 0;
    }
    void window()
    {
        QFETCH(OtpDeviceState, state);
        QFETCH(int, codeOffset);
        QFETCH(OtpOutcome, outcome);
        QFETCH(int, driftAfter);
        const OtpCheck check = OtpVerifier::verify(state, codeAtOffset(codeOffset), kNowS * 1000);
        QCOMPARE(check.outcome, outcome);
        QCOMPARE(check.state.drift, driftAfter);
        if (outcome == OtpOutcome::Accepted) {
            QCOMPARE(check.state.lastAcceptedStep, kNowStep + codeOffset);
            QCOMPARE(check.state.consecutiveFailures, 0);
            QCOMPARE(check.state.throttledUntilMs, qint64(0));
        } else if (outcome == OtpOutcome::Throttled) {
            QCOMPARE(check.state.consecutiveFailures, state.consecutiveFailures); // unchanged
            QCOMPARE(check.state.throttledUntilMs, state.throttledUntilMs);
        } else {
            QCOMPARE(check.state.consecutiveFailures, state.consecutiveFailures + 1);
            QCOMPARE(check.state.lastAcceptedStep, state.lastAcceptedStep);
        }
    }

    void throttleDoubles_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<qint64>("delayMs");
        QTest::newRow("0") << 0 << qint64(0);
        QTest::newRow("1") << 1 << qint64(1000);
        QTest::newRow("2") << 2 << qint64(2000);
        QTest::newRow("3") << 3 << qint64(4000);
        QTest::newRow("10") << 10 << qint64(512000);
        QTest::newRow("capped") << 100 << (qint64(1) << 20) * 1000;
    }
    void throttleDoubles()
    {
        QFETCH(int, failures);
        QFETCH(qint64, delayMs);
        QCOMPARE(OtpVerifier::throttleDelayMs(failures), delayMs);
    }

    void failureSetsThrottle()
    {
        const OtpCheck first = OtpVerifier::verify(device(), codeAtOffset(5), kNowS * 1000);
        QCOMPARE(first.state.throttledUntilMs, kNowS * 1000 + 1000);
        const OtpCheck second = OtpVerifier::verify(first.state, codeAtOffset(5), kNowS * 1000 + 1000);
        QCOMPARE(second.state.consecutiveFailures, 2);
        QCOMPARE(second.state.throttledUntilMs, kNowS * 1000 + 1000 + 2000);
    }

    void wideningNarrowsAfterSuccess()
    {
        // Three failures widen the window; the success re-syncs the drift and narrows it again.
        const OtpCheck widened = OtpVerifier::verify(device(0, -1, 3), codeAtOffset(12), kNowS * 1000);
        QCOMPARE(widened.outcome, OtpOutcome::Accepted);
        QCOMPARE(OtpVerifier::toleranceFor(widened.state), OtpVerifier::kNormalTolerance);
        // Next minute, the card is still 12 steps ahead: accepted around the new drift.
        const qint64 later = (kNowS + 60) * 1000;
        const OtpCheck next = OtpVerifier::verify(widened.state, Totp::hotp(kSeed, quint64(kNowStep + 13)), later);
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
