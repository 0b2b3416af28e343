#pragma once
/// \file pan2.h
/// Equal-power panning of a mono signal (the seed's common.py pan2): θ = (pan + 1)·π/4,
/// left = cos θ, right = sin θ, so left² + right² = 1 for every pan; pan 0 gives 1/√2 to each
/// side (−3 dB), pan −1 all left, pan 1 all right.

#include <cmath>
#include <numbers>
#include "dsp/portable_math.h"

namespace wavegraph {

/// Linear gains of pan2: left = cos θ, right = sin θ.
struct PanGains {
    double left = 0.0;   ///< Left gain, 0…1.
    double right = 0.0;  ///< Right gain, 0…1.
};

/// pan in −1…1 (clamped). [audio]
inline PanGains pan2(double pan) noexcept {
    const double p = pan < -1.0 ? -1.0 : (pan > 1.0 ? 1.0 : pan);
    const double theta = (p + 1.0) * std::numbers::pi / 4.0;
    return {math::cos(theta), math::sin(theta)};
}

}  // namespace wavegraph
