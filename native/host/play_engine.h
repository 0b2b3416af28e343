#pragma once
/// \file play_engine.h
/// The processing of `wavegraph play` and `wavegraph track play` on the audio thread (the single
/// producer of the output stage): per callback it mixes the inputs (InputMixer rings + the
/// duplex device input), renders them through the host session (core/session/host_session.h:
/// the graph, fed by the track when one is loaded), writes the result to the device and
/// publishes the same frames on the fan-out SpmcRing that the recorder and the meters read at
/// their own pace. It never waits for them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "base/status.h"
#include "graph/node_registry.h"
#include "host/backend/stream_callback.h"
#include "host/input_mixer.h"
#include "rt/spmc_ring.h"
#include "session/host_session.h"

namespace wavegraph::cli {

/// How PlayEngine renders.
struct PlayEngineSetup {
    double sampleRateHz = 48000.0;             ///< the stream's rate, Hz
    uint32_t channels = 2;                     ///< channels rendered (device output, recorder, meters)
    uint32_t maxBlockFrames = 4096;            ///< most frames rendered per step (callbacks are split)
    uint64_t endFrame = UINT64_MAX;            ///< stop after this many frames (silence afterwards)
    uint32_t fanOutCapacityFrames = 1u << 16;  ///< the SPMC ring's size (1.37 s at 48 kHz)
    uint32_t commandRingCapacity = 256;        ///< parameter commands waiting for the audio thread (a power of two)
};

/// The play pipeline's audio-thread processing (see the file comment).
class PlayEngine final : public host::StreamCallback {
public:
    /// With the built-in node types. [control]
    PlayEngine() = default;
    /// With the node types of `registry` (built-in plus plugin processor types). [control]
    explicit PlayEngine(NodeRegistry registry) : session_(std::move(registry)) {}

    /// Prepares the session (no graph loaded yet: the caller loads one, and a track if any),
    /// scratch and ring. mixer may be null (no file inputs); it must outlive the engine. [control]
    Status prepare(const PlayEngineSetup& setup, InputMixer* mixer);

    /// The session: load the graph and track, queue parameters. [control]
    HostSession& session() noexcept { return session_; }
    /// Moves the end (frames from the start) before the stream starts. [control]
    void setEndFrame(uint64_t endFrame) noexcept { setup_.endFrame = endFrame; }

    /// The fan-out ring of rendered frames (setup.channels planar), for recorder and meters. [control] to attach
    /// readers
    SpmcRing& fanOut() noexcept { return *fanOut_; }
    /// The setup of the last prepare (endFrame as last set). [control]
    const PlayEngineSetup& setup() const noexcept { return setup_; }

    bool process(const float* const* input, uint32_t inputChannels, float* const* output, uint32_t outputChannels,
                 uint32_t frames, const host::CallbackTime& time) override;  // [audio]

    /// [any] Frames rendered (≤ endFrame) and whether endFrame was reached.
    uint64_t framesRendered() const noexcept { return position_.load(std::memory_order_acquire); }
    /// True once endFrame was reached. [any]
    bool finished() const noexcept { return finished_.load(std::memory_order_acquire); }
    /// Silenced: the graph keeps rendering (parameters, meters, clock run on) but the device
    /// and the fan-out get zeros. [any]
    void setSilenced(bool silenced) noexcept { silenced_.store(silenced, std::memory_order_relaxed); }
    /// Whether setSilenced(true) is in force. [any]
    bool silenced() const noexcept { return silenced_.load(std::memory_order_relaxed); }

