#pragma once
/// \file track_command.h
/// `wavegraph track render TRACK.json OUT.wav` and `wavegraph track play TRACK.json [--device NAME]
/// [--seconds S]`: the core's TrackPlayer (core/track/, format in docs/tracks.md) rendered
/// offline to a 32-bit float stereo WAV at the track's sample_rate, or played live on a
/// PortAudio output with the position shown on stderr.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace wavegraph::cli {

struct TrackOptions {
    std::string trackPath;                ///< the track JSON
    std::string outputPath;               ///< render: OUT.wav (written via a temporary file)
    std::string device;                   ///< play: "" = default output; index or name part
    std::optional<std::string> seconds;   ///< play: stop after this many seconds
    std::string bufferFrames = "256";     ///< play: frames per callback, 16…4096
    bool render = false, play = false;    ///< which subcommand was given (set by CLI11)
};

/// Adds `track` with its `render` and `play` subcommands to app, filling options. [control]
void addTrackCommand(CLI::App& app, TrackOptions& options);

/// Runs the parsed `track` subcommand [control]. Exit codes (exit_codes.h): 0 ok; 2 unreadable
/// or invalid track (one line naming the JSON path, e.g. "wavegraph: t.json: steps[0].duration:
/// -5 is not above 0 (…)") or bad option; 1 device or write failure; 130 interrupted render
/// (no OUT written). Every failure is one line on stderr.
int runTrack(const TrackOptions& options);

}  // namespace wavegraph::cli
