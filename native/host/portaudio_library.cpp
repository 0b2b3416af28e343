#include "host/portaudio_library.h"

#include <portaudio.h>

#include <mutex>
#include <string>

#include "host/shared_library.h"

namespace wavegraph::host {

namespace {

struct PortAudioFunctions {
    decltype(&::Pa_Initialize) initialize = nullptr;
    decltype(&::Pa_Terminate) terminate = nullptr;
    decltype(&::Pa_GetErrorText) getErrorText = nullptr;
    decltype(&::Pa_GetLastHostErrorInfo) getLastHostErrorInfo = nullptr;
    decltype(&::Pa_GetVersionInfo) getVersionInfo = nullptr;
    decltype(&::Pa_GetHostApiCount) getHostApiCount = nullptr;
    decltype(&::Pa_GetDefaultHostApi) getDefaultHostApi = nullptr;
    decltype(&::Pa_GetHostApiInfo) getHostApiInfo = nullptr;
    decltype(&::Pa_HostApiDeviceIndexToDeviceIndex) hostApiDeviceIndexToDeviceIndex = nullptr;
    decltype(&::Pa_GetDeviceCount) getDeviceCount = nullptr;
    decltype(&::Pa_GetDefaultInputDevice) getDefaultInputDevice = nullptr;
    decltype(&::Pa_GetDefaultOutputDevice) getDefaultOutputDevice = nullptr;
    decltype(&::Pa_GetDeviceInfo) getDeviceInfo = nullptr;
    decltype(&::Pa_IsFormatSupported) isFormatSupported = nullptr;
    decltype(&::Pa_OpenStream) openStream = nullptr;
    decltype(&::Pa_CloseStream) closeStream = nullptr;
    decltype(&::Pa_SetStreamFinishedCallback) setStreamFinishedCallback = nullptr;
    decltype(&::Pa_StartStream) startStream = nullptr;
    decltype(&::Pa_StopStream) stopStream = nullptr;
    decltype(&::Pa_AbortStream) abortStream = nullptr;
    decltype(&::Pa_IsStreamStopped) isStreamStopped = nullptr;
    decltype(&::Pa_GetStreamInfo) getStreamInfo = nullptr;
};

PortAudioFunctions functions;
Status loaded = Status::ok();
std::string loadErrorText;

Status open() {  // [control]
    constexpr const char* kName = "libportaudio.so.2";
    void* handle = nullptr;
    if (Status status = openSharedLibrary(kName, handle); !status) return status;
    std::string missing;
    PortAudioFunctions& f = functions;
    resolveFunction(handle, "Pa_Initialize", f.initialize, missing);
    resolveFunction(handle, "Pa_Terminate", f.terminate, missing);
    resolveFunction(handle, "Pa_GetErrorText", f.getErrorText, missing);
    resolveFunction(handle, "Pa_GetLastHostErrorInfo", f.getLastHostErrorInfo, missing);
    resolveFunction(handle, "Pa_GetVersionInfo", f.getVersionInfo, missing);
    resolveFunction(handle, "Pa_GetHostApiCount", f.getHostApiCount, missing);
    resolveFunction(handle, "Pa_GetDefaultHostApi", f.getDefaultHostApi, missing);
    resolveFunction(handle, "Pa_GetHostApiInfo", f.getHostApiInfo, missing);
    resolveFunction(handle, "Pa_HostApiDeviceIndexToDeviceIndex", f.hostApiDeviceIndexToDeviceIndex, missing);
    resolveFunction(handle, "Pa_GetDeviceCount", f.getDeviceCount, missing);
    resolveFunction(handle, "Pa_GetDefaultInputDevice", f.getDefaultInputDevice, missing);
    resolveFunction(handle, "Pa_GetDefaultOutputDevice", f.getDefaultOutputDevice, missing);
    resolveFunction(handle, "Pa_GetDeviceInfo", f.getDeviceInfo, missing);
    resolveFunction(handle, "Pa_IsFormatSupported", f.isFormatSupported, missing);
    resolveFunction(handle, "Pa_OpenStream", f.openStream, missing);
    resolveFunction(handle, "Pa_CloseStream", f.closeStream, missing);
    resolveFunction(handle, "Pa_SetStreamFinishedCallback", f.setStreamFinishedCallback, missing);
    resolveFunction(handle, "Pa_StartStream", f.startStream, missing);
    resolveFunction(handle, "Pa_StopStream", f.stopStream, missing);
    resolveFunction(handle, "Pa_AbortStream", f.abortStream, missing);
    resolveFunction(handle, "Pa_IsStreamStopped", f.isStreamStopped, missing);
    resolveFunction(handle, "Pa_GetStreamInfo", f.getStreamInfo, missing);
    if (!missing.empty()) {
        functions = PortAudioFunctions{};
        return Status::error(std::string(kName) + " has no " + missing);
    }
    return Status::ok();
}

// The functions once loaded; nullptr when the library cannot be loaded. [control]
const PortAudioFunctions* api() { return loadPortAudioLibrary() ? &functions : nullptr; }

}  // namespace

Status loadPortAudioLibrary() {  // [control]
    static std::once_flag once;
    std::call_once(once, [] {
        loaded = open();
        if (!loaded) loadErrorText = loaded.message();
    });
    return loaded;
}

}  // namespace wavegraph::host

