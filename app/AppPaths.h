#pragma once

#include "Result.h"

#include <QString>

/// Where the client keeps its files on the workstation, and making sure they can be written on a
/// fresh start (docs/offline-cache.md § First start).
namespace AppPaths {

/// Creates @p path and every missing parent (each created one: mode 0700, owner only), then makes
/// @p path itself private (0700) when it was not. Fails with a French message naming the folder.
Status ensurePrivateDirectory(const QString &path);

} // namespace AppPaths
