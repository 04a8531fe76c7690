// The aidants-connect executable: only start-up; everything else lives in ac_client_core and ac_gui.
#include "MainWindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[])
{
    // Qt WebEngine (the FranceConnect journey) shares OpenGL contexts with the widgets: set before
    // the application object exists.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("aidants-connect"));
    QApplication::setApplicationName(QStringLiteral("aidants-connect"));
    QApplication::setApplicationDisplayName(QStringLiteral("Aidants Connect"));
    QApplication::setApplicationVersion(QStringLiteral(AC_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("aidants-connect"));

    // French is the users' language: Qt's own strings (dialog buttons, context menus) too.
    const QLocale french(QLocale::French, QLocale::France);
    QLocale::setDefault(french);
    QTranslator qtTranslator;
    if (qtTranslator.load(french, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator appTranslator;
    if (appTranslator.load(
            french, QStringLiteral("aidants-connect"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&appTranslator);

    MainWindow window;
    window.show();
    return app.exec();
}
