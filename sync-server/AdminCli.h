#pragma once

#include <QStringList>

/// The server executable's subcommands: `serve` and the ANCT administration commands.
namespace AdminCli {
/// Runs the command in @p arguments (argv without the program name); returns the exit code.
int run(const QStringList &arguments);
} // namespace AdminCli
