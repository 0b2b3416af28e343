#include "nodes/meter_node.h"

#include <cmath>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "dsp/channel_mixing.h"

namespace wavegraph {

namespace {
typedef float F4 __attribute__((vector_size(16)));
typedef int I4 __attribute__((vector_size(16)));
typedef double D2 __attribute__((vector_size(16)));
static_assert(MeterNode::kSumLanes == 8);

/// Lanes 0, 1 (kHigh: 2, 3) of v as doubles (exact). GCC builds the generic form from scalar
/// conversions through the stack; cvtps2pd converts two lanes at once (Clang, and so
/// WebAssembly's f64x2.promote_low_f32x4, gets there from the generic form).
template <bool kHigh>
[[gnu::always_inline]] inline D2 toDouble(F4 v) noexcept {
#ifdef __SSE2__
    const __m128 f = (__m128)v;
    return (D2)_mm_cvtps_pd(kHigh ? _mm_movehl_ps(f, f) : f);
#else
    if constexpr (kHigh) return __builtin_convertvector(__builtin_shufflevector(v, v, 2, 3), D2);
    return __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1), D2);
#endif
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WAVEGRAPH_METER_AVX2 1

/// Whether the CPU runs meterPairAvx2 (AVX2 and FMA). [any]
bool hasAvx2Fma() noexcept { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

/// MeterNode::meterChannel over two channels at once (both at window position framesInWindow),
/// 8 frames per step: the peaks in 8-lane float vectors, the sums in two 4-lane double vectors
/// per channel (positions 0…3 and 4…7 mod 8), each square added by one fused multiply-add. The
/// square of a float is exact in double, so fma(x, x, s) rounds once, as s + x·x does: each sum
/// lane is the same serial sum over the same positions and the peaks the same maxima, so the
/// results are those of meterChannel bit for bit. [audio]
__attribute__((target("avx2,fma"))) void meterPairAvx2(const float* x0, const float* x1, uint32_t count,
                                                       uint32_t framesInWindow, float& peak0, float& peak1,
                                                       double* sums0, double* sums1) noexcept {
    constexpr uint32_t kLanes = MeterNode::kSumLanes;
    uint32_t lane = framesInWindow % kLanes;
    uint32_t i = 0;
    auto one = [&](float v, float& peak, double* sums) __attribute__((target("avx2,fma"), always_inline)) {
        const float magnitude = std::fabs(v);
        if (magnitude > peak) peak = magnitude;
        sums[lane] += double{v} * double{v};
    };
    for (; i < count && lane != 0; ++i, lane = (lane + 1) % kLanes) {
        one(x0[i], peak0, sums0);
        one(x1[i], peak1, sums1);
    }
    if (i + kLanes <= count) {
        __m256d low0 = _mm256_loadu_pd(sums0), high0 = _mm256_loadu_pd(sums0 + 4);
        __m256d low1 = _mm256_loadu_pd(sums1), high1 = _mm256_loadu_pd(sums1 + 4);
        __m256 peaks0 = _mm256_set1_ps(peak0), peaks1 = _mm256_set1_ps(peak1);
        const __m256 magnitudeBits = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
        for (; i + kLanes <= count; i += kLanes) {
            // max(m, p) is m > p ? m : p lane by lane (vmaxps): a NaN never replaces the peak.
            peaks0 = _mm256_max_ps(_mm256_and_ps(_mm256_loadu_ps(x0 + i), magnitudeBits), peaks0);
            peaks1 = _mm256_max_ps(_mm256_and_ps(_mm256_loadu_ps(x1 + i), magnitudeBits), peaks1);
            // Exact conversions of four floats each, straight from memory.
            const __m256d a0 = _mm256_cvtps_pd(_mm_loadu_ps(x0 + i));
            const __m256d a1 = _mm256_cvtps_pd(_mm_loadu_ps(x0 + i + 4));
            const __m256d b0 = _mm256_cvtps_pd(_mm_loadu_ps(x1 + i));
            const __m256d b1 = _mm256_cvtps_pd(_mm_loadu_ps(x1 + i + 4));
            low0 = _mm256_fmadd_pd(a0, a0, low0);
            high0 = _mm256_fmadd_pd(a1, a1, high0);
            low1 = _mm256_fmadd_pd(b0, b0, low1);
            high1 = _mm256_fmadd_pd(b1, b1, high1);
        }
        _mm256_storeu_pd(sums0, low0);
        _mm256_storeu_pd(sums0 + 4, high0);
        _mm256_storeu_pd(sums1, low1);
        _mm256_storeu_pd(sums1 + 4, high1);
        alignas(32) float lanes0[kLanes], lanes1[kLanes];
        _mm256_store_ps(lanes0, peaks0);
        _mm256_store_ps(lanes1, peaks1);
        for (uint32_t k = 0; k < kLanes; ++k) {
            if (lanes0[k] > peak0) peak0 = lanes0[k];
            if (lanes1[k] > peak1) peak1 = lanes1[k];
        }
    }
    for (; i < count; ++i, lane = (lane + 1) % kLanes) {
        one(x0[i], peak0, sums0);
        one(x1[i], peak1, sums1);
    }
}
#endif

}  // namespace
namespace {

float toDb(double powerOrMagnitude, double factor) noexcept {
    if (!(powerOrMagnitude > 0.0)) return MeterNode::kFloorDb;
    const double db = factor * std::log10(powerOrMagnitude);
    return db < MeterNode::kFloorDb ? MeterNode::kFloorDb : static_cast<float>(db);
}

}  // namespace

MeterNode::Kernel MeterNode::bestKernel() noexcept {  // [any]
#ifdef WAVEGRAPH_METER_AVX2
    if (hasAvx2Fma()) return Kernel::avx2;
#endif
    return Kernel::portable;
}

bool MeterNode::setKernel(Kernel kernel) noexcept {  // [control]
    if (kernel == Kernel::avx2 && bestKernel() != Kernel::avx2) return false;
    kernel_ = kernel;
    return true;
}

MeterNode::MeterNode(uint32_t windowFrames)  // [control]
    : windowFrames_(windowFrames < kMinWindowFrames
                        ? kMinWindowFrames
                        : (windowFrames > kMaxWindowFrames ? kMaxWindowFrames : windowFrames)) {}

void MeterNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    reset();
}

