#include "host/output_stream.h"

#include <cstdio>

#include "host/portaudio_session.h"
#include "host/quiet_stderr.h"

namespace wavegraph::cli {

std::string describeFormat(double sampleRateHz, uint32_t numChannels) {  // [control]
    char text[96];
    std::snprintf(text, sizeof text, "%g Hz, %u channel%s, float32 planar", sampleRateHz, numChannels,
                  numChannels == 1 ? "" : "s");
    return text;
}

OutputStream::~OutputStream() {
    if (stream_ == nullptr) return;
    QuietStderr quiet;
    if (Pa_IsStreamStopped(stream_) == 0) Pa_StopStream(stream_);
    Pa_CloseStream(stream_);
}

Status OutputStream::start(PaDeviceIndex device, uint32_t numChannels, double sampleRateHz,
                           uint32_t framesPerBuffer, PaStreamCallback* callback, void* userData) {  // [control]
    const PaDeviceInfo* deviceInfo = Pa_GetDeviceInfo(device);
    if (deviceInfo == nullptr) return Status::error("device " + std::to_string(device) + " does not exist");
    PaStreamParameters output{};
    output.device = device;
    output.channelCount = static_cast<int>(numChannels);
    output.sampleFormat = paFloat32 | paNonInterleaved;
    output.suggestedLatency = deviceInfo->defaultLowOutputLatency;
    PaError error;
    {
        QuietStderr quiet;
        error = Pa_IsFormatSupported(nullptr, &output, sampleRateHz);
        if (error == paFormatIsSupported)
            error = Pa_OpenStream(&stream_, nullptr, &output, sampleRateHz, framesPerBuffer, paNoFlag, callback,
                                  userData);
    }
    if (error != paNoError) {
        stream_ = nullptr;
        std::string hint;
        if (error == paInvalidSampleRate) {
            char text[192];
            std::snprintf(text, sizeof text,
                          " (its default rate is %g Hz; play does not resample, so convert IN first, "
                          "e.g. sox IN -r %g OUT)",
                          deviceInfo->defaultSampleRate, deviceInfo->defaultSampleRate);
            hint = text;
        }
        return Status::error(describeDevice(device) + " cannot play " + describeFormat(sampleRateHz, numChannels) +
                             ": " + portAudioErrorText(error) + hint);
    }
    {
        QuietStderr quiet;
        error = Pa_StartStream(stream_);
    }
    if (error != paNoError)
        return Status::error("cannot start " + describeDevice(device) + ": " + portAudioErrorText(error));
    return Status::ok();
}

bool OutputStream::isActive() const { return stream_ != nullptr && Pa_IsStreamActive(stream_) == 1; }

void OutputStream::stop() {  // [control]
    if (stream_ == nullptr || Pa_IsStreamStopped(stream_) == 1) return;
    QuietStderr quiet;
    Pa_StopStream(stream_);
}

double OutputStream::outputLatencySeconds() const {
    const PaStreamInfo* info = stream_ != nullptr ? Pa_GetStreamInfo(stream_) : nullptr;
    return info != nullptr ? info->outputLatency : 0.0;
}

}  // namespace wavegraph::cli
