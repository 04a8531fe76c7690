#include "referent/ReferentAidantsModel.h"
#include "referent/ReferentText.h"

#include <QAbstractItemModelTester>
#include <QTest>

Q_DECLARE_METATYPE(QList<qint64>)

namespace {

ReferentAidant aidant(qint64 id, const QString &first, const QString &last, const QString &email, bool active)
{
    ReferentAidant a;
    a.id = id;
    a.firstName = first;
    a.lastName = last;
    a.email = email;
    a.active = active;
    a.profession = QStringLiteral("Conseillère numérique");
    return a;
}

QList<ReferentAidant> aidants()
{
    return {
        aidant(1, QStringLiteral("Élodie"), QStringLiteral("ÉVRARD"),
            QStringLiteral("elodie.evrard@fs.example"), true),
        aidant(2, QStringLiteral("Jérôme"), QStringLiteral("Dubinôre"),
            QStringLiteral("j.dubinore@fs.example"), true),
        aidant(3, QStringLiteral("Anaïs"), QStringLiteral("N'Diaye"), QStringLiteral("anais@mairie.example"),
            false),
        aidant(4, QStringLiteral("Paul"), QStringLiteral("Abadie"), QStringLiteral("paul.abadie@fs.example"),
            true),
    };
}

QList<qint64> ids(const QAbstractItemModel &model)
{
    QList<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, 0).data(ReferentAidantsModel::AidantIdRole).toLongLong();
    return result;
}

} // namespace

/// The référent's aidants lists: one model, two filtered views, the accent- and case-insensitive search.
class TestReferentAidantsModel final : public QObject
{
    Q_OBJECT

private slots:
    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QList<qint64>>("active");
        QTest::addColumn<QList<qint64>>("inactive");
        QTest::newRow("empty: everyone, by last name")
            << QString() << QList<qint64> { 4, 2, 1 } << QList<qint64> { 3 };
        QTest::newRow("no accents typed")
            << QStringLiteral("elodie") << QList<qint64> { 1 } << QList<qint64> {};
        QTest::newRow("upper case and accents")
            << QStringLiteral("DUBINÔRE") << QList<qint64> { 2 } << QList<qint64> {};
        QTest::newRow("first and last name")
            << QStringLiteral("jerome dubi") << QList<qint64> { 2 } << QList<qint64> {};
        QTest::newRow("email domain")
            << QStringLiteral("@FS.EXAMPLE") << QList<qint64> { 4, 2, 1 } << QList<qint64> {};
        QTest::newRow("email of an inactive aidant")
            << QStringLiteral("mairie") << QList<qint64> {} << QList<qint64> { 3 };
        QTest::newRow("apostrophe ignored")
            << QStringLiteral("ndiaye") << QList<qint64> {} << QList<qint64> { 3 };
        QTest::newRow("every term must match")
            << QStringLiteral("paul evrard") << QList<qint64> {} << QList<qint64> {};
        QTest::newRow("nothing") << QStringLiteral("zzz") << QList<qint64> {} << QList<qint64> {};
    }

    void search()
    {
        QFETCH(QString, query);
        QFETCH(QList<qint64>, active);
        QFETCH(QList<qint64>, inactive);
        ReferentAidantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ReferentAidantsFilterModel activeFilter(true);
        ReferentAidantsFilterModel inactiveFilter(false);
        activeFilter.setSourceModel(&model);
        inactiveFilter.setSourceModel(&model);
        QAbstractItemModelTester activeTester(
            &activeFilter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAidants(aidants());
        activeFilter.setQuery(query);
        inactiveFilter.setQuery(query);
        QCOMPARE(ids(activeFilter), active);
        QCOMPARE(ids(inactiveFilter), inactive);
    }

    void columns()
    {
        ReferentAidantsModel model;
        QList<ReferentAidant> list = aidants();
        list[0].referent = true;
        list[0].devices
            = { OtpDeviceSummary { 7, QStringLiteral("card"), QStringLiteral("GADT00000002"), false } };
        list[1].devices = { OtpDeviceSummary { 9, QStringLiteral("app"), QString(), true } };
        list[3].devices
            = { OtpDeviceSummary { 8, QStringLiteral("card"), QStringLiteral("GADT00000003"), true } };
        model.setAidants(list);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Nom"));
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Email"));
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Profession"));
        QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), QStringLiteral("Dispositif"));
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Élodie ÉVRARD (référent)"));
        QCOMPARE(model.index(0, 3).data().toString(), QStringLiteral("GADT00000002 (à valider)"));
        QCOMPARE(model.index(1, 3).data().toString(), QStringLiteral("Application"));
        QCOMPARE(model.index(2, 3).data().toString(), QStringLiteral("Aucune"));
        QCOMPARE(model.index(3, 3).data().toString(), QStringLiteral("GADT00000003"));
        QVERIFY(ReferentText::hasConfirmedDevice(list[3]));
        QVERIFY(!ReferentText::hasConfirmedDevice(list[0]));
        QCOMPARE(ReferentText::lastLogin(list[0]), QStringLiteral("Jamais"));
    }
};

QTEST_MAIN(TestReferentAidantsModel)

#include "testReferentAidantsModel.moc"
