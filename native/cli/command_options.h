#pragma once
/// \file command_options.h
/// The options shared by several subcommands, declared once: --plugin (every command that
/// builds a graph), --eq / --gain-db (render, play, track render, track play) and the real-time
/// stream options of `play` and `track play`.

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

/// --graph, --plugin, --eq, --gain-db, --backend, --fallback, --device, --sample-rate, --seconds,
/// --buffer-frames, --sample-format, --record, --meters, --stream, --stream-quality. [control]
void addPlayStreamOptions(CLI::App& command, PlayOptions& options);

}  // namespace wavegraph::cli
