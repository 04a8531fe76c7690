// The workstation from a fresh start: the client run with an empty HOME (no XDG_* variable, nothing
// created beforehand, the real per-user folders), against the real server. « Mes mandats » fills
// from the first sync, the folders the client creates are private, and a cache that cannot be
// opened is said in French, with what to do, instead of « Aucun mandat pour le moment ».
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MandatFixture.h"
#include "MemoryKeyStore.h"
#include "OfflineCache.h"
#include "Session.h"
#include "Settings.h"
#include "SyncEngine.h"
#include "mandats/MandatsController.h"
#include "mandats/MandatsPage.h"
#include "mandats/UsagersModel.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>

#include <cstdio>
#include <unistd.h>

namespace {

constexpr int kTimeoutMs = 20000;
constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

QFile::Permissions modeOf(const QString &path)
{
    // Qt adds the "user" flags (the current user's rights) to the owner's: compare on the mode bits.
    return QFileInfo(path).permissions()
        & (kOwnerOnly | QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
            | QFile::WriteOther | QFile::ExeOther);
}

} // namespace

class TestFirstStart : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<MandatFixture> m_fixture;
    MandatInfo m_mandat;

    /// A window logged in as a fresh aidant of the organisation, « Mes mandats » shown.
    MandatsPage *openMesMandats(MainWindow &window)
    {
        window.mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return nullptr;
        GuiTest::logIn(window, *m_server, *m_fixture, kTimeoutMs);
        auto *home = window.findChild<QWidget *>(QStringLiteral("HomePage"));
        if (!home->isVisible())
            return nullptr;
        QTest::mouseClick(GuiTest::child<QPushButton>(home, "mandatsPushButton"), Qt::LeftButton);
        MandatsPage *list = window.mandatsController()->mandatsPage();
        return list->isVisible() ? list : nullptr;
    }

