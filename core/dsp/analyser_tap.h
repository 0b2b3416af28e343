#pragma once
/// \file analyser_tap.h
/// Hands the latest frames of a signal from the audio thread to the control side, where the
/// FFT runs. The audio thread writes a mono down-mix (mean of the channels, which for 1 and 2
/// channels is the W3C Web Audio API "speakers" down-mix to mono) into a circular buffer and
/// publishes a free-running frame counter; readers copy the newest frames.
///
/// Memory layout (read directly by the AudioWorklet through wasm memory):
/// `buffer()` is `capacityFrames()` float32 samples; frame n lives at index n & (capacity − 1);
/// `framesWritten()` is the count of frames written so far (wraps at 2³²).
///
/// Ordering: push() writes a block's samples as relaxed atomic stores (plain stores on every
/// target, two samples per 8-byte store), then publishes the block with one release store of the
/// frame counter. A reader that loads the counter with acquire (in
/// JavaScript: Atomics.load on a shared buffer) sees every sample of the frames it counts. The
/// writer does not wait for readers: a reader copying the newest n frames has capacity − n
/// frames of slack before push() overwrites what it copies; an overwritten sample reads as a
/// newer frame's sample (each is one aligned 4-byte float, never torn).

#include <atomic>
#include <cstdint>
#include <vector>

#include "base/audio_block.h"
#include "base/process_spec.h"

namespace wavegraph {

/// Circular mono tap of a signal's latest frames, written [audio] and read [control] (see the file comment).
class AnalyserTap {
public:
    static constexpr uint32_t kDefaultCapacityFrames = 32768;  ///< = the largest W3C fftSize

    /// capacityFrames is rounded up to a power of two. Allocates. [control]
    void prepare(const ProcessSpec& spec, uint32_t capacityFrames = kDefaultCapacityFrames);
    /// Clears the buffer and counter. [control, while the audio thread is stopped]
    void reset() noexcept;
    /// Copies another tap's buffer and counter; both were prepared with the same capacity
    /// (false and nothing copied otherwise). [audio] no allocation.
    bool copyFrom(const AnalyserTap& other) noexcept;
    /// Appends block's frames (mono down-mix); does not modify block. [audio]
    void push(const AudioBlock& block) noexcept { push(block.channels.data(), block.numChannels, block.numFrames); }
    /// The same for numChannels planar channels of numFrames frames each (no AudioBlock to
    /// build on the audio path). [audio]
    void push(const float* const* channels, uint32_t numChannels, uint32_t numFrames) noexcept;

    /// Copies the newest `frames` frames (oldest first) into out; frames ≤ capacityFrames().
    /// Frames not yet written are zeros. Returns framesWritten() at the time of the copy.
    /// [control] no allocation.
    uint32_t copyLatest(float* out, uint32_t frames) const noexcept;

    /// The circular buffer: capacityFrames() float32 samples, frame n at n & (capacity − 1). [any]
    const float* buffer() const noexcept { return buffer_.data(); }
    /// Buffer length in frames (a power of two; 0 before prepare). [any]
    uint32_t capacityFrames() const noexcept { return static_cast<uint32_t>(buffer_.size()); }
    /// Frames written since prepare or reset (acquire; wraps at 2³²). [any]
    uint32_t framesWritten() const noexcept { return framesWritten_.load(std::memory_order_acquire); }

private:
    // [control] sized in prepare; [audio] written in push.
    std::vector<float> buffer_;
    uint32_t mask_ = 0;
    // [audio] writes (release), [control] reads (acquire).
    std::atomic<uint32_t> framesWritten_{0};
};

}  // namespace wavegraph
