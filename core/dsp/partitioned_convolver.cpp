#include "dsp/partitioned_convolver.h"

#include <kissfft.hh>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wavegraph {

namespace {
// acc[k] += x[k] · h[k] (complex, split re/im) for k < n. The arrays do not overlap; saying so
// lets the compiler vectorize (clang, for WebAssembly, gives up on the six-way overlap checks).
// [audio]
void multiplyAccumulate(float* __restrict accRe, float* __restrict accIm, const float* __restrict xRe,
                        const float* __restrict xIm, const float* __restrict hRe, const float* __restrict hIm,
                        size_t n) noexcept {
    for (size_t k = 0; k < n; ++k) {
        accRe[k] += xRe[k] * hRe[k] - xIm[k] * hIm[k];
        accIm[k] += xRe[k] * hIm[k] + xIm[k] * hRe[k];
    }
}
}  // namespace

PartitionedConvolver::PartitionedConvolver() = default;
PartitionedConvolver::~PartitionedConvolver() = default;
PartitionedConvolver::PartitionedConvolver(PartitionedConvolver&&) noexcept = default;
PartitionedConvolver& PartitionedConvolver::operator=(PartitionedConvolver&&) noexcept = default;

uint32_t PartitionedConvolver::partitionFramesFor(size_t responseFrames) noexcept {  // [any]
    uint32_t frames = kMinPartitionFrames;
    while (frames < kMaxPartitionFrames && size_t{frames} * frames < 4 * responseFrames) frames *= 2;
    return frames;
}

void PartitionedConvolver::prepare(const float* response, size_t responseFrames, float scale,
                                   uint32_t partitionFrames) {  // [control]
    const size_t b = partitionFrames;
    partitionFrames_ = partitionFrames;
    head_.assign(std::min(responseFrames, b), 0.0f);
    for (size_t k = 0; k < head_.size(); ++k) head_[k] = response[k] * scale;
    tailPartitions_ = responseFrames > b ? (responseFrames - b + b - 1) / b : 0;

    forward_ = std::make_unique<Fft>(b, false);
    inverse_ = std::make_unique<Fft>(b, true);
    unpackTwiddles_.resize(b);
    for (size_t k = 0; k < b; ++k) unpackTwiddles_[k] = std::polar(1.0, std::numbers::pi * double(k) / double(b));

    timeScratch_.assign(2 * b, 0.0);
    spectrumScratch_.assign(b, {});
    inverseScratch_.assign(b, {});
    responseRe_.assign(tailPartitions_ * b, 0.0f);
    responseIm_.assign(tailPartitions_ * b, 0.0f);
    // The inverse transform gives 2B times the signal: 1 / 2B goes into the partitions' spectra.
    const double spectrumScale = double(scale) / double(2 * b);
    for (size_t p = 0; p < tailPartitions_; ++p) {
        std::fill(timeScratch_.begin(), timeScratch_.end(), 0.0);
        const size_t start = (p + 1) * b;
        const size_t count = std::min(b, responseFrames - start);
        for (size_t k = 0; k < count; ++k) timeScratch_[k] = double(response[start + k]) * spectrumScale;
        forward_->transform_real(timeScratch_.data(), spectrumScratch_.data());
        for (size_t k = 0; k < b; ++k) {
            responseRe_[p * b + k] = static_cast<float>(spectrumScratch_[k].real());
            responseIm_[p * b + k] = static_cast<float>(spectrumScratch_[k].imag());
        }
    }

    line_.assign(2 * b, 0.0f);
    delayRe_.assign(tailPartitions_ * b, 0.0f);
    delayIm_.assign(tailPartitions_ * b, 0.0f);
    pending_.assign(b, 0.0f);
    accumulateRe_.assign(b, 0.0f);
    accumulateIm_.assign(b, 0.0f);
    headSum_.assign(b, 0.0f);
    delayWrite_ = 0;
    position_ = 0;
}

void PartitionedConvolver::reset() noexcept {  // [audio]
    std::fill(line_.begin(), line_.end(), 0.0f);
    std::fill(delayRe_.begin(), delayRe_.end(), 0.0f);
    std::fill(delayIm_.begin(), delayIm_.end(), 0.0f);
    std::fill(pending_.begin(), pending_.end(), 0.0f);
    delayWrite_ = 0;
    position_ = 0;
}

bool PartitionedConvolver::copyStateFrom(const PartitionedConvolver& other) noexcept {  // [audio]
    if (other.partitionFrames_ != partitionFrames_ || other.tailPartitions_ != tailPartitions_) return false;
    std::copy(other.line_.begin(), other.line_.end(), line_.begin());
    std::copy(other.delayRe_.begin(), other.delayRe_.end(), delayRe_.begin());
    std::copy(other.delayIm_.begin(), other.delayIm_.end(), delayIm_.begin());
    std::copy(other.pending_.begin(), other.pending_.end(), pending_.begin());
    delayWrite_ = other.delayWrite_;
    position_ = other.position_;
    return true;
}

