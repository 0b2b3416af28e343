#pragma once
/// \file callback_guard.h
/// The part of every backend's audio callback that is the same for all of them: runs the
/// StreamCallback so that no exception gets out (an exception or a false return → silence and
/// internalErrors + 1), keeps the stream's counters, and applies injected faults
/// (fault_injection.h). Planar float32 only; the backends convert formats around it.

#include <atomic>
#include <cstdint>

#include "host/backend/audio_config.h"
#include "host/backend/audio_stream.h"
#include "host/backend/stream_callback.h"

namespace wavegraph::host {

/// Exception-safe wrapper of a StreamCallback with the stream's counters (see the file comment).
class CallbackGuard {
public:
    /// [control] before the stream starts. startFrame: frames already played by earlier streams
    /// of the same playback (so injected faults use the playback's time, across restarts).
    CallbackGuard(StreamCallback& callback, const AudioConfig& config, uint64_t startFrame = 0)
        : callback_(callback), config_(config), startFrame_(startFrame) {}

    /// Runs one callback. Returns false when the stream must fail now (injected StreamError);
    /// output has been silenced then. [audio] noexcept.
    bool run(const float* const* input, uint32_t inputChannels, float* const* output, uint32_t outputChannels,
             uint32_t frames, double deviceTimeSeconds) noexcept;

    /// Counts one output underflow the device flagged. [audio]
    void countUnderrun() noexcept { underruns_.fetch_add(1, std::memory_order_relaxed); }
    /// Counts one input overflow the device flagged. [audio]
    void countOverrun() noexcept { overruns_.fetch_add(1, std::memory_order_relaxed); }

    /// Output underflows counted. [any]
    uint64_t underruns() const noexcept { return underruns_.load(std::memory_order_relaxed); }
    /// Input overflows counted. [any]
    uint64_t overruns() const noexcept { return overruns_.load(std::memory_order_relaxed); }
    /// Callbacks that failed or threw (silence was output). [any]
    uint64_t internalErrors() const noexcept { return internalErrors_.load(std::memory_order_relaxed); }
    /// Frames delivered through run(). [any]
    uint64_t framesProcessed() const noexcept { return frames_.load(std::memory_order_relaxed); }

private:
    StreamCallback& callback_;
    AudioConfig config_;
    uint64_t startFrame_;
    std::atomic<uint64_t> underruns_{0}, overruns_{0}, internalErrors_{0}, frames_{0};
};

/// An AudioStream whose callbacks run through a CallbackGuard: the stream's configuration and
/// the guard's counters answer the AudioStream queries every backend shares.
class GuardedStream : public AudioStream {
public:
    const AudioConfig& config() const override { return config_; }                  // [any]
    uint64_t underruns() const override { return guard_.underruns(); }              // [any]
    uint64_t overruns() const override { return guard_.overruns(); }                // [any]
    uint64_t internalErrors() const override { return guard_.internalErrors(); }    // [any]
    uint64_t framesProcessed() const override { return guard_.framesProcessed(); }  // [any]

protected:
    /// startFrame: as CallbackGuard's. [control]
    GuardedStream(const AudioConfig& config, StreamCallback& callback, uint64_t startFrame)
        : config_(config), guard_(callback, config, startFrame) {}

    AudioConfig config_;   ///< The configuration the stream was opened with. [control] before start
    CallbackGuard guard_;  ///< Runs the callbacks and keeps the counters.
};

}  // namespace wavegraph::host
