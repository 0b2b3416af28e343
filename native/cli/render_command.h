#pragma once
/// \file render_command.h
/// `wavegraph render IN OUT [--eq BAND=DB]... [--gain-db DB]`: offline rendering of a file
/// through the core's ReferenceChain (source = the file, EQ, master gain) to a 32-bit float WAV
/// with the input's sample rate and channel count.

#include <optional>
#include <string>
#include <vector>

namespace wavegraph::cli {

struct RenderOptions {
    std::string inputPath;                ///< anything libsndfile reads
    std::string outputPath;               ///< written via a temporary file beside it
    std::vector<std::string> eqSettings;  ///< "BAND=DB" each, bands 0…7, -24…24 dB
    std::optional<std::string> gainDb;    ///< master gain text, -60…12 dB
    std::optional<std::string> graphPath; ///< a JSON graph description to render through instead
};

/// Runs the render [control]. Returns the exit code (kExitOk, kExitBadInput for bad values or an
/// unreadable IN, kExitRuntime for write failures, kExitInterrupted on Ctrl-C); every failure
/// prints one line on stderr and leaves no OUT. On success prints one summary line on stderr.
int runRender(const RenderOptions& options);

}  // namespace wavegraph::cli
