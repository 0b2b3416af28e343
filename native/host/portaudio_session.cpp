#include "host/portaudio_session.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "host/number_parsing.h"
#include "host/quiet_stderr.h"

namespace wavegraph::cli {

namespace {
std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string hostApiName(PaHostApiIndex hostApi) {
    const PaHostApiInfo* info = Pa_GetHostApiInfo(hostApi);
    return info != nullptr ? info->name : "unknown host API";
}

std::string noDeviceHint() { return "try 'wavegraph devices'"; }
}  // namespace

PortAudioSession::~PortAudioSession() {
    if (!initialized_) return;
    QuietStderr quiet;
    Pa_Terminate();
}

Status PortAudioSession::initialize() {  // [control]
    ::setenv("JACK_NO_START_SERVER", "1", 0);
    PaError error;
    {
        QuietStderr quiet;
        error = Pa_Initialize();
    }
    if (error != paNoError) return Status::error("PortAudio failed to initialise: " + portAudioErrorText(error));
    initialized_ = true;
    return Status::ok();
}

Status findOutputDevice(const std::string& request, PaDeviceIndex& device) {  // [control]
    const PaDeviceIndex count = Pa_GetDeviceCount();
    if (count < 0) return Status::error("PortAudio cannot list devices: " + portAudioErrorText(count));
    if (request.empty()) {
        device = Pa_GetDefaultOutputDevice();
        if (device == paNoDevice)
            return Status::error("no audio output device found (PortAudio reports " + std::to_string(count) +
                                 " device" + (count == 1 ? "" : "s") + "); " + noDeviceHint());
        return Status::ok();
    }
    if (const auto index = parseWholeNumber(request)) {
        if (*index < 0 || *index >= count)
            return Status::error("--device " + request + ": device index out of range (0…" + std::to_string(count - 1) +
                                 "); " + noDeviceHint());
        const PaDeviceInfo* info = Pa_GetDeviceInfo(static_cast<PaDeviceIndex>(*index));
        if (info == nullptr || info->maxOutputChannels < 1)
            return Status::error("--device " + request + ": device has no outputs; " + noDeviceHint());
        device = static_cast<PaDeviceIndex>(*index);
        return Status::ok();
    }
    const std::string wanted = lowercase(request);
    for (PaDeviceIndex i = 0; i < count; ++i) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
        if (info == nullptr || info->maxOutputChannels < 1) continue;
        const std::string text = lowercase(hostApiName(info->hostApi) + ": " + info->name);
        if (text.find(wanted) != std::string::npos) {
            device = i;
            return Status::ok();
        }
    }
    return Status::error("--device " + request + ": no output device matches (PortAudio reports " +
                         std::to_string(count) + " device" + (count == 1 ? "" : "s") + "); " + noDeviceHint());
}

std::string describeDevice(PaDeviceIndex device) {  // [control]
    const PaDeviceInfo* info = Pa_GetDeviceInfo(device);
    if (info == nullptr) return "device " + std::to_string(device);
    return std::string(info->name) + " (" + hostApiName(info->hostApi) + ")";
}

std::string portAudioErrorText(PaError error) {  // [control]
    std::string text = Pa_GetErrorText(error);
    if (error == paUnanticipatedHostError) {
        const PaHostErrorInfo* host = Pa_GetLastHostErrorInfo();
        if (host != nullptr && host->errorText != nullptr && host->errorText[0] != '\0')
            text += std::string(" (") + host->errorText + ")";
    }
    return text;
}

}  // namespace wavegraph::cli
