#pragma once
/// \file crossfade_curve.h
/// Gains of the outgoing and incoming step during a crossfade, at progress p in [0, 1]:
///   linear       out = 1 − p,        in = p              (out + in = 1: identical signals keep
///                                                         their level);
///   equal_power  out = cos(p·π/2),   in = sin(p·π/2)     (out² + in² = 1: uncorrelated signals
///                                                         keep their power).

#include <cmath>
#include <numbers>

#include "dsp/portable_math.h"
#include "track/track_description.h"

namespace wavegraph {

/// Linear gains of the two steps of a crossfade.
struct CrossfadeGains {
    double out = 1.0;  ///< Gain of the outgoing step.
    double in = 0.0;   ///< Gain of the incoming step.
};

/// [audio]
inline CrossfadeGains crossfadeGains(CrossfadeCurve curve, double progress) noexcept {
    const double p = progress < 0.0 ? 0.0 : (progress > 1.0 ? 1.0 : progress);
    if (curve == CrossfadeCurve::equalPower) {
        const double angle = p * std::numbers::pi / 2.0;
        return {math::cos(angle), math::sin(angle)};
    }
    return {1.0 - p, p};
}

}  // namespace wavegraph
