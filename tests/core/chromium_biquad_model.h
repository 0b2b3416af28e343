#pragma once
/// \file chromium_biquad_model.h
/// Test reference: Chromium's BiquadFilterNode arithmetic (Blink's Biquad::Process) for one
/// channel, section after section, as BiquadFilterNodes in series. Direct form I with double
/// coefficients and input history, the output rounded to float32 before it is fed back.

#include <vector>

#include "dsp/biquad/biquad_coefficients.h"

namespace wavegraph::test {

/// Direct form I over `x`, section after section, every value held as `Sample` (float: Chromium's
/// output rounding; double: no rounding anywhere). The coefficients and the input history are
/// double in both.
template <class Sample>
std::vector<Sample> directFormOneCascade(const std::vector<BiquadCoefficients>& sections, std::vector<Sample> x) {
    for (const auto& c : sections) {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (Sample& sample : x) {
            const Sample in = sample;
            const auto y = static_cast<Sample>(c.b0 * in + c.b1 * x1 + c.b2 * x2 - c.a1 * y1 - c.a2 * y2);
            sample = y;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = y;
        }
    }
    return x;
}

inline std::vector<float> chromiumBiquadModel(const std::vector<BiquadCoefficients>& sections, std::vector<float> x) {
    return directFormOneCascade<float>(sections, std::move(x));
}

}  // namespace wavegraph::test
