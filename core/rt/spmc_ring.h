#pragma once
/// \file spmc_ring.h
/// A single-producer/multi-consumer ring of audio frames in which the producer never waits:
/// it always writes, overwriting the oldest frames, and each consumer (an SpmcReader with its
/// own cursor) reads at its own pace. A consumer that fell more than the capacity behind
/// detects it, counts the frames it lost as a dropout and skips ahead to the oldest frame still
/// held. With one reader this is also an SPSC ring whose overflow policy is "drop the oldest frames".
///
/// Layout (one allocation, made on the control thread by the constructor):
///
/// | field        | type                  | meaning                                              |
/// |--------------|-----------------------|------------------------------------------------------|
/// | `claimed_`   | atomic u64 (own line) | frames the producer has started writing (≥ written)  |
/// | `written_`   | atomic u64 (own line) | frames completely written and published              |
/// | `samples_`   | capacity × channels atomic float, interleaved | frame n lives in slot n & (capacity − 1) |
///
/// Frame counters are absolute (u64, never wrap in practice: 2⁶⁴ frames at 768 kHz is 760 000
/// years). Protocol (a seqlock over a window): the producer stores claimed = w + n (relaxed),
/// issues a release fence, writes the n frames, then stores written = w + n (release). A reader
/// loads written (acquire), copies frames, issues an acquire fence and reloads claimed: every
/// copied frame with index < claimed − capacity may have been overwritten during the copy and is
/// discarded and counted as dropped. Samples are relaxed atomics, so the concurrent overwrite is
/// a defined race (no torn float, no undefined behaviour; plain moves on x86-64 and ARM64).
///
/// Thread roles: `write` on exactly one thread ([audio], the producer); each SpmcReader on one
/// thread of its own ([control] or [audio]); constructor and `reset` [control] before the
/// threads start. No allocation, lock, wait or exception after construction.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace wavegraph {

/// Single-producer, multi-consumer ring of planar float frames (see the file comment).
class SpmcRing {
public:
    /// capacityFrames: rounded up to a power of two, at least 2; channels 1…32. [control] Allocates.
    SpmcRing(uint32_t capacityFrames, uint32_t channels)
        : capacity_(roundUpToPowerOfTwo(std::max<uint32_t>(capacityFrames, 2))),
          mask_(capacity_ - 1),
          channels_(std::max<uint32_t>(channels, 1)),
          samples_(new std::atomic<float>[size_t{capacity_} * channels_]) {
        for (size_t i = 0; i < size_t{capacity_} * channels_; ++i) samples_[i].store(0.0f, std::memory_order_relaxed);
    }

    uint32_t capacityFrames() const noexcept { return capacity_; }  ///< Capacity in frames (a power of two). [any]
    uint32_t channels() const noexcept { return channels_; }        ///< Channels per frame. [any]
    /// Frames published so far (acquire). [any]
    uint64_t framesWritten() const noexcept { return written_.load(std::memory_order_acquire); }

    /// Appends numFrames frames from `channels()` planar channels (each numFrames floats; a null
    /// pointer writes silence for that channel). Never blocks, never fails: when consumers lag,
    /// the oldest frames are overwritten. numFrames may exceed the capacity (only the last
    /// capacity frames then survive). [audio] producer only.
    void write(const float* const* planar, uint32_t numFrames) noexcept {
        const uint64_t start = written_.load(std::memory_order_relaxed);
        claimed_.store(start + numFrames, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        for (uint32_t i = 0; i < numFrames; ++i) {
            std::atomic<float>* frame = &samples_[size_t((start + i) & mask_) * channels_];
            for (uint32_t c = 0; c < channels_; ++c)
                frame[c].store(planar[c] != nullptr ? planar[c][i] : 0.0f, std::memory_order_relaxed);
        }
        written_.store(start + numFrames, std::memory_order_release);
    }

private:
    friend class SpmcReader;
    static uint32_t roundUpToPowerOfTwo(uint32_t v) noexcept {
        uint32_t p = 1;
        while (p < v && p < (1u << 31)) p <<= 1;
        return p;
    }

    const uint32_t capacity_;
    const uint32_t mask_;
    const uint32_t channels_;
    std::unique_ptr<std::atomic<float>[]> samples_;
    alignas(64) std::atomic<uint64_t> claimed_{0};
    alignas(64) std::atomic<uint64_t> written_{0};
};

/// What one SpmcReader::read delivered.
struct SpmcReadResult {
    uint32_t frames = 0;         ///< frames copied to the caller, contiguous after the previous read unless dropped > 0
    uint64_t droppedFrames = 0;  ///< frames skipped before them (lost to the producer overwriting)
};

/// One consumer's cursor into an SpmcRing. Starts at the ring's current write position.
class SpmcReader {
public:
    /// [control] before this reader's thread starts. skipAheadFrames: how far behind the newest
    /// frame a lagging reader lands (default half the capacity, so it is not overrun again at once).
    explicit SpmcReader(const SpmcRing& ring, uint32_t skipAheadFrames = 0)
        : ring_(ring),
          skipBehind_(skipAheadFrames == 0 ? ring.capacity_ / 2 : std::min(skipAheadFrames, ring.capacity_)) {
        cursor_.store(ring.written_.load(std::memory_order_acquire), std::memory_order_relaxed);
    }

