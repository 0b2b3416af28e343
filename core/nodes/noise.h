#pragma once
/// \file noise.h
/// "noise": seeded white, pink or brown noise. 0 inputs, 1 output of spec.numChannels
/// identical channels (one mono noise signal, duplicated).
///
/// All colours draw from std::mt19937 raw 32-bit output (the generator is fully specified by the
/// C++ standard; distribution objects are not, so native and wasm give the same samples):
///   white  w = u/2^31 − 1, uniform in [−1, 1): flat spectrum, RMS −4.77 dBFS;
///   pink   PinkNoise (Paul Kellet's refined filter, musicdsp.org 1999): −3 dB/octave,
///          RMS about −14.3 dBFS (measured);
///   brown  leaky integration of white, y[n] = λ·y[n−1] + g·w[n] with λ = exp(−2π·5 Hz/fs): a
///          one-pole low-pass (J. O. Smith, "Introduction to Digital Filters", one-pole
///          filters) with its corner at 5 Hz, so −6 dB/octave above about 10 Hz; g sets the
///          RMS to −15 dBFS (g = 10^(−15/20)·√(3(1 − λ²)), from var(y) = g²·var(w)/(1 − λ²)).
/// Setting `seed` restarts the sequence (and clears the colouring filters) at that seed.

#include <array>
#include <cstdint>
#include <random>
#include <span>
#include <string_view>

#include "dsp/pink_noise.h"
#include "dsp/smoothed_value.h"
#include "graph/node_base.h"

namespace wavegraph {

/// "noise": seeded white, pink or brown noise, one mono signal on every channel.
class NoiseNode final : public NodeBase<NoiseNode> {
public:
    /// Parameter ids.
    enum Param : uint32_t { color = 0, seed = 1, levelDb = 2 };
    /// Values of `color`.
    enum class Color : uint32_t { white = 0, pink = 1, brown = 2 };
    /// Ramp of levelDb (linear in gain), per frame.
    static constexpr double kRampTimeMs = 5.0;
    /// Corner of the brown-noise leaky integrator, Hz.
    static constexpr double kBrownCornerHz = 5.0;
    /// RMS of brown noise at levelDb 0, dBFS.
    static constexpr double kBrownRmsDb = -15.0;

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"noise", 0, 1};

    /// Computes the brown-noise coefficients for spec.sampleRateHz, snaps the level, reseeds.
    /// [control]
    void prepare(const ProcessSpec& spec) override;
    /// Restarts the sequence from the current seed, snaps the level ramp. [audio]
    void reset() noexcept override;
    /// Target value of parameter `id`; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// Writes io.numFrames frames to every channel of io.outputs[0]. [audio]
    void process(NodeIo& io) noexcept override;

private:
    /// color: 0 white, 1 pink, 2 brown (default 0, stepped, rounded);
    /// seed: integer 0…4294967295, default 1 (stepped, rounded; setting it reseeds);
    /// levelDb: dB, −120…0, default 0, smoothed.
    static constexpr std::array<ParameterInfo, 3> kParameters{{
        {"color", "", 0.0, 2.0, 0.0, false},
        {"seed", "", 0.0, 4294967295.0, 1.0, false},
        {"levelDb", "dB", -120.0, 0.0, 0.0, true},
    }};
    friend NodeBase<NoiseNode>;
    /// false for an unknown id, NaN (ignored) or a value that had to be clamped or rounded. [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;
    void reseed() noexcept;
    double white() noexcept { return static_cast<double>(random_()) / 2147483648.0 - 1.0; }

    std::array<double, 3> values_{0.0, 1.0, 0.0};
    Color color_ = Color::white;
    std::mt19937 random_{1};  // white and brown
    PinkNoise pink_{1};       // pink (its own generator, same seed)
    double brown_ = 0.0, brownPole_ = 0.0, brownGain_ = 0.0;
    SmoothedValue gain_;  // linear
};

}  // namespace wavegraph
