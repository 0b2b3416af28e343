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
const char* streamModeName(StreamMode mode) noexcept;  // [any]

struct StreamRequest {
    std::vector<std::string> backends;  ///< in order of preference
    std::string device;                 ///< "" = default; else id or part of the name (case-insensitive)
    std::string inputDevice;            ///< "" = no input; "default" = the default input; else id / name part
    AudioConfig config;                 ///< channels, rate (0 = the device's default), bufferFrames, format
};

class StreamSupervisor {
public:
    static constexpr int kUnderrunsToGrow = 3;
    static constexpr double kUnderrunWindowSeconds = 10.0;
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

    StreamMode mode() const { return mode_; }
    const AudioStream* stream() const { return stream_.get(); }
    const std::string& backendName() const { return backendName_; }
    const DeviceInfo& outputDevice() const { return output_; }
    const DeviceInfo& inputDevice() const { return input_; }
    /// "jack unavailable (no JACK server …); pulse …" — what was skipped before the one in use.
    std::string skippedSummary() const;
    /// Totals over every stream opened so far. [control]
    uint64_t totalUnderruns() const;
    uint64_t totalOverruns() const;
    uint64_t totalInternalErrors() const;
    int restarts() const { return restartsTotal_; }
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
