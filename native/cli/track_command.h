#pragma once
/// \file track_command.h
/// `wavegraph track render TRACK.json OUT.wav` and `wavegraph track play TRACK.json`: the core's
/// TrackPlayer (core/track/, format in docs/tracks.md) feeding the input of the host session's
/// graph (the reference graph, or --graph; --eq and --gain-db as on `render` and `play`),
/// rendered offline to a 32-bit float stereo WAV at the track's sample_rate, or played in real
/// time by the machinery of `play` (backends and fallback, --backend null, --record, --meters,
/// stdin commands).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli/play_command.h"

namespace wavegraph::cli {

struct TrackOptions {
    std::string trackPath;                    ///< the track JSON
    std::string outputPath;                   ///< render: OUT.wav (written via a temporary file)
    std::optional<std::string> graphPath;     ///< render: --graph
    std::vector<std::string> pluginPaths;     ///< render: --plugin
    std::vector<std::string> eqSettings;      ///< render: --eq BAND=DB
    std::optional<std::string> gainDb;        ///< render: --gain-db DB
    std::optional<std::string> seconds;       ///< render: only the first S seconds
    std::optional<std::string> commandsPath;  ///< render: --commands, a command log to replay (command_log.h)
    PlayOptions play;                         ///< play: the options of `play` (trackPath set by runTrack)
    bool render = false, playing = false;     ///< which subcommand was given (set by CLI11)
};

/// Adds `track` with its `render` and `play` subcommands to app, filling options. [control]
void addTrackCommand(CLI::App& app, TrackOptions& options);

/// Runs the parsed `track` subcommand [control]. Exit codes (exit_codes.h): 0 ok; 2 unreadable
/// or invalid track (one line naming the JSON path, e.g. "wavegraph: t.json: steps[0].duration:
/// -5 is not above 0 (…)") or bad option; 1 device or write failure; 130 interrupted render
/// (no OUT written). Every failure is one line on stderr.
int runTrack(const TrackOptions& options);

}  // namespace wavegraph::cli
