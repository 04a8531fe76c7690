#include "AppPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStringList>

namespace {

Q_LOGGING_CATEGORY(lcPaths, "ac.app.paths")

constexpr QFile::Permissions kPrivate = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

Error directoryError(const QString &path)
{
    return Error { QStringLiteral("directory_unavailable"),
        QCoreApplication::translate("AppPaths",
            "le dossier « %1 » ne peut pas être créé ou n'est pas un dossier accessible en écriture")
            .arg(QDir::toNativeSeparators(path)) };
}

} // namespace

Status AppPaths::ensurePrivateDirectory(const QString &path)
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    // The missing folders, from the deepest up to the first one that exists.
    QStringList missing;
    for (QFileInfo info(absolute); !info.exists() && !info.isSymLink();
         info = QFileInfo(info.absolutePath())) {
        missing.prepend(info.absoluteFilePath());
        if (info.isRoot())
            break;
    }
    for (const QString &dir : std::as_const(missing)) {
        // QDir::mkdir with permissions (Qt 6.3): created private, with no window where it is not.
        if (!QDir().mkdir(dir, kPrivate) && !QFileInfo(dir).isDir()) {
            qCWarning(lcPaths) << "cannot create the folder" << dir;
            return directoryError(absolute);
        }
        qCInfo(lcPaths) << "created the folder" << dir;
    }
    const QFileInfo info(absolute);
    if (!info.isDir()) {
        qCWarning(lcPaths) << absolute << "is not a folder";
        return directoryError(absolute);
    }
    if ((info.permissions()
            & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                | QFile::ExeOther))
        && !QFile::setPermissions(absolute, kPrivate)) {
        qCWarning(lcPaths) << "cannot make" << absolute << "private";
        return directoryError(absolute);
    }
    if (!info.isWritable() || !info.isExecutable()) {
        qCWarning(lcPaths) << absolute << "is not writable";
        return directoryError(absolute);
    }
    return success();
}