    /// Timing of the callbacks: least-squares lines through (stream seconds = frame / rate,
    /// clock seconds) for the device clock and the steady clock, accumulated per callback
    /// (x, y relative to the first callback of the current stream). slope = (nΣxy − ΣxΣy) / (nΣx² − (Σx)²); a clock
    /// that runs exactly at the stream's rate has slope 1. Read after the stream stopped. [control]
    struct ClockFit {
        double n = 0;    ///< points
        double sx = 0;   ///< Σx
        double sy = 0;   ///< Σy
        double sxx = 0;  ///< Σx²
        double sxy = 0;  ///< Σxy
        /// Adds the point (x stream seconds, y clock seconds).
        void add(double x, double y) noexcept {
            n += 1;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        /// Clock seconds per stream second (1 when there is no drift); 1 with fewer than 2 points.
        double slope() const noexcept {
            const double d = n * sxx - sx * sx;
            return n < 2 || d <= 0 ? 1.0 : (n * sxy - sx * sy) / d;
        }
    };
    /// Lower envelope of (clock − stream seconds) per 1-second bucket of stream time. A
    /// callback can start late in a device cycle but never early, so the minimum over a bucket
    /// tracks the cycle start and removes scheduling jitter; the drift over the run is the
    /// change between the first complete bucket (after a 1 s settling bucket) and the last one.
    struct ClockEnvelope {
        int64_t bucket = -1;       ///< the bucket being filled (whole stream seconds); -1 before the first point
        double bucketMin = 0;      ///< its minimum offset so far, s
        int64_t firstBucket = -1;  ///< first complete bucket after the settling one; -1 while none
        int64_t lastBucket = -1;   ///< last complete bucket; -1 while none
        double firstMin = 0;       ///< minimum offset of firstBucket, s
        double lastMin = 0;        ///< minimum offset of lastBucket, s
        /// Adds a point: x stream seconds, offset = clock − stream seconds.
        void add(double x, double offset) noexcept {
            const auto b = static_cast<int64_t>(x);
            if (b != bucket) {
                if (bucket >= 1) {  // bucket 0 settles (stream start, other clients joining)
                    if (firstBucket < 0) firstBucket = bucket, firstMin = bucketMin;
                    lastBucket = bucket;
                    lastMin = bucketMin;
                }
                bucket = b;
                bucketMin = offset;
            } else if (offset < bucketMin) {
                bucketMin = offset;
            }
        }
        /// Clock seconds gained per stream second (0 = no drift); 0 before two complete buckets.
        double driftPerSecond() const noexcept {
            return lastBucket > firstBucket ? (lastMin - firstMin) / static_cast<double>(lastBucket - firstBucket)
                                            : 0.0;
        }
        /// Stream seconds between the first and last complete buckets (0 before two).
        double spanSeconds() const noexcept {
            return lastBucket > firstBucket ? double(lastBucket - firstBucket) : 0.0;
        }
    };
    /// Clock measurements over the callbacks of the current stream.
    struct Timing {
        uint64_t firstFrame = 0;        ///< stream frame of the current stream's first callback
        uint64_t lastFrame = 0;         ///< stream frame of the latest callback
        double firstDeviceSeconds = 0;  ///< device clock at the first callback, s
        double firstSteadySeconds = 0;  ///< steady clock at the first callback, s
        ClockFit device;                ///< fit of the device clock
        ClockFit steady;                ///< fit of the steady clock
        ClockEnvelope deviceEnvelope;   ///< drift envelope of the device clock
        ClockEnvelope steadyEnvelope;   ///< drift envelope of the steady clock
        uint64_t callbacks = 0;         ///< callbacks of the current stream
    };
    /// A copy of the timing. [control] after the stream stopped
    Timing timing() const noexcept { return timing_; }

private:
    PlayEngineSetup setup_;
    InputMixer* mixer_ = nullptr;
    HostSession session_;
    std::unique_ptr<SpmcRing> fanOut_;
    std::vector<std::vector<float>> mix_, render_;
    std::vector<float*> mixPtr_, renderPtr_;
    std::atomic<uint64_t> position_{0};
    std::atomic<bool> finished_{false};
    std::atomic<bool> silenced_{false};
    Timing timing_;
};

}  // namespace wavegraph::cli
