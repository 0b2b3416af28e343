// wav_compare REFERENCE RECORDING [--window N]: finds where RECORDING's first non-silent frame
// sits in REFERENCE (the offset at which a window of N frames matches within 1e-6 on every
// channel), then measures over the overlap after that point:
//   lag=<frames of REFERENCE before the recording's first non-silent frame>
//   recording_start=<index of that frame in RECORDING>
//   compared_frames=<frames compared>  max_abs_diff=<largest |ref − rec|>
//   reference_frames=<length of REFERENCE>  missing_tail=<reference frames after the overlap>
//   end_lag=<the same alignment found again for the last window of the overlap>
//   drift_frames=<end_lag − lag: frames gained (+) or lost (−) by the recording's clock against
//                 the reference's frame counter over the compared span>
// Exit 0 when an alignment was found (the caller judges the numbers), 1 otherwise.
// Used by play_jack_host_test.sh (a jack_rec recording against an offline render).

#include <sndfile.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {
struct Wav {
    int channels = 0;
    std::vector<float> samples;  // interleaved
    size_t frames() const { return channels ? samples.size() / channels : 0; }
    float at(size_t frame, int c) const { return samples[frame * channels + c]; }
};

bool load(const std::string& path, Wav& wav) {
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (!file) {
        std::fprintf(stderr, "wav_compare: cannot read %s: %s\n", path.c_str(), sf_strerror(nullptr));
        return false;
    }
    wav.channels = info.channels;
    wav.samples.resize(static_cast<size_t>(info.frames) * info.channels);
    sf_readf_float(file, wav.samples.data(), info.frames);
    sf_close(file);
    return true;
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Align a recording with a reference render and measure the largest difference."};
    std::string referencePath, recordingPath;
    size_t window = 64;
    double tolerance = 1e-6;
    app.add_option("REFERENCE", referencePath)->required();
    app.add_option("RECORDING", recordingPath)->required();
    app.add_option("--window", window, "frames that must match to accept an alignment");
    app.add_option("--tolerance", tolerance, "largest difference accepted inside the alignment window");
    CLI11_PARSE(app, argc, argv);
    Wav ref, rec;
    if (!load(referencePath, ref) || !load(recordingPath, rec)) return 1;
    const int channels = std::min(ref.channels, rec.channels);
    size_t start = 0;
    while (start < rec.frames()) {
        bool silent = true;
        for (int c = 0; c < channels; ++c) silent = silent && rec.at(start, c) == 0.0f;
        if (!silent) break;
        ++start;
    }
    if (start + window > rec.frames()) {
        std::fprintf(stderr, "wav_compare: the recording is silent\n");
        return 1;
    }
    auto windowMatchesAt = [&](size_t lag, size_t recAt) {
        for (size_t i = 0; i < window; ++i)
            for (int c = 0; c < channels; ++c)
                if (std::fabs(ref.at(lag + i, c) - rec.at(recAt + i, c)) > tolerance) return false;
        return true;
    };
    auto windowMatches = [&](size_t lag) { return windowMatchesAt(lag, start); };
    size_t lag = SIZE_MAX;
    for (size_t k = 0; k + window <= ref.frames(); ++k)
        if (windowMatches(k)) {
            lag = k;
            break;
        }
    if (lag == SIZE_MAX) {
        std::fprintf(stderr, "wav_compare: no alignment found for the recording's first %zu frames\n", window);
        return 1;
    }
    const size_t compared = std::min(ref.frames() - lag, rec.frames() - start);
    double maxDiff = 0.0;
    size_t worst = 0;
    for (size_t i = 0; i < compared; ++i)
        for (int c = 0; c < channels; ++c) {
            const double d = std::fabs(static_cast<double>(ref.at(lag + i, c)) - rec.at(start + i, c));
            if (d > maxDiff) maxDiff = d, worst = i;
        }
    // The last window of the overlap, searched ±2048 frames around where no drift would put it.
    long endLag = -1;
    if (compared >= 2 * window) {
        const size_t recAt = start + compared - window;
        const size_t expected = lag + compared - window;
        const size_t from = expected > 2048 ? expected - 2048 : 0;
        for (size_t k = from; k + window <= ref.frames() && k <= expected + 2048; ++k)
            if (windowMatchesAt(k, recAt)) {
                endLag = static_cast<long>(k) - static_cast<long>(compared - window);
                break;
            }
    }
    std::printf(
        "lag=%zu recording_start=%zu compared_frames=%zu max_abs_diff=%.3g worst_frame=%zu "
        "reference_frames=%zu missing_tail=%zu end_lag=%ld drift_frames=%ld\n",
        lag, start, compared, maxDiff, lag + worst, ref.frames(), ref.frames() - lag - compared, endLag,
        endLag < 0 ? 0L : endLag - static_cast<long>(lag));
    return 0;
}
