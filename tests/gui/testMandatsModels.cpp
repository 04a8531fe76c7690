#include "MandatRules.h"
#include "OfflineCache.h"
#include "mandats/MandatsModel.h"
#include "mandats/MandatsText.h"
#include "mandats/UsagersFilterModel.h"
#include "mandats/UsagersModel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QTest>

namespace {

constexpr qint64 kDay = MandatRules::kDayMs;
const qint64 kNow = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();

struct Counts
{
    int active = 0;
    int expiring = 0;
    int expired = 0;
    int revoked = 0;
    qint64 nextExpiryMs = 0;
};

UsagerSummary usager(qint64 id, const QString &given, const QString &family, const QString &birthdate,
    const Counts &counts, const QString &preferred = QString())
{
    UsagerSummary s;
    s.usager.id = id;
    s.usager.givenName = given;
    s.usager.familyName = family;
    s.usager.preferredUsername = preferred;
    s.usager.birthdate = birthdate;
    s.activeMandats = counts.active;
    s.expiringSoonMandats = counts.expiring;
    s.expiredMandats = counts.expired;
    s.revokedMandats = counts.revoked;
    s.nextExpiryMs = counts.nextExpiryMs;
    // What the offline cache puts there: names and birthdate, normalized (empty is fine too).
    s.searchKey = MandatsText::normalizeForSearch(given + QLatin1Char(' ') + family);
    return s;
}

/// A small organisation: accents, presumed birthdates, a preferred name, every state.
QList<UsagerSummary> usagers()
{
    return {
        usager(1, QStringLiteral("Joëlle"), QStringLiteral("DUBINÔRE"), QStringLiteral("1992-11-00"),
            { 1, 1, 0, 0, kNow + 10 * kDay }),
        usager(2, QStringLiteral("Angela Claire Louise"), QStringLiteral("DUBOIS"),
            QStringLiteral("1962-08-24"), { 2, 0, 0, 0, kNow + 200 * kDay }),
        usager(3, QStringLiteral("Élodie"), QStringLiteral("EVRARD"), QStringLiteral("1985-03-12"),
            { 0, 0, 1, 0, 0 }),
        usager(4, QStringLiteral("Jean-Pierre"), QStringLiteral("N'DIAYE"), QStringLiteral("1992-00-00"),
            { 0, 0, 0, 1, 0 }),
        usager(5, QStringLiteral("Zoé"), QStringLiteral("ABADIE"), QStringLiteral("2001-01-15"),
            { 1, 1, 1, 0, kNow + 29 * kDay }, QStringLiteral("MARTIN")),
        usager(6, QStringLiteral("Émile"), QStringLiteral("ÉTIENNE"), QStringLiteral("1950-05-05"),
            { 1, 0, 0, 0, kNow + 100 * kDay }),
        usager(7, QStringLiteral("Paul"), QStringLiteral("ZOLA"), QStringLiteral("1977-07-07"),
            { 1, 0, 0, 0, kNow + 300 * kDay }),
        usager(8, QStringLiteral("Anne"), QStringLiteral("EBERT"), QStringLiteral("1988-02-29"),
            { 1, 0, 0, 0, kNow + 60 * kDay }),
    };
}

MandatInfo mandat(qint64 id, qint64 createdAtMs, const QString &duration, const QStringList &demarches)
{
    MandatInfo m;
    m.id = id;
    m.aidantName = QStringLiteral("Camille Fwolk");
    m.usager.id = 2;
    m.usager.givenName = QStringLiteral("Angela Claire Louise");
    m.usager.familyName = QStringLiteral("DUBOIS");
    m.duration = duration;
    m.createdAtMs = createdAtMs;
    m.expiresAtMs = createdAtMs + MandatDurations::find(duration)->days * kDay;
    qint64 autorisationId = id * 100;
    for (const QString &code : demarches) {
        AutorisationInfo a;
        a.id = ++autorisationId;
        a.demarche = code;
        m.autorisations.append(a);
        m.demarches.append(code);
    }
    return m;
}

/// Active (one démarche revoked), expired, revoked, and hidden (expired for more than a year).
QList<MandatInfo> mandats()
{
    MandatInfo active = mandat(10, kNow - 20 * kDay, QStringLiteral("LONG"),
        { QStringLiteral("papiers"), QStringLiteral("social"), QStringLiteral("argent") });
    active.autorisations[1].revokedAtMs = kNow - 3 * kDay;
    MandatInfo expired
        = mandat(11, kNow - 100 * kDay, QStringLiteral("MONTH"), { QStringLiteral("logement") });
    MandatInfo revoked = mandat(12, kNow - 50 * kDay, QStringLiteral("SEMESTER"),
        { QStringLiteral("justice"), QStringLiteral("famille") });
    revoked.autorisations[0].revokedAtMs = kNow - 40 * kDay;
    revoked.autorisations[1].revokedAtMs = kNow - 30 * kDay;
    MandatInfo hidden = mandat(13, kNow - 500 * kDay, QStringLiteral("SHORT"), { QStringLiteral("papiers") });
    return { expired, hidden, active, revoked };
}

QList<qint64> ids(const QAbstractItemModel &model)
{
    QList<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, 0).data(UsagersModel::UsagerIdRole).toLongLong();
    std::sort(result.begin(), result.end());
    return result;
}

} // namespace

