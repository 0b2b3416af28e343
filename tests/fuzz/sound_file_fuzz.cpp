// libFuzzer target: audio files through the project's libsndfile reader
// (native/host/sound_file_reader.h, readWholeFile: what `wavegraph render` and `play` read),
// from a temporary file holding the fuzzed bytes. Findings: sanitizer reports, a refusal that
// is not one line, a result that contradicts itself (channels, frames, rate).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_checks.h"
#include "host/sound_file_reader.h"

using namespace wavegraph;

namespace {

const std::string& temporaryPath() {
    static const std::string path = [] {
        char pattern[] = "/tmp/wavegraph-sound-file-fuzz-XXXXXX";
        const int fd = mkstemp(pattern);
        if (fd < 0) std::abort();
        close(fd);
        return std::string(pattern);
    }();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = temporaryPath();
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr || std::fwrite(data, 1, size, file) != size) std::abort();
    std::fclose(file);
    cli::PlanarAudio audio;
    cli::SoundFileInfo info;
    const Status status = cli::readWholeFile(path, audio, info);
    fuzz::requireOneLine(status, "readWholeFile");
    if (!status) return 0;
    if (info.channels < 1 || !(info.sampleRateHz > 0.0) || audio.numChannels() != info.channels ||
        static_cast<int64_t>(audio.numFrames()) != info.frames) {
        std::fprintf(stderr, "inconsistent read: %u channels at %g Hz, %lld frames; audio %zu × %zu\n", info.channels,
                     info.sampleRateHz, static_cast<long long>(info.frames), size_t{audio.numChannels()},
                     size_t{audio.numFrames()});
        std::abort();
    }
    return 0;
}
