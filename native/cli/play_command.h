#pragma once
/// \file play_command.h
/// `wavegraph play [FILE]... [--graph G.json] [--plugin PATH.so]... [--eq BAND=DB]... [--gain-db DB] [--backend NAME]
/// [--fallback NAME] [--device NAME] [--input-device NAME] [--sample-rate HZ] [--buffer-frames N]
/// [--seconds S] [--record OUT.wav] [--command-log LOG] [--meters] [--stream icecast://USER:PASSWORD@HOST:PORT/MOUNT
/// [--stream-quality Q]]`, and `wavegraph track play TRACK` (the same with the track as the graph's input): real-time
/// playback of the host session (core/session/host_session.h) on a backend chosen by StreamSupervisor (see
/// docs/native-host.md), controlled from stdin (play_controls.h).

#include <optional>
#include <string>
#include <vector>

#include "cli/stream_options.h"

namespace wavegraph::cli {

class PlayService;

struct PlayOptions {
    std::vector<std::string> files;         ///< positional FILEs
    std::vector<std::string> inputOptions;  ///< --input FILE (after the positional ones); all mixed in step
    std::vector<std::string>
        inputGainsDb;  ///< --input-gain, one per input in order (the gain node's gainDb range; default 0)
    std::optional<std::string> graphPath;       ///< --graph: render through this graph instead of the reference graph
    std::vector<std::string> pluginPaths;       ///< --plugin: processor types the graph may use
    std::vector<std::string> eqSettings;        ///< --eq BAND=DB (eq.bandB.gainDb), repeatable
    std::optional<std::string> gainDb;          ///< --gain-db DB (master.gainDb)
    std::optional<std::string> trackPath;       ///< track play: the track feeding the graph's input (no FILEs)
    std::vector<std::string> backends;          ///< --backend (repeatable, or comma-separated); default: platform order
    std::vector<std::string> fallbacks;         ///< --fallback: tried after those
    std::string device;                         ///< "" = the backend's default output
    std::string inputDevice;                    ///< "" = no device input; "default" = the default input
    std::optional<std::string> sampleRate;      ///< Hz; default: the files' rate, else the device's
    std::optional<std::string> seconds;         ///< stop after this many seconds (> 0)
    std::string bufferFrames = "256";           ///< frames per callback, 16…4096
    std::string sampleFormat = "f32";           ///< f32, i32 or i16 at the device
    std::optional<std::string> recordPath;      ///< --record OUT.wav
    std::optional<std::string> commandLogPath;  ///< --command-log LOG (command_log.h)
    bool meters = false;                        ///< --meters: draw meters even when stderr is not a terminal
    StreamOptions stream;                       ///< --stream, --stream-quality: the mix to an Icecast server
    std::vector<std::string> inputs;            ///< files then inputOptions (filled by runPlay)
};

/// Plays until the end of the inputs, --seconds, a "quit" line on stdin, or SIGINT/SIGTERM
/// [control]. Returns kExitOk, kExitBadInput (bad option, unreadable file or graph) or
/// kExitRuntime (no device on any backend, the stream failed beyond recovery, recording failed);
/// every failure is one line on stderr.
/// With a service (play_service.h), the service runs beside the stream and prints the start line.
int runPlay(const PlayOptions& options, PlayService* service = nullptr);

}  // namespace wavegraph::cli
