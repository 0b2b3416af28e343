#include "analyser_spectrum.h"

#include <kissfft/kissfft.hh>

#include <bit>
#include <cmath>
#include <numbers>
#include <string>

#include "base/format_number.h"

namespace wavegraph {
namespace {

uint8_t toByte(double scaled) noexcept {  // floor, then clamp to 0…255 (NaN → 0)
    if (!(scaled >= 0.0)) return 0;
    const double floored = std::floor(scaled);
    return floored >= 255.0 ? uint8_t{255} : static_cast<uint8_t>(floored);
}

}  // namespace

AnalyserSpectrum::AnalyserSpectrum() { setFftSize(kDefaultFftSize); }  // [control]
AnalyserSpectrum::~AnalyserSpectrum() = default;

Status AnalyserSpectrum::validateFftSize(double fftSize) {  // [any]
    if (!std::isfinite(fftSize))
        return Status::error("fftSize " + formatNumber(fftSize) + " is not a finite number");
    const bool inRange = fftSize >= kMinFftSize && fftSize <= kMaxFftSize;
    if (!inRange || fftSize != std::floor(fftSize) || !std::has_single_bit(static_cast<uint32_t>(fftSize)))
        return Status::error("fftSize " + formatNumber(fftSize) + " is not a power of two in range (" +
                             formatNumber(kMinFftSize) + "…" + formatNumber(kMaxFftSize) + ")");
    return Status::ok();
}

Status AnalyserSpectrum::validateSmoothingTimeConstant(double tau) {  // [any]
    if (!std::isfinite(tau))
        return Status::error("smoothingTimeConstant " + formatNumber(tau) + " is not a finite number");
    if (tau < 0.0 || tau > 1.0)
        return Status::error("smoothingTimeConstant " + formatNumber(tau) + " is out of range (0…1)");
    return Status::ok();
}

Status AnalyserSpectrum::validateDecibelRange(double minDecibels, double maxDecibels) {  // [any]
    if (!std::isfinite(minDecibels))
        return Status::error("minDecibels " + formatNumber(minDecibels) + " is not a finite number");
    if (!std::isfinite(maxDecibels))
        return Status::error("maxDecibels " + formatNumber(maxDecibels) + " is not a finite number");
    if (!(minDecibels < maxDecibels))
        return Status::error("minDecibels " + formatNumber(minDecibels) + " must be less than maxDecibels " +
                             formatNumber(maxDecibels));
    return Status::ok();
}

Status AnalyserSpectrum::setFftSize(uint32_t fftSize) {  // [control] allocates
    if (Status status = validateFftSize(fftSize); !status) return status;
    if (fftSize != fftSize_) {
        const uint32_t n = fftSize;
        // KissFFT's real transform of 2·M samples runs a complex FFT of M = N/2 points.
        fft_ = std::make_unique<kissfft<double>>(n / 2, false);
        window_.resize(n);
        const double a0 = (1.0 - kBlackmanAlpha) / 2.0, a1 = 0.5, a2 = kBlackmanAlpha / 2.0;
        for (uint32_t i = 0; i < n; ++i) {
            const double phase = 2.0 * std::numbers::pi * i / n;
            window_[i] = a0 - a1 * std::cos(phase) + a2 * std::cos(2.0 * phase);
        }
        windowed_.assign(n, 0.0);
        spectrum_.assign(n / 2, {});
        smoothed_.assign(n / 2, 0.0);
        fftSize_ = n;
    }
    resetSmoothing();
    return Status::ok();
}

Status AnalyserSpectrum::setSmoothingTimeConstant(double tau) {  // [control]
    if (Status status = validateSmoothingTimeConstant(tau); !status) return status;
    smoothing_ = tau;
    return Status::ok();
}

Status AnalyserSpectrum::setDecibelRange(double minDecibels, double maxDecibels) {  // [control]
    if (Status status = validateDecibelRange(minDecibels, maxDecibels); !status) return status;
    minDecibels_ = minDecibels;
    maxDecibels_ = maxDecibels;
    return Status::ok();
}

void AnalyserSpectrum::resetSmoothing() noexcept {  // [control]
    for (double& v : smoothed_) v = 0.0;
}

float AnalyserSpectrum::frameAt(std::span<const float> timeDomain, uint32_t n) const noexcept {
    // timeDomain[size − N + n], zero when that index is before the start.
    const size_t fromEnd = fftSize_ - n;  // 1 … N
    return fromEnd <= timeDomain.size() ? timeDomain[timeDomain.size() - fromEnd] : 0.0f;
}

void AnalyserSpectrum::computeFrequencyData(std::span<const float> timeDomain) noexcept {  // [control]
    const uint32_t n = fftSize_;
    for (uint32_t i = 0; i < n; ++i) windowed_[i] = double{frameAt(timeDomain, i)} * window_[i];
    fft_->transform_real(windowed_.data(), spectrum_.data());  // no allocation for powers of two
    const double scale = 1.0 / n;
    const double tau = smoothing_;
    for (uint32_t k = 0; k < n / 2; ++k) {
        // spectrum_[0] packs the real DC (real part) and Nyquist (imaginary part) values.
        const double magnitude = (k == 0 ? std::fabs(spectrum_[0].real()) : std::abs(spectrum_[k])) * scale;
        const double value = tau * smoothed_[k] + (1.0 - tau) * magnitude;
        smoothed_[k] = std::isfinite(value) ? value : 0.0;
    }
}

void AnalyserSpectrum::getFloatFrequencyData(std::span<const float> timeDomain,
                                             std::span<float> out) noexcept {  // [control]
    computeFrequencyData(timeDomain);
    const size_t count = out.size() < smoothed_.size() ? out.size() : smoothed_.size();
    for (size_t k = 0; k < count; ++k)
        out[k] = static_cast<float>(20.0 * std::log10(smoothed_[k]));  // log10(0) = −inf
}

void AnalyserSpectrum::getByteFrequencyData(std::span<const float> timeDomain,
                                            std::span<uint8_t> out) noexcept {  // [control]
    computeFrequencyData(timeDomain);
    const size_t count = out.size() < smoothed_.size() ? out.size() : smoothed_.size();
    const double rangeScale = 255.0 / (maxDecibels_ - minDecibels_);
    for (size_t k = 0; k < count; ++k) {
        const double db = 20.0 * std::log10(smoothed_[k]);
        out[k] = toByte(rangeScale * (db - minDecibels_));
    }
}

void AnalyserSpectrum::getFloatTimeDomainData(std::span<const float> timeDomain,
                                              std::span<float> out) const noexcept {  // [control]
    const size_t count = out.size() < fftSize_ ? out.size() : fftSize_;
    for (size_t i = 0; i < count; ++i) out[i] = frameAt(timeDomain, static_cast<uint32_t>(i));
}

void AnalyserSpectrum::getByteTimeDomainData(std::span<const float> timeDomain,
                                             std::span<uint8_t> out) const noexcept {  // [control]
    const size_t count = out.size() < fftSize_ ? out.size() : fftSize_;
    for (size_t i = 0; i < count; ++i)
        out[i] = toByte(128.0 * (1.0 + double{frameAt(timeDomain, static_cast<uint32_t>(i))}));
}

}  // namespace wavegraph
