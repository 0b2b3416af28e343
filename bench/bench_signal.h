#pragma once
/// \file bench_signal.h
/// Shared set-up of the benchmarks: stereo 48 kHz, seeded white noise in planar float blocks,
/// and the per-frame counters (items/s = frames/s, time_per_frame = s/frame).

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace wavegraph::bench {

inline constexpr double kSampleRateHz = 48000.0;
inline constexpr uint32_t kChannels = 2;
inline constexpr uint32_t kBands = 8;

/// Centre frequency of reference-EQ band b: 60 · 2^b Hz (60 … 7680).
inline double bandFrequencyHz(uint32_t band) { return std::ldexp(60.0, static_cast<int>(band)); }

/// channels × frames of seeded white noise in [-0.5, 0.5).
inline std::vector<std::vector<float>> makeNoise(uint32_t channels, uint32_t frames) {
    std::mt19937 random(42);
    std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
    std::vector<std::vector<float>> out(channels, std::vector<float>(frames));
    for (auto& ch : out)
        for (auto& s : ch) s = noise(random);
    return out;
}

/// Reports frames processed: items_per_second = frames/s, time_per_frame in seconds (printed
/// with an SI prefix: "9.5n" = 9.5 ns per frame).
inline void reportFrames(benchmark::State& state, uint32_t framesPerIteration) {
    const auto frames = static_cast<int64_t>(state.iterations()) * framesPerIteration;
    state.SetItemsProcessed(frames);
    state.counters["time_per_frame"] =
        benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace wavegraph::bench
