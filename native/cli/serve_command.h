#pragma once
/// \file serve_command.h
/// `wavegraph serve [--port 8420] [--bind 127.0.0.1] [--token T] [--media DIR] [--allow-origin O]...
/// [limits] [the stream options of play]`: the play engine (the same session, stream, recorder
/// and stdin commands as `wavegraph play`) behind an HTTP + WebSocket server (native/server/,
/// docs/server.md). Prints one line when listening; runs until SIGINT/SIGTERM or `quit`.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli/play_command.h"

namespace wavegraph::cli {

struct ServeOptions {
    PlayOptions play;                       ///< the stream options, as play's
    std::string port = "8420";              ///< --port, 0…65535 (0: a free port)
    std::string bind = "127.0.0.1";         ///< --bind: the address listened on
    std::optional<std::string> token;       ///< --token: required on every request (needed off loopback)
    std::optional<std::string> mediaDir;    ///< --media: the folder media names are confined to
    std::vector<std::string> allowOrigins;  ///< --allow-origin, repeatable
    std::string maxClients = "16";          ///< --max-clients
    std::string maxBodyBytes = "1048576";   ///< --max-body-bytes
    std::string maxMessageBytes = "65536";  ///< --max-message-bytes
    std::string maxMessageRate = "500";     ///< --max-message-rate, messages/s per client
};

/// Declares the `serve` subcommand and its options. [control]
CLI::App* addServeCommand(CLI::App& app, ServeOptions& options);

/// Serves until SIGINT/SIGTERM or `quit` on stdin [control]. Returns kExitOk, kExitBadInput (a bad
/// option: one line naming it) or kExitRuntime (the port is in use, no device).
int runServe(const ServeOptions& options);

}  // namespace wavegraph::cli
