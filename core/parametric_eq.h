#pragma once
/// \file parametric_eq.h
/// The 8-band parametric EQ of the reference chain: eight RBJ peaking biquads in series
/// (defaults 60, 120, 240, 480, 960, 1920, 3840, 7680 Hz, Q 1, 0 dB; seed 000).

#include <array>
#include <cstdint>

#include "dsp/biquad/biquad_cascade.h"
#include "processor.h"
#include "base/status.h"

namespace wavegraph {

class ParametricEq final : public Processor {
public:
    static constexpr uint32_t kNumBands = 8;
    static constexpr std::array<double, kNumBands> kDefaultFrequenciesHz = {
        60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 3840.0, 7680.0};
    static constexpr double kDefaultQ = 1.0;
    static constexpr double kMinGainDb = -24.0, kMaxGainDb = 24.0;
    static constexpr double kMinFrequencyHz = 10.0;  ///< upper limit is Nyquist
    static constexpr double kMinQ = 0.1, kMaxQ = 30.0;

    struct Band {
        double frequencyHz = 1000.0;
        double q = kDefaultQ;
        double gainDb = 0.0;
    };

    ParametricEq();

    void prepare(const ProcessSpec& spec) override;   // [control]
    void reset() noexcept override;                  // [audio]
    void process(AudioBlock& block) noexcept override;  // [audio] planar, in place

    /// Checks a value before it is sent [control]. Errors name the value and the range, e.g.
    /// "band 9 is out of range (0…7)" or "band 4 gainDb 30 is out of range (-24…24 dB)".
    Status validateBand(uint32_t band) const;
    Status validateGainDb(uint32_t band, double gainDb) const;
    Status validateFrequencyHz(uint32_t band, double frequencyHz) const;
    Status validateQ(uint32_t band, double q) const;

    /// Setters clamp to the ranges above and redesign that band's coefficients. [audio]
    /// Out-of-range bands are ignored. Return false when the value had to be clamped/ignored.
    bool setGainDb(uint32_t band, double gainDb) noexcept;
    bool setFrequencyHz(uint32_t band, double frequencyHz) noexcept;
    bool setQ(uint32_t band, double q) noexcept;

    const Band& band(uint32_t band) const noexcept { return bands_[band]; }
    /// The cascade's designed magnitude at frequencyHz, in dB (sum of the bands). [control]
    double magnitudeDbAt(double frequencyHz) const noexcept;

private:
    void redesign(uint32_t band) noexcept;  // [audio]

    // [control] set in prepare.
    double sampleRateHz_ = 48000.0;
    // [audio] after prepare.
    std::array<Band, kNumBands> bands_{};
    BiquadCascade filters_;  // the eight peaking sections, in band order
};

}  // namespace wavegraph
