// The aidants-connect executable: only start-up; everything else lives in ac_client_core and ac_gui.
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("aidants-connect"));
    QCoreApplication::setApplicationName(QStringLiteral("aidants-connect"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AC_VERSION));
}

// --help and --version answer without a display (IT runs them over SSH): a QCoreApplication only.
bool wantsCommandLineAnswer(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-?" || arg == "-v"
            || arg == "--version")
            return true;
    }
    return false;
}

int answerCommandLine(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setIdentity();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Aidants Connect au guichet : poste de travail des aidants (mandats, démarches).\n"
                       "Configuration du poste : /etc/xdg/aidants-connect/aidants-connect.ini (voir man "
                       "aidants-connect)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app); // exits after printing the help or the version, or on an unknown option
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (wantsCommandLineAnswer(argc, argv))
        return answerCommandLine(argc, argv);
    // Qt WebEngine (the FranceConnect journey) shares OpenGL contexts with the widgets: set before
    // the application object exists.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Aidants Connect"));
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
