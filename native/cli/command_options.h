#pragma once
/// \file command_options.h
/// The options shared by several subcommands, declared once: --eq / --gain-db (render, play,
/// track render, track play) and the real-time stream options of `play` and `track play`.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli/play_command.h"

namespace wavegraph::cli {

/// --eq BAND=DB (repeatable) and --gain-db DB. [control]
void addParameterOptions(CLI::App& command, std::vector<std::string>& eq, std::optional<std::string>& gainDb);

/// --graph, --eq, --gain-db, --backend, --fallback, --device, --sample-rate, --seconds,
/// --buffer-frames, --sample-format, --record, --meters. [control]
void addPlayStreamOptions(CLI::App& command, PlayOptions& options);

}  // namespace wavegraph::cli
