#pragma once
/// \file chromium_biquad_model.h
/// Test reference: Chromium's BiquadFilterNode arithmetic (Blink's Biquad::Process) for one
/// channel, section after section, as BiquadFilterNodes in series. Direct form I with double
/// coefficients and input history, the output rounded to float32 before it is fed back.

#include <vector>

#include "dsp/biquad/biquad_coefficients.h"

namespace wavegraph::test {

inline std::vector<float> chromiumBiquadModel(const std::vector<BiquadCoefficients>& sections, std::vector<float> x) {
    for (const auto& c : sections) {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (float& sample : x) {
            const float in = sample;
            const float y = static_cast<float>(c.b0 * in + c.b1 * x1 + c.b2 * x2 - c.a1 * y1 - c.a2 * y2);
            sample = y;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = y;
        }
    }
    return x;
}

}  // namespace wavegraph::test