    /// Copies up to maxFrames frames into `ring.channels()` planar channels (each ≥ maxFrames
    /// floats). If the reader lagged more than the capacity, or frames were overwritten during
    /// the copy, it skips ahead and reports the lost frames in droppedFrames (and counts one
    /// dropout). frames == 0: nothing new. [audio or control: this reader's thread only]
    SpmcReadResult read(float* const* planar, uint32_t maxFrames) noexcept {
        SpmcReadResult result;
        uint64_t cursor = cursor_.load(std::memory_order_relaxed);
        const uint64_t written = ring_.written_.load(std::memory_order_acquire);
        if (written - cursor > ring_.capacity_) {  // lapped: skip ahead
            const uint64_t target = written - skipBehind_;
            result.droppedFrames += target - cursor;
            cursor = target;
        }
        const auto n = static_cast<uint32_t>(std::min<uint64_t>(written - cursor, maxFrames));
        for (uint32_t i = 0; i < n; ++i) {
            const std::atomic<float>* frame = &ring_.samples_[size_t((cursor + i) & ring_.mask_) * ring_.channels_];
            for (uint32_t c = 0; c < ring_.channels_; ++c) planar[c][i] = frame[c].load(std::memory_order_relaxed);
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        const uint64_t claimed = ring_.claimed_.load(std::memory_order_relaxed);
        const uint64_t oldestIntact = claimed > ring_.capacity_ ? claimed - ring_.capacity_ : 0;
        uint32_t bad = 0;  // leading copied frames the producer may have overwritten meanwhile
        if (oldestIntact > cursor) bad = static_cast<uint32_t>(std::min<uint64_t>(oldestIntact - cursor, n));
        if (bad > 0) {
            for (uint32_t c = 0; c < ring_.channels_; ++c) std::copy(planar[c] + bad, planar[c] + n, planar[c]);
            result.droppedFrames += bad;
        }
        result.frames = n - bad;
        cursor_.store(cursor + n, std::memory_order_release);
        if (result.droppedFrames > 0) {
            dropouts_.fetch_add(1, std::memory_order_relaxed);
            droppedFrames_.fetch_add(result.droppedFrames, std::memory_order_relaxed);
        }
        return result;
    }

    /// Frames published but not yet read by this reader (a snapshot; may exceed the capacity
    /// when lapped). [any]
    uint64_t available() const noexcept {
        return ring_.written_.load(std::memory_order_acquire) - cursor_.load(std::memory_order_acquire);
    }
    /// Absolute index of the next frame this reader will read. [any] (a producer may read it to
    /// pace itself; advisory only)
    uint64_t position() const noexcept { return cursor_.load(std::memory_order_acquire); }
    /// Number of reads that reported dropped frames. [any]
    uint64_t dropouts() const noexcept { return dropouts_.load(std::memory_order_relaxed); }
    /// Frames lost in total because the producer overwrote them before this reader read them. [any]
    uint64_t droppedFrames() const noexcept { return droppedFrames_.load(std::memory_order_relaxed); }

private:
    const SpmcRing& ring_;
    const uint32_t skipBehind_;
    std::atomic<uint64_t> cursor_{0};
    std::atomic<uint64_t> dropouts_{0};
    std::atomic<uint64_t> droppedFrames_{0};
};

}  // namespace wavegraph
