#include "dsp/analyser_tap.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace wavegraph {

namespace {
// Relaxed atomic load of one float (the GCC/Clang builtin: std::atomic_ref is missing from the
// libc++ of Emscripten's clang). A plain load on every target.
inline float loadRelaxed(const float& from) noexcept {  // [any]
    float value;
    __atomic_load(&from, &value, __ATOMIC_RELAXED);
    return value;
}
}  // namespace

void AnalyserTap::prepare(const ProcessSpec&, uint32_t capacityFrames) {  // [control]
    const uint32_t capacity = std::bit_ceil(std::max<uint32_t>(capacityFrames, 2));
    buffer_.assign(capacity, 0.0f);
    mask_ = capacity - 1;
    framesWritten_.store(0, std::memory_order_release);
}

void AnalyserTap::reset() noexcept {  // [control]
    std::fill(buffer_.begin(), buffer_.end(), 0.0f);
    framesWritten_.store(0, std::memory_order_release);
}

namespace {
/// dst[k] = ((0 + left[k]) + right[k]) · scale for k < frames: the stereo down-mix, the same
/// operations per frame as the general loop below, into a local array, so that it vectorizes. [audio]
void mixStereo(float* __restrict dst, const float* left, const float* right, uint32_t frames, float scale) noexcept {
    for (uint32_t k = 0; k < frames; ++k) dst[k] = ((0.0f + left[k]) + right[k]) * scale;
}

/// Relaxed atomic store of one float (the GCC/Clang builtin: std::atomic_ref is missing from
/// the libc++ of Emscripten's clang). A plain store on every target. [audio]
inline void storeRelaxed(float& to, float value) noexcept { __atomic_store(&to, &value, __ATOMIC_RELAXED); }

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// mixStereo and storeFrames in one loop, 8 frames per step in 8-lane vectors (the same
/// operations per frame), each pair of frames stored from the register as one relaxed 8-byte
/// atomic store (dst 8-byte aligned; the ring's other readers see whole floats). [audio]
__attribute__((target("avx2"))) void mixStereoIntoRingAvx2(float* dst, const float* left, const float* right,
                                                           uint32_t frames, float scale) noexcept {
    const __m256 scales = _mm256_set1_ps(scale), zero = _mm256_setzero_ps();
    auto* pairs = reinterpret_cast<uint64_t*>(dst);
    uint32_t k = 0;
    for (; k + 8 <= frames; k += 8) {
        const __m256 sum = _mm256_add_ps(_mm256_add_ps(zero, _mm256_loadu_ps(left + k)), _mm256_loadu_ps(right + k));
        const __m256 mixed = _mm256_mul_ps(sum, scales);
        const __m128i low = _mm_castps_si128(_mm256_castps256_ps128(mixed));
        const __m128i high = _mm_castps_si128(_mm256_extractf128_ps(mixed, 1));
        __atomic_store_n(pairs + k / 2, static_cast<uint64_t>(_mm_cvtsi128_si64(low)), __ATOMIC_RELAXED);
        __atomic_store_n(pairs + k / 2 + 1, static_cast<uint64_t>(_mm_extract_epi64(low, 1)), __ATOMIC_RELAXED);
        __atomic_store_n(pairs + k / 2 + 2, static_cast<uint64_t>(_mm_cvtsi128_si64(high)), __ATOMIC_RELAXED);
        __atomic_store_n(pairs + k / 2 + 3, static_cast<uint64_t>(_mm_extract_epi64(high, 1)), __ATOMIC_RELAXED);
    }
    for (; k < frames; ++k) storeRelaxed(dst[k], ((0.0f + left[k]) + right[k]) * scale);
}
#endif

/// dst[k] = from[k] for k < frames as relaxed atomic stores (another thread may copy the ring
/// meanwhile), two frames per 8-byte store where dst is 8-byte aligned: each float is still
/// written whole, and half as many stores. A plain store on every target. [audio]
void storeFrames(float* dst, const float* from, uint32_t frames) noexcept {
    uint32_t k = 0;
    if (frames > 0 && reinterpret_cast<uintptr_t>(dst) % sizeof(uint64_t) != 0) {
        storeRelaxed(dst[0], from[0]);
        k = 1;
    }
    for (; k + 2 <= frames; k += 2) {
        uint64_t pair;  // std::memcpy: Emscripten's libc++ has no std::bit_cast
        std::memcpy(&pair, from + k, sizeof pair);
        __atomic_store_n(reinterpret_cast<uint64_t*>(dst + k), pair, __ATOMIC_RELAXED);
    }
    if (k < frames) storeRelaxed(dst[k], from[k]);
}
}  // namespace

