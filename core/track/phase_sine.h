#pragma once
/// \file phase_sine.h
/// sin(2π·phase) for a phase in [0, 1) cycles, evaluated in single precision (std::sin(float)):
/// the voices' output is float anyway, and the double std::sin dominated a track render. The
/// argument is wrapped to [−π, π) first (phases from ½ use φ − 1) so it keeps the most float
/// resolution, and phase 0 gives exactly 0; the error measured against the double sin over 10⁶
/// phases is in track_voices_test.cpp (PhaseSine).

#include <cmath>
#include <numbers>

namespace wavegraph {

/// [audio]
inline double phaseSine(double phaseCycles) noexcept {
    constexpr double twoPi = 2.0 * std::numbers::pi;
    const double wrapped = phaseCycles < 0.5 ? phaseCycles : phaseCycles - 1.0;
    return static_cast<double>(std::sin(static_cast<float>(twoPi * wrapped)));
}

}  // namespace wavegraph
