#pragma once
/// \file null_backend.h
/// The `null` backend: one device, "clock", whose stream is paced by a thread that sleeps to
/// absolute deadlines on std::chrono::steady_clock (deadline k = start + k · bufferFrames /
/// sampleRateHz, so sleep jitter never accumulates into drift). Input is silence. For machines
/// without audio hardware and for tests. It is used only when asked for (--backend null or
/// --fallback null).
///
/// Test hook: with WAVEGRAPH_NULL_CAPTURE=PATH, everything the null device "plays" (all
/// streams of the process, in order, up to WAVEGRAPH_NULL_CAPTURE_SECONDS, default 120 s) is
/// written to PATH as a float WAV when the backend is destroyed.

#include <memory>
#include <string>
#include <vector>

#include "host/backend/audio_backend.h"

namespace wavegraph::host {

/// The "null" backend: one device, "clock", paced by the steady clock (see the file comment).
class NullBackend final : public AudioBackend {
public:
    NullBackend();
    ~NullBackend() override;  ///< writes the capture file, if asked for [control]

    std::string name() const override { return "null"; }
    bool isAvailable() const override { return true; }
    BackendStatus initialize() override;
    BackendStatus enumerateDevices(StreamDirection direction, std::vector<DeviceInfo>& out) const override;
    BackendStatus defaultDevice(StreamDirection direction, DeviceInfo& out) const override;
    BackendStatus testDevice(const std::string& id) const override;
    BackendStatus supportedConfigs(const std::string& id, StreamDirection direction,
                                   std::vector<AudioConfig>& out) const override;
    BackendStatus openOutputStream(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                                   std::unique_ptr<AudioStream>& out) override;
    BackendStatus openInputStream(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                                  std::unique_ptr<AudioStream>& out) override;
    BackendStatus openDuplexStream(const std::string& outputId, const std::string& inputId, const AudioConfig& config,
                                   StreamCallback& callback, std::unique_ptr<AudioStream>& out) override;

    /// Frames played by earlier streams of this backend (so a restarted stream continues the
    /// playback's time for injected faults). [control]
    uint64_t framesPlayedBefore() const { return framesBefore_; }

    struct Capture;  ///< the WAVEGRAPH_NULL_CAPTURE buffer (null_backend.cpp)

private:
    BackendStatus open(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                       std::unique_ptr<AudioStream>& out);
    bool initialized_ = false;
    uint64_t framesBefore_ = 0;
    std::shared_ptr<Capture> capture_;
};

}  // namespace wavegraph::host