void MeterNode::reset() noexcept {  // [audio]
    framesInWindow_ = 0;
    dirtyChannels_ = kMaxChannels;
    clearWindow();
}

void MeterNode::clearWindow() noexcept {  // [audio]
    for (uint32_t ch = 0; ch < dirtyChannels_; ++ch) {
        peak_[ch] = 0.0f;
        sumSquares_[ch].fill(0.0);
    }
    dirtyChannels_ = meteredChannels_;  // process() goes on metering these in the same block
}

void MeterNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    copyDiscrete(io.inputs.empty() ? kNoChannels : io.inputs[0], out, frames);
    if (!observed_.load(std::memory_order_relaxed)) return;  // nobody reads the readings
    meteredChannels_ = out.numChannels;
    if (dirtyChannels_ < out.numChannels) dirtyChannels_ = out.numChannels;

    uint32_t start = 0;
    while (start < frames) {  // segments that end at a window boundary or at the block's end
        const uint32_t left = windowFrames_ - framesInWindow_;
        const uint32_t count = frames - start < left ? frames - start : left;
        uint32_t ch = 0;
#ifdef WAVEGRAPH_METER_AVX2
        if (kernel_ == Kernel::avx2)
            for (; ch + 1 < out.numChannels; ch += 2)
                meterPairAvx2(out.channels[ch] + start, out.channels[ch + 1] + start, count, framesInWindow_, peak_[ch],
                              peak_[ch + 1], sumSquares_[ch].data(), sumSquares_[ch + 1].data());
#endif
        for (; ch < out.numChannels; ++ch)
            meterChannel(out.channels[ch] + start, count, peak_[ch], sumSquares_[ch].data());
        framesInWindow_ += count;
        start += count;
        if (framesInWindow_ == windowFrames_) {
            publish();
            framesInWindow_ = 0;
            clearWindow();
        }
    }
}

// Window position p's square goes to sums[p % kSumLanes]: each lane is a serial sum over its own
// positions, whatever the block split, and the lanes are added in a fixed order at the window's end.
// Squares of floats are exact in double; the peak is a maximum, the same in any order (NaN never
// replaces it: `>` is false).
void MeterNode::meterChannel(const float* x, uint32_t count, float& peak,
                             double* sums) const noexcept {  // [audio]
    uint32_t lane = framesInWindow_ % kSumLanes;
    uint32_t i = 0;
    auto one = [&](float v) {
        const float magnitude = std::fabs(v);
        if (magnitude > peak) peak = magnitude;
        sums[lane] += double{v} * double{v};
        lane = (lane + 1) % kSumLanes;
    };
    for (; i < count && lane != 0; ++i) one(x[i]);
    if (i + kSumLanes <= count) {
        // Eight frames per iteration: the sums in four 2-lane vectors (positions 0, 1 | 2, 3 |
        // 4, 5 | 6, 7 mod 8: four independent chains, one register each; SSE2 natively, simd128
        // in WebAssembly), the peaks in a 4-lane float vector.
        D2 sum[4];
        std::memcpy(sum, sums, sizeof sum);
        F4 peaks = {peak, peak, peak, peak};
        for (; i + kSumLanes <= count; i += kSumLanes) {
            F4 a, b;
            std::memcpy(&a, x + i, sizeof a);
            std::memcpy(&b, x + i + 4, sizeof b);
            const F4 magnitudeA = (F4)((I4)a & 0x7fffffff);  // std::fabs, lane by lane
            const F4 magnitudeB = (F4)((I4)b & 0x7fffffff);
            peaks = magnitudeA > peaks ? magnitudeA : peaks;
            peaks = magnitudeB > peaks ? magnitudeB : peaks;
            const D2 d0 = toDouble<false>(a), d1 = toDouble<true>(a);
            const D2 d2 = toDouble<false>(b), d3 = toDouble<true>(b);
            sum[0] += d0 * d0;
            sum[1] += d1 * d1;
            sum[2] += d2 * d2;
            sum[3] += d3 * d3;
        }
        std::memcpy(sums, sum, sizeof sum);
        for (uint32_t k = 0; k < 4; ++k)
            if (peaks[k] > peak) peak = peaks[k];
    }
    for (; i < count; ++i) one(x[i]);
}

