#pragma once
// Test-only: rendering a track with a chosen block size, and spectral measurements (kissfft's
// transform of any length, checked against the direct DFT sum in TrackTestSupport.FftEqualsDirectDft).

#include <gtest/gtest.h>
#include <kissfft.hh>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "signal_helpers.h"
#include "track/track_player.h"

namespace wavegraph::test {

struct StereoRender {
    std::vector<float> left, right;
};

/// Loads `json`, prepares at sampleRateHz with maxBlockFrames = blockFrames, and renders
/// `frames` frames (default: the whole track) in blocks of blockFrames.
inline StereoRender renderTrack(const std::string& json, double sampleRateHz, uint32_t blockFrames,
                                int64_t frames = -1) {
    TrackPlayer player;
    const Status loaded = player.load(json);
    EXPECT_TRUE(loaded.isOk()) << loaded.message();
    const Status prepared = player.prepare({sampleRateHz, blockFrames, 2});
    EXPECT_TRUE(prepared.isOk()) << prepared.message();
    if (frames < 0) frames = player.durationFrames();
    StereoRender out;
    out.left.assign(static_cast<size_t>(frames), 0.0f);
    out.right.assign(static_cast<size_t>(frames), 0.0f);
    for (int64_t done = 0; done < frames;) {
        const auto n = static_cast<uint32_t>(std::min<int64_t>(blockFrames, frames - done));
        float* channels[2] = {out.left.data() + done, out.right.data() + done};
        player.process(channels, n);
        done += n;
    }
    return out;
}

/// X[k] = Σₙ x[n]·e^(−2πikn/N) for any N (kissfft, Debian libkissfft-dev, in double precision:
/// mixed radix 2/3/4/5 with a generic butterfly for other factors; unscaled forward transform).
inline std::vector<std::complex<double>> fft(const std::vector<std::complex<double>>& x) {
    std::vector<std::complex<double>> out(x.size());
    if (x.empty()) return out;
    const kissfft<double> transform(x.size(), false);
    transform.transform(x.data(), out.data());
    return out;
}

/// Hann-windowed power spectrum of x[start, start + n) (n even), bins 0…n/2.
inline std::vector<double> powerSpectrum(const std::vector<float>& x, size_t start, size_t n) {
    std::vector<std::complex<double>> in(n);
    for (size_t i = 0; i < n; ++i)
        in[i] = x[start + i] *
                (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n)));
    const std::vector<std::complex<double>> out = fft(in);
    std::vector<double> power(n / 2 + 1);
    for (size_t k = 0; k <= n / 2; ++k) power[k] = std::norm(out[k]);
    return power;
}

/// Frequency (Hz) of the strongest spectral peak of x[start, start + n) between loHz and hiHz:
/// the largest bin, refined by a parabola through the log powers of it and its neighbours
/// (Gaussian interpolation; a Hann-windowed sinusoid is located to a few hundredths of a bin).
inline double peakFrequencyHz(const std::vector<float>& x, size_t start, size_t n, double sampleRateHz, double loHz,
                              double hiHz) {
    const auto power = powerSpectrum(x, start, n);
    const double binHz = sampleRateHz / static_cast<double>(n);
    auto lo = static_cast<size_t>(std::max(1.0, std::ceil(loHz / binHz)));
    auto hi = static_cast<size_t>(std::min(static_cast<double>(power.size() - 2), std::floor(hiHz / binHz)));
    size_t best = lo;
    for (size_t k = lo; k <= hi; ++k)
        if (power[k] > power[best]) best = k;
    const double a = std::log(power[best - 1]), b = std::log(power[best]), c = std::log(power[best + 1]);
    const double offset = 0.5 * (a - c) / (a - 2.0 * b + c);
    return (static_cast<double>(best) + offset) * binHz;
}

/// Least-squares slope (dB per octave) of the mean power density in the octave bands centred on
/// 125 Hz … 8 kHz, from averaged Hann periodograms of 4096 frames (50 % overlap).
inline double octaveSlopeDb(const std::vector<float>& x, double sampleRateHz) {
    const size_t n = 4096;
    std::vector<double> power(n / 2 + 1, 0.0);
    for (size_t start = 0; start + n <= x.size(); start += n / 2) {
        const auto p = powerSpectrum(x, start, n);
        for (size_t k = 0; k < p.size(); ++k) power[k] += p[k];
    }
    const double binHz = sampleRateHz / static_cast<double>(n);
    std::vector<double> octave, levelDb;
    for (double centre = 125.0; centre <= 8000.0; centre *= 2.0) {
        double sum = 0.0;
        int bins = 0;
        for (size_t k = 1; k < power.size(); ++k) {
            const double f = static_cast<double>(k) * binHz;
            if (f >= centre / std::sqrt(2.0) && f < centre * std::sqrt(2.0)) {
                sum += power[k];
                ++bins;
            }
        }
        octave.push_back(std::log2(centre));
        levelDb.push_back(10.0 * std::log10(sum / bins));
    }
    double mx = 0, my = 0;
    for (size_t i = 0; i < octave.size(); ++i) {
        mx += octave[i];
        my += levelDb[i];
    }
    mx /= static_cast<double>(octave.size());
    my /= static_cast<double>(octave.size());
    double sxy = 0, sxx = 0;
    for (size_t i = 0; i < octave.size(); ++i) {
        sxy += (octave[i] - mx) * (levelDb[i] - my);
        sxx += (octave[i] - mx) * (octave[i] - mx);
    }
    return sxy / sxx;
}

/// A one-step track of `seconds` with the given voices JSON (an array), at sampleRateHz.
inline std::string oneStepTrack(const std::string& voicesJson, double seconds, int sampleRateHz = 48000,
                                const std::string& extraTopLevel = "") {
    return "{\"global_settings\":{\"sample_rate\":" + std::to_string(sampleRateHz) +
           "},\"steps\":[{\"duration\":" + std::to_string(seconds) + ",\"voices\":" + voicesJson + "}]" +
           extraTopLevel + "}";
}

}  // namespace wavegraph::test
