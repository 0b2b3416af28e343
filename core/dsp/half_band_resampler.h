#pragma once
/// \file half_band_resampler.h
/// Streaming 2x up- and down-samplers with windowed-sinc half-band kernels, as the Web Audio
/// WaveShaperNode oversamples in Chromium (Blink platform/audio up_sampler.cc, down_sampler.cc):
///   - UpSampler2x: 128-tap kernel, sinc offset by half a sample under a Blackman window (α 0.16);
///     output frame 2n = x[n − 64], frame 2n + 1 = Σ_j kernel[j]·x[n − j].
///   - DownSampler2x: the odd taps of a 256-tap half-band kernel (sinc at half the rate under the
///     same window), applied to the odd input frames delayed by one, plus 0.5·x[2m − 128] for the
///     kernel's centre tap.
/// The kernels are computed in double and stored as float32, as Blink does; sums are float32 in
/// tap order without fused multiply-add, several outputs at once in the lanes of a vector (8 with
/// AVX, 4 otherwise: SSE, wasm simd128), so every CPU and wasm give the same bits. State is
/// history only, so a render does not depend on how it is split into blocks.
/// [control] prepare allocates; [audio] process does not.

#include <array>
#include <cstdint>
#include <vector>

namespace wavegraph {

/// 2x up-sampler (see the file comment). One channel.
class UpSampler2x {
public:
    static constexpr uint32_t kKernelSize = 128;  ///< Taps (Blink's UpSampler default).
    /// The kernel, float32. [any]
    static const std::array<float, kKernelSize>& kernel() noexcept;
    /// Room for up to maxInputFrames per call; clears the history. [control] Allocates.
    void prepare(uint32_t maxInputFrames);
    /// Clears the history. [audio]
    void reset() noexcept;
    /// in[0 … frames) → out[0 … 2·frames); frames ≤ maxInputFrames; out must not alias in. [audio]
    void process(const float* in, float* out, uint32_t frames) noexcept;

private:
    std::vector<float> buffer_;  // kKernelSize − 1 frames of history, then the block
};

/// 2x down-sampler (see the file comment). One channel.
class DownSampler2x {
public:
    static constexpr uint32_t kKernelSize = 256;               ///< Taps of the half-band kernel.
    static constexpr uint32_t kReducedSize = kKernelSize / 2;  ///< Its odd taps, the ones applied.
    /// The odd taps, float32. [any]
    static const std::array<float, kReducedSize>& reducedKernel() noexcept;
    /// Room for up to maxInputFrames (even) per call; clears the history. [control] Allocates.
    void prepare(uint32_t maxInputFrames);
    /// Clears the history. [audio]
    void reset() noexcept;
    /// in[0 … frames) → out[0 … frames / 2); frames even, ≤ maxInputFrames. [audio]
    void process(const float* in, float* out, uint32_t frames) noexcept;

private:
    std::vector<float> input_;  // kKernelSize frames of input history, then the block
    std::vector<float> odd_;    // kReducedSize − 1 odd frames of history, then the block's
};

}  // namespace wavegraph
