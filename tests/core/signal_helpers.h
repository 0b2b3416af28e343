#pragma once
// Test-only signal generation and measurement.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "base/audio_block.h"

namespace wavegraph::test {

/// count samples of white noise, uniform in [−amplitude, amplitude), from std::mt19937(seed).
inline std::vector<float> uniformNoise(size_t count, uint32_t seed, float amplitude = 1.0f) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> level(-amplitude, amplitude);
    std::vector<float> samples(count);
    for (float& x : samples) x = level(rng);
    return samples;
}

inline std::vector<float> makeSine(double frequencyHz, double sampleRateHz, size_t frames, double amplitude = 0.5) {
    std::vector<float> out(frames);
    for (size_t i = 0; i < frames; ++i)
        out[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * frequencyHz * i / sampleRateHz));
    return out;
}

/// RMS of x[start, end) in dB (20·log10).
inline double rmsDb(const std::vector<float>& x, size_t start, size_t end) {
    double sum = 0.0;
    for (size_t i = start; i < end; ++i) sum += double{x[i]} * x[i];
    return 10.0 * std::log10(sum / static_cast<double>(end - start));
}

/// Least-squares fit x[i] ≈ a·sin(w·i) + b·cos(w·i), w = 2π·frequencyHz / sampleRateHz, over
/// x[start, end) (exact for a pure sinusoid when the window is long).
struct SineFit {
    double a = 0.0, b = 0.0;
    double amplitude() const { return std::hypot(a, b); }
    double phase() const { return std::atan2(b, a); }  ///< radians: x ≈ r·sin(w·i + phase)
};
inline SineFit fitSine(const std::vector<float>& x, size_t start, size_t end, double frequencyHz, double sampleRateHz) {
    double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
    for (size_t i = start; i < end; ++i) {
        const double w = 2.0 * std::numbers::pi * frequencyHz * i / sampleRateHz;
        const double s = std::sin(w), c = std::cos(w);
        ss += s * s;
        cc += c * c;
        sc += s * c;
        xs += x[i] * s;
        xc += x[i] * c;
    }
    // Solve [ss sc; sc cc] [a; b] = [xs; xc].
    const double det = ss * cc - sc * sc;
    return {(xs * cc - xc * sc) / det, (xc * ss - xs * sc) / det};
}

/// Amplitude of the component at frequencyHz in x[start, end) (fitSine).
inline double sineAmplitude(const std::vector<float>& x, size_t start, size_t end, double frequencyHz,
                            double sampleRateHz) {
    return fitSine(x, start, end, frequencyHz, sampleRateHz).amplitude();
}

/// An AudioBlock over frames [start, start + frames) of planar `data` (channels × frames).
inline AudioBlock planarView(std::vector<std::vector<float>>& data, uint32_t start, uint32_t frames) {
    AudioBlock block;
    block.numChannels = static_cast<uint32_t>(data.size());
    block.numFrames = frames;
    for (uint32_t c = 0; c < block.numChannels; ++c) block.channels[c] = data[c].data() + start;
    return block;
}

}  // namespace wavegraph::test
