// bench_client_memory: the desktop client's resident memory from a fresh start to the home page after a
// login (docs/performance.md § Client memory). The real MainWindow, offscreen, an empty HOME, against the
// real server (a separate process, not counted); the reference in the same process and run is the floor
// of any Qt Widgets program: a QApplication with one window shown.
#include "GuiTestSupport.h"
#include "MemoryKeyStore.h"
#include "mandats/MandatsController.h"
#include "mandats/MandatsPage.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QVBoxLayout>

#include <cstdio>
#include <memory>

namespace {

struct Memory
{
    double rssMb = 0; ///< VmRSS
    double peakMb = 0; ///< VmHWM
};

Memory memory()
{
    Memory m;
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return m;
    for (const QByteArray &line : status.readAll().split('\n')) {
        const auto kb = [&line] { return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0; };
        if (line.startsWith("VmRSS:"))
            m.rssMb = kb();
        else if (line.startsWith("VmHWM:"))
            m.peakMb = kb();
    }
    return m;
}

/// Lets the event loop run until @p done or @p timeoutMs.
template<typename Done> bool waitFor(Done done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(20);
    }
    return true;
}

void row(const char *stage, const Memory &m)
{
    std::printf("| %-52s | %8.1f | %8.1f |\n", stage, m.rssMb, m.peakMb);
}

} // namespace

int main(int argc, char **argv)
{
    // A fresh workstation: an empty HOME, no XDG folder, offscreen (as the GUI tests).
    QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    for (const char *name : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" })
        qunsetenv(name);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES", "ac.*.info=false");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Client resident memory from start to home page."));
    parser.addHelpOption();
    parser.process(app);

    std::printf("| %-52s | %8s | %8s |\n", "stage", "RSS MB", "peak MB");
    std::printf("|%s|---------:|---------:|\n", QByteArray(54, '-').constData());
    row("QApplication", memory());
    {
        // The reference: the smallest Qt Widgets window, shown and painted.
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(new QLabel(QStringLiteral("Aidants Connect")));
        layout->addWidget(new QPushButton(QStringLiteral("Se connecter")));
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return 1;
        QTest::qWait(100);
        row("reference: one QWidget window shown", memory());
    }

    TestServer server;
    if (!server.start()) {
        std::fprintf(stderr, "the server did not start\n");
        return 1;
    }
    MandatFixture fixture(server);
    QTemporaryDir configDir;
    GuiTest::useServer(configDir.path(), server);

    MainWindow window;
    window.mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    QTest::qWait(100);
    row("client: login page shown", memory());

    GuiTest::submitLogin(window, server, fixture);
    QWidget *homePage = window.findChild<QWidget *>(QStringLiteral("HomePage"));
    if (!waitFor([homePage] { return homePage->isVisible(); }, 20000)) {
        std::fprintf(stderr, "the home page did not come\n");
        return 1;
    }
    QTest::qWait(500);
    row("client: home page after login", memory());

    QTest::mouseClick(GuiTest::child<QPushButton>(homePage, "mandatsPushButton"), Qt::LeftButton);
    MandatsPage *list = window.mandatsController()->mandatsPage();
    if (!waitFor([list] { return list->isVisible(); }, 20000))
        return 1;
    QTest::qWait(1000);
    row("client: Mes mandats after the first sync", memory());
    std::printf("(%s build; offscreen; server in its own process, not counted)\n", AC_BENCH_BUILD_TYPE);
    return 0;
}
