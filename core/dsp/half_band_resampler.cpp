#include "dsp/half_band_resampler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
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
// kernelSize − 1 frames of history before it), float32, taps in order, no fused multiply-add.
// Every output keeps its own serial sum; lane k of a vector accumulates output i + k, and G
// vectors of outputs are in flight at once so that their adds overlap. The same sums in any
// lane width, so every width (and the scalar tail) gives the same bits.
template <typename V, uint32_t G>
__attribute__((always_inline)) inline void convolveLanes(const float* x, const float* kernel, uint32_t kernelSize,
                                                         float* out, uint32_t frames) noexcept {
    constexpr uint32_t lanes = sizeof(V) / sizeof(float);
    constexpr uint32_t step = lanes * G;
    uint32_t i = 0;
    for (; i + step <= frames; i += step) {
        V acc[G] = {};
        const float* xi = x + i;
        for (uint32_t j = 0; j < kernelSize; ++j) {
            const float kj = kernel[j];
            const float* xj = xi - static_cast<int32_t>(j);
            for (uint32_t g = 0; g < G; ++g) {
                V v;
                std::memcpy(&v, xj + g * lanes, sizeof(V));
                acc[g] += v * kj;
            }
        }
        for (uint32_t g = 0; g < G; ++g) std::memcpy(out + i + g * lanes, &acc[g], sizeof(V));
    }
    for (; i + lanes <= frames; i += lanes) {
        V acc = {};
        const float* xi = x + i;
        for (uint32_t j = 0; j < kernelSize; ++j) {
            V v;
            std::memcpy(&v, xi - static_cast<int32_t>(j), sizeof(V));
            acc += v * kernel[j];
        }
        std::memcpy(out + i, &acc, sizeof(V));
    }
    for (; i < frames; ++i) {
        float sum = 0.0f;
        const float* xi = x + i;
        for (uint32_t j = 0; j < kernelSize; ++j) sum += xi[-static_cast<int32_t>(j)] * kernel[j];
        out[i] = sum;
    }
}

typedef float V4f __attribute__((vector_size(16)));

void convolvePortable(const float* x, const float* kernel, uint32_t kernelSize, float* out, uint32_t frames) noexcept {
    convolveLanes<V4f, 8>(x, kernel, kernelSize, out, frames);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
typedef float V8f __attribute__((vector_size(32)));

__attribute__((target("avx"), noinline)) void convolveAvx(const float* x, const float* kernel, uint32_t kernelSize,
                                                          float* out, uint32_t frames) noexcept {
    convolveLanes<V8f, 8>(x, kernel, kernelSize, out, frames);
}

using ConvolveFn = void (*)(const float*, const float*, uint32_t, float*, uint32_t) noexcept;

// The widest kernel the CPU runs. [any] The first call (from prepare) decides.
ConvolveFn convolveFunction() noexcept {
    static const ConvolveFn fn = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx") ? convolveAvx : convolvePortable;
    }();
    return fn;
}

void convolve(const float* x, const float* kernel, uint32_t kernelSize, float* out, uint32_t frames) noexcept {
    convolveFunction()(x, kernel, kernelSize, out, frames);
}
#else
void convolveFunction() noexcept {}

void convolve(const float* x, const float* kernel, uint32_t kernelSize, float* out, uint32_t frames) noexcept {
    convolvePortable(x, kernel, kernelSize, out, frames);
}
#endif

}  // namespace

const std::array<float, UpSampler2x::kKernelSize>& UpSampler2x::kernel() noexcept {  // [any]
    static const auto kernel = makeUpKernel();
    return kernel;
}

void UpSampler2x::prepare(uint32_t maxInputFrames) {  // [control]
    (void)kernel();                                   // computed here, not on the audio thread
    (void)convolveFunction();
    buffer_.assign(kKernelSize - 1 + size_t{maxInputFrames}, 0.0f);
}

void UpSampler2x::reset() noexcept { std::fill(buffer_.begin(), buffer_.end(), 0.0f); }  // [audio]

void UpSampler2x::process(const float* in, float* out, uint32_t frames) noexcept {  // [audio]
    constexpr uint32_t history = kKernelSize - 1;
    float* x = buffer_.data() + history;  // x[i] = in[i], x[−k] the history
    std::copy_n(in, frames, x);
    constexpr int32_t halfSize = kKernelSize / 2;
    constexpr uint32_t chunk = 256;
    float sums[chunk];
    for (uint32_t start = 0; start < frames; start += chunk) {
        const uint32_t n = std::min(chunk, frames - start);
        convolve(x + start, kernel().data(), kKernelSize, sums, n);
        for (uint32_t i = 0; i < n; ++i) {
            const uint32_t frame = start + i;
            out[2 * frame] = x[static_cast<int32_t>(frame) - halfSize];
            out[2 * frame + 1] = sums[i];
        }
    }
    std::copy_n(buffer_.data() + frames, history, buffer_.data());  // the last kKernelSize − 1 frames
}

const std::array<float, DownSampler2x::kReducedSize>& DownSampler2x::reducedKernel() noexcept {  // [any]
    static const auto kernel = makeDownKernel();
    return kernel;
}

void DownSampler2x::prepare(uint32_t maxInputFrames) {  // [control]
    (void)reducedKernel();
    (void)convolveFunction();
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
