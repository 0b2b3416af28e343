#include "dsp/band_limited_wavetable.h"

#include <cmath>
#include <numbers>
#include "dsp/portable_math.h"

namespace wavegraph {
namespace {

uint32_t tableSize(uint32_t harmonics) {
    uint32_t n = 2048;
    while (n < 8 * harmonics) n *= 2;
    return n;
}

/// Fourier sine coefficient b_k of the ideal waveform (W3C Web Audio API, PeriodicWave).
double coefficient(BandLimitedWavetable::Shape shape, uint32_t k) {
    const double kPi = k * std::numbers::pi;
    switch (shape) {
        case BandLimitedWavetable::Shape::sawtooth: return (k % 2 == 1 ? 2.0 : -2.0) / kPi;
        case BandLimitedWavetable::Shape::square: return k % 2 == 1 ? 4.0 / kPi : 0.0;
        case BandLimitedWavetable::Shape::triangle: return k % 2 == 0 ? 0.0 : (k % 4 == 1 ? 8.0 : -8.0) / (kPi * kPi);
    }
    return 0.0;
}

/// 4-point Lagrange interpolation kernel (the weight of a table point at distance t).
double lagrangeKernel(double t) {
    t = std::abs(t);
    if (t < 1.0) return (t + 1.0) * (t - 1.0) * (t - 2.0) / 2.0;
    if (t < 2.0) return -(t - 1.0) * (t - 2.0) * (t - 3.0) / 6.0;
    return 0.0;
}

/// H(ν) = ∫ h(t)·cos(2πνt) dt of the kernel (real and even), by Simpson's rule on each
/// polynomial piece; ν ≤ 1/8 here, where 64 intervals per piece are accurate to about 1e-12.
double lagrangeResponse(double nu) {
    const int intervals = 64;
    double sum = 0.0;
    for (int piece = 0; piece < 2; ++piece) {
        const double a = piece, step = 1.0 / intervals;
        double s = 0.0;
        for (int i = 0; i <= intervals; ++i) {
            const double t = a + i * step;
            const double weight = (i == 0 || i == intervals) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
            const double f = lagrangeKernel(t) * math::cos(2.0 * std::numbers::pi * nu * t);
            s += weight * f;
        }
        sum += s * step / 3.0;
    }
    return 2.0 * sum;
}

}  // namespace

const BandLimitedWavetable& BandLimitedWavetable::instance() {  // [control]
    static const BandLimitedWavetable tables;
    return tables;
}

BandLimitedWavetable::BandLimitedWavetable() {  // [control]
    size_t total = 0;
    for (uint32_t k : kHarmonics) total += tableSize(k) + 3;
    samples_.assign(total * kNumShapes, 0.0f);

    std::vector<double> sine, sum;
    size_t offset = 0;
    for (uint32_t s = 0; s < kNumShapes; ++s) {
        const auto shape = static_cast<Shape>(s);
        sum.clear();
        uint32_t summed = 0;  // harmonics already in `sum` (levels of equal size build on each other)
        for (size_t level = 0; level < kHarmonics.size(); ++level) {
            const uint32_t harmonics = kHarmonics[level], n = tableSize(harmonics);
            if (sum.size() != n) {
                sine.resize(n);
                for (uint32_t i = 0; i < n; ++i) sine[i] = math::sin(2.0 * std::numbers::pi * i / n);
                sum.assign(n, 0.0);
                summed = 0;
            }
            for (uint32_t k = summed + 1; k <= harmonics; ++k) {
                const double b = coefficient(shape, k);
                if (b == 0.0) continue;
                // Undo the interpolator's pass-band response at harmonic k.
                const double amplitude = b / lagrangeResponse(static_cast<double>(k) / n);
                for (uint32_t i = 0; i < n; ++i) sum[i] += amplitude * sine[(static_cast<uint64_t>(k) * i) & (n - 1)];
            }
            summed = harmonics;
            float* data = samples_.data() + offset + 1;
            for (uint32_t i = 0; i < n; ++i) data[i] = static_cast<float>(sum[i]);
            data[-1] = data[n - 1];
            data[n] = data[0];
            data[n + 1] = data[1];
            tables_[s][level] = Table{data, n, harmonics};
            offset += n + 3;
        }
    }
}

BandLimitedWavetable::Table BandLimitedWavetable::table(Shape shape, double frequencyHz,
                                                        double sampleRateHz) const noexcept {  // [audio]
    // Largest K with K·f strictly below Nyquist.
    const double ratio = 0.5 * sampleRateHz / frequencyHz;
    const double allowed = std::ceil(ratio) - 1.0;
    if (!(allowed >= 1.0)) return Table{};
    const auto& levels = tables_[static_cast<uint32_t>(shape)];
    size_t level = 0;
    while (level + 1 < levels.size() && levels[level + 1].harmonics <= allowed) ++level;
    return levels[level];
}

}  // namespace wavegraph