void PartitionedConvolver::process(const float* in, float* out, uint32_t frames) noexcept {  // [audio]
    const uint32_t b = partitionFrames_;
    if (b == 0) {
        std::fill_n(out, frames, 0.0f);
        return;
    }
    const size_t headFrames = head_.size();
    while (frames > 0) {
        const uint32_t count = std::min(frames, b - position_);
        float* current = line_.data() + b + position_;
        std::copy_n(in, count, current);
        // Direct-form head: sum over taps k in order 0…headFrames−1 for every output frame, so
        // the sum does not depend on how the frames are split into calls.
        float* sum = headSum_.data();
        std::fill_n(sum, count, 0.0f);
        for (size_t k = 0; k < headFrames; ++k) {
            const float tap = head_[k];
            const float* x = current - k;
            for (uint32_t m = 0; m < count; ++m) sum[m] += tap * x[m];
        }
        const float* tail = pending_.data() + position_;
        for (uint32_t m = 0; m < count; ++m) out[m] = sum[m] + tail[m];
        position_ += count;
        in += count;
        out += count;
        frames -= count;
        if (position_ == b) endOfBlock();
    }
}

void PartitionedConvolver::endOfBlock() noexcept {  // [audio]
    const size_t b = partitionFrames_;
    position_ = 0;
    if (tailPartitions_ > 0) {
        // Spectrum of the last 2B input frames into the delay line's newest slot.
        for (size_t i = 0; i < 2 * b; ++i) timeScratch_[i] = line_[i];
        forward_->transform_real(timeScratch_.data(), spectrumScratch_.data());
        float* newestRe = delayRe_.data() + delayWrite_ * b;
        float* newestIm = delayIm_.data() + delayWrite_ * b;
        for (size_t k = 0; k < b; ++k) {
            newestRe[k] = static_cast<float>(spectrumScratch_[k].real());
            newestIm[k] = static_cast<float>(spectrumScratch_[k].imag());
        }
        // Σ over partitions p = 1…P−1 of (spectrum of block b + 1 − p) × (partition p).
        float* accRe = accumulateRe_.data();
        float* accIm = accumulateIm_.data();
        std::fill_n(accRe, b, 0.0f);
        std::fill_n(accIm, b, 0.0f);
        size_t slot = delayWrite_;
        for (size_t p = 0; p < tailPartitions_; ++p) {
            const float* xRe = delayRe_.data() + slot * b;
            const float* xIm = delayIm_.data() + slot * b;
            const float* hRe = responseRe_.data() + p * b;
            const float* hIm = responseIm_.data() + p * b;
            const float dcNyquistRe = accRe[0] + xRe[0] * hRe[0];  // bin 0: DC and Nyquist, both real
            const float dcNyquistIm = accIm[0] + xIm[0] * hIm[0];
            multiplyAccumulate(accRe, accIm, xRe, xIm, hRe, hIm, b);
            accRe[0] = dcNyquistRe;
            accIm[0] = dcNyquistIm;
            slot = slot == 0 ? tailPartitions_ - 1 : slot - 1;
        }
        delayWrite_ = delayWrite_ + 1 == tailPartitions_ ? 0 : delayWrite_ + 1;

        // Inverse real transform of 2B points as a complex one of B points: the spectra of the
        // even and odd samples, recombined as z[k] = even[k] + j·odd[k].
        auto* z = spectrumScratch_.data();
        const double dc = accRe[0], nyquist = accIm[0];
        z[0] = {dc + nyquist, dc - nyquist};
        for (size_t k = 1; k < b; ++k) {
            const std::complex<double> a(accRe[k], accIm[k]);
            const std::complex<double> mirror(accRe[b - k], -double(accIm[b - k]));
            const std::complex<double> sum = a + mirror;
            const std::complex<double> difference = a - mirror;
            const std::complex<double> odd = unpackTwiddles_[k] * difference;
            z[k] = {sum.real() - odd.imag(), sum.imag() + odd.real()};
        }
        inverse_->transform(z, inverseScratch_.data());
        // Frames B…2B−1 of the circular convolution are the valid ones (overlap-save).
        const auto* pairs = inverseScratch_.data() + b / 2;
        for (size_t n = 0; n < b; n += 2) {
            pending_[n] = static_cast<float>(pairs[n / 2].real());
            pending_[n + 1] = static_cast<float>(pairs[n / 2].imag());
        }
    }
    std::copy_n(line_.data() + b, b, line_.data());
}

}  // namespace wavegraph
