// The habilitation status machines and the training offer rule (docs/habilitation.md), data-driven:
// every (status, action) pair, by each actor.
#include "Habilitation.h"

#include <QTest>

using namespace Habilitation;
using namespace Qt::StringLiterals;

class TestHabilitationRules : public QObject
{
    Q_OBJECT

private slots:
    void requestTable_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("to"); // empty: refused
        QTest::addColumn<QString>("actor"); // who may do it

        // The expected table, written out by hand (reference § Espace référent): one line per
        // status, one column per action, in this order.
        const QStringList actions = { u"cancel_by_referent"_s, u"register_training"_s, u"to_processing"_s,
            u"to_processing_p2p"_s, u"refuse"_s, u"validate"_s, u"cancel"_s };
        const QStringList actors
            = { u"referent"_s, u"referent"_s, u"anct"_s, u"anct"_s, u"anct"_s, u"anct"_s, u"anct"_s };
        const QList<QPair<QString, QStringList>> table = {
            { u"waiting_list"_s,
                { u"cancelled_by_referent"_s, u""_s, u"processing"_s, u"processing_p2p"_s, u"refused"_s,
                    u""_s, u"cancelled"_s } },
            { u"new"_s,
                { u"cancelled_by_referent"_s, u""_s, u"processing"_s, u"processing_p2p"_s, u"refused"_s,
                    u""_s, u"cancelled"_s } },
            { u"processing"_s,
                { u"cancelled_by_referent"_s, u"processing"_s, u""_s, u"processing_p2p"_s, u"refused"_s,
                    u"validated"_s, u"cancelled"_s } },
            { u"processing_p2p"_s,
                { u"cancelled_by_referent"_s, u"processing_p2p"_s, u""_s, u""_s, u"refused"_s, u"validated"_s,
                    u"cancelled"_s } },
            { u"validated"_s,
                { u"cancelled_by_referent"_s, u"validated"_s, u""_s, u""_s, u""_s, u""_s, u""_s } },
            { u"refused"_s, { u""_s, u""_s, u""_s, u""_s, u""_s, u""_s, u""_s } },
            { u"cancelled"_s, { u""_s, u""_s, u""_s, u""_s, u""_s, u""_s, u""_s } },
            { u"cancelled_by_referent"_s, { u""_s, u""_s, u""_s, u""_s, u""_s, u""_s, u""_s } },
        };
        QCOMPARE(table.size(), allStatuses().size());
        QCOMPARE(actions.size(), allActions().size());
        for (const auto &[from, outcomes] : table) {
            for (int i = 0; i < actions.size(); ++i) {
                QTest::addRow("%s / %s", qPrintable(from), qPrintable(actions.at(i)))
                    << from << actions.at(i) << outcomes.at(i) << actors.at(i);
            }
        }
    }

    void requestTable()
    {
        QFETCH(QString, from);
        QFETCH(QString, action);
        QFETCH(QString, to);
        QFETCH(QString, actor);
        const auto status = statusFromCode(from);
        const auto act = actionFromCode(action);
        QVERIFY(status && act);
        const Actor expectedActor = actor == QLatin1String("anct") ? Actor::Anct : Actor::Referent;
        const Actor other = expectedActor == Actor::Anct ? Actor::Referent : Actor::Anct;
        QCOMPARE(Habilitation::actor(*act), expectedActor);

        const Transition byActor = apply(*status, *act, expectedActor);
        QCOMPARE(byActor.allowed, !to.isEmpty());
        QVERIFY(byActor.rule.contains(action)); // the rule is named
        if (to.isEmpty()) {
            QCOMPARE(byActor.to, *status); // a refusal changes nothing
            QVERIFY2(byActor.rule.contains(from), qPrintable(byActor.rule));
        } else {
            QCOMPARE(code(byActor.to), to);
        }
        // The other actor may never do it, whatever the status.
        const Transition byOther = apply(*status, *act, other);
        QVERIFY(!byOther.allowed);
        QCOMPARE(byOther.to, *status);
        QVERIFY(byOther.rule.contains(QLatin1String("only")));
        // The référent's buttons are the référent's allowed actions.
        QCOMPARE(referentActions(*status).contains(*act), expectedActor == Actor::Referent && !to.isEmpty());
    }

    void labels_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("label");
        QTest::addColumn<bool>("open");
        QTest::newRow("waiting_list") << u"waiting_list"_s << u"Liste d'attente"_s << true;
        QTest::newRow("new") << u"new"_s << u"Nouvelle"_s << true;
        QTest::newRow("processing") << u"processing"_s << u"Éligibilité validée"_s << true;
        QTest::newRow("processing_p2p") << u"processing_p2p"_s << u"En cours (entre pairs)"_s << true;
        QTest::newRow("validated") << u"validated"_s << u"Validée"_s << true;
        QTest::newRow("refused") << u"refused"_s << u"Refusée"_s << false;
        QTest::newRow("cancelled") << u"cancelled"_s << u"Annulée"_s << false;
        QTest::newRow("cancelled_by_referent")
            << u"cancelled_by_referent"_s << u"Annulée par le référent"_s << false;
    }

    void labels()
    {
        QFETCH(QString, status);
        QFETCH(QString, label);
        QFETCH(bool, open);
        const auto s = statusFromCode(status);
        QVERIFY(s);
        QCOMPARE(Habilitation::label(*s), label);
        QCOMPARE(code(*s), status);
        QCOMPARE(isOpen(*s), open);
    }

    void unknownCodes()
    {
        QVERIFY(!statusFromCode(QStringLiteral("Nouvelle")));
        QVERIFY(!statusFromCode(QString()));
        QVERIFY(!actionFromCode(QStringLiteral("delete")));
        QVERIFY(!changeStatusFromCode(QStringLiteral("processing")));
    }

    void changeTable_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<int>("action");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("label");
        const QList<QPair<QString, QString>> statuses
            = { { u"new"_s, u"Nouvelle"_s }, { u"validated"_s, u"Validée"_s }, { u"refused"_s, u"Refusée"_s },
                  { u"cancelled_by_referent"_s, u"Annulée par le référent"_s } };
        QCOMPARE(statuses.size(), allChangeStatuses().size());
        const QStringList targets = { u"cancelled_by_referent"_s, u"validated"_s, u"refused"_s };
        const QList<ChangeAction> actions = allChangeActions();
        QCOMPARE(actions.size(), 3);
        for (const auto &[from, label] : statuses) {
            for (int i = 0; i < actions.size(); ++i) {
                QTest::addRow("%s / %s", qPrintable(from), qPrintable(code(actions.at(i))))
                    << from << int(actions.at(i))
                    << (from == QLatin1String("new") ? targets.at(i) : QString()) << label;
            }
        }
    }

    void changeTable()
    {
        QFETCH(QString, from);
        QFETCH(int, action);
        QFETCH(QString, to);
        QFETCH(QString, label);
        const auto status = changeStatusFromCode(from);
        QVERIFY(status);
        QCOMPARE(Habilitation::label(*status), label);
        const auto act = ChangeAction(action);
        const Actor expected = act == ChangeAction::CancelByReferent ? Actor::Referent : Actor::Anct;
        QCOMPARE(Habilitation::actor(act), expected);
        const ChangeTransition t = apply(*status, act, expected);
        QCOMPARE(t.allowed, !to.isEmpty());
        QCOMPARE(code(t.to), to.isEmpty() ? from : to);
        QVERIFY(t.rule.contains(code(act)));
        const ChangeTransition other
            = apply(*status, act, expected == Actor::Anct ? Actor::Referent : Actor::Anct);
        QVERIFY(!other.allowed);
        QCOMPARE(other.to, *status);
    }

    void offered_data()
    {
        QTest::addColumn<int>("daysAway");
        QTest::addColumn<int>("attendees");
        QTest::addColumn<int>("max");
        QTest::addColumn<bool>("active");
        QTest::addColumn<bool>("internal");
        QTest::addColumn<bool>("published");
        QTest::addColumn<bool>("offered");
        QTest::newRow("28 days, empty") << 28 << 0 << 10 << true << false << true << true;
        QTest::newRow("27 days, empty") << 27 << 0 << 10 << true << false << true << false;
        QTest::newRow("27 days, 4 attendees") << 27 << 4 << 10 << true << false << true << false;
        QTest::newRow("27 days, 5 attendees") << 27 << 5 << 10 << true << false << true << true;
        QTest::newRow("14 days, 5 attendees") << 14 << 5 << 10 << true << false << true << true;
        QTest::newRow("13 days, 5 attendees") << 13 << 5 << 10 << true << false << true << false;
        QTest::newRow("full") << 60 << 10 << 10 << true << false << true << false;
        QTest::newRow("last seat") << 60 << 9 << 10 << true << false << true << true;
        QTest::newRow("cancelled") << 60 << 0 << 10 << false << false << true << false;
        QTest::newRow("internal") << 60 << 0 << 10 << true << true << true << false;
        QTest::newRow("unpublished") << 60 << 0 << 10 << true << false << false << false;
        QTest::newRow("past") << -1 << 0 << 10 << true << false << true << false;
    }

    void offered()
    {
        QFETCH(int, daysAway);
        QFETCH(int, attendees);
        QFETCH(int, max);
        QFETCH(bool, active);
        QFETCH(bool, internal);
        QFETCH(bool, published);
        QFETCH(bool, offered);
        const QDate today(2026, 12, 7);
        SessionFacts s;
        s.startDate = today.addDays(daysAway);
        s.attendees = attendees;
        s.maxAttendees = max;
        s.active = active;
        s.internalOnly = internal;
        s.published = published;
        QCOMPARE(isOffered(s, today), offered);
    }

    void dates_data()
    {
        QTest::addColumn<QDate>("start");
        QTest::addColumn<QDate>("end");
        QTest::addColumn<QString>("label");
        QTest::newRow("one day") << QDate(2024, 5, 14) << QDate(2024, 5, 14) << u"Le 14 mai 2024"_s;
        QTest::newRow("padded day") << QDate(2024, 6, 4) << QDate(2024, 6, 4) << u"Le 04 juin 2024"_s;
        QTest::newRow("first") << QDate(2024, 6, 1) << QDate() << u"Le 1er juin 2024"_s;
        QTest::newRow("two days") << QDate(2024, 5, 14) << QDate(2024, 5, 15) << u"Du 14 au 15 mai 2024"_s;
        QTest::newRow("across months")
            << QDate(2024, 5, 31) << QDate(2024, 6, 1) << u"Du 31 mai au 1er juin 2024"_s;
        QTest::newRow("across years")
            << QDate(2024, 12, 31) << QDate(2025, 1, 1) << u"Du 31 décembre 2024 au 1er janvier 2025"_s;
    }

    void dates()
    {
        QFETCH(QDate, start);
        QFETCH(QDate, end);
        QFETCH(QString, label);
        QCOMPARE(datesLabel(start, end), label);
    }

    void formatsAndDurations()
    {
        QVERIFY(isValidDuration(7));
        QVERIFY(isValidDuration(14));
        QVERIFY(!isValidDuration(8));
        QVERIFY(!isValidDuration(0));
        QVERIFY(isValidFormat(QStringLiteral("in_person")));
        QVERIFY(isValidFormat(QStringLiteral("remote")));
        QVERIFY(!isValidFormat(QStringLiteral("Présentiel")));
        QCOMPARE(formatLabel(QStringLiteral("in_person")), QStringLiteral("Présentiel"));
        QCOMPARE(formatLabel(QStringLiteral("remote")), QStringLiteral("À distance"));
    }
};

QTEST_APPLESS_MAIN(TestHabilitationRules)
#include "testHabilitationRules.moc"