void AnalyserTap::push(const float* const* channels, uint32_t numChannels, uint32_t numFrames) noexcept {  // [audio]
    if (buffer_.empty() || numChannels == 0) return;
    const uint32_t written = framesWritten_.load(std::memory_order_relaxed);
    const float scale = 1.0f / static_cast<float>(numChannels);
    // In runs that do not wrap around the ring: up to kMixFrames frames mixed into a local array
    // (vectorized), then stored into the ring as relaxed atomics (storeFrames); the block is
    // published once, by the release store of the frame counter below (the reader's acquire
    // load of it sees every sample of the frames it counts).
    constexpr uint32_t kMixFrames = 128;
    float mixed[kMixFrames];
    for (uint32_t i = 0; i < numFrames;) {
        const uint32_t position = (written + i) & mask_;
        const uint32_t run = std::min({numFrames - i, mask_ + 1 - position, kMixFrames});
        if (numChannels == 2) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
            if (__builtin_cpu_supports("avx2")) {
                float* dst = buffer_.data() + position;
                uint32_t first = 0;  // one frame alone where dst is not 8-byte aligned
                if (reinterpret_cast<uintptr_t>(dst) % sizeof(uint64_t) != 0) {
                    storeRelaxed(dst[0], ((0.0f + channels[0][i]) + channels[1][i]) * scale);
                    first = 1;
                }
                mixStereoIntoRingAvx2(dst + first, channels[0] + i + first, channels[1] + i + first, run - first,
                                      scale);
                i += run;
                continue;
            }
#endif
            mixStereo(mixed, channels[0] + i, channels[1] + i, run, scale);
        } else {
            for (uint32_t k = 0; k < run; ++k) {
                float sum = 0.0f;
                for (uint32_t ch = 0; ch < numChannels; ++ch) sum += channels[ch][i + k];
                mixed[k] = sum * scale;
            }
        }
        storeFrames(buffer_.data() + position, mixed, run);
        i += run;
    }
    framesWritten_.store(written + numFrames, std::memory_order_release);
}

uint32_t AnalyserTap::copyLatest(float* out, uint32_t frames) const noexcept {  // [control]
    const uint32_t written = framesWritten_.load(std::memory_order_acquire);
    frames = std::min(frames, capacityFrames());
    for (uint32_t i = 0; i < frames; ++i) {
        // Frame index (written − frames + i) may be "negative" before enough frames exist.
        const uint32_t age = frames - i;  // 1 = newest
        // Relaxed atomic loads: the audio thread may be writing the ring meanwhile (push); a frame
        // overwritten during the copy holds a newer sample, never a torn one.
        out[i] = age <= written ? loadRelaxed(buffer_[(written - age) & mask_]) : 0.0f;
    }
    return written;
}

}  // namespace wavegraph

namespace wavegraph {

bool AnalyserTap::copyFrom(const AnalyserTap& other) noexcept {  // [audio]
    if (&other == this || other.buffer_.size() != buffer_.size()) return false;
    std::copy(other.buffer_.begin(), other.buffer_.end(), buffer_.begin());
    framesWritten_.store(other.framesWritten_.load(std::memory_order_acquire), std::memory_order_release);
    return true;
}

}  // namespace wavegraph
