// bench_search: « Mes mandats » over the offline cache with 50,000 usagers and 100,000 mandats
// (docs/performance.md § Search): applying the synced pages to the encrypted cache, loading the
// usagers (decryption), and the type-ahead search per keystroke, in the model and through the real
// page (filter + view). Not a CTest test: run through the `bench` target.
#include "KeyStore.h"
#include "MemoryKeyStore.h"
#include "OfflineCache.h"
#include "mandats/MandatsPage.h"
#include "mandats/MandatsText.h"
#include "mandats/UsagersModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {
const QStringList kGiven = { QStringLiteral("Joëlle"), QStringLiteral("Angela"), QStringLiteral("Pierre"),
    QStringLiteral("Mélissandre"), QStringLiteral("Anne-Laure"), QStringLiteral("Camille"),
    QStringLiteral("Vincent"), QStringLiteral("Jean"), QStringLiteral("Françoise"), QStringLiteral("Éloïse"),
    QStringLiteral("Zoé"), QStringLiteral("Noël") };
const QStringList kFamily = { QStringLiteral("DUBOIS"), QStringLiteral("MERCIER"),
    QStringLiteral("TROIS-DUPRE"), QStringLiteral("HUCHE"), QStringLiteral("DUBINÔRE"),
    QStringLiteral("LAFORGE"), QStringLiteral("MARTIN"), QStringLiteral("FLEURET"), QStringLiteral("LEFÈVRE"),
    QStringLiteral("GARÇON"), QStringLiteral("BŒUF"), QStringLiteral("N'DIAYE") };
const QStringList kDemarches = { QStringLiteral("papiers"), QStringLiteral("famille"),
    QStringLiteral("social"), QStringLiteral("travail"), QStringLiteral("logement"),
    QStringLiteral("transports"), QStringLiteral("argent"), QStringLiteral("justice"),
    QStringLiteral("etranger"), QStringLiteral("loisirs") };

struct Stats
{
    double p50 = 0, p99 = 0, max = 0;
};

