#pragma once
/// \file play_command.h
/// `wavegraph play [IN] [--seconds S] [--device NAME] [--buffer-frames N]`: real-time playback
/// through the ReferenceChain on a PortAudio output device, controlled from stdin.

#include <optional>
#include <string>

namespace wavegraph::cli {

struct PlayOptions {
    std::optional<std::string> inputPath;  ///< decoded into memory first; none = pink noise
    std::optional<std::string> seconds;    ///< stop after this many seconds (> 0)
    std::string device;                    ///< "" = default output; index or name text
    std::string bufferFrames = "256";      ///< frames per callback, 16…4096
};

/// Plays until the end of IN, --seconds, a "quit" line on stdin, or SIGINT/SIGTERM [control].
/// Returns kExitOk, kExitBadInput (bad option, unreadable IN) or kExitRuntime (no device,
/// the device refuses the format, stream failure); every failure is one line on stderr.
int runPlay(const PlayOptions& options);

}  // namespace wavegraph::cli
