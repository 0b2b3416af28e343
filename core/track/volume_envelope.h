#pragma once
/// \file volume_envelope.h
/// The volume_envelope of a voice as a gain 0…1 at time t = n/fs seconds from the start of its
/// step, D = step duration (frames/fs) seconds. Shapes (the seed's common.py, linear segments):
///   adsr       t < a: t/a;  t < a+d: 1 − (1 − s)(t − a)/d;  t < D − r: s;  else s·(D − t)/r
///              (attack a, decay d, sustain_level s, release r ending at the end of the step);
///   linen      min(1, t/fade_in, (D − t)/fade_out) (a zero time skips its ramp);
///   trapezoid  trapezoidPulse(frac(t/cycle_len), ramp_percent, gap_percent), repeating
///              (trapezoid_pulse.h);
///   none       1.
/// Validation (track_json) guarantees a + d + r ≤ D and fade_in + fade_out ≤ D.

#include <cstdint>

#include "track/track_description.h"

namespace wavegraph {

/// Gain at local frame n of a step of stepFrames frames at sampleRateHz. [audio]
double volumeEnvelopeAt(const EnvelopeDescription& envelope, int64_t n, int64_t stepFrames,
                        double sampleRateHz) noexcept;

/// True when volumeEnvelopeAt is exactly 1 for every frame in [n, n + count) (none; linen
/// between its fades), so the caller may skip the multiplication without changing a bit.
/// [audio]
bool volumeEnvelopeIsUnity(const EnvelopeDescription& envelope, int64_t n, int64_t count, int64_t stepFrames,
                           double sampleRateHz) noexcept;

}  // namespace wavegraph