double MeterNode::windowSumSquares(const double* sums) noexcept {  // [any]
    double total = sums[0];
    for (uint32_t lane = 1; lane < kSumLanes; ++lane) total += sums[lane];
    return total;
}

void MeterNode::publish() noexcept {  // [audio] seqlock writer: never waits
    const uint64_t sequence = sequence_.load(std::memory_order_relaxed);
    sequence_.store(sequence + 1, std::memory_order_relaxed);  // odd: write under way
    std::atomic_thread_fence(std::memory_order_release);
    const uint64_t index = published_.load(std::memory_order_relaxed);
    snapshotIndex_.store(index, std::memory_order_relaxed);
    snapshotChannels_.store(meteredChannels_, std::memory_order_relaxed);
    for (uint32_t ch = 0; ch < meteredChannels_; ++ch) {
        snapshotPeakDb_[ch].store(toDb(peak_[ch], 20.0), std::memory_order_relaxed);
        snapshotRmsDb_[ch].store(toDb(windowSumSquares(sumSquares_[ch].data()) / windowFrames_, 10.0),
                                 std::memory_order_relaxed);
    }
    sequence_.store(sequence + 2, std::memory_order_release);  // even: consistent
    published_.store(index + 1, std::memory_order_release);
}

bool MeterNode::latest(MeterReading& reading, int maxTries) const noexcept {  // [control]
    for (int attempt = 0; attempt < maxTries; ++attempt) {
        const uint64_t before = sequence_.load(std::memory_order_acquire);
        if (before == 0) return false;  // nothing published yet
        if (before & 1u) continue;      // the audio thread is writing
        reading.index = snapshotIndex_.load(std::memory_order_relaxed);
        reading.numChannels = snapshotChannels_.load(std::memory_order_relaxed);
        const uint32_t channels = reading.numChannels < kMaxChannels ? reading.numChannels : kMaxChannels;
        for (uint32_t ch = 0; ch < channels; ++ch) {
            reading.peakDb[ch] = snapshotPeakDb_[ch].load(std::memory_order_relaxed);
            reading.rmsDb[ch] = snapshotRmsDb_[ch].load(std::memory_order_relaxed);
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        if (sequence_.load(std::memory_order_relaxed) == before) return true;
    }
    return false;
}

}  // namespace wavegraph

namespace wavegraph {

bool MeterNode::copyStateFrom(const Node& other) noexcept {  // [audio]
    if (!canCopyStateFrom(*this, other)) return false;
    const auto& source = static_cast<const MeterNode&>(other);
    if (source.windowFrames_ != windowFrames_) return false;
    framesInWindow_ = source.framesInWindow_;
    meteredChannels_ = source.meteredChannels_;
    peak_ = source.peak_;
    sumSquares_ = source.sumSquares_;
    dirtyChannels_ = kMaxChannels;
    if (source.published_.load(std::memory_order_acquire) == 0) return true;  // no reading yet
    // The published reading, under the same sequence protocol as publish().
    const uint64_t begin = sequence_.load(std::memory_order_relaxed) + 1;
    sequence_.store(begin, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    snapshotIndex_.store(source.snapshotIndex_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    snapshotChannels_.store(source.snapshotChannels_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    for (size_t ch = 0; ch < kMaxChannels; ++ch) {
        snapshotPeakDb_[ch].store(source.snapshotPeakDb_[ch].load(std::memory_order_relaxed),
                                  std::memory_order_relaxed);
        snapshotRmsDb_[ch].store(source.snapshotRmsDb_[ch].load(std::memory_order_relaxed), std::memory_order_relaxed);
    }
    sequence_.store(begin + 1, std::memory_order_release);
    published_.store(source.published_.load(std::memory_order_acquire), std::memory_order_release);
    return true;
}

}  // namespace wavegraph
