#pragma once
/// \file audio_backend.h
/// A source of devices and streams, a plain virtual interface: PortAudio per
/// host API (portaudio_backend.h) or the clock-paced null backend (null_backend.h). Hosts hold
/// any backend through std::unique_ptr<AudioBackend>.

#include <memory>
#include <string>
#include <vector>

#include "host/backend/audio_config.h"
#include "host/backend/audio_stream.h"
#include "host/backend/backend_error.h"
#include "host/backend/stream_callback.h"

namespace wavegraph::host {

/// One audio backend: its devices and streams. All calls [control] unless marked.
class AudioBackend {
public:
    virtual ~AudioBackend() = default;

    /// "jack", "pulse", "alsa", "oss", "null". [any]
    virtual std::string name() const = 0;
    /// True when this backend can work here (built in; a server running). Cheap; may be
    /// called before initialize(). [control]
    virtual bool isAvailable() const = 0;
    /// Starts the backend's library. Errors: InitializationFailed, BackendNotAvailable. [control]
    virtual BackendStatus initialize() = 0;

    /// Devices with at least one channel in `direction` (duplex: both). [control]
    virtual BackendStatus enumerateDevices(StreamDirection direction, std::vector<DeviceInfo>& out) const = 0;
    /// The backend's default device for direction. Error: DeviceNotFound. [control]
    virtual BackendStatus defaultDevice(StreamDirection direction, DeviceInfo& out) const = 0;
    /// Whether the device can open a stream with its default settings now. [control]
    virtual BackendStatus testDevice(const std::string& id) const = 0;
    /// Configurations the device accepts (common rates × f32/i32/i16 at its channel count). [control]
    virtual BackendStatus supportedConfigs(const std::string& id, StreamDirection direction,
                                           std::vector<AudioConfig>& out) const = 0;

    /// True when the server, not the stream, sets the period (JACK: jackd -p N). Then growing
    /// bufferFrames after underruns cannot help and reopening the stream would drop the
    /// server-side connections other clients made to it, so the supervisor only reports. [any]
    virtual bool periodSetByServer() const { return false; }

    /// Opens (not starts) a stream; callback must outlive it. Errors: DeviceNotFound,
    /// DeviceUnavailable, UnsupportedFormat, ConfigurationError. [control]
    virtual BackendStatus openOutputStream(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                                           std::unique_ptr<AudioStream>& out) = 0;
    /// The same for an input stream (config.inputChannels channels). [control]
    virtual BackendStatus openInputStream(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                                          std::unique_ptr<AudioStream>& out) = 0;
    /// outputId and inputId may differ (same backend). [control]
    virtual BackendStatus openDuplexStream(const std::string& outputId, const std::string& inputId,
                                           const AudioConfig& config, StreamCallback& callback,
                                           std::unique_ptr<AudioStream>& out) = 0;
};

}  // namespace wavegraph::host
