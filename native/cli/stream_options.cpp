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
    command
        .add_option("--stream-bitrate", options.bitrate,
                    "average bitrate of --stream instead of a quality, 16…500 kbit/s (libvorbisenc's ABR mode; "
                    "it may refuse some rates for the stream's channels and sample rate)")
        ->type_name("KBPS");
}

Status parseStreamOptions(const StreamOptions& options, IcecastStreamSetup& setup) {  // [control]
    char range[64];
    if (options.quality && options.bitrate)
        return Status::error("--stream-quality " + *options.quality + " and --stream-bitrate " + *options.bitrate +
                             ": give one of them (a quality, or an average bitrate)");
    VorbisRate rate;
    if (options.quality) {
        std::snprintf(range, sizeof range, "(allowed %g…%g)", kVorbisQualityMin, kVorbisQualityMax);
        const auto quality = parseNumber(*options.quality);
        if (!quality) return Status::error("--stream-quality " + *options.quality + ": not a number " + range);
        if (!std::isfinite(*quality) || *quality < kVorbisQualityMin || *quality > kVorbisQualityMax)
            return Status::error("--stream-quality " + *options.quality + ": out of range " + range);
        rate.quality = *quality;
    }
    if (options.bitrate) {
        std::snprintf(range, sizeof range, "(allowed %g…%g kbit/s)", kVorbisBitrateMinKbps, kVorbisBitrateMaxKbps);
        const auto bitrate = parseNumber(*options.bitrate);
        if (!bitrate) return Status::error("--stream-bitrate " + *options.bitrate + ": not a number " + range);
        if (!std::isfinite(*bitrate) || *bitrate < kVorbisBitrateMinKbps || *bitrate > kVorbisBitrateMaxKbps)
            return Status::error("--stream-bitrate " + *options.bitrate + ": out of range " + range);
        rate.bitrateKbps = *bitrate;
    }
    if (!options.url) return Status::ok();
    if (auto status = parseIcecastUrl(*options.url, setup.url); !status)
        return Status::error("--stream " + status.message());
    setup.rate = rate;
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
