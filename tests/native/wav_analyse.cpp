// wav_analyse FILE [--threshold-db DB] [--last-seconds S]
// Measures a recording for play_jack_test.sh: trims the leading and trailing silence (frames
// where every channel is below the threshold), then prints, per channel, the dominant frequency
// (from the periods between rising zero crossings, linearly interpolated; periods more than 1 %
// off the median, i.e. phase jumps from dropped buffers, are left out and counted), the RMS
// level and the peak, as key=value pairs:
//   frames=144000 rate=48000 channels=2
//   signal_start_s=0.0213 signal_end_s=2.0213 analysed_s=2.0000
//   channel=0 frequency_hz=440.0003 rms_dbfs=-9.031 peak_dbfs=-6.021 outlier_periods=0
// Exit 1 when the file cannot be read or holds no signal above the threshold.

#include <sndfile.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

struct Measurement {
    double frequencyHz = 0.0;
    double rmsDb = -INFINITY;
    double peakDb = -INFINITY;
    size_t outlierPeriods = 0;  ///< periods more than 1 % off the median (glitches)
};

Measurement measure(const std::vector<float>& x, size_t begin, size_t end, double rateHz) {
    Measurement m;
    double sumOfSquares = 0.0, peak = 0.0;
    for (size_t i = begin; i < end; ++i) {
        sumOfSquares += double{x[i]} * x[i];
        peak = std::max(peak, std::fabs(double{x[i]}));
    }
    m.rmsDb = 10.0 * std::log10(sumOfSquares / static_cast<double>(end - begin));
    m.peakDb = 20.0 * std::log10(peak);
    // Periods between consecutive rising zero crossings (linearly interpolated). A dropped or
    // repeated buffer (a JACK xrun) makes one period an outlier; those are counted and left out.
    std::vector<double> periods;
    double previous = -1.0;
    for (size_t i = begin + 1; i < end; ++i) {
        if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
            const double t = static_cast<double>(i - 1) + (-x[i - 1]) / (double{x[i]} - x[i - 1]);
            if (previous >= 0.0) periods.push_back(t - previous);
            previous = t;
        }
    }
    if (periods.empty()) return m;
    std::vector<double> sorted = periods;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];
    double sum = 0.0;
    size_t kept = 0;
    for (double period : periods) {
        if (std::fabs(period - median) <= 0.01 * median) {
            sum += period;
            ++kept;
        } else {
            ++m.outlierPeriods;
        }
    }
    m.frequencyHz = rateHz * static_cast<double>(kept) / sum;
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Dominant frequency and level of a recording (for play_jack_test.sh)", "wav_analyse"};
    std::string path;
    double thresholdDb = -60.0;
    double lastSeconds = 0.0;
    app.add_option("FILE", path, "recording to analyse")->required();
    app.add_option("--threshold-db", thresholdDb, "silence threshold in dBFS (default -60)");
    app.add_option("--last-seconds", lastSeconds, "analyse only the last S seconds of the signal");
    CLI11_PARSE(app, argc, argv);

    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (file == nullptr) {
        std::fprintf(stderr, "wav_analyse: cannot open '%s': %s\n", path.c_str(), sf_strerror(nullptr));
        return 1;
    }
    const auto frames = static_cast<size_t>(info.frames);
    const auto channels = static_cast<size_t>(info.channels);
    std::vector<float> interleaved(frames * channels);
    sf_readf_float(file, interleaved.data(), info.frames);
    sf_close(file);
    std::vector<std::vector<float>> planar(channels, std::vector<float>(frames));
    for (size_t i = 0; i < frames; ++i)
        for (size_t c = 0; c < channels; ++c) planar[c][i] = interleaved[i * channels + c];

    const double threshold = std::pow(10.0, thresholdDb / 20.0);
    auto loud = [&](size_t i) {
        for (size_t c = 0; c < channels; ++c)
            if (std::fabs(planar[c][i]) > threshold) return true;
        return false;
    };
    size_t begin = 0, end = frames;
    while (begin < end && !loud(begin)) ++begin;
    while (end > begin && !loud(end - 1)) --end;
    const double rateHz = info.samplerate;
    std::printf("frames=%zu rate=%d channels=%zu\n", frames, info.samplerate, channels);
    if (end - begin < 2) {
        std::fprintf(stderr, "wav_analyse: '%s' holds no signal above %g dBFS\n", path.c_str(), thresholdDb);
        return 1;
    }
    const double signalStart = static_cast<double>(begin) / rateHz, signalEnd = static_cast<double>(end) / rateHz;
    if (lastSeconds > 0.0) begin = std::max(begin, end - std::min(end, static_cast<size_t>(lastSeconds * rateHz)));
    std::printf("signal_start_s=%.4f signal_end_s=%.4f analysed_s=%.4f\n", signalStart, signalEnd,
                static_cast<double>(end - begin) / rateHz);
    for (size_t c = 0; c < channels; ++c) {
        const Measurement m = measure(planar[c], begin, end, rateHz);
        std::printf("channel=%zu frequency_hz=%.4f rms_dbfs=%.3f peak_dbfs=%.3f outlier_periods=%zu\n", c,
                    m.frequencyHz, m.rmsDb, m.peakDb, m.outlierPeriods);
    }
    return 0;
}
