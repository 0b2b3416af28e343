#pragma once
/// \file audio_stream.h
/// An open device stream: play / pause / stop, its status and the
/// counters the supervisor watches for recovery.

#include <cstdint>

#include "host/backend/audio_config.h"
#include "host/backend/backend_error.h"

namespace wavegraph::host {

/// State of an AudioStream.
enum class StreamStatus { stopped, playing, paused, error };

/// "stopped", "playing", "paused", "error". [any]
const char* streamStatusName(StreamStatus status) noexcept;

/// An open device stream of one backend (see the file comment).
class AudioStream {
public:
    virtual ~AudioStream() = default;  ///< stops and closes [control]

    virtual BackendStatus play() = 0;               ///< starts or resumes the callbacks [control]
    virtual BackendStatus pause() = 0;              ///< suspends the callbacks; play() resumes [control]
    virtual BackendStatus stop() = 0;               ///< stops for good (idempotent) [control]
    virtual StreamStatus status() const = 0;        ///< [any]
    virtual const AudioConfig& config() const = 0;  ///< as opened (buffer size may differ from asked) [any]
    /// Output latency in frames as the host API reports it (0 when unknown). [control]
    virtual uint32_t latencyFrames() const = 0;

    /// Counters since open, readable from any thread.
    virtual uint64_t underruns() const = 0;        ///< callbacks the device flagged as output underflow
    virtual uint64_t overruns() const = 0;         ///< callbacks the device flagged as input overflow
    virtual uint64_t internalErrors() const = 0;   ///< callbacks that failed or threw (silence was output)
    virtual uint64_t framesProcessed() const = 0;  ///< frames delivered to the device
    /// Why status() is error (empty otherwise). [control]
    virtual BackendStatus lastError() const = 0;
};

}  // namespace wavegraph::host
