#pragma once
/// \file command_options.h
/// The options shared by several subcommands, declared once: --plugin (every command that
/// builds a graph), --eq / --gain-db (render, play, track render, track play) and the real-time
/// stream options of `play` and `track play`, --commands (render, track render).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli/play_command.h"

namespace wavegraph::cli {

/// --plugin PATH (repeatable): plugins whose processor types the graph may use. [control]
void addPluginOption(CLI::App& command, std::vector<std::string>& pluginPaths);

/// --eq BAND=DB (repeatable) and --gain-db DB. [control]
void addParameterOptions(CLI::App& command, std::vector<std::string>& eq, std::optional<std::string>& gainDb);

/// --commands LOG (render, track render): replay a command log of `play --command-log`. [control]
void addCommandsOption(CLI::App& command, std::optional<std::string>& commandsPath);

/// --graph, --plugin, --eq, --gain-db, --backend, --fallback, --device, --sample-rate, --seconds,
/// --buffer-frames, --sample-format, --record, --command-log, --meters, --stream, --stream-quality. [control]
void addPlayStreamOptions(CLI::App& command, PlayOptions& options);

}  // namespace wavegraph::cli
