#include "parametric_eq.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/format_number.h"

namespace wavegraph {

ParametricEq::ParametricEq() {
    for (uint32_t b = 0; b < kNumBands; ++b) bands_[b].frequencyHz = kDefaultFrequenciesHz[b];
}

void ParametricEq::prepare(const ProcessSpec& spec) {  // [control]
    sampleRateHz_ = spec.sampleRateHz;
    filters_.prepare(spec, kNumBands);
    for (uint32_t b = 0; b < kNumBands; ++b) {
        bands_[b].frequencyHz = std::min(bands_[b].frequencyHz, 0.5 * sampleRateHz_ * 0.999);
        redesign(b);
    }
}

void ParametricEq::reset() noexcept {  // [audio]
    filters_.reset();
}

void ParametricEq::process(AudioBlock& block) noexcept {  // [audio]
    filters_.process(block);  // = the eight bands' Biquads in turn, bit for bit, in one pass
}

Status ParametricEq::validateBand(uint32_t band) const {  // [control]
    if (band >= kNumBands)
        return Status::error("band " + std::to_string(band) + " is out of range (0…" +
                             std::to_string(kNumBands - 1) + ")");
    return Status::ok();
}

Status ParametricEq::validateGainDb(uint32_t band, double gainDb) const {  // [control]
    if (auto s = validateBand(band); !s) return s;
    if (!(gainDb >= kMinGainDb && gainDb <= kMaxGainDb))
        return Status::error("band " + std::to_string(band) + " gainDb " + formatNumber(gainDb) +
                             " is out of range (" + formatNumber(kMinGainDb) + "…" +
                             formatNumber(kMaxGainDb) + " dB)");
    return Status::ok();
}

Status ParametricEq::validateFrequencyHz(uint32_t band, double frequencyHz) const {  // [control]
    if (auto s = validateBand(band); !s) return s;
    const double nyquistHz = 0.5 * sampleRateHz_;
    if (!(frequencyHz >= kMinFrequencyHz && frequencyHz < nyquistHz))
        return Status::error("band " + std::to_string(band) + " frequencyHz " +
                             formatNumber(frequencyHz) + " is out of range (" +
                             formatNumber(kMinFrequencyHz) + " Hz up to Nyquist, " +
                             formatNumber(nyquistHz) + " Hz)");
    return Status::ok();
}

Status ParametricEq::validateQ(uint32_t band, double q) const {  // [control]
    if (auto s = validateBand(band); !s) return s;
    if (!(q >= kMinQ && q <= kMaxQ))
        return Status::error("band " + std::to_string(band) + " q " + formatNumber(q) +
                             " is out of range (" + formatNumber(kMinQ) + "…" +
                             formatNumber(kMaxQ) + ")");
    return Status::ok();
}

namespace {
// [audio] Clamp to [lo, hi]; NaN becomes `fallback`. Returns whether the value was usable as is.
bool clampInto(double value, double lo, double hi, double fallback, double& out) noexcept {
    if (std::isnan(value)) { out = fallback; return false; }
    out = std::clamp(value, lo, hi);
    return out == value;
}
}  // namespace

bool ParametricEq::setGainDb(uint32_t band, double gainDb) noexcept {  // [audio]
    if (band >= kNumBands) return false;
    const bool ok = clampInto(gainDb, kMinGainDb, kMaxGainDb, bands_[band].gainDb, bands_[band].gainDb);
    redesign(band);
    return ok;
}

bool ParametricEq::setFrequencyHz(uint32_t band, double frequencyHz) noexcept {  // [audio]
    if (band >= kNumBands) return false;
    const bool ok = clampInto(frequencyHz, kMinFrequencyHz, 0.5 * sampleRateHz_ * 0.999,
                              bands_[band].frequencyHz, bands_[band].frequencyHz);
    redesign(band);
    return ok;
}

bool ParametricEq::setQ(uint32_t band, double q) noexcept {  // [audio]
    if (band >= kNumBands) return false;
    const bool ok = clampInto(q, kMinQ, kMaxQ, bands_[band].q, bands_[band].q);
    redesign(band);
    return ok;
}

double ParametricEq::magnitudeDbAt(double frequencyHz) const noexcept {  // [control]
    double db = 0.0;
    for (uint32_t b = 0; b < kNumBands; ++b)
        db += filters_.coefficients(b).magnitudeDbAt(frequencyHz, sampleRateHz_);
    return db;
}

void ParametricEq::redesign(uint32_t band) noexcept {  // [audio]
    const Band& b = bands_[band];
    filters_.setCoefficients(
        band, BiquadCoefficients::design(BiquadType::peaking, sampleRateHz_, b.frequencyHz, b.q, b.gainDb));
}

}  // namespace wavegraph