private slots:
    void initTestCase()
    {
        // Only meaningful in the fresh home run-with-fresh-home.sh makes (main() runs it there).
        QVERIFY(qEnvironmentVariableIsSet("AC_FRESH_HOME"));
        const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : environment.keys())
            QVERIFY2(!name.startsWith(QLatin1String("XDG_")), qPrintable(name));
        QCOMPARE(QDir(QDir::homePath()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList());
        QVERIFY(!QStandardPaths::isTestModeEnabled());

        TestServer::Options options;
        options.franceConnect = true;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY(m_server->start());
        m_fixture = std::make_unique<MandatFixture>(*m_server);
        const auto colleague = m_fixture->newAidant();
        m_mandat = MandatInfo::fromJson(
            m_fixture->createMandat(colleague, { QStringLiteral("logement") }, QStringLiteral("test")));
        QVERIFY(m_mandat.id > 0);

        // The server's address, as the aidant types it in « Paramètres » (the user's settings file).
        QVERIFY(Settings::configDirOverride().isEmpty());
        QVERIFY(Settings().setServerUrl(m_server->baseUrl()));
    }

    void cleanupTestCase()
    {
        m_fixture.reset();
        m_server.reset();
    }

    void mesMandatsFillsOnAFreshWorkstation()
    {
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        QVERIFY(dataDir.startsWith(QDir::homePath() + QLatin1Char('/')));
        QVERIFY(!QFileInfo::exists(dataDir));

        MainWindow window;
        QCOMPARE(window.mandatsController()->cachePath(), OfflineCache::defaultPath());
        MandatsPage *list = openMesMandats(window);
        QVERIFY(list);
        QTRY_COMPARE_WITH_TIMEOUT(list->visibleCount(), 1, kTimeoutMs);
        QCOMPARE(list->usagersModel()->usagerAt(0).usager.id, m_mandat.usager.id);
        QVERIFY(list->errorText().isEmpty());
        QVERIFY(!GuiTest::child<QLabel>(list, "emptyLabel")->isVisible());
        GuiTest::snapshot(window, QStringLiteral("first-start-mes-mandats"));

        // The cache's folder was created, for the user only.
        QVERIFY(QFileInfo::exists(OfflineCache::defaultPath()));
        QCOMPARE(QFileInfo(OfflineCache::defaultPath()).absolutePath(), dataDir);
        QCOMPARE(modeOf(dataDir), kOwnerOnly);
        QCOMPARE(modeOf(QFileInfo(dataDir).absolutePath()), kOwnerOnly);

        window.session()->logout();
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(OfflineCache::defaultPath()), kTimeoutMs);
    }

    void unopenableCacheIsAnError_data()
    {
        QTest::addColumn<QString>("blocker"); // what occupies the way
        QTest::newRow("a file where the folder goes") << QStringLiteral("file-as-folder");
        QTest::newRow("a folder where the file goes") << QStringLiteral("folder-as-file");
        QTest::newRow("a folder without rights") << QStringLiteral("mode-000");
    }

    void unopenableCacheIsAnError()
    {
        QFETCH(QString, blocker);
        const QString base = QDir::homePath() + QStringLiteral("/blocked-") + blocker;
        const QString folder = base + QStringLiteral("/data");
        const QString cachePath = folder + QStringLiteral("/offline-cache.sqlite");
        QVERIFY(QDir().mkpath(base));
        if (blocker == QLatin1String("file-as-folder")) {
            QFile file(folder);
            QVERIFY(file.open(QIODevice::WriteOnly));
        } else if (blocker == QLatin1String("folder-as-file")) {
            QVERIFY(QDir().mkpath(cachePath));
        } else {
            if (::geteuid() == 0)
                QSKIP("run as root: a folder's rights do not stop root");
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(QFile::setPermissions(folder, {}));
        }

        MainWindow window;
        window.mandatsController()->setCachePath(cachePath);
        MandatsPage *list = openMesMandats(window);
        QVERIFY(list);
        auto *error = GuiTest::child<QLabel>(list, "errorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kTimeoutMs);
        QVERIFY2(
            error->text().startsWith(QStringLiteral("Impossible d'ouvrir le cache local de vos mandats (")),
            qPrintable(error->text()));
        QVERIFY2(
            error->text().contains(QStringLiteral("Vérifiez l'espace disque et les droits du dossier « %1 »")
                                       .arg(QDir::toNativeSeparators(folder))),
            qPrintable(error->text()));
        QVERIFY(error->text().endsWith(QStringLiteral("puis relancez l'application.")));
        // The first sync's end does not turn it into « Aucun mandat pour le moment ».
        QTRY_VERIFY_WITH_TIMEOUT(!window.mandatsController()->syncEngine()->isSyncing(), kTimeoutMs);
        QTest::qWait(200);
        QVERIFY(error->isVisible());
        QCOMPARE(list->errorText(), error->text());
        QVERIFY(!GuiTest::child<QLabel>(list, "emptyLabel")->isVisible());
        QVERIFY(!GuiTest::child<QLabel>(list, "countLabel")->isVisible());
        QCOMPARE(list->visibleCount(), 0);
        GuiTest::snapshot(window, QStringLiteral("first-start-cache-error-") + blocker);
        QFile::setPermissions(folder, kOwnerOnly);
    }
};

int main(int argc, char *argv[])
{
    // Outside a fresh home: run again inside one (the CTest entry runs the binary as it is).
    if (!qEnvironmentVariableIsSet("AC_FRESH_HOME")) {
        char self[4096];
        const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
        if (length <= 0) {
            std::fputs("cannot find the test's own path\n", stderr);
            return 1;
        }
        self[length] = '\0';
        std::vector<char *> arguments { const_cast<char *>(AC_FRESH_HOME_WRAPPER), self };
        for (int i = 1; i < argc; ++i)
            arguments.push_back(argv[i]);
        arguments.push_back(nullptr);
        ::execv(AC_FRESH_HOME_WRAPPER, arguments.data());
        std::perror("run-with-fresh-home.sh");
        return 1;
    }
    // The product's names (app/main.cpp): the same folders as the real program.
    QCoreApplication::setOrganizationName(QStringLiteral("aidants-connect"));
    QCoreApplication::setApplicationName(QStringLiteral("aidants-connect"));
    return GuiTest::webEngineTestMain<TestFirstStart>(argc, argv);
}

#include "testFirstStart.moc"
