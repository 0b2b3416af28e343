#pragma once
/// \file phase_sine.h
/// sin(2π·phase) for a phase in [0, 1) cycles with math::sin (portable_math.h: the same bits in
/// every host). The argument is wrapped to [−π, π) first (phases from ½ use φ − 1), and phase 0
/// gives exactly 0; the error against the double std::sin over 10⁶ phases is measured in
/// track_voices_test.cpp (PhaseSine).

#include <numbers>

#include "dsp/portable_math.h"

namespace wavegraph {

/// [audio]
inline double phaseSine(double phaseCycles) noexcept {
    constexpr double twoPi = 2.0 * std::numbers::pi;
    const double wrapped = phaseCycles < 0.5 ? phaseCycles : phaseCycles - 1.0;
    return math::sin(twoPi * wrapped);
}

}  // namespace wavegraph
