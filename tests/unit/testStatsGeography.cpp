#include "StatsService.h"

#include <QtTest>

/// The statistics' geography (docs/stats.md § Scopes): postcode → département → région, and the
/// filters' codes.
class TestStatsGeography : public QObject
{
    Q_OBJECT

private slots:
    void departementOfPostcode_data()
    {
        QTest::addColumn<QString>("postcode");
        QTest::addColumn<QString>("departement");
        QTest::addColumn<QString>("region");
        const auto row = [](const char *postcode, const char *departement, const char *region) {
            QTest::newRow(postcode) << QString::fromLatin1(postcode) << QString::fromLatin1(departement)
                                    << QString::fromLatin1(region);
        };
        row("75011", "75", "11");
        row("01000", "01", "84");
        row("93100", "93", "11");
        row("34400", "34", "76");
        row("59000", "59", "32");
        row("95000", "95", "11");
        row("20000", "2A", "94"); // Ajaccio
        row("20190", "2A", "94");
        row("20200", "2B", "94"); // Bastia
        row("20600", "2B", "94");
        row("2A004", "2A", "94");
        row("2B033", "2B", "94");
        row("97110", "971", "01"); // Guadeloupe
        row("97200", "972", "02");
        row("97300", "973", "03");
        row("97400", "974", "04");
        row("97500", "975", ""); // Saint-Pierre-et-Miquelon: no région
        row("97600", "976", "06"); // Mayotte
        row("97700", "", ""); // Saint-Barthélemy
        row("98000", "", ""); // Monaco
        row("98800", "", ""); // Nouvelle-Calédonie
        row("00100", "", "");
        row("96000", "", "");
        row("", "", "");
        row("7501", "", "");
        row("750111", "", "");
        row("75O11", "", "");
        row(" 75011 ", "75", "11");
    }
    void departementOfPostcode()
    {
        QFETCH(QString, postcode);
        QFETCH(QString, departement);
        QFETCH(QString, region);
        QCOMPARE(StatsGeography::departementOfPostcode(postcode), departement);
        QCOMPARE(StatsGeography::regionOfDepartement(departement), region);
        if (!departement.isEmpty())
            QVERIFY(StatsGeography::isDepartement(departement));
        if (!region.isEmpty())
            QVERIFY(StatsGeography::isRegion(region));
    }

    void everyDepartementOnce()
    {
        // 96 of metropolitan France (01–95 without 20, with 2A and 2B) and 6 overseas (971–976).
        const QStringList departements = StatsGeography::departements();
        QCOMPARE(departements.size(), 96 + 6);
        QCOMPARE(QSet<QString>(departements.begin(), departements.end()).size(), departements.size());
        QVERIFY(!StatsGeography::isDepartement(QStringLiteral("20")));
        // Every région has départements and a name; every département but 975 has a région.
        const QStringList regions = StatsGeography::regions();
        QCOMPARE(regions.size(), 18);
        for (const QString &r : regions) {
            QVERIFY(!StatsGeography::regionName(r).isEmpty());
            QVERIFY(std::any_of(departements.begin(), departements.end(),
                [&r](const QString &d) { return StatsGeography::regionOfDepartement(d) == r; }));
        }
        for (const QString &d : departements) {
            if (d != QLatin1String("975"))
                QVERIFY2(regions.contains(StatsGeography::regionOfDepartement(d)), qPrintable(d));
        }
        QCOMPARE(StatsGeography::regionName(QStringLiteral("11")), QStringLiteral("Île-de-France"));
    }
};

QTEST_GUILESS_MAIN(TestStatsGeography)
#include "testStatsGeography.moc"
