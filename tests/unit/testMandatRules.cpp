// The states of a mandat (reference/aidants-connect.md § Mandat and autorisations), data-driven.
#include "MandatRules.h"

#include <QTest>

using MandatRules::State;

class TestMandatRules : public QObject
{
    Q_OBJECT

    static constexpr qint64 kNow = 1800000000000;
    static constexpr qint64 kDay = MandatRules::kDayMs;

private slots:
    void rules_data()
    {
        QTest::addColumn<qint64>("expiresAt"); // relative to now
        QTest::addColumn<QList<qint64>>("revoked"); // per autorisation, relative to now; 1 = not revoked
        QTest::addColumn<int>("state");
        QTest::addColumn<bool>("hidden");
        QTest::addColumn<bool>("renewable");
        QTest::addColumn<bool>("expiringSoon");
        QTest::addColumn<bool>("canRevokeFirst");

        const qint64 no = 1;
        QTest::newRow("active") << 100 * kDay << QList<qint64> { no, no } << int(State::Active) << false
                                << true << false << true;
        QTest::newRow("active, expiring in 30 days")
            << 30 * kDay << QList<qint64> { no } << int(State::Active) << false << true << true << true;
        QTest::newRow("active, expiring in 31 days")
            << 31 * kDay << QList<qint64> { no } << int(State::Active) << false << true << false << true;
        QTest::newRow("one of two revoked") << 100 * kDay << QList<qint64> { -kDay, no } << int(State::Active)
                                            << false << true << false << false;
        QTest::newRow("expires exactly now")
            << 0LL << QList<qint64> { no } << int(State::Expired) << false << true << false << false;
        QTest::newRow("expired yesterday")
            << -kDay << QList<qint64> { no } << int(State::Expired) << false << true << false << false;
        QTest::newRow("expired 365 days ago")
            << -365 * kDay << QList<qint64> { no } << int(State::Expired) << false << true << false << false;
        QTest::newRow("expired 366 days ago")
            << -366 * kDay << QList<qint64> { no } << int(State::Expired) << true << false << false << false;
        QTest::newRow("all revoked") << 100 * kDay << QList<qint64> { -kDay, -2 * kDay }
                                     << int(State::Revoked) << false << true << false << false;
        QTest::newRow("revoked 366 days ago") << 100 * kDay << QList<qint64> { -366 * kDay }
                                              << int(State::Revoked) << true << false << false << false;
        QTest::newRow("revoked long ago, last one recently")
            << 100 * kDay << QList<qint64> { -400 * kDay, -10 * kDay } << int(State::Revoked) << false << true
            << false << false;
        QTest::newRow("revoked after it expired 400 days ago")
            << -400 * kDay << QList<qint64> { -10 * kDay } << int(State::Revoked) << true << false << false
            << false;
    }

    void rules()
    {
        QFETCH(qint64, expiresAt);
        QFETCH(QList<qint64>, revoked);
        QFETCH(int, state);
        QFETCH(bool, hidden);
        QFETCH(bool, renewable);
        QFETCH(bool, expiringSoon);
        QFETCH(bool, canRevokeFirst);
        MandatInfo m;
        m.createdAtMs = kNow - 400 * kDay;
        m.expiresAtMs = kNow + expiresAt;
        for (qsizetype i = 0; i < revoked.size(); ++i)
            m.autorisations.append(AutorisationInfo {
                i + 1, QStringLiteral("papiers"), revoked[i] == 1 ? 0 : kNow + revoked[i] });
        QCOMPARE(int(MandatRules::state(m, kNow)), state);
        QCOMPARE(MandatRules::isHidden(m, kNow), hidden);
        QCOMPARE(MandatRules::isRenewable(m, kNow), renewable);
        QCOMPARE(MandatRules::isExpiringSoon(m, kNow), expiringSoon);
        QCOMPARE(MandatRules::canRevoke(m, m.autorisations.first(), kNow), canRevokeFirst);
        QVERIFY(!MandatRules::stateLabel(State(state)).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestMandatRules)
#include "testMandatRules.moc"
