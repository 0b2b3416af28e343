#pragma once
/// \file render_command.h
/// `wavegraph render IN OUT [--graph G.json] [--plugin PATH.so]... [--eq BAND=DB]... [--gain-db DB]
/// [--commands LOG]`: offline
/// rendering of a file through the host session (core/session/host_session.h: the reference
/// graph, or --graph, with the file as its input) to a 32-bit float WAV with the input's sample
/// rate and channel count. --eq and --gain-db set eq.bandB.gainDb and master.gainDb before the
/// first frame (parameter_options.h). --commands replays a command log written by `play
/// --command-log` frame for frame (command_log.h).

#include <optional>
#include <string>
#include <vector>

namespace wavegraph::cli {

struct RenderOptions {
    std::string inputPath;                    ///< anything libsndfile reads
    std::string outputPath;                   ///< written via a temporary file beside it
    std::vector<std::string> eqSettings;      ///< "BAND=DB" each (eq.bandB.gainDb)
    std::optional<std::string> gainDb;        ///< master gain text (master.gainDb)
    std::optional<std::string> graphPath;     ///< a JSON graph description to render through instead
    std::vector<std::string> pluginPaths;     ///< --plugin: processor types the graph may use
    std::optional<std::string> commandsPath;  ///< --commands: a command log to replay (command_log.h)
};

/// Runs the render [control]. Returns the exit code (kExitOk, kExitBadInput for bad values or an
/// unreadable IN, kExitRuntime for write failures, kExitInterrupted on Ctrl-C); every failure
/// prints one line on stderr and leaves no OUT. On success prints one summary line on stderr.
int runRender(const RenderOptions& options);

}  // namespace wavegraph::cli