Stats stats(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    if (ms.isEmpty())
        return {};
    return { ms.at(ms.size() / 2), ms.at(qMin(ms.size() - 1, qsizetype(ms.size() * 0.99))), ms.last() };
}
} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("usagers"), QStringLiteral("Usagers."), QStringLiteral("n"),
        QStringLiteral("50000") });
    parser.addOption({ QStringLiteral("mandats"), QStringLiteral("Mandats."), QStringLiteral("n"),
        QStringLiteral("100000") });
    parser.process(app);
    const int usagerCount = parser.value(QStringLiteral("usagers")).toInt();
    const int mandatCount = parser.value(QStringLiteral("mandats")).toInt();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    MemoryKeyStore keys;
    const QByteArray key = keys.loadOrCreate(QStringLiteral("bench")).value();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr qint64 kDay = 24LL * 3600 * 1000;
    QRandomGenerator random(42);

    // The synced pages, as the server sends them (2,000 mandats a page).
    OfflineCache cache(path, key);
    if (!cache.open()) {
        std::fprintf(stderr, "cannot open the cache\n");
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    OrganisationInfo organisation;
    organisation.id = 1;
    organisation.name = QStringLiteral("France Services de Bench");
    int mandatId = 0;
    for (int start = 0; start < mandatCount; start += 2000) {
        SyncPage page;
        page.reset = start == 0;
        page.organisation = organisation;
        page.cursor = QStringLiteral("f.1.0.%1").arg(start + 2000);
        page.serverTimeMs = now;
        QSet<int> usagersOfPage;
        for (int i = start; i < qMin(start + 2000, mandatCount); ++i) {
            MandatInfo m;
            m.id = ++mandatId;
            m.organisation = organisation;
            const int usager = i % usagerCount + 1;
            m.usager.id = usager;
            usagersOfPage.insert(usager);
            m.aidantId = 1;
            m.aidantName = QStringLiteral("Camille Fwolk");
            m.duration = QStringLiteral("LONG");
            m.createdAtMs = now - qint64(random.bounded(700)) * kDay;
            m.expiresAtMs = m.createdAtMs + 365 * kDay;
            m.templateVersion = 1;
            m.attestationHash = QString(64, QLatin1Char('a'));
            m.verifyUrl = QStringLiteral("https://ac.example.fr/verify/%1").arg(m.id);
            for (int d = 0; d < 2; ++d) {
                const QString demarche = kDemarches.at((i + d * 3) % kDemarches.size());
                m.demarches.append(demarche);
                m.autorisations.append(AutorisationInfo {
                    qint64(m.id) * 10 + d, demarche, random.bounded(10) == 0 ? now - 5 * kDay : 0 });
            }
            page.mandats.append(m);
        }
        for (const int id : usagersOfPage) {
            UsagerIdentity u;
            u.id = id;
            u.givenName = kGiven.at(id % kGiven.size());
            u.familyName = kFamily.at((id / kGiven.size()) % kFamily.size()) + QString::number(id);
            u.birthdate = QStringLiteral("19%1-%2-%3")
                              .arg(40 + id % 60)
                              .arg(1 + id % 12, 2, 10, QLatin1Char('0'))
                              .arg(1 + id % 28, 2, 10, QLatin1Char('0'));
            u.gender = QStringLiteral("female");
            u.birthcountry = QStringLiteral("99100");
            u.birthplace = QStringLiteral("75107");
            u.email = QStringLiteral("usager%1@example.fr").arg(id);
            page.usagers.append(u);
        }
        if (!cache.apply(page)) {
            std::fprintf(stderr, "apply failed\n");
            return 1;
        }
    }
    const double applySeconds = timer.nsecsElapsed() / 1e9;

    timer.restart();
    const QList<UsagerSummary> usagers = cache.usagers(now);
    const double loadMs = timer.nsecsElapsed() / 1e6;

    MandatsPage page;
    page.resize(1000, 700);
    page.show();
    timer.restart();
    page.setData(usagers, now);
    app.processEvents();
    const double setDataMs = timer.nsecsElapsed() / 1e6;

    // Type-ahead: each query typed letter by letter, then erased, in the real search field.
    auto *search = page.findChild<QLineEdit *>(QStringLiteral("searchLineEdit"));
    QList<double> keystrokes;
    QList<double> filterOnly; // the model's part (filter + order), as the page times it
    const QStringList queries { QStringLiteral("dubinore"), QStringLiteral("joelle"), QStringLiteral("1992"),
        QStringLiteral("lefevre jean"), QStringLiteral("boeuf"), QStringLiteral("zzz") };
    for (const QString &query : queries) {
        for (int n = 1; n <= query.size(); ++n) {
            timer.restart();
            search->setText(query.left(n));
            const double textMs = timer.nsecsElapsed() / 1e6;
            app.processEvents();
            if (qEnvironmentVariableIsSet(
                    "AC_BENCH_SPLIT")) // per keystroke: the query, then where the time went
                std::fprintf(stderr, "SPLIT %s setText %.2f events %.2f filter %.2f\n",
                    qPrintable(query.left(n)), textMs, timer.nsecsElapsed() / 1e6 - textMs,
                    page.lastFilterMicroseconds() / 1e3);
            keystrokes.append(timer.nsecsElapsed() / 1e6);
            filterOnly.append(page.lastFilterMicroseconds() / 1e3);
        }
        search->clear();
        app.processEvents();
    }
    // The reference, in the same run: Qt's stock QSortFilterProxyModel over the same model and keys,
    // sorted by name, filtering on the normalized key (each query typed letter by letter, then
    // erased), model only (no view), as « Mes mandats » did before issue 15.
    UsagersModel referenceModel;
    referenceModel.setUsagers(usagers, now);
    QSortFilterProxyModel reference;
    reference.setSourceModel(&referenceModel);
    reference.setSortRole(UsagersModel::SortRole);
    reference.setFilterRole(UsagersModel::SearchKeyRole);
    reference.setDynamicSortFilter(true);
    reference.sort(UsagersModel::NameColumn);
    QList<double> referenceKeystrokes;
    for (const QString &query : queries) {
        for (int n = 1; n <= query.size(); ++n) {
            timer.restart();
            reference.setFilterFixedString(MandatsText::normalizeForSearch(query.left(n)));
            referenceKeystrokes.append(timer.nsecsElapsed() / 1e6);
        }
        reference.setFilterFixedString(QString());
    }
    const Stats r = stats(referenceKeystrokes);
    const Stats s = stats(keystrokes);
    const Stats f = stats(filterOnly);
    std::printf("| usagers | mandats | apply to cache s | load usagers ms | page setData ms | keystrokes | "
                "p50 ms | p99 ms | max ms | model p50 ms | model p99 ms |\n");
    std::printf("|--------:|--------:|-----------------:|----------------:|----------------:|-----------:|---"
                "----:|-------:|-------:|-------------:|-------------:|\n");
    std::printf(
        "| %7d | %7d | %16.2f | %15.0f | %15.0f | %10lld | %6.1f | %6.1f | %6.1f | %12.1f | %12.1f |\n",
        int(usagers.size()), mandatCount, applySeconds, loadMs, setDataMs, qint64(keystrokes.size()), s.p50,
        s.p99, s.max, f.p50, f.p99);
    std::printf(
        "(%s build; keystroke = setText on the search field + processEvents: filter, sort and view)\n",
        AC_BENCH_BUILD_TYPE);
    std::printf(
        "reference, same run: QSortFilterProxyModel (model only) p50 %.1f ms, p99 %.1f ms; ours (model "
        "only) p50 %.1f ms, p99 %.1f ms\n",
        r.p50, r.p99, f.p50, f.p99);
    return 0;
}
