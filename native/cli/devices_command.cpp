#include "cli/devices_command.h"

#include <portaudio.h>

#include <cstdio>
#include <string>

#include "cli/exit_codes.h"
#include "host/backend/backend_factory.h"
#include "host/error_line.h"
#include "host/portaudio_session.h"

#include <nlohmann/json.hpp>

namespace wavegraph::cli {

namespace {
std::string deviceMarks(PaDeviceIndex device, const PaHostApiInfo& hostApi) {
    std::string marks;
    auto add = [&marks](const char* mark) {
        marks += marks.empty() ? "  [" : ", ";
        marks += mark;
    };
    if (device == Pa_GetDefaultInputDevice()) add("default input");
    if (device == Pa_GetDefaultOutputDevice()) add("default output");
    if (device == hostApi.defaultInputDevice && device != Pa_GetDefaultInputDevice()) add("host API's default input");
    if (device == hostApi.defaultOutputDevice && device != Pa_GetDefaultOutputDevice())
        add("host API's default output");
    if (!marks.empty()) marks += "]";
    return marks;
}
std::string versionNumber() {
    const PaVersionInfo* version = Pa_GetVersionInfo();
    return std::to_string(version->versionMajor) + "." + std::to_string(version->versionMinor) + "." +
           std::to_string(version->versionSubMinor);
}
}  // namespace

std::string devicesJson() {  // [control]
    nlohmann::json backends = nlohmann::json::array();
    for (const auto& name : host::knownBackendNames()) {
        if (name == "coreaudio") continue;
        auto backend = host::makeBackend(name);
        nlohmann::json entry{{"name", name}};
        auto status = backend->initialize();
        std::vector<host::DeviceInfo> devices;
        if (status) status = backend->enumerateDevices(host::StreamDirection::output, devices);
        if (status) {
            std::vector<host::DeviceInfo> inputs;
            backend->enumerateDevices(host::StreamDirection::input, inputs);
            for (const auto& in : inputs)
                if (in.maxOutputChannels == 0) devices.push_back(in);
        }
        entry["available"] = static_cast<bool>(status);
        if (!status) entry["error"] = {{"kind", host::errorKindName(status.kind())}, {"message", status.message()}};
        nlohmann::json list = nlohmann::json::array();
        for (const auto& d : devices)
            list.push_back({{"id", d.id},
                            {"name", d.name},
                            {"hostApi", d.hostApi},
                            {"maxInputChannels", d.maxInputChannels},
                            {"maxOutputChannels", d.maxOutputChannels},
                            {"defaultSampleRateHz", d.defaultSampleRateHz},
                            {"isDefaultInput", d.isDefaultInput},
                            {"isDefaultOutput", d.isDefaultOutput}});
        entry["devices"] = list;
        backends.push_back(entry);
    }
    return nlohmann::json{{"backends", backends}}.dump(2);
}

int runDevicesJson() {  // [control]
    std::printf("%s\n", devicesJson().c_str());
    return kExitOk;
}

int runDevices(bool json) {  // [control]
    if (json) return runDevicesJson();
    PortAudioSession session;
    if (auto status = session.initialize(); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    const PaHostApiIndex hostApiCount = Pa_GetHostApiCount();
    const PaDeviceIndex deviceCount = Pa_GetDeviceCount();
    std::string hostApiNames;
    for (PaHostApiIndex h = 0; h < hostApiCount; ++h) {
        if (const PaHostApiInfo* info = Pa_GetHostApiInfo(h)) hostApiNames += (h ? ", " : "") + std::string(info->name);
    }
    if (deviceCount <= 0) {
        std::printf(
            "no audio devices found (PortAudio %s reports 0 devices; host APIs: %s); "
            "'wavegraph play --backend null' plays on a clock\n",
            versionNumber().c_str(), hostApiNames.empty() ? "none" : hostApiNames.c_str());
        return kExitOk;
    }
    std::printf("PortAudio %s: %d device%s\n", versionNumber().c_str(), deviceCount, deviceCount == 1 ? "" : "s");
    for (PaHostApiIndex h = 0; h < hostApiCount; ++h) {
        const PaHostApiInfo* hostApi = Pa_GetHostApiInfo(h);
        if (hostApi == nullptr) continue;
        std::printf("host API %d: %s%s, %d device%s\n", h, hostApi->name,
                    h == Pa_GetDefaultHostApi() ? " [default host API]" : "", hostApi->deviceCount,
                    hostApi->deviceCount == 1 ? "" : "s");
        for (int d = 0; d < hostApi->deviceCount; ++d) {
            const PaDeviceIndex device = Pa_HostApiDeviceIndexToDeviceIndex(h, d);
            const PaDeviceInfo* info = Pa_GetDeviceInfo(device);
            if (info == nullptr) continue;
            std::printf("  %3d  %-40s in %2d  out %2d  %6.0f Hz%s\n", device, info->name, info->maxInputChannels,
                        info->maxOutputChannels, info->defaultSampleRate, deviceMarks(device, *hostApi).c_str());
        }
    }
    std::printf(
        "backend null: device clock, in 2 (silence), out 32, any rate, paced by the steady clock "
        "(only with 'play --backend null' or '--fallback null')\n");
    return kExitOk;
}

}  // namespace wavegraph::cli