/// The models of « Mes mandats »: usagers, type-ahead search and state filter, mandats of an usager.
class TestMandatsModels final : public QObject
{
    Q_OBJECT

private slots:
    void usagersModelIsConsistent()
    {
        UsagersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setUsagers(usagers(), kNow);
        QCOMPARE(model.rowCount(), 8);
        model.setUsagers({}, kNow);
        QCOMPARE(model.rowCount(), 0);
        model.setUsagers(usagers().mid(0, 3), kNow);
        QCOMPARE(model.rowCount(), 3);
    }

    void usagersModelTexts()
    {
        UsagersModel model;
        model.setUsagers(usagers(), kNow);
        auto text = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role).toString();
        };
        QCOMPARE(text(0, UsagersModel::NameColumn), QStringLiteral("DUBINÔRE Joëlle"));
        QCOMPARE(text(0, UsagersModel::BirthdateColumn), QStringLiteral("novembre 1992"));
        QCOMPARE(text(1, UsagersModel::BirthdateColumn), QStringLiteral("24/08/1962"));
        QCOMPARE(text(1, UsagersModel::BirthdateColumn, Qt::AccessibleTextRole),
            QStringLiteral("Date de naissance : 24 août 1962"));
        QCOMPARE(text(3, UsagersModel::BirthdateColumn), QStringLiteral("1992"));
        QCOMPARE(text(4, UsagersModel::NameColumn), QStringLiteral("ABADIE Zoé (MARTIN)"));
        QCOMPARE(text(0, UsagersModel::MandatsColumn), QStringLiteral("1 actif"));
        QCOMPARE(text(1, UsagersModel::MandatsColumn), QStringLiteral("2 actifs"));
        QCOMPARE(text(4, UsagersModel::MandatsColumn), QStringLiteral("1 actif, 1 expiré"));
        QCOMPARE(text(3, UsagersModel::MandatsColumn), QStringLiteral("1 révoqué"));
        QCOMPARE(text(0, UsagersModel::NextExpiryColumn), QStringLiteral("03/12/2026 (dans 10 jours)"));
        QCOMPARE(text(1, UsagersModel::NextExpiryColumn), QStringLiteral("11/06/2027"));
        QCOMPARE(text(2, UsagersModel::NextExpiryColumn), QStringLiteral("—"));
        QCOMPARE(model.index(4, 0).data(UsagersModel::UsagerIdRole).toLongLong(), 5);
        QCOMPARE(text(0, 0, UsagersModel::SearchKeyRole).contains(QStringLiteral("joelle dubinore")), true);
        QCOMPARE(
            model.headerData(UsagersModel::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Nom"));
    }

    void normalizeForSearch_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("accents") << QStringLiteral("Joëlle DUBINÔRE") << QStringLiteral("joelle dubinore");
        QTest::newRow("apostrophe joins") << QStringLiteral("N'Diaye") << QStringLiteral("ndiaye");
        QTest::newRow("hyphen splits") << QStringLiteral("Jean-Pierre") << QStringLiteral("jean pierre");
        QTest::newRow("ligature") << QStringLiteral("Lætitia Œuvray") << QStringLiteral("laetitia oeuvray");
        QTest::newRow("spaces") << QStringLiteral("  a   b  ") << QStringLiteral("a b");
        QTest::newRow("date") << QStringLiteral("24/08/1962") << QStringLiteral("24 08 1962");
    }

    void normalizeForSearch()
    {
        QFETCH(QString, text);
        QFETCH(QString, normalized);
        QCOMPARE(MandatsText::normalizeForSearch(text), normalized);
    }

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("joelle") << QStringLiteral("joelle") << QList<qint64> { 1 };
        QTest::newRow("JOËLLE") << QStringLiteral("JOËLLE") << QList<qint64> { 1 };
        QTest::newRow("dubinore") << QStringLiteral("dubinore") << QList<qint64> { 1 };
        QTest::newRow("dubinore joel") << QStringLiteral("dubinore joel") << QList<qint64> { 1 };
        QTest::newRow("terms in any order") << QStringLiteral("joel DUBIN") << QList<qint64> { 1 };
        QTest::newRow("dub") << QStringLiteral("dub") << QList<qint64> { 1, 2 };
        QTest::newRow("1992") << QStringLiteral("1992") << QList<qint64> { 1, 4 };
        QTest::newRow("french birthdate") << QStringLiteral("24/08/1962") << QList<qint64> { 2 };
        QTest::newRow("presumed month") << QStringLiteral("novembre") << QList<qint64> { 1 };
        QTest::newRow("preferred name") << QStringLiteral("martin") << QList<qint64> { 5 };
        QTest::newRow("apostrophe") << QStringLiteral("ndiaye") << QList<qint64> { 4 };
        QTest::newRow("hyphen") << QStringLiteral("jean-pierre") << QList<qint64> { 4 };
        QTest::newRow("nothing matches") << QStringLiteral("xyzzy") << QList<qint64> {};
        QTest::newRow("one term does not match") << QStringLiteral("dubinore zola") << QList<qint64> {};
        QTest::newRow("empty query: all") << QString() << QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8 };
        QTest::newRow("spaces only: all")
            << QStringLiteral("   ") << QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8 };
    }

    void search()
    {
        QFETCH(QString, query);
        QFETCH(QList<qint64>, expected);
        UsagersModel model;
        UsagersFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setUsagers(usagers(), kNow);
        filter.setQuery(query);
        QCOMPARE(ids(filter), expected);
        // And back to everyone.
        filter.setQuery(QString());
        QCOMPARE(filter.rowCount(), 8);
    }

    void stateFilter_data()
    {
        using Filter = UsagersFilterModel::StateFilter;
        QTest::addColumn<Filter>("stateFilter");
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("Tous") << Filter::All << kNow << QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8 };
        QTest::newRow("Actifs") << Filter::Active << kNow << QList<qint64> { 1, 2, 5, 6, 7, 8 };
        QTest::newRow("Expirant sous 30 jours") << Filter::ExpiringSoon << kNow << QList<qint64> { 1, 5 };
        QTest::newRow("Expirant, 15 days later")
            << Filter::ExpiringSoon << kNow + 15 * kDay << QList<qint64> { 5 };
        QTest::newRow("Expirant, 40 days later")
            << Filter::ExpiringSoon << kNow + 40 * kDay << QList<qint64> { 8 };
        QTest::newRow("Expirant, no time: counts")
            << Filter::ExpiringSoon << qint64(0) << QList<qint64> { 1, 5 };
        QTest::newRow("Expirés") << Filter::Expired << kNow << QList<qint64> { 3, 5 };
        QTest::newRow("Révoqués") << Filter::Revoked << kNow << QList<qint64> { 4 };
    }

    void stateFilter()
    {
        QFETCH(UsagersFilterModel::StateFilter, stateFilter);
        QFETCH(qint64, nowMs);
        QFETCH(QList<qint64>, expected);
        UsagersModel model;
        UsagersFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setUsagers(usagers(), kNow);
        filter.setNowMs(nowMs);
        filter.setStateFilter(stateFilter);
        QCOMPARE(ids(filter), expected);
    }

    /// Typing narrows from the rows shown, erasing widens from all: each step must equal a fresh filter
    /// of the same query, in the same order, under every sort.
    void typingEqualsAFreshFilter_data()
    {
        QTest::addColumn<int>("sortColumn");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::addColumn<QString>("query");
        for (const QString &query : { QStringLiteral("dubois angela"), QStringLiteral("1992 du"),
                 QStringLiteral("é z"), QStringLiteral("ab  ba") }) {
            QTest::addRow("source order, %s", qPrintable(query)) << -1 << Qt::AscendingOrder << query;
            QTest::addRow("name ascending, %s", qPrintable(query))
                << int(UsagersModel::NameColumn) << Qt::AscendingOrder << query;
            QTest::addRow("name descending, %s", qPrintable(query))
                << int(UsagersModel::NameColumn) << Qt::DescendingOrder << query;
            QTest::addRow("expiry descending, %s", qPrintable(query))
                << int(UsagersModel::NextExpiryColumn) << Qt::DescendingOrder << query;
        }
    }

    void typingEqualsAFreshFilter()
    {
        QFETCH(int, sortColumn);
        QFETCH(Qt::SortOrder, order);
        QFETCH(QString, query);
        UsagersModel model;
        UsagersFilterModel typed;
        typed.setSourceModel(&model);
        QAbstractItemModelTester tester(&typed, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setUsagers(usagers(), kNow);
        typed.sort(sortColumn, order);
        const auto rowsOf = [](const QAbstractItemModel &m) {
            QList<qint64> result; // in display order
            for (int row = 0; row < m.rowCount(); ++row)
                result << m.index(row, 0).data(UsagersModel::UsagerIdRole).toLongLong();
            return result;
        };
        QStringList steps;
        for (int n = 1; n <= query.size(); ++n)
            steps << query.left(n);
        for (int n = query.size() - 1; n >= 0; --n)
            steps << query.left(n);
        for (const QString &step : std::as_const(steps)) {
            typed.setQuery(step);
            UsagersFilterModel fresh;
            fresh.setSourceModel(&model);
            fresh.sort(sortColumn, order);
            fresh.setQuery(step);
            QCOMPARE(rowsOf(typed), rowsOf(fresh));
        }
        QCOMPARE(typed.rowCount(), model.rowCount());
    }

    /// The current row follows its usager when a keystroke moves it, and is cleared when it is filtered out.
    void currentRowFollowsItsUsager()
    {
        UsagersModel model;
        UsagersFilterModel filter;
        filter.setSourceModel(&model);
        model.setUsagers(usagers(), kNow);
        filter.sort(UsagersModel::NameColumn, Qt::AscendingOrder);
        const int last = filter.rowCount() - 1;
        const QPersistentModelIndex current(filter.index(last, 1));
        const qint64 usager = current.data(UsagersModel::UsagerIdRole).toLongLong();
        const QString family = filter.index(last, 0).data().toString().section(QLatin1Char(' '), 0, 0);
        filter.setQuery(family);
        QVERIFY(current.isValid());
        QVERIFY(current.row() < last);
        QCOMPARE(current.column(), 1);
        QCOMPARE(current.data(UsagersModel::UsagerIdRole).toLongLong(), usager);
        filter.setQuery(QStringLiteral("zzzz"));
        QVERIFY(!current.isValid());
    }

    void searchAndStateFilterCombine()
    {
        UsagersModel model;
        UsagersFilterModel filter;
        filter.setSourceModel(&model);
        model.setUsagers(usagers(), kNow);
        filter.setNowMs(kNow);
        filter.setQuery(QStringLiteral("1992"));
        filter.setStateFilter(UsagersFilterModel::StateFilter::Revoked);
        QCOMPARE(ids(filter), QList<qint64> { 4 });
        // A reset keeps the query and the filter.
        model.setUsagers(usagers().mid(0, 2), kNow);
        QCOMPARE(filter.rowCount(), 0);
        model.setUsagers(usagers(), kNow);
        QCOMPARE(ids(filter), QList<qint64> { 4 });
    }

    void sortsByNameInFrenchCollation()
    {
        UsagersModel model;
        UsagersFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setUsagers(usagers(), kNow);
        filter.sort(UsagersModel::NameColumn, Qt::AscendingOrder);
        QStringList families;
        for (int row = 0; row < filter.rowCount(); ++row)
            families << filter.index(row, 0).data().toString().section(QLatin1Char(' '), 0, 0);
        // É sorts with E (between EBERT and EVRARD), not after Z.
        QCOMPARE(families,
            QStringList({ QStringLiteral("ABADIE"), QStringLiteral("DUBINÔRE"), QStringLiteral("DUBOIS"),
                QStringLiteral("EBERT"), QStringLiteral("ÉTIENNE"), QStringLiteral("EVRARD"),
                QStringLiteral("N'DIAYE"), QStringLiteral("ZOLA") }));
        filter.sort(UsagersModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, 0).data().toString(), QStringLiteral("ZOLA Paul"));

        // Family name first, then the given name.
        QList<UsagerSummary> list = usagers();
        list << usager(9, QStringLiteral("Zoé"), QStringLiteral("DUBOIS"), QStringLiteral("1990-01-01"), {})
             << usager(
                    10, QStringLiteral("Anna"), QStringLiteral("DUBOISE"), QStringLiteral("1990-01-01"), {});
        model.setUsagers(list, kNow);
        filter.sort(UsagersModel::NameColumn, Qt::AscendingOrder);
        QStringList names;
        for (int row = 0; row < filter.rowCount(); ++row)
            names << filter.index(row, 0).data().toString();
        QVERIFY(names.indexOf(QStringLiteral("DUBOIS Zoé")) < names.indexOf(QStringLiteral("DUBOISE Anna")));
        QVERIFY(names.indexOf(QStringLiteral("DUBOIS Angela Claire Louise"))
            < names.indexOf(QStringLiteral("DUBOIS Zoé")));
    }

    void sortsByNextExpiry()
    {
        UsagersModel model;
        UsagersFilterModel filter;
        filter.setSourceModel(&model);
        model.setUsagers(usagers(), kNow);
        filter.sort(UsagersModel::NextExpiryColumn, Qt::AscendingOrder);
        QCOMPARE(filter.index(0, 0).data(UsagersModel::UsagerIdRole).toLongLong(), 1);
        QCOMPARE(filter.index(1, 0).data(UsagersModel::UsagerIdRole).toLongLong(), 5);
        // Without an active mandat: last.
        QCOMPARE(filter.index(7, UsagersModel::NextExpiryColumn).data().toString(), QStringLiteral("—"));
    }

    void mandatsModelIsConsistent()
    {
        MandatsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setMandats(mandats(), kNow);
        model.setMandats({}, kNow);
        model.setMandats(mandats().mid(2), kNow);
        model.setMandats(mandats(), kNow);
        QCOMPARE(model.rowCount(), 3);
    }

    void mandatsModelTree()
    {
        MandatsModel model;
        model.setMandats(mandats(), kNow);
        // Newest first, the hidden one left out.
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data(MandatsModel::MandatIdRole).toLongLong(), 10);
        QCOMPARE(model.index(1, 0).data(MandatsModel::MandatIdRole).toLongLong(), 12);
        QCOMPARE(model.index(2, 0).data(MandatsModel::MandatIdRole).toLongLong(), 11);
        QVERIFY(!model.indexOf(13).isValid());

        const QModelIndex active = model.index(0, 0);
        QCOMPARE(active.data().toString(), QStringLiteral("Mandat (3 démarches)"));
        QCOMPARE(model.index(0, MandatsModel::StateColumn).data().toString(), QStringLiteral("Actif"));
        QCOMPARE(model.index(0, MandatsModel::CreatedColumn).data().toString(), QStringLiteral("03/11/2026"));
        QCOMPARE(model.index(0, MandatsModel::ExpiryColumn).data().toString(), QStringLiteral("03/11/2027"));
        QCOMPARE(model.index(0, MandatsModel::DurationColumn).data().toString(),
            QStringLiteral("Mandat long (12 mois)"));
        QCOMPARE(
            model.index(0, MandatsModel::AidantColumn).data().toString(), QStringLiteral("Camille Fwolk"));
        QCOMPARE(model.index(1, MandatsModel::StateColumn).data().toString(), QStringLiteral("Révoqué"));
        QCOMPARE(model.index(2, MandatsModel::StateColumn).data().toString(), QStringLiteral("Expiré"));

        QCOMPARE(model.rowCount(active), 3);
        QCOMPARE(
            model.index(0, 0, active).data().toString(), QStringLiteral("Papiers - Citoyenneté - Élections"));
        QCOMPARE(
            model.index(0, MandatsModel::StateColumn, active).data().toString(), QStringLiteral("Active"));
        QCOMPARE(model.index(1, MandatsModel::StateColumn, active).data().toString(),
            QStringLiteral("Révoquée le 20/11/2026"));
        QCOMPARE(model.index(1, 0, active).data(MandatsModel::AutorisationIdRole).toLongLong(), 1002);
        QCOMPARE(model.index(1, 0, active).data(MandatsModel::MandatIdRole).toLongLong(), 10);
        QCOMPARE(model.index(0, MandatsModel::StateColumn, model.index(2, 0)).data().toString(),
            QStringLiteral("Expirée"));

        QCOMPARE(model.parent(model.index(2, 0, active)), active);
        QCOMPARE(model.mandatAt(model.index(2, 0, active))->id, 10);
        QCOMPARE(model.autorisationAt(model.index(2, 0, active))->demarche, QStringLiteral("argent"));
        QCOMPARE(model.autorisationAt(active), nullptr);
        QCOMPARE(model.indexOf(10, 1003), model.index(2, 0, active));
    }
};

QTEST_GUILESS_MAIN(TestMandatsModels)
#include "testMandatsModels.moc"
