#include "dsp/analyser_tap.h"

#include <algorithm>
#include <atomic>
#include <bit>

namespace wavegraph {

namespace {
// Relaxed atomic store and load of one float (the GCC/Clang builtins: std::atomic_ref is missing
// from the libc++ of Emscripten's clang). A plain store or load on every target.
inline void storeRelaxed(float& to, float value) noexcept { __atomic_store(&to, &value, __ATOMIC_RELAXED); }  // [any]
inline float loadRelaxed(const float& from) noexcept {                                                        // [any]
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

void AnalyserTap::push(const float* const* channels, uint32_t numChannels, uint32_t numFrames) noexcept {  // [audio]
    if (buffer_.empty() || numChannels == 0) return;
    uint32_t written = framesWritten_.load(std::memory_order_relaxed);
    const float scale = 1.0f / static_cast<float>(numChannels);
    // In runs that do not wrap around the ring (same operations per frame: ((0 + left) + right) ·
    // scale). Samples are stored as relaxed atomics: another thread may read the ring at the same
    // time (copyLatest), and a relaxed float store is a plain store on every target.
    for (uint32_t i = 0; i < numFrames;) {
        const uint32_t position = (written + i) & mask_;
        const uint32_t run = std::min(numFrames - i, mask_ + 1 - position);
        float* dst = buffer_.data() + position;
        if (numChannels == 2) {
            // The down-mix of up to kMixFrames frames at a time into a local array (a loop the
            // compiler vectorizes: a relaxed atomic store stops that), then stored frame by frame.
            constexpr uint32_t kMixFrames = 64;
            float mixed[kMixFrames];
            for (uint32_t from = 0; from < run; from += kMixFrames) {
                const uint32_t count = std::min(kMixFrames, run - from);
                const float* left = channels[0] + i + from;
                const float* right = channels[1] + i + from;
                for (uint32_t k = 0; k < count; ++k) mixed[k] = ((0.0f + left[k]) + right[k]) * scale;
                for (uint32_t k = 0; k < count; ++k) storeRelaxed(dst[from + k], mixed[k]);
            }
        } else {
            for (uint32_t k = 0; k < run; ++k) {
                float sum = 0.0f;
                for (uint32_t ch = 0; ch < numChannels; ++ch) sum += channels[ch][i + k];
                storeRelaxed(dst[k], sum * scale);
            }
        }
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