// PortAudio's API (portaudio.h), forwarded to the loaded library. [control]
using wavegraph::host::api;

PaError Pa_Initialize(void) { return api() ? api()->initialize() : paInternalError; }
PaError Pa_Terminate(void) { return api() ? api()->terminate() : paNotInitialized; }
const char* Pa_GetErrorText(PaError errorCode) {
    return api() ? api()->getErrorText(errorCode) : wavegraph::host::loadErrorText.c_str();
}
const PaHostErrorInfo* Pa_GetLastHostErrorInfo(void) { return api() ? api()->getLastHostErrorInfo() : nullptr; }
const PaVersionInfo* Pa_GetVersionInfo(void) { return api() ? api()->getVersionInfo() : nullptr; }
PaHostApiIndex Pa_GetHostApiCount(void) { return api() ? api()->getHostApiCount() : paNotInitialized; }
PaHostApiIndex Pa_GetDefaultHostApi(void) { return api() ? api()->getDefaultHostApi() : paNotInitialized; }
const PaHostApiInfo* Pa_GetHostApiInfo(PaHostApiIndex hostApi) {
    return api() ? api()->getHostApiInfo(hostApi) : nullptr;
}
PaDeviceIndex Pa_HostApiDeviceIndexToDeviceIndex(PaHostApiIndex hostApi, int hostApiDeviceIndex) {
    return api() ? api()->hostApiDeviceIndexToDeviceIndex(hostApi, hostApiDeviceIndex) : paNotInitialized;
}
PaDeviceIndex Pa_GetDeviceCount(void) { return api() ? api()->getDeviceCount() : paNotInitialized; }
PaDeviceIndex Pa_GetDefaultInputDevice(void) { return api() ? api()->getDefaultInputDevice() : paNoDevice; }
PaDeviceIndex Pa_GetDefaultOutputDevice(void) { return api() ? api()->getDefaultOutputDevice() : paNoDevice; }
const PaDeviceInfo* Pa_GetDeviceInfo(PaDeviceIndex device) { return api() ? api()->getDeviceInfo(device) : nullptr; }
PaError Pa_IsFormatSupported(const PaStreamParameters* inputParameters, const PaStreamParameters* outputParameters,
                             double sampleRate) {
    return api() ? api()->isFormatSupported(inputParameters, outputParameters, sampleRate) : paNotInitialized;
}
PaError Pa_OpenStream(PaStream** stream, const PaStreamParameters* inputParameters,
                      const PaStreamParameters* outputParameters, double sampleRate, unsigned long framesPerBuffer,
                      PaStreamFlags streamFlags, PaStreamCallback* streamCallback, void* userData) {
    return api() ? api()->openStream(stream, inputParameters, outputParameters, sampleRate, framesPerBuffer,
                                     streamFlags, streamCallback, userData)
                 : paNotInitialized;
}
PaError Pa_CloseStream(PaStream* stream) { return api() ? api()->closeStream(stream) : paNotInitialized; }
PaError Pa_SetStreamFinishedCallback(PaStream* stream, PaStreamFinishedCallback* streamFinishedCallback) {
    return api() ? api()->setStreamFinishedCallback(stream, streamFinishedCallback) : paNotInitialized;
}
PaError Pa_StartStream(PaStream* stream) { return api() ? api()->startStream(stream) : paNotInitialized; }
PaError Pa_StopStream(PaStream* stream) { return api() ? api()->stopStream(stream) : paNotInitialized; }
PaError Pa_AbortStream(PaStream* stream) { return api() ? api()->abortStream(stream) : paNotInitialized; }
PaError Pa_IsStreamStopped(PaStream* stream) { return api() ? api()->isStreamStopped(stream) : paNotInitialized; }
const PaStreamInfo* Pa_GetStreamInfo(PaStream* stream) { return api() ? api()->getStreamInfo(stream) : nullptr; }
