#pragma once

// main() for GUI tests that create Qt WebEngine views (no other test support needed).

#include <QApplication>
#include <QTest>

namespace GuiTest {

/// main() for tests that create Qt WebEngine views: Chromium's sandbox cannot run as root (the tests
/// run in containers as root), and WebEngine needs shared OpenGL contexts, set before the application.
template<typename Test> int webEngineTestMain(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace GuiTest
