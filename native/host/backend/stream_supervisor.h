#pragma once
/// \file stream_supervisor.h
/// Chooses a backend and device, opens the stream and keeps it running (selection and
/// recovery):
///  - backends are tried in order (platformBackendOrder(), or --backend then --fallback);
///    BackendNotAvailable / InitializationFailed / no usable device → the next one;
///  - a --device that matches nothing → the backend's default device, with a warning;
///  - with an input device: duplex → output only → input only (meters) → next backend, each
///    step reported;
///  - StreamError while running → restart the stream on the same device (up to 3 times within
///    10 s), then the next backend;
///  - 3 underruns within 10 s → double bufferFrames (up to kMaxBufferFrames) and reopen (on a
///    backend whose period the server sets, JACK, only report: see periodSetByServer());
///  - input overruns (duplex/input streams) → reported, at most once per 10 s.
/// Every decision is one line on stderr (cli::printLine); the start line lists what was skipped.

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/audio_backend.h"

namespace wavegraph::host {

/// What kind of stream ended up open.
enum class StreamMode { none, duplex, outputOnly, inputOnly };
/// "none", "full duplex", "output only", "input only (meters)". [any]
const char* streamModeName(StreamMode mode) noexcept;

/// What the user asked for: backends to try, devices, configuration.
struct StreamRequest {
    std::vector<std::string> backends;  ///< in order of preference
    std::string device;                 ///< "" = default; else id or part of the name (case-insensitive)
    std::string inputDevice;            ///< "" = no input; "default" = the default input; else id / name part
    AudioConfig config;                 ///< channels, rate (0 = the device's default), bufferFrames, format
};

/// Opens a stream on the first usable backend and keeps it playing: restarts failed streams,
/// falls back to the next backend, grows the buffer after repeated underruns. All [control].
class StreamSupervisor {
public:
    /// Underruns within kUnderrunWindowSeconds that make the buffer grow.
    static constexpr int kUnderrunsToGrow = 3;
    /// Window over which underruns and restarts are counted, s.
    static constexpr double kUnderrunWindowSeconds = 10.0;
    /// Restarts within the window before the supervisor moves to the next backend.
    static constexpr int kRestartsPerWindow = 3;

    ~StreamSupervisor();  ///< stops the stream before the backends go [control]

    /// Finds the first backend with a usable device and, when config.sampleRateHz is 0, fills it
    /// with that device's default rate. Does not open a stream. [control]
    BackendStatus probe(StreamRequest& request);

    /// Opens and starts the stream on the probed backend or a later one. The callback must
    /// outlive the supervisor. Error (after every backend failed): the last failure, with the
    /// list of what was tried. [control]
    BackendStatus start(StreamCallback& callback);

    /// Called every few ms on the control thread while playing: restarts a failed stream, grows
    /// the buffer after repeated underruns. Returns an error when nothing can play any more. [control]
    BackendStatus supervise();

    /// Stops the stream (it stays open for its counters). [control]
    void stop();

    /// The kind of stream open (none before start). [control]
    StreamMode mode() const { return mode_; }
    /// The open stream, or nullptr. [control]
    const AudioStream* stream() const { return stream_.get(); }
    /// Name of the backend in use, e.g. "jack". [control]
    const std::string& backendName() const { return backendName_; }
    /// The output device in use. [control]
    const DeviceInfo& outputDevice() const { return output_; }
    /// The input device in use (empty id: none). [control]
    const DeviceInfo& inputDevice() const { return input_; }
    /// "jack unavailable (no JACK server …); pulse …" — what was skipped before the one in use.
    std::string skippedSummary() const;
    /// Totals over every stream opened so far. [control]
    uint64_t totalUnderruns() const;
    /// Input overflows over every stream opened so far. [control]
    uint64_t totalOverruns() const;
    /// Failed or throwing callbacks over every stream opened so far. [control]
    uint64_t totalInternalErrors() const;
    /// Streams reopened after a failure. [control]
    int restarts() const { return restartsTotal_; }
    /// Times bufferFrames was doubled (up to kMaxBufferFrames) after underruns. [control]
    uint32_t bufferGrowths() const { return growths_; }

private:
    BackendStatus openOn(size_t backendIndex, StreamCallback& callback);
    BackendStatus resolveDevices(AudioBackend& backend, bool warn);
    BackendStatus openStream(AudioBackend& backend, StreamCallback& callback);
    void retireStream();

    StreamRequest request_;
    std::vector<std::unique_ptr<AudioBackend>> backends_;  // index-aligned with request_.backends
    std::vector<std::string> skipped_;
    size_t current_ = 0;
    std::string backendName_;
    DeviceInfo output_, input_;
    StreamMode mode_ = StreamMode::none;
    std::unique_ptr<AudioStream> stream_;
    StreamCallback* callback_ = nullptr;
    uint64_t underrunsSeen_ = 0, overrunsSeen_ = 0;
    uint64_t retiredUnderruns_ = 0, retiredOverruns_ = 0, retiredErrors_ = 0;
    std::chrono::steady_clock::time_point lastOverrunReport_{};
    std::deque<std::chrono::steady_clock::time_point> underrunTimes_, restartTimes_;
    int restartsTotal_ = 0;
    uint32_t growths_ = 0;
    bool warnedDevice_ = false, warnedInput_ = false;
};

}  // namespace wavegraph::host
