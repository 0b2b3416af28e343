#pragma once
/// \file partitioned_convolver.h
/// PartitionedConvolver: one input channel convolved with one impulse response, latency 0, by
/// uniformly partitioned FFT convolution with a direct-form head.
///
/// The response h (L frames) is cut into partitions of B frames (B a power of two, 128…4096,
/// from partitionFramesFor(L)). Partition 0 (h[0…B−1]) runs in the time domain, sample by sample,
/// so the output of frame n holds x[n]·h[0]: no latency. Partitions 1…P−1 run in the frequency
/// domain (overlap-save with FFTs of 2B real points and a frequency-domain delay line of the
/// input's last P−1 block spectra): at the end of every input block of B frames, the spectrum of
/// the last 2B input frames enters the delay line, the delay line times the partitions' spectra
/// is summed and transformed back, and its last B frames are the partitions' contribution to the
/// next B output frames; partition p ≥ 1 starts at delay pB ≥ B, so that block boundary is in time.
///
/// FFTs: kissfft (Debian libkissfft-dev, kissfft.hh) in double precision, forward as kissfft's
/// real transform, inverse as a complex transform of B points with the real-signal split done
/// here; spectra, delay line and head in float32. Block boundaries fall on the same input frames
/// whatever the process() calls' lengths, so any split of a signal gives the same samples.
/// Every buffer is sized on the control thread; process() does not allocate.

#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

template <typename scalar_t>
class kissfft;

namespace wavegraph {

/// One channel of uniformly partitioned convolution with a direct-form head (file comment).
class PartitionedConvolver {
public:
    static constexpr uint32_t kMinPartitionFrames = 128;   ///< Shortest partition (the render quantum).
    static constexpr uint32_t kMaxPartitionFrames = 4096;  ///< Longest partition.

    PartitionedConvolver();   ///< Empty: process() writes silence until prepare(). [control]
    ~PartitionedConvolver();  ///< [control]
    PartitionedConvolver(PartitionedConvolver&&) noexcept;             ///< [control]
    PartitionedConvolver& operator=(PartitionedConvolver&&) noexcept;  ///< [control]

    /// The partition length for a response of `responseFrames`: the smallest power of two in
    /// 128…4096 whose square is at least 4 × responseFrames (B ≥ 2√L): 512 for a 1 s response
    /// at 48 kHz, 1024 for 3 s. The head costs B multiply-adds per frame, the delay line about
    /// L / B complex ones but streams 16 L / B bytes of spectra per frame; measured on
    /// BM_Convolver, B ≥ 2√L is 15–20 % faster than B ≥ √L and than B ≥ 4√L. [any]
    static uint32_t partitionFramesFor(size_t responseFrames) noexcept;

    /// Takes `response` (responseFrames ≥ 1 samples) times `scale`, cut into partitions of
    /// `partitionFrames` (a power of two in 128…4096); FFTs the partitions; clears the state.
    /// [control] Allocates.
    void prepare(const float* response, size_t responseFrames, float scale, uint32_t partitionFrames);
    /// Clears the input history, the delay line and the pending output. [audio]
    void reset() noexcept;
    /// Convolves `frames` input samples; `out` may be `in`. [audio] No allocation.
    void process(const float* in, float* out, uint32_t frames) noexcept;
    /// Copies the input history, delay line and pending output of a convolver prepared with the
    /// same partition length and count; false (nothing copied) otherwise. [audio] No allocation.
    bool copyStateFrom(const PartitionedConvolver& other) noexcept;

    /// B, frames per partition (0 before prepare). [any]
    uint32_t partitionFrames() const noexcept { return partitionFrames_; }
    /// Partitions in the frequency domain (P − 1). [any]
    size_t tailPartitions() const noexcept { return tailPartitions_; }

private:
    void endOfBlock() noexcept;  // [audio]

    using Fft = kissfft<double>;
    uint32_t partitionFrames_ = 0;  // B; the FFTs have 2B real points, B complex bins
    size_t tailPartitions_ = 0;     // P − 1
    std::vector<float> head_;       // h[0…min(L, B) − 1] × scale
    // Spectra of partitions 1…P−1 × scale / 2B, bin-major per partition, B bins each; bin 0
    // holds DC in re and Nyquist in im (both real).
    std::vector<float> responseRe_, responseIm_;
    std::vector<std::complex<double>> unpackTwiddles_;  // e^{+jπk/B}, k < B
    std::unique_ptr<Fft> forward_, inverse_;

    // State ([audio]): the last 2B input frames (the previous block, then the current one), the
    // delay line (ring of P−1 spectra, newest at delayWrite_), the frequency-domain part of the
    // current output block, the position in the current block.
    std::vector<float> line_;
    std::vector<float> delayRe_, delayIm_;
    std::vector<float> pending_;
    size_t delayWrite_ = 0;
    uint32_t position_ = 0;

    // Scratch ([audio]).
    std::vector<float> accumulateRe_, accumulateIm_, headSum_;
    std::vector<double> timeScratch_;
    std::vector<std::complex<double>> spectrumScratch_, inverseScratch_;
};

}  // namespace wavegraph
