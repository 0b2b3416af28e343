#include "cli/stream_options.h"

#include <cmath>
#include <cstdio>

#include "host/error_line.h"
#include "host/number_parsing.h"
#include "host/ogg_vorbis_encoder.h"

namespace wavegraph::cli {

void addStreamOptions(CLI::App& command, StreamOptions& options) {  // [control]
    command
        .add_option("--stream", options.url,
                    "also send what is played to an Icecast server, Ogg Vorbis encoded, e.g. "
                    "icecast://source:PASSWORD@127.0.0.1:8000/live.ogg (PORT 1…65535, default 8000); a lost "
                    "server is retried every 0.5…8 s, a slow one skips ahead; the device output never waits "
                    "for it (docs/streaming.md)")
        ->type_name("URL");
    command
        .add_option("--stream-quality", options.quality,
                    "Vorbis quality of --stream, -0.1…1 (default 0.4, about 128 kbit/s at 44.1 kHz stereo)")
        ->type_name("Q");
}

Status parseStreamOptions(const StreamOptions& options, IcecastStreamSetup& setup) {  // [control]
    const auto quality = parseNumber(options.quality);
    char range[64];
    std::snprintf(range, sizeof range, "(allowed %g…%g)", kVorbisQualityMin, kVorbisQualityMax);
    if (!quality) return Status::error("--stream-quality " + options.quality + ": not a number " + range);
    if (!std::isfinite(*quality) || *quality < kVorbisQualityMin || *quality > kVorbisQualityMax)
        return Status::error("--stream-quality " + options.quality + ": out of range " + range);
    if (!options.url) return Status::ok();
    if (auto status = parseIcecastUrl(*options.url, setup.url); !status)
        return Status::error("--stream " + status.message());
    setup.quality = *quality;
    return Status::ok();
}

Status openStream(const StreamOptions& options, SpmcRing& ring, double sampleRateHz,
                  std::unique_ptr<IcecastStream>& stream) {  // [control]
    stream.reset();
    IcecastStreamSetup setup;
    if (auto status = parseStreamOptions(options, setup); !status) return status;
    if (!options.url) return Status::ok();
    auto opened = std::make_unique<IcecastStream>();
    if (auto status =
            opened->open(setup, ring, sampleRateHz, [](const std::string& line) { printLine("--stream " + line); });
        !status)
        return Status::error("--stream " + status.message());
    stream = std::move(opened);
    return Status::ok();
}

}  // namespace wavegraph::cli
