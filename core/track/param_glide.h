#pragma once
/// \file param_glide.h
/// Linear parameter glides over a step and the closed-form phase of a linearly gliding frequency,
/// both pure functions of the frame index, so a render never depends on how it is split into
/// blocks and a seek lands on exactly the value a continuous render would reach.

#include <cmath>
#include <cstdint>

#include "track/track_description.h"

namespace wavegraph {

/// A parameter's value at local frame n of a step of stepFrames frames:
/// start + n·(end − start)/stepFrames (the slope precomputed).
class LinearGlide {
public:
    LinearGlide() = default;
    /// [control]
    LinearGlide(const ParamGlide& glide, int64_t stepFrames) noexcept
        : start_(glide.start), slope_((glide.end - glide.start) / static_cast<double>(stepFrames)) {}
    /// [audio]
    double at(int64_t n) const noexcept { return start_ + slope_ * static_cast<double>(n); }
    /// True when the value never changes. [any]
    bool constant() const noexcept { return slope_ == 0.0; }

private:
    double start_ = 0.0;
    double slope_ = 0.0;
};

/// The phase of a tone whose frequency glides linearly from f0 to f1 Hz over stepFrames frames
/// (frame m has frequency f0 + (f1 − f0)·m/stepFrames), in cycles at local frame n:
/// Σ_{m<n} f(m)/fs = n·(f0 + (f1 − f0)·(n − 1)/(2·stepFrames)) / fs (arithmetic series), with the
/// two constants precomputed. Frame 0 has phase 0.
class GlidePhase {
public:
    GlidePhase() = default;
    /// [control]
    GlidePhase(double f0Hz, double f1Hz, int64_t stepFrames, double sampleRateHz) noexcept
        : cyclesPerFrame_(f0Hz / sampleRateHz),
          curvature_((f1Hz - f0Hz) / (2.0 * static_cast<double>(stepFrames) * sampleRateHz)) {}
    /// Phase in [0, 1) cycles at local frame n. [audio]
    double at(int64_t n) const noexcept {
        const double nd = static_cast<double>(n);
        const double cycles = nd * (cyclesPerFrame_ + curvature_ * (nd - 1.0));
        return cycles - std::floor(cycles);
    }

private:
    double cyclesPerFrame_ = 0.0;  // f0/fs
    double curvature_ = 0.0;       // (f1 − f0)/(2·stepFrames·fs)
};

}  // namespace wavegraph
