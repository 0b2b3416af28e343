// libFuzzer target: track JSON (docs/tracks.md) through TrackPlayer::load and prepare, then a
// few blocks rendered from the start and after a seek to the middle. Findings: sanitizer
// reports, a refusal that is not one line, non-finite output from an accepted track.
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"
#include "track/track_player.h"

using namespace wavegraph;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    constexpr uint32_t kFrames = 256;
    TrackPlayer player;
    const Status loaded = player.load(json);
    fuzz::requireOneLine(loaded, "track load");
    if (!loaded) return 0;
    // The track's own rate when it is modest, so that fuzzed steps stay a few blocks long to build.
    const double rateHz = player.trackSampleRateHz() <= 96000.0 ? player.trackSampleRateHz() : 48000.0;
    const Status prepared = player.prepare({rateHz, kFrames, 2});
    fuzz::requireOneLine(prepared, "track prepare");
    if (!prepared) return 0;
    fuzz::PlanarBuffers output(2, kFrames);
    for (int block = 0; block < 4; ++block) {
        player.process(output.pointers.data(), kFrames);
        fuzz::requireFinite(output.data, kFrames, "track output");
    }
    player.seek(player.durationSeconds() / 2.0);
    for (int block = 0; block < 2; ++block) {
        player.process(output.pointers.data(), kFrames);
        fuzz::requireFinite(output.data, kFrames, "track output after seek");
    }
    return 0;
}
