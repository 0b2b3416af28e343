#include "dsp/half_band_resampler.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wavegraph {
namespace {

// Blackman window parameters of Blink's resamplers.
constexpr double kAlpha = 0.16;
constexpr double kA0 = 0.5 * (1.0 - kAlpha);
constexpr double kA1 = 0.5;
constexpr double kA2 = 0.5 * kAlpha;
constexpr double kPi = std::numbers::pi;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

std::array<float, UpSampler2x::kKernelSize> makeUpKernel() {
    std::array<float, UpSampler2x::kKernelSize> kernel{};
    const int n = static_cast<int>(kernel.size());
    const int halfSize = n / 2;
    const double subsampleOffset = -0.5;
    for (int i = 0; i < n; ++i) {
        const double s = kPi * (i - halfSize - subsampleOffset);
        const double sinc = s == 0.0 ? 1.0 : std::sin(s) / s;
        const double x = (i - subsampleOffset) / n;
        const double window = kA0 - kA1 * std::cos(kTwoPi * x) + kA2 * std::cos(kTwoPi * 2.0 * x);
        kernel[static_cast<size_t>(i)] = static_cast<float>(sinc * window);
    }
    return kernel;
}

std::array<float, DownSampler2x::kReducedSize> makeDownKernel() {
    std::array<float, DownSampler2x::kReducedSize> reduced{};
    const int n = static_cast<int>(DownSampler2x::kKernelSize);
    const int halfSize = n / 2;
    const double sincScaleFactor = 0.5;  // half-band
    for (int i = 1; i < n; i += 2) {     // the even taps are 0 but the centre one (0.5)
        const double s = sincScaleFactor * kPi * (i - halfSize);
        double sinc = s == 0.0 ? 1.0 : std::sin(s) / s;
        sinc *= sincScaleFactor;
        const double x = static_cast<double>(i) / n;
        const double window = kA0 - kA1 * std::cos(kTwoPi * x) + kA2 * std::cos(kTwoPi * 2.0 * x);
        reduced[static_cast<size_t>((i - 1) / 2)] = static_cast<float>(sinc * window);
    }
    return reduced;
}

// out[i] = Σ_j kernel[j]·x[i − j] for x = history + block (x[0] is the block's first frame,
// kernelSize − 1 frames of history before it), float32, taps in order.
void convolve(const float* x, const float* kernel, uint32_t kernelSize, float* out, uint32_t frames) noexcept {
    for (uint32_t i = 0; i < frames; ++i) {
        float sum = 0.0f;
        const float* xi = x + i;
        for (uint32_t j = 0; j < kernelSize; ++j) sum += xi[-static_cast<int32_t>(j)] * kernel[j];
        out[i] = sum;
    }
}

}  // namespace

const std::array<float, UpSampler2x::kKernelSize>& UpSampler2x::kernel() noexcept {  // [any]
    static const auto kernel = makeUpKernel();
    return kernel;
}

void UpSampler2x::prepare(uint32_t maxInputFrames) {  // [control]
    (void)kernel();                                   // computed here, not on the audio thread
    buffer_.assign(kKernelSize - 1 + size_t{maxInputFrames}, 0.0f);
}

void UpSampler2x::reset() noexcept { std::fill(buffer_.begin(), buffer_.end(), 0.0f); }  // [audio]

void UpSampler2x::process(const float* in, float* out, uint32_t frames) noexcept {  // [audio]
    constexpr uint32_t history = kKernelSize - 1;
    float* x = buffer_.data() + history;  // x[i] = in[i], x[−k] the history
    std::copy_n(in, frames, x);
    const float* k = kernel().data();
    constexpr uint32_t halfSize = kKernelSize / 2;
    for (uint32_t i = 0; i < frames; ++i) {
        out[2 * i] = x[static_cast<int32_t>(i) - static_cast<int32_t>(halfSize)];
        float sum = 0.0f;
        const float* xi = x + i;
        for (uint32_t j = 0; j < kKernelSize; ++j) sum += xi[-static_cast<int32_t>(j)] * k[j];
        out[2 * i + 1] = sum;
    }
    std::copy_n(buffer_.data() + frames, history, buffer_.data());  // the last kKernelSize − 1 frames
}

const std::array<float, DownSampler2x::kReducedSize>& DownSampler2x::reducedKernel() noexcept {  // [any]
    static const auto kernel = makeDownKernel();
    return kernel;
}

void DownSampler2x::prepare(uint32_t maxInputFrames) {  // [control]
    (void)reducedKernel();
    input_.assign(kKernelSize + size_t{maxInputFrames}, 0.0f);
    odd_.assign(kReducedSize - 1 + size_t{maxInputFrames} / 2 + 1, 0.0f);
}

void DownSampler2x::reset() noexcept {  // [audio]
    std::fill(input_.begin(), input_.end(), 0.0f);
    std::fill(odd_.begin(), odd_.end(), 0.0f);
}

void DownSampler2x::process(const float* in, float* out, uint32_t frames) noexcept {  // [audio]
    const uint32_t outFrames = frames / 2;
    float* x = input_.data() + kKernelSize;  // x[i] = in[i], x[−k] the history
    std::copy_n(in, frames, x);
    constexpr uint32_t oddHistory = kReducedSize - 1;
    float* odd = odd_.data() + oddHistory;
    for (uint32_t m = 0; m < outFrames; ++m) odd[m] = x[2 * static_cast<int32_t>(m) - 1];  // delayed by one
    convolve(odd, reducedKernel().data(), kReducedSize, out, outFrames);
    constexpr int32_t halfSize = kReducedSize;  // the centre tap, at the input rate
    for (uint32_t m = 0; m < outFrames; ++m) out[m] += 0.5f * x[2 * static_cast<int32_t>(m) - halfSize];
    std::copy_n(input_.data() + frames, kKernelSize, input_.data());
    std::copy_n(odd_.data() + outFrames, oddHistory, odd_.data());
}

}  // namespace wavegraph
