#pragma once
/// \file pink_noise.h
/// Seeded pink (1/f) noise: white noise from std::mt19937 (fully specified by the C++
/// standard, so native and wasm give the same samples) through Paul Kellet's "refined"
/// pinking filter (musicdsp.org, "Filter to make pink noise from white", 1999), accurate to
/// ±0.05 dB above 9.2 Hz at 44.1 kHz.

#include <cstdint>
#include <random>

namespace wavegraph {

/// Seeded pink noise generator (Paul Kellet's refined filter on std::mt19937 white noise).
class PinkNoise {
public:
    /// A generator at the start of the sequence of `seed`. [control]
    explicit PinkNoise(uint32_t seed = 1) : random_(seed) {}
    /// Restarts the sequence from seed. [audio]
    void reset(uint32_t seed) noexcept;
    /// Next sample, roughly within ±1 (RMS about −15 dBFS with the default level). [audio]
    float next() noexcept;

private:
    std::mt19937 random_;
    double b0_ = 0, b1_ = 0, b2_ = 0, b3_ = 0, b4_ = 0, b5_ = 0, b6_ = 0;
};

}  // namespace wavegraph
