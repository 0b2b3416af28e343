#include "dsp/pink_noise.h"

namespace wavegraph {

void PinkNoise::reset(uint32_t seed) noexcept {  // [audio]
    random_.seed(seed);
    b0_ = b1_ = b2_ = b3_ = b4_ = b5_ = b6_ = 0.0;
}

float PinkNoise::next() noexcept {  // [audio]
    // Uniform white in [-1, 1) from the raw 32-bit output (distribution objects are not
    // specified bit-exactly across standard libraries; the engine itself is).
    const double white = static_cast<double>(random_()) / 2147483648.0 - 1.0;
    // Paul Kellet's refined pinking filter: seven one-pole sections summed.
    b0_ = 0.99886 * b0_ + white * 0.0555179;
    b1_ = 0.99332 * b1_ + white * 0.0750759;
    b2_ = 0.96900 * b2_ + white * 0.1538520;
    b3_ = 0.86650 * b3_ + white * 0.3104856;
    b4_ = 0.55000 * b4_ + white * 0.5329522;
    b5_ = -0.7616 * b5_ - white * 0.0168980;
    const double pink = b0_ + b1_ + b2_ + b3_ + b4_ + b5_ + b6_ + white * 0.5362;
    b6_ = white * 0.115926;
    return static_cast<float>(pink * 0.11);  // Kellet's sum peaks near ±9; scale to about ±1
}

}  // namespace wavegraph
