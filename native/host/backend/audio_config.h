#pragma once
/// \file audio_config.h
/// The shape of a device stream and of a device, as the backends exchange them.

#include <cstdint>
#include <string>

namespace wavegraph::host {

/// The sample format exchanged with the host API. Callbacks always see planar float32 in
/// [-1, 1]; the backend converts to and from i16/i32 (full scale 32768 / 2147483648).
enum class SampleFormat { i16, i32, f32 };

/// "i16", "i32", "f32". [any]
const char* sampleFormatName(SampleFormat format) noexcept;

/// Which way the audio flows.
enum class StreamDirection { output, input, duplex };

/// What a stream is opened with.
struct AudioConfig {
    double sampleRateHz = 48000.0;                  ///< frames per second, (0, 768000]
    uint32_t channels = 2;                          ///< output channels (input channels: inputChannels)
    uint32_t inputChannels = 0;                     ///< input channels of an input/duplex stream
    SampleFormat sampleFormat = SampleFormat::f32;  ///< format on the host API side
    uint32_t bufferFrames = 256;                    ///< frames per callback, 16…kMaxBufferFrames
    bool exclusiveMode = false;                     ///< ask the host API for exclusive use (ignored where it has none)
};

inline constexpr uint32_t kMinBufferFrames = 16;    ///< Smallest AudioConfig::bufferFrames.
inline constexpr uint32_t kMaxBufferFrames = 4096;  ///< Largest AudioConfig::bufferFrames.

/// "48000 Hz, 2 channels, f32, 256-frame buffers". [control]
std::string describeConfig(const AudioConfig& config);

/// One device as a backend reports it.
struct DeviceInfo {
    std::string id;                    ///< stable within a run: the backend's own key (PortAudio: device index)
    std::string name;                  ///< e.g. "system"
    std::string backend;               ///< e.g. "jack"
    std::string hostApi;               ///< the host API's own name, e.g. "JACK Audio Connection Kit"
    uint32_t maxInputChannels = 0;     ///< 0 for an output-only device
    uint32_t maxOutputChannels = 0;    ///< 0 for an input-only device
    double defaultSampleRateHz = 0.0;  ///< the device's preferred rate, Hz
    bool isDefaultInput = false;       ///< the backend's default input device
    bool isDefaultOutput = false;      ///< the backend's default output device
};

}  // namespace wavegraph::host
