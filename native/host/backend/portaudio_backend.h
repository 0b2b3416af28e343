#pragma once
/// \file portaudio_backend.h
/// One PortAudio host API as a backend: `jack`, `pulse`, `alsa`, `oss` (whatever PortAudio
/// reports on this machine). Device ids are PortAudio device indices ("3"). Streams are
/// planar (paNonInterleaved) in the configured sample format, converted to and from float32
/// for the callback.

#include <portaudio.h>

#include <memory>
#include <string>
#include <vector>

#include "host/backend/audio_backend.h"

namespace wavegraph::host {

/// A backend on one PortAudio host API (JACK, PulseAudio, ALSA, OSS).
class PortAudioBackend final : public AudioBackend {
public:
    /// name: our name for it ("jack"); hostApiName: the text PortAudio's host API name contains
    /// (case-insensitive), e.g. "JACK", "ALSA", "PulseAudio", "OSS".
    PortAudioBackend(std::string name, std::string hostApiName);
    ~PortAudioBackend() override;  ///< Pa_Terminate if initialize() succeeded [control]

    std::string name() const override { return name_; }
    bool isAvailable() const override;
    bool periodSetByServer() const override { return name_ == "jack"; }
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

private:
    BackendStatus open(const std::string& outputId, const std::string& inputId, const AudioConfig& config,
                       StreamCallback& callback, std::unique_ptr<AudioStream>& out);
    BackendStatus deviceIndex(const std::string& id, PaDeviceIndex& index) const;
    DeviceInfo describe(PaDeviceIndex index) const;

    std::string name_, hostApiName_;
    bool initialized_ = false;
    PaHostApiIndex hostApi_ = -1;
    uint64_t framesBefore_ = 0;  // frames played by this backend's earlier streams
};

/// The PortAudio host API index whose name contains `hostApiName` (case-insensitive), or -1.
/// PortAudio must be initialised. [control]
PaHostApiIndex findHostApi(const std::string& hostApiName);

}  // namespace wavegraph::host
