#pragma once
// Test-only: planar float audio to and from files with libsndfile, and test signals.

#include <cstdint>
#include <string>
#include <vector>

namespace wavegraph::test {

/// Planar audio: channels[c][frame].
struct Audio {
    double sampleRateHz = 0.0;
    int format = 0;  ///< libsndfile format word (e.g. SF_FORMAT_WAV | SF_FORMAT_FLOAT)
    std::vector<std::vector<float>> channels;
    size_t frames() const { return channels.empty() ? 0 : channels[0].size(); }
};

/// Reads a whole file (libsndfile's float normalisation). Throws std::runtime_error on failure.
Audio readAudio(const std::string& path);

/// Writes a file in `format` (default 32-bit float WAV). Throws std::runtime_error on failure.
void writeAudio(const std::string& path, const Audio& audio, int format = 0);

/// frames of amplitude·sin(2π·frequencyHz·n/sampleRateHz).
std::vector<float> sine(double frequencyHz, double sampleRateHz, size_t frames, double amplitude);

/// RMS in dBFS (20·log10 of the RMS, full-scale DC = 0 dB) of x[start, end).
double rmsDb(const std::vector<float>& x, size_t start, size_t end);

}  // namespace wavegraph::test
