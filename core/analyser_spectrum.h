#pragma once
/// \file analyser_spectrum.h
/// The control-side half of the W3C Web Audio API AnalyserNode (§ 1.8 "The AnalyserNode
/// Interface", § 1.8.6 "FFT Windowing and smoothing over time"): given the newest fftSize frames
/// of a mono signal, computes getFloatFrequencyData / getByteFrequencyData /
/// getFloatTimeDomainData / getByteTimeDomainData. Never runs on the audio thread.
///
/// Per call (N = fftSize, k = 0 … N/2 − 1):
///   1. Blackman window, α = 0.16: a0 = (1−α)/2, a1 = 1/2, a2 = α/2,
///      w[n] = a0 − a1·cos(2πn/N) + a2·cos(4πn/N),  x̂[n] = x[n]·w[n].
///   2. X[k] = (1/N) Σₙ x̂[n]·e^(−2πikn/N)  (KissFFT, double precision).
///   3. X̂[k] = τ·X̂prev[k] + (1 − τ)·|X[k]|, τ = smoothingTimeConstant; NaN/±inf → 0.
///   4. dB: Y[k] = 20·log10(X̂[k]) (−inf for 0);
///      byte: floor(255/(maxDecibels − minDecibels)·(Y[k] − minDecibels)) clamped to 0…255.
/// Time-domain bytes: floor(128·(1 + x[n])) clamped to 0…255.
///
/// Thread: one control thread at a time. setFftSize allocates; every other call is
/// allocation-free.

#include <complex>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/status.h"

template <typename scalar_t>
class kissfft;

namespace wavegraph {

class AnalyserSpectrum {
public:
    static constexpr uint32_t kMinFftSize = 32, kMaxFftSize = 32768, kDefaultFftSize = 2048;
    static constexpr double kDefaultSmoothingTimeConstant = 0.8;
    static constexpr double kDefaultMinDecibels = -100.0, kDefaultMaxDecibels = -30.0;
    static constexpr double kBlackmanAlpha = 0.16;

    /// Allocates for kDefaultFftSize with the W3C defaults. [control]
    AnalyserSpectrum();
    ~AnalyserSpectrum();
    AnalyserSpectrum(const AnalyserSpectrum&) = delete;
    AnalyserSpectrum& operator=(const AnalyserSpectrum&) = delete;

    /// Ok, or "fftSize <v> is not a power of two in range (32…32768)". [any]
    static Status validateFftSize(double fftSize);
    /// Ok, or "smoothingTimeConstant <v> is out of range (0…1)" / "… is not a finite number". [any]
    static Status validateSmoothingTimeConstant(double tau);
    /// Ok, or "minDecibels <a> must be less than maxDecibels <b>" / "… is not a finite number". [any]
    static Status validateDecibelRange(double minDecibels, double maxDecibels);

    /// Sets N (power of two, 32…32768) and clears the smoothing memory (also when N is
    /// unchanged). Allocates (window, FFT plan, spectra). Error: state unchanged. [control]
    Status setFftSize(uint32_t fftSize);
    /// τ in 0…1 (0: no smoothing). Error: unchanged. [control]
    Status setSmoothingTimeConstant(double tau);
    /// dB range of the byte scaling, minDecibels < maxDecibels. Error: unchanged. [control]
    Status setDecibelRange(double minDecibels, double maxDecibels);
    /// X̂prev = 0. [control]
    void resetSmoothing() noexcept;

    uint32_t fftSize() const noexcept { return fftSize_; }
    /// N/2: the number of frequency bins; bin k is centred on k·sampleRate/N Hz. [any]
    uint32_t frequencyBinCount() const noexcept { return fftSize_ / 2; }
    double smoothingTimeConstant() const noexcept { return smoothing_; }
    double minDecibels() const noexcept { return minDecibels_; }
    double maxDecibels() const noexcept { return maxDecibels_; }

    /// Steps 1–3 on `timeDomain`, whose last fftSize() elements are the newest frames, oldest
    /// first (if it is shorter, the missing oldest frames count as zeros). Updates X̂. [control]
    void computeFrequencyData(std::span<const float> timeDomain) noexcept;
    /// X̂[k] of the last computation, frequencyBinCount() values (linear magnitude). [control]
    std::span<const double> smoothedMagnitudes() const noexcept { return smoothed_; }

    /// computeFrequencyData, then out[k] = Y[k] dB for k < min(out.size(), bins); extra
    /// elements of `out` are left alone. [control]
    void getFloatFrequencyData(std::span<const float> timeDomain, std::span<float> out) noexcept;
    /// computeFrequencyData, then out[k] = byte-scaled Y[k] (see the file comment). [control]
    void getByteFrequencyData(std::span<const float> timeDomain, std::span<uint8_t> out) noexcept;
    /// out[n] = frame n (oldest first) of the last N frames of timeDomain, for
    /// n < min(out.size(), N) (W3C: excess frames are dropped); zeros where timeDomain is
    /// short. [control]
    void getFloatTimeDomainData(std::span<const float> timeDomain, std::span<float> out) const noexcept;
    /// As getFloatTimeDomainData, scaled to bytes: floor(128·(1 + x)) clamped to 0…255. [control]
    void getByteTimeDomainData(std::span<const float> timeDomain, std::span<uint8_t> out) const noexcept;

private:
    /// Frame n (0 … N−1, oldest first) of the last N frames of timeDomain; 0 where missing.
    float frameAt(std::span<const float> timeDomain, uint32_t n) const noexcept;

    uint32_t fftSize_ = 0;
    double smoothing_ = kDefaultSmoothingTimeConstant;
    double minDecibels_ = kDefaultMinDecibels;
    double maxDecibels_ = kDefaultMaxDecibels;
    std::unique_ptr<kissfft<double>> fft_;
    std::vector<double> window_;                 // N
    std::vector<double> windowed_;               // N (real input of the FFT)
    std::vector<std::complex<double>> spectrum_; // N/2 (KissFFT real-input output)
    std::vector<double> smoothed_;               // N/2: X̂
};

}  // namespace wavegraph
