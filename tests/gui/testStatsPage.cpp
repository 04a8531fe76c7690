#include "ApiClient.h"
#include "CsvReader.h"
#include "Demarches.h"
#include "GuiTestSupport.h"
#include "MemoryKeyStore.h"
#include "PageHelpers.h"
#include "Session.h"
#include "mandats/MandatsController.h"
#include "stats/StatsPage.h"
#include "stats/StatsTableModel.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrlQuery>

#include <optional>

namespace {

constexpr int kTimeoutMs = 15000;

using GuiTest::child;

/// Keyboard only: focus the widget, then Space.
void press(QWidget *widget)
{
    QVERIFY2(widget->isVisible(), qPrintable(widget->objectName()));
    QVERIFY2(widget->isEnabled(), qPrintable(widget->objectName()));
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_Space);
}

/// The figures of a statistics answer, without the time they were counted at (a snapshot counted
/// again is the same figures).
QJsonObject withoutTime(QJsonObject json)
{
    json.remove(QStringLiteral("computed_at_ms"));
    return json;
}

} // namespace

/// « Statistiques » end to end against a real server, keyboard only: an aidant opens it from the
/// home page and sees the server's figures, the chart and the table agree, the table is exported to
/// CSV, an unreachable server is said as an error (never zeros); a référent switches to their
/// organisations' figures.
class TestStatsPage final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;
    QTemporaryDir m_configDir;
    QTemporaryDir m_work;
    std::unique_ptr<MainWindow> m_window;
    TestServer::Account m_referent;
    qint64 m_otherOrganisationId = 0;

    StatsPage *page() const { return m_window->statsPage(); }
    QWidget *home() const { return m_window->findChild<QWidget *>(QStringLiteral("HomePage")); }

    /// The server's answer to the test's own request (200 expected).
    QJsonObject fromServer(const QString &path, const QString &token = {})
    {
        const TestServer::HttpResult result = m_server->request("GET", path, {}, token);
        if (result.status != 200)
            qWarning() << path << "answered" << result.status << result.body;
        return result.status == 200 ? result.json : QJsonObject();
    }

    /// Waits until the server's public snapshot was counted after everything the test set up.
    void waitForFreshSnapshot()
    {
        const qint64 setUpAt = QDateTime::currentMSecsSinceEpoch();
        QTRY_VERIFY_WITH_TIMEOUT(
            fromServer(QStringLiteral("/api/v1/stats")).value(QStringLiteral("computed_at_ms")).toInteger()
                > setUpAt,
            kTimeoutMs);
    }

    /// From the home page, keyboard only, to the figures of France entière.
    void openStats()
    {
        QTRY_VERIFY_WITH_TIMEOUT(home()->isVisible(), kTimeoutMs);
        auto *tile = child<QPushButton>(home(), "statsPushButton");
        QCOMPARE(tile->accessibleName(), QStringLiteral("Statistiques"));
        press(tile);
        QTRY_VERIFY(page()->isVisible());
        QCOMPARE(m_window->windowTitle(), QStringLiteral("Statistiques"));
        QTRY_VERIFY_WITH_TIMEOUT(page()->model()->hasFigures(), kTimeoutMs);
        QCOMPARE(page()->organisationId(), qint64(0));
    }

    /// The page shows @p json, the server's answer: the key figures, the table and the chart.
    void checkShows(const QJsonObject &json)
    {
        QVERIFY(!json.isEmpty());
        QVERIFY(child<QWidget>(page(), "figuresWidget")->isVisible());
        QVERIFY(!child<QLabel>(page(), "errorLabel")->isVisible());
        StatsTableModel *model = page()->model();
        QCOMPARE(model->figures().scope, json.value(QStringLiteral("scope")).toString());

        // Key figures, the French way.
        const StatsFigures sent = StatsFigures::fromJson(json);
        for (const StatsText::Figure &figure : StatsText::usageFigures() + StatsText::deploymentFigures()) {
            auto *value
                = page()->findChild<QLabel *>(QLatin1String(figure.key) + QStringLiteral("ValueLabel"));
            QVERIFY2(value && value->isVisible(), figure.key);
            QCOMPARE(value->text(), QLocale(QLocale::French).toString(sent.*(figure.value)));
            QCOMPARE(value->accessibleName(), figure.caption + QStringLiteral(" : ") + value->text());
        }

        // The table: the server's rows, in its order, with the catalogue's French titles.
        const QJsonArray types = json.value(QStringLiteral("demarches_par_type")).toArray();
        QCOMPARE(model->rowCount(), types.size());
        QMap<QString, qint64> tableCounts;
        for (int row = 0; row < model->rowCount(); ++row) {
            const QJsonObject type = types.at(row).toObject();
            const QString code = type.value(QStringLiteral("code")).toString();
            QCOMPARE(
                model->index(row, StatsTableModel::TitleColumn).data(StatsTableModel::CodeRole).toString(),
                code);
            QVERIFY(Demarches::find(code));
            const QString title = model->index(row, StatsTableModel::TitleColumn).data().toString();
            QCOMPARE(title, Demarches::find(code)->title);
            const QModelIndex count = model->index(row, StatsTableModel::CountColumn);
            QCOMPARE(count.data(StatsTableModel::CountRole).toLongLong(),
                type.value(QStringLiteral("count")).toInteger());
            QCOMPARE(count.data().toString(),
                QLocale(QLocale::French).toString(type.value(QStringLiteral("count")).toInteger()));
            tableCounts.insert(title, count.data(StatsTableModel::CountRole).toLongLong());
        }
        auto *table = child<QTableView>(page(), "demarchesTableView");
        QVERIFY(table->isVisible());
        QCOMPARE(table->model(), model);

        // The chart: one horizontal bar per catégorie, the table's counts.
        QChart *chart = page()->chart();
        QCOMPARE(chart->series().size(), 1);
        auto *series = qobject_cast<QHorizontalBarSeries *>(chart->series().constFirst());
        QVERIFY(series);
        QCOMPARE(series->barSets().size(), 1);
        const QBarSet *set = series->barSets().constFirst();
        const QList<QAbstractAxis *> axes = chart->axes(Qt::Vertical, series);
        QCOMPARE(axes.size(), 1);
        auto *categories = qobject_cast<QBarCategoryAxis *>(axes.constFirst());
        QVERIFY(categories);
        QCOMPARE(categories->count(), model->rowCount());
        QCOMPARE(set->count(), model->rowCount());
        QMap<QString, qint64> chartCounts;
        for (int i = 0; i < set->count(); ++i)
            chartCounts.insert(categories->at(i), qint64(set->at(i)));
        QCOMPARE(chartCounts, tableCounts);
        // Read from the top, the bars are in the table's order.
        QCOMPARE(categories->at(categories->count() - 1), model->index(0, 0).data().toString());
        QVERIFY(child<QChartView>(page(), "demarchesChartView")->isVisible());
    }

    /// Exports the table through the file dialog to @p name; checks the file holds the table.
    void exportTo(const QString &name)
    {
        const QString path = m_work.filePath(name);
        auto *exportButton = child<QPushButton>(page(), "exportPushButton");
        press(exportButton);
        QTRY_VERIFY(page()->exportDialog() && page()->exportDialog()->isVisible());
        QFileDialog *dialog = page()->exportDialog();
        QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);
        // The name offered says what and when.
        const QString offered = dialog->selectedFiles().value(0);
        QVERIFY2(QFileInfo(offered).fileName().startsWith(QStringLiteral("statistiques-"))
                && offered.endsWith(QStringLiteral(".csv")),
            qPrintable(offered));
        dialog->selectFile(path);
        QVERIFY(QMetaObject::invokeMethod(dialog, "accept")); // as « Enregistrer » does
        QTRY_VERIFY(QFile::exists(path));
        QTRY_VERIFY(child<QLabel>(page(), "statusLabel")->text().contains(name));

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QList<QStringList> rows = CsvReader::parse(QString::fromUtf8(bytes.mid(3)), QLatin1Char(';'));
        StatsTableModel *model = page()->model();
        QCOMPARE(rows.size(), model->rowCount() + 1);
        QCOMPARE(rows.first(),
            (QStringList { model->headerData(0, Qt::Horizontal).toString(),
                model->headerData(1, Qt::Horizontal).toString() }));
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(rows.at(row + 1),
                (QStringList { model->index(row, 0).data().toString(),
                    QString::number(model->index(row, 1).data(StatsTableModel::CountRole).toLongLong()) }));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_configDir.isValid() && m_work.isValid());
        TestServer::Options options;
        options.backend = TestServer::backendFromEnvironment();
        options.extraConfig = QStringLiteral("[stats]\nrefresh_seconds=1\n");
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_fixture = std::make_unique<MandatFixture>(*m_server);
        m_referent = m_server->createAccount(QStringLiteral("rosa.referente@test.example"),
            QStringLiteral("Rosa"), QStringLiteral("Referente"), true);
        QVERIFY(m_referent.id > 0);
        m_otherOrganisationId
            = m_server->createOrganisation(QStringLiteral("Maison France Services de Test"));
        QVERIFY(m_otherOrganisationId > 0);
        const TestServer::Account other
            = m_server->createAccount(QStringLiteral("bastien.bordeaux@test.example"),
                QStringLiteral("Bastien"), QStringLiteral("Bordeaux"), false, true, m_otherOrganisationId);
        QVERIFY(other.id > 0);
        // The référent manages both organisations.
        QCOMPARE(m_server->runSqlBehindServer(QStringLiteral(
                     "INSERT INTO aidant_organisations (aidant_id, organisation_id) VALUES (%1, %2);"
                     "INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (%1, %2);"
                     "UPDATE aidants SET cgu_version = '2024-06' WHERE id = %1;")
                                                  .arg(m_referent.id)
                                                  .arg(m_otherOrganisationId)),
            0);

        // Démarches réalisées: use_autorisation journal entries (written behind the server: the
        // identity provider's journey is another test's), some catégories in each organisation, one
        // catégorie none, several for some usagers.
        QString rows;
        int written = 0;
        const QList<Demarche> &all = Demarches::all();
        for (qsizetype i = 0; i < all.size(); ++i) {
            const int count = int((i * 7 + 3) % 5); // 3, 0, 2, 4, 1, 3, ...
            for (int n = 0; n < count; ++n) {
                const qint64 organisation = n % 2 ? m_otherOrganisationId : m_server->organisationId();
                const qint64 aidant = n % 2 ? other.id : m_server->aidant().id;
                const qint64 usager = 500 + (written++ % 4);
                rows += m_server->journalRowSql({ QStringLiteral("use_autorisation"), organisation, aidant,
                    usager, all.at(i).code, QDateTime::currentMSecsSinceEpoch() });
            }
        }
        QCOMPARE(m_server->runSqlBehindServer(rows), 0);

        GuiTest::useServer(m_configDir.path(), *m_server);
        m_window = std::make_unique<MainWindow>();
        m_window->mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        GuiTest::logIn(*m_window, *m_server, *m_fixture, kTimeoutMs);
        waitForFreshSnapshot();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        Settings::setConfigDirOverride(QString());
        m_fixture.reset();
        m_server.reset();
    }

    /// A failed test leaves the next one a working client.
    void cleanup() { m_window->apiClient()->setBaseUrl(m_server->baseUrl()); }

    void nationalFiguresFromTheHomePage()
    {
        openStats();
        if (QTest::currentTestFailed())
            return;
        const QJsonObject json = fromServer(QStringLiteral("/api/v1/stats"));
        QCOMPARE(json.value(QStringLiteral("scope")).toString(), QStringLiteral("national"));
        // The seeded démarches are there (a page of zeros would prove nothing).
        QVERIFY(json.value(QStringLiteral("demarches_realisees")).toInteger() > 0);
        checkShows(json);
        if (QTest::currentTestFailed())
            return;
        // An aidant who is no référent has no choice of scope.
        QVERIFY(!child<QComboBox>(page(), "scopeComboBox")->isVisible());
        QVERIFY(child<QLabel>(page(), "dateLabel")->text().startsWith(QStringLiteral("France entière")));
        GuiTest::snapshot(*m_window, QStringLiteral("stats-national"));
    }

    /// ApiClient::stats() with a filter: the server's figures of that scope, or its error.
    void apiClientFilters_data()
    {
        QTest::addColumn<QString>("departement");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("expected"); ///< the scope, or the error code
        QTest::newRow("national") << QString() << QString() << QStringLiteral("national");
        QTest::newRow("département") << QStringLiteral("75") << QString() << QStringLiteral("departement:75");
        QTest::newRow("Corse-du-Sud")
            << QStringLiteral("2A") << QString() << QStringLiteral("departement:2A");
        QTest::newRow("région") << QString() << QStringLiteral("11") << QStringLiteral("region:11");
        QTest::newRow("unknown département")
            << QStringLiteral("99") << QString() << QStringLiteral("invalid_filter");
        QTest::newRow("code to escape")
            << QStringLiteral("75&x=1") << QString() << QStringLiteral("invalid_filter");
    }

    void apiClientFilters()
    {
        QFETCH(QString, departement);
        QFETCH(QString, region);
        QFETCH(QString, expected);
        std::optional<Result<StatsFigures>> answer;
        QObject context;
        m_window->apiClient()->stats(departement, region, &context,
            [&answer](const Result<StatsFigures> &result) { answer = result; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kTimeoutMs);
        if (expected.contains(QLatin1Char(':')) || expected == QLatin1String("national")) {
            QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
            QCOMPARE(answer->value().scope, expected);
            QUrlQuery query;
            if (!departement.isEmpty())
                query.addQueryItem(QStringLiteral("departement"), departement);
            if (!region.isEmpty())
                query.addQueryItem(QStringLiteral("region"), region);
            const QString path = QStringLiteral("/api/v1/stats")
                + (query.isEmpty() ? QString() : QLatin1Char('?') + query.toString(QUrl::FullyEncoded));
            QCOMPARE(withoutTime(answer->value().toJson()), withoutTime(fromServer(path)));
        } else {
            QVERIFY(!answer->ok());
            QCOMPARE(answer->error().code, expected);
            QVERIFY(!answer->error().message.isEmpty());
        }
    }

    void keyboardAndAccessibility()
    {
        QVERIFY(page()->isVisible());
        // Every interactive widget has an object name and an accessible name.
        QStringList unnamed;
        for (QWidget *widget : page()->findChildren<QWidget *>()) {
            const bool interactive = qobject_cast<QAbstractButton *>(widget)
                || qobject_cast<QLineEdit *>(widget) || qobject_cast<QComboBox *>(widget)
                || qobject_cast<QAbstractItemView *>(widget) || qobject_cast<QChartView *>(widget);
            bool inCombo = false;
            for (QObject *parent = widget->parent(); parent; parent = parent->parent())
                inCombo = inCombo || qobject_cast<QComboBox *>(parent);
            if (interactive && !inCombo
                && (widget->objectName().isEmpty() || widget->accessibleName().isEmpty()))
                unnamed << widget->objectName() + QLatin1Char('/')
                        + QLatin1String(widget->metaObject()->className());
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
        // The chart is described, and says where its accessible alternative is.
        auto *chartView = child<QChartView>(page(), "demarchesChartView");
        QVERIFY(!chartView->accessibleName().isEmpty());
        QVERIFY(chartView->accessibleDescription().contains(QStringLiteral("tableau")));
        QVERIFY(!child<QPushButton>(home(), "statsPushButton")->accessibleDescription().isEmpty());

        // Tab goes through the page's controls and the table, never into the chart.
        auto *homeButton = child<QPushButton>(page(), "homePushButton");
        homeButton->setFocus();
        QStringList reached;
        for (int i = 0; i < 8; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            reached << QApplication::focusWidget()->objectName();
        }
        QVERIFY2(reached.contains(QStringLiteral("demarchesTableView")),
            qPrintable(reached.join(QLatin1Char(' '))));
        QVERIFY2(
            reached.contains(QStringLiteral("exportPushButton")), qPrintable(reached.join(QLatin1Char(' '))));
        QVERIFY(!reached.contains(QStringLiteral("demarchesChartView")));
        // The table reads row by row with the arrows.
        auto *table = child<QTableView>(page(), "demarchesTableView");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home);
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(table->currentIndex().row(), 1);
    }

    void exportsTheTableToCsv()
    {
        exportTo(QStringLiteral("statistiques-nationales.csv"));
        // The export wrote what the server sent.
        if (QTest::currentTestFailed())
            return;
        const QJsonObject json = fromServer(QStringLiteral("/api/v1/stats"));
        QFile file(m_work.filePath(QStringLiteral("statistiques-nationales.csv")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QStringList> rows
            = CsvReader::parse(QString::fromUtf8(file.readAll().mid(3)), QLatin1Char(';'));
        const QJsonArray types = json.value(QStringLiteral("demarches_par_type")).toArray();
        QCOMPARE(rows.size(), types.size() + 1);
        for (qsizetype i = 0; i < types.size(); ++i) {
            const QJsonObject type = types.at(i).toObject();
            QCOMPARE(
                rows.at(i + 1).at(0), Demarches::find(type.value(QStringLiteral("code")).toString())->title);
            QCOMPARE(rows.at(i + 1).at(1).toLongLong(), type.value(QStringLiteral("count")).toInteger());
        }
    }

    void unreachableServerIsAnErrorNotZeros()
    {
        // A port nobody listens on.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        m_window->apiClient()->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        press(child<QPushButton>(page(), "refreshPushButton"));
        auto *error = child<QLabel>(page(), "errorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kTimeoutMs);
        QVERIFY2(error->text().contains(ApiClient::unreachableMessage()), qPrintable(error->text()));
        QVERIFY(error->text().startsWith(QStringLiteral("Impossible d'afficher les statistiques")));
        // No figure at all: not the previous ones, not zeros.
        QVERIFY(!child<QWidget>(page(), "figuresWidget")->isVisible());
        QCOMPARE(page()->model()->rowCount(), 0);
        for (QLabel *label : page()->findChildren<QLabel *>()) {
            if (label->isVisible())
                QVERIFY2(label->text() != QStringLiteral("0"), qPrintable(label->objectName()));
        }
        QVERIFY(page()->chart()->series().isEmpty()
            || static_cast<QHorizontalBarSeries *>(page()->chart()->series().constFirst())->count() == 0);
        GuiTest::snapshot(*m_window, QStringLiteral("stats-unreachable"));

        // The server back: « Actualiser » shows the figures again.
        m_window->apiClient()->setBaseUrl(m_server->baseUrl());
        press(child<QPushButton>(page(), "refreshPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(page()->model()->hasFigures(), kTimeoutMs);
        QVERIFY(!error->isVisible());
        checkShows(fromServer(QStringLiteral("/api/v1/stats")));
    }

    void referentSeesTheirOrganisations()
    {
        // Back home and out; the référent logs in.
        QVERIFY(page()->isVisible());
        press(child<QPushButton>(page(), "homePushButton"));
        QTRY_VERIFY(home()->isVisible());
        press(child<QPushButton>(home(), "logoutPushButton"));
        auto *email = child<QLineEdit>(m_window.get(), "emailLineEdit");
        QTRY_VERIFY_WITH_TIMEOUT(email->isVisible(), kTimeoutMs);
        QTRY_VERIFY(page()->isCleared());
        email->clear(); // the last email is kept
        QTest::keyClicks(email, m_referent.email);
        auto *code = child<QLineEdit>(m_window.get(), "codeLineEdit");
        QTest::keyClicks(code, m_server->nextCode(m_referent));
        QTest::keyClick(code, Qt::Key_Return);
        openStats();
        if (QTest::currentTestFailed())
            return;
        const QJsonObject national = fromServer(QStringLiteral("/api/v1/stats"));
        checkShows(national);

        // « France entière » and the two organisations managed.
        auto *combo = child<QComboBox>(page(), "scopeComboBox");
        QTRY_COMPARE_WITH_TIMEOUT(combo->count(), 3, kTimeoutMs);
        QVERIFY(combo->isVisible());
        QCOMPARE(combo->itemText(0), QStringLiteral("France entière"));
        const int index = combo->findData(m_server->organisationId());
        QVERIFY(index > 0);
        QCOMPARE(combo->itemText(index), m_server->organisationName());
        QVERIFY(combo->findData(m_otherOrganisationId) > 0);

        // Keyboard: down to the organisation.
        combo->setFocus();
        while (combo->currentIndex() < index)
            QTest::keyClick(combo, Qt::Key_Down);
        QTRY_COMPARE(page()->organisationId(), m_server->organisationId());
        const QString scope = QStringLiteral("organisation:%1").arg(m_server->organisationId());
        QTRY_VERIFY_WITH_TIMEOUT(
            page()->model()->hasFigures() && page()->model()->figures().scope == scope, kTimeoutMs);
        const QJsonObject mine = fromServer(
            QStringLiteral("/api/v1/referent/organisations/%1/stats").arg(m_server->organisationId()),
            QString::fromLatin1(m_window->apiClient()->token()));
        QCOMPARE(mine.value(QStringLiteral("scope")).toString(), scope);
        // Not the national figures again: the other organisation's démarches are not counted.
        QVERIFY(withoutTime(mine) != withoutTime(national));
        QVERIFY(mine.value(QStringLiteral("demarches_realisees")).toInteger()
            < national.value(QStringLiteral("demarches_realisees")).toInteger());
        checkShows(mine);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(child<QLabel>(page(), "dateLabel")->text().startsWith(m_server->organisationName()));
        GuiTest::snapshot(*m_window, QStringLiteral("stats-organisation"));
        exportTo(QStringLiteral("statistiques-structure.csv"));

        // Back to France entière.
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        QTRY_VERIFY_WITH_TIMEOUT(
            page()->model()->hasFigures() && page()->model()->figures().scope == QStringLiteral("national"),
            kTimeoutMs);
        QCOMPARE(page()->organisationId(), qint64(0));
    }

    void lockEmptiesThePageUnlockReadsItAgain()
    {
        QVERIFY(page()->isVisible());
        auto *combo = child<QComboBox>(page(), "scopeComboBox");
        QCOMPARE(combo->count(), 3);
        m_window->session()->lock();
        auto *lock = m_window->findChild<QWidget *>(QStringLiteral("LockPage"));
        QTRY_VERIFY(lock->isVisible());
        // The organisations' names and the figures are gone, not merely hidden.
        QVERIFY(page()->isCleared());
        QCOMPARE(combo->count(), 0);
        QCOMPARE(page()->model()->rowCount(), 0);

        auto *code = child<QLineEdit>(lock, "unlockCodeLineEdit");
        QTest::keyClicks(code, m_server->nextCode(m_referent));
        QTest::keyClick(code, Qt::Key_Return);
        // Back where the référent was, the figures read again.
        QTRY_VERIFY_WITH_TIMEOUT(page()->isVisible(), kTimeoutMs);
        QCOMPARE(m_window->windowTitle(), QStringLiteral("Statistiques"));
        QTRY_VERIFY_WITH_TIMEOUT(page()->model()->hasFigures(), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(combo->count(), 3, kTimeoutMs);
        checkShows(fromServer(QStringLiteral("/api/v1/stats")));
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestStatsPage>(argc, argv);
}

#include "testStatsPage.moc"
