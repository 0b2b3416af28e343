#pragma once
/// \file output_stream.h
/// A PortAudio output stream of planar float32 frames (paFloat32 | paNonInterleaved) driven by
/// a callback, opened and started with the host libraries' stderr chatter silenced.

#include <portaudio.h>

#include <cstdint>
#include <string>

#include "base/status.h"

namespace wavegraph::cli {

/// "48000 Hz, 2 channels, float32 planar". [control]
std::string describeFormat(double sampleRateHz, uint32_t numChannels);

class OutputStream {
public:
    OutputStream() = default;
    OutputStream(const OutputStream&) = delete;
    OutputStream& operator=(const OutputStream&) = delete;
    /// Stops (if still running) and closes. [control]
    ~OutputStream();

    /// Opens the stream on `device` and starts it [control]. callback runs on the audio thread
    /// with userData; framesPerBuffer frames per call (16…4096). Errors name the device and the
    /// format, e.g. "system (JACK Audio Connection Kit) cannot play 44100 Hz, 2 channels,
    /// float32 planar: Invalid sample rate (its default rate is 48000 Hz; …)".
    Status start(PaDeviceIndex device, uint32_t numChannels, double sampleRateHz, uint32_t framesPerBuffer,
                 PaStreamCallback* callback, void* userData);

    /// True while the callback runs (false once it returned paComplete and the last buffers
    /// played, or after stop()). [control]
    bool isActive() const;
    /// Stops after the buffers already queued have played. [control]
    void stop();
    /// The output latency PortAudio reports, in seconds (0 when not open). [control]
    double outputLatencySeconds() const;

private:
    PaStream* stream_ = nullptr;
};

}  // namespace wavegraph::cli
