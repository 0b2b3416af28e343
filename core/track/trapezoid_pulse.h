#pragma once
/// \file trapezoid_pulse.h
/// One period of a trapezoidal gate (the seed's common.py trapezoid_envelope_vectorized), as a
/// function of the position u in [0, 1) within the period:
///   audible = 1 − gapPercent, ramp = audible·rampPercent;
///   u <  ramp              → u / ramp                (rising edge)
///   u <  audible − ramp    → 1                       (hold)
///   u <  audible           → (audible − u) / ramp    (falling edge)
///   otherwise              → 0                       (gap)
/// rampPercent 0…0.5, gapPercent 0…<1; ramp 0 gives a rectangular gate.

namespace wavegraph {

/// [audio]
inline double trapezoidPulse(double u, double rampPercent, double gapPercent) noexcept {
    const double audible = 1.0 - gapPercent;
    if (u >= audible) return 0.0;
    const double ramp = audible * rampPercent;
    if (u < ramp) return u / ramp;
    if (u > audible - ramp) return (audible - u) / ramp;
    return 1.0;
}

}  // namespace wavegraph
