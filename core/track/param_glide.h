#pragma once
/// \file param_glide.h
/// Linear parameter glides over a step and the closed-form phase of a linearly gliding frequency,
/// both pure functions of the frame index, so a render never depends on how it is split into
/// blocks and a seek lands on exactly the value a continuous render would reach.

#include <cmath>
#include <cstdint>

#include "track/track_description.h"

namespace wavegraph {

/// Value at local frame n of a step of stepFrames frames: start + (end − start)·n/stepFrames.
/// [audio]
inline double glideAt(const ParamGlide& glide, int64_t n, int64_t stepFrames) noexcept {
    if (glide.start == glide.end) return glide.start;
    return glide.start + (glide.end - glide.start) * (static_cast<double>(n) / static_cast<double>(stepFrames));
}

/// Phase in cycles, in [0, 1), at local frame n of a tone whose frequency glides linearly from
/// f0 to f1 Hz over stepFrames frames (frame m has frequency f0 + (f1 − f0)·m/stepFrames):
/// Σ_{m<n} f(m)/fs = (n·f0 + (f1 − f0)·n(n − 1)/(2·stepFrames)) / fs (arithmetic series).
/// Frame 0 has phase 0. [audio]
inline double glidePhaseCycles(double f0Hz, double f1Hz, int64_t n, int64_t stepFrames, double sampleRateHz) noexcept {
    const double nd = static_cast<double>(n);
    double cycles = nd * f0Hz;
    if (f1Hz != f0Hz) cycles += (f1Hz - f0Hz) * nd * (nd - 1.0) / (2.0 * static_cast<double>(stepFrames));
    cycles /= sampleRateHz;
    return cycles - std::floor(cycles);
}

}  // namespace wavegraph
