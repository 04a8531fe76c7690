#include "AdminCli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aidants-connect-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AC_VERSION));
    return AdminCli::run(QCoreApplication::arguments().mid(1));
}
