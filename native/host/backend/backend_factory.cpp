#include "host/backend/backend_factory.h"

#include "host/backend/null_backend.h"
#include "host/backend/portaudio_backend.h"

namespace wavegraph::host {

std::vector<std::string> platformBackendOrder() {  // [any]
#if defined(__linux__)
    return {"jack", "pulse", "alsa"};
#elif defined(__APPLE__)
    return {"coreaudio", "jack"};
#else
    return {"jack", "alsa", "oss"};
#endif
}

std::vector<std::string> knownBackendNames() { return {"jack", "pulse", "alsa", "oss", "coreaudio", "null"}; }

std::unique_ptr<AudioBackend> makeBackend(const std::string& name) {  // [control]
    if (name == "jack") return std::make_unique<PortAudioBackend>("jack", "JACK");
    if (name == "pulse") return std::make_unique<PortAudioBackend>("pulse", "PulseAudio");
    if (name == "alsa") return std::make_unique<PortAudioBackend>("alsa", "ALSA");
    if (name == "oss") return std::make_unique<PortAudioBackend>("oss", "OSS");
    if (name == "coreaudio") return std::make_unique<PortAudioBackend>("coreaudio", "Core Audio");
    if (name == "null") return std::make_unique<NullBackend>();
    return nullptr;
}

}  // namespace wavegraph::host
