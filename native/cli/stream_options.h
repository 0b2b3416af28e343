#pragma once
/// \file stream_options.h
/// `--stream icecast://USER:PASSWORD@HOST:PORT/MOUNT`, `--stream-quality Q` and `--stream-bitrate KBPS`: the options
/// that send the mix to an Icecast server (host/icecast_stream.h), shared by every command that plays.

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "host/icecast_stream.h"
#include "rt/spmc_ring.h"

namespace wavegraph::cli {

/// The values as typed.
struct StreamOptions {
    std::optional<std::string> url;      ///< --stream icecast://USER:PASSWORD@HOST:PORT/MOUNT
    std::optional<std::string> quality;  ///< --stream-quality: Vorbis VBR quality, -0.1…1 (default 0.4)
    std::optional<std::string> bitrate;  ///< --stream-bitrate: average bitrate instead, kbit/s (16…500)
};

/// Adds --stream, --stream-quality and --stream-bitrate to `command`. [control]
void addStreamOptions(CLI::App& command, StreamOptions& options);

/// Checks the options (nothing to do without --stream). Errors are one line naming the option,
/// the value (the password masked) and the allowed form or range. [control]
Status parseStreamOptions(const StreamOptions& options, IcecastStreamSetup& setup);

/// Parses the options and, with --stream, opens a stream on `ring` (before its producer starts)
/// whose state changes are printed as "wavegraph: --stream …" lines; `stream` stays null without
/// --stream. [control]
Status openStream(const StreamOptions& options, SpmcRing& ring, double sampleRateHz,
                  std::unique_ptr<IcecastStream>& stream);

}  // namespace wavegraph::cli
