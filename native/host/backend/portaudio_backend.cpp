#include "host/backend/portaudio_backend.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "host/backend/callback_guard.h"
#include "host/backend/fault_injection.h"
#include "host/number_parsing.h"
#include "host/portaudio_session.h"
#include "host/quiet_stderr.h"

namespace wavegraph::host {

using cli::QuietStderr;

namespace {
std::string lowercase(std::string text) {  // [control]
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

PaSampleFormat paFormat(SampleFormat format) {  // [control]
    switch (format) {
        case SampleFormat::i16: return paInt16;
        case SampleFormat::i32: return paInt32;
        case SampleFormat::f32: return paFloat32;
    }
    return paFloat32;
}

class PortAudioStream final : public GuardedStream {
public:
    PortAudioStream(const AudioConfig& config, StreamCallback& callback, uint64_t startFrame,
                    uint64_t* framesTotal)  // [control]
        : GuardedStream(config, callback, startFrame), framesTotal_(framesTotal) {
        const uint32_t maxFrames = kMaxBufferFrames * 4;  // PortAudio may pass up to a few buffers
        outFloat_.assign(config.channels, std::vector<float>(maxFrames));
        inFloat_.assign(config.inputChannels, std::vector<float>(maxFrames));
        outPtr_.resize(config.channels);
        inPtr_.resize(config.inputChannels);
    }
    ~PortAudioStream() override {  // [control]
        if (stream_ != nullptr) {
            QuietStderr quiet;
            stopping_.store(true);
            if (Pa_IsStreamStopped(stream_) == 0) Pa_AbortStream(stream_);
            Pa_CloseStream(stream_);
        }
        *framesTotal_ += guard_.framesProcessed();
    }

    BackendStatus openOn(const PaStreamParameters* input, const PaStreamParameters* output) {  // [control]
        PaError error;
        {
            QuietStderr quiet;
            error = Pa_OpenStream(&stream_, input, output, config_.sampleRateHz, config_.bufferFrames, paNoFlag,
                                  &PortAudioStream::callback, this);
        }
        if (error != paNoError) {
            stream_ = nullptr;
            const auto kind = error == paDeviceUnavailable ? BackendErrorKind::deviceUnavailable
                                                           : BackendErrorKind::unsupportedFormat;
            return BackendStatus::error(kind, describeConfig(config_) + " refused: " + cli::portAudioErrorText(error));
        }
        Pa_SetStreamFinishedCallback(stream_, &PortAudioStream::finished);
        return BackendStatus::ok();
    }

    BackendStatus play() override {  // [control]
        if (status_.load() == StreamStatus::playing) return BackendStatus::ok();
        if (status_.load() == StreamStatus::error) return lastError();
        stopping_.store(false);
        PaError error;
        {
            QuietStderr quiet;
            error = Pa_StartStream(stream_);
        }
        if (error != paNoError)
            return BackendStatus::error(BackendErrorKind::streamError,
                                        "cannot start the stream: " + cli::portAudioErrorText(error));
        status_.store(StreamStatus::playing);
        return BackendStatus::ok();
    }
    BackendStatus pause() override {  // [control]
        if (status_.load() != StreamStatus::playing) return BackendStatus::ok();
        stopping_.store(true);
        QuietStderr quiet;
        Pa_StopStream(stream_);
        status_.store(StreamStatus::paused);
        return BackendStatus::ok();
    }
    BackendStatus stop() override {  // [control]
        stopping_.store(true);
        if (stream_ != nullptr && Pa_IsStreamStopped(stream_) == 0) {
            QuietStderr quiet;
            Pa_StopStream(stream_);
        }
        if (status_.load() != StreamStatus::error) status_.store(StreamStatus::stopped);
        return BackendStatus::ok();
    }
    StreamStatus status() const override { return status_.load(); }
    uint32_t latencyFrames() const override {  // [control]
        const PaStreamInfo* info = stream_ != nullptr ? Pa_GetStreamInfo(stream_) : nullptr;
        return info != nullptr ? static_cast<uint32_t>(std::lround(info->outputLatency * config_.sampleRateHz)) : 0;
    }
    BackendStatus lastError() const override {  // [control]
        if (status_.load() != StreamStatus::error) return BackendStatus::ok();
        return BackendStatus::error(BackendErrorKind::streamError,
                                    injected_.load() ? "the stream failed (injected by WAVEGRAPH_FAULTS)"
                                                     : "the stream stopped unexpectedly (device lost or server gone)");
    }

private:
    static void finished(void* user) {  // [audio] PortAudio's thread
        auto* self = static_cast<PortAudioStream*>(user);
        if (!self->stopping_.load()) self->status_.store(StreamStatus::error);
    }

    static int callback(const void* input, void* output, unsigned long frameCount,
                        const PaStreamCallbackTimeInfo* timeInfo, PaStreamCallbackFlags flags,
                        void* user) noexcept {  // [audio]
        auto& self = *static_cast<PortAudioStream*>(user);
        const auto frames = static_cast<uint32_t>(std::min<unsigned long>(
            frameCount, self.outFloat_.empty() ? kMaxBufferFrames * 4 : self.outFloat_[0].size()));
        if (flags & paOutputUnderflow) self.guard_.countUnderrun();
        // PortAudio's JACK host API sets both flags on any xrun; an overrun needs an input.
        if ((flags & paInputOverflow) && self.config_.inputChannels > 0) self.guard_.countOverrun();
        const SampleFormat format = self.config_.sampleFormat;
        // Input: to float (f32 is used in place).
        for (uint32_t c = 0; c < self.config_.inputChannels; ++c) {
            const void* src = input != nullptr ? static_cast<const void* const*>(input)[c] : nullptr;
            float* dst = self.inFloat_[c].data();
            if (src == nullptr) {
                std::fill(dst, dst + frames, 0.0f);
            } else if (format == SampleFormat::f32) {
                std::copy(static_cast<const float*>(src), static_cast<const float*>(src) + frames, dst);
            } else if (format == SampleFormat::i16) {
                for (uint32_t i = 0; i < frames; ++i) dst[i] = static_cast<const int16_t*>(src)[i] / 32768.0f;
            } else {
                for (uint32_t i = 0; i < frames; ++i)
                    dst[i] = static_cast<float>(static_cast<const int32_t*>(src)[i] / 2147483648.0);
            }
            self.inPtr_[c] = dst;
        }
        for (uint32_t c = 0; c < self.config_.channels; ++c)
            self.outPtr_[c] =
                format == SampleFormat::f32 ? static_cast<float* const*>(output)[c] : self.outFloat_[c].data();
        const double now = timeInfo != nullptr ? timeInfo->currentTime : 0.0;
        if (!self.guard_.run(self.inPtr_.data(), self.config_.inputChannels, self.outPtr_.data(), self.config_.channels,
                             frames, now)) {
            self.injected_.store(true);
            return paAbort;
        }
        if (frames < frameCount && format == SampleFormat::f32)  // more than the scratch holds: silence the rest
            for (uint32_t c = 0; c < self.config_.channels; ++c)
                std::fill(static_cast<float* const*>(output)[c] + frames,
                          static_cast<float* const*>(output)[c] + frameCount, 0.0f);
        if (format != SampleFormat::f32) {
            for (uint32_t c = 0; c < self.config_.channels; ++c) {
                const float* src = self.outFloat_[c].data();
                void* dst = static_cast<void* const*>(output)[c];
                for (uint32_t i = 0; i < frames; ++i) {
                    const double x = std::clamp(static_cast<double>(src[i]), -1.0, 1.0);
                    if (format == SampleFormat::i16)
                        static_cast<int16_t*>(dst)[i] =
                            static_cast<int16_t>(std::lround(std::min(x * 32768.0, 32767.0)));
                    else
                        static_cast<int32_t*>(dst)[i] =
                            static_cast<int32_t>(std::llround(std::min(x * 2147483648.0, 2147483647.0)));
                }
            }
        }
        return paContinue;
    }

    uint64_t* framesTotal_;
    PaStream* stream_ = nullptr;
    std::vector<std::vector<float>> outFloat_, inFloat_;
    std::vector<float*> outPtr_;
    std::vector<const float*> inPtr_;
    std::atomic<StreamStatus> status_{StreamStatus::stopped};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> injected_{false};
};
}  // namespace

PaHostApiIndex findHostApi(const std::string& hostApiName) {  // [control]
    const std::string wanted = lowercase(hostApiName);
    for (PaHostApiIndex h = 0; h < Pa_GetHostApiCount(); ++h)
        if (const PaHostApiInfo* info = Pa_GetHostApiInfo(h);
            info && lowercase(info->name).find(wanted) != std::string::npos)
            return h;
    return -1;
}

PortAudioBackend::PortAudioBackend(std::string name, std::string hostApiName)  // [control]
    : name_(std::move(name)), hostApiName_(std::move(hostApiName)) {}

PortAudioBackend::~PortAudioBackend() {  // [control]
    if (!initialized_) return;
    QuietStderr quiet;
    Pa_Terminate();
}

bool PortAudioBackend::isAvailable() const {  // [control]
    if (initialized_) return hostApi_ >= 0;
    ::setenv("JACK_NO_START_SERVER", "1", 0);
    QuietStderr quiet;
    if (Pa_Initialize() != paNoError) return false;
    const bool found = findHostApi(hostApiName_) >= 0;
    Pa_Terminate();
    return found;
}

BackendStatus PortAudioBackend::initialize() {  // [control]
    for (const auto& failing : faultPlan().failInit)
        if (failing == name_)
            return BackendStatus::error(BackendErrorKind::initializationFailed,
                                        name_ + ": initialization failed (injected by WAVEGRAPH_FAULTS)");
    if (initialized_) return BackendStatus::ok();
    ::setenv("JACK_NO_START_SERVER", "1", 0);
    PaError error;
    {
        QuietStderr quiet;
        error = Pa_Initialize();
    }
    if (error != paNoError)
        return BackendStatus::error(BackendErrorKind::initializationFailed,
                                    name_ + ": PortAudio failed to initialise: " + cli::portAudioErrorText(error));
    initialized_ = true;
    hostApi_ = findHostApi(hostApiName_);
    if (hostApi_ < 0) {
        std::string hint = name_ == "jack" ? "no JACK server is running (start one, e.g. 'jackd -d dummy')"
                                           : "PortAudio on this machine has no " + hostApiName_ + " host API";
        return BackendStatus::error(BackendErrorKind::backendNotAvailable, name_ + ": " + hint);
    }
    return BackendStatus::ok();
}

DeviceInfo PortAudioBackend::describe(PaDeviceIndex index) const {  // [control]
    DeviceInfo device;
    const PaDeviceInfo* info = Pa_GetDeviceInfo(index);
    device.id = std::to_string(index);
    device.backend = name_;
    if (info == nullptr) return device;
    device.name = info->name;
    if (const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi)) device.hostApi = api->name;
    device.maxInputChannels = static_cast<uint32_t>(std::max(info->maxInputChannels, 0));
    device.maxOutputChannels = static_cast<uint32_t>(std::max(info->maxOutputChannels, 0));
    device.defaultSampleRateHz = info->defaultSampleRate;
    const PaHostApiInfo* api = Pa_GetHostApiInfo(hostApi_);
    device.isDefaultInput = api != nullptr && api->defaultInputDevice == index;
    device.isDefaultOutput = api != nullptr && api->defaultOutputDevice == index;
    return device;
}

BackendStatus PortAudioBackend::enumerateDevices(StreamDirection direction,
                                                 std::vector<DeviceInfo>& out) const {  // [control]
    if (hostApi_ < 0) return BackendStatus::error(BackendErrorKind::backendNotAvailable, name_ + ": not initialised");
    const PaHostApiInfo* api = Pa_GetHostApiInfo(hostApi_);
    for (int d = 0; api != nullptr && d < api->deviceCount; ++d) {
        DeviceInfo device = describe(Pa_HostApiDeviceIndexToDeviceIndex(hostApi_, d));
        const bool in = device.maxInputChannels > 0, outs = device.maxOutputChannels > 0;
        if ((direction == StreamDirection::output && outs) || (direction == StreamDirection::input && in) ||
            (direction == StreamDirection::duplex && in && outs))
            out.push_back(device);
    }
    return BackendStatus::ok();
}

BackendStatus PortAudioBackend::defaultDevice(StreamDirection direction, DeviceInfo& out) const {  // [control]
    if (hostApi_ < 0) return BackendStatus::error(BackendErrorKind::backendNotAvailable, name_ + ": not initialised");
    const PaHostApiInfo* api = Pa_GetHostApiInfo(hostApi_);
    const PaDeviceIndex index =
        direction == StreamDirection::input ? api->defaultInputDevice : api->defaultOutputDevice;
    if (index == paNoDevice)
        return BackendStatus::error(BackendErrorKind::deviceNotFound,
                                    name_ + ": no default " +
                                        (direction == StreamDirection::input ? "input" : "output") + " device (" +
                                        std::to_string(api->deviceCount) + " devices)");
    out = describe(index);
    return BackendStatus::ok();
}

BackendStatus PortAudioBackend::deviceIndex(const std::string& id, PaDeviceIndex& index) const {  // [control]
    const auto value = cli::parseWholeNumber(id);
    if (!value || *value < 0 || *value >= Pa_GetDeviceCount() ||
        Pa_GetDeviceInfo(static_cast<PaDeviceIndex>(*value))->hostApi != hostApi_)
        return BackendStatus::error(BackendErrorKind::deviceNotFound, name_ + ": no device with id '" + id + "'");
    index = static_cast<PaDeviceIndex>(*value);
    return BackendStatus::ok();
}

BackendStatus PortAudioBackend::testDevice(const std::string& id) const {  // [control]
    PaDeviceIndex index = paNoDevice;
    if (auto status = deviceIndex(id, index); !status) return status;
    const PaDeviceInfo* info = Pa_GetDeviceInfo(index);
    PaStreamParameters output{index, std::min(info->maxOutputChannels, 2), paFloat32 | paNonInterleaved,
                              info->defaultLowOutputLatency, nullptr};
    PaStreamParameters input{index, std::min(info->maxInputChannels, 2), paFloat32 | paNonInterleaved,
                             info->defaultLowInputLatency, nullptr};
    QuietStderr quiet;
    const PaError error = Pa_IsFormatSupported(input.channelCount > 0 ? &input : nullptr,
                                               output.channelCount > 0 ? &output : nullptr, info->defaultSampleRate);
    if (error != paFormatIsSupported)
        return BackendStatus::error(
            BackendErrorKind::deviceUnavailable,
            name_ + ": device " + info->name + " cannot open: " + cli::portAudioErrorText(error));
    return BackendStatus::ok();
}

BackendStatus PortAudioBackend::supportedConfigs(const std::string& id, StreamDirection direction,
                                                 std::vector<AudioConfig>& out) const {  // [control]
    PaDeviceIndex index = paNoDevice;
    if (auto status = deviceIndex(id, index); !status) return status;
    const PaDeviceInfo* info = Pa_GetDeviceInfo(index);
    QuietStderr quiet;
    for (double rate : {44100.0, 48000.0, 88200.0, 96000.0, 192000.0})
        for (SampleFormat format : {SampleFormat::f32, SampleFormat::i32, SampleFormat::i16}) {
            AudioConfig config;
            config.sampleRateHz = rate;
            config.sampleFormat = format;
            config.channels = direction == StreamDirection::input ? 0 : static_cast<uint32_t>(info->maxOutputChannels);
            config.inputChannels =
                direction == StreamDirection::output ? 0 : static_cast<uint32_t>(info->maxInputChannels);
            PaStreamParameters output{index, static_cast<int>(config.channels), paFormat(format) | paNonInterleaved,
                                      info->defaultLowOutputLatency, nullptr};
            PaStreamParameters input{index, static_cast<int>(config.inputChannels), paFormat(format) | paNonInterleaved,
                                     info->defaultLowInputLatency, nullptr};
            if (Pa_IsFormatSupported(config.inputChannels ? &input : nullptr, config.channels ? &output : nullptr,
                                     rate) == paFormatIsSupported)
                out.push_back(config);
        }
    return BackendStatus::ok();
}

BackendStatus PortAudioBackend::open(const std::string& outputId, const std::string& inputId, const AudioConfig& config,
                                     StreamCallback& callback,
                                     std::unique_ptr<AudioStream>& out) {  // [control]
    if (config.bufferFrames < kMinBufferFrames || config.bufferFrames > kMaxBufferFrames || config.channels > 32 ||
        config.inputChannels > 32)
        return BackendStatus::error(
            BackendErrorKind::configurationError,
            name_ + ": " + describeConfig(config) + " is out of range (16…4096 frames, ≤ 32 channels)");
    PaStreamParameters output{}, input{};
    if (config.channels > 0) {
        if (auto status = deviceIndex(outputId, output.device); !status) return status;
        output.channelCount = static_cast<int>(config.channels);
        output.sampleFormat = paFormat(config.sampleFormat) | paNonInterleaved;
        output.suggestedLatency = Pa_GetDeviceInfo(output.device)->defaultLowOutputLatency;
    }
    if (config.inputChannels > 0) {
        if (auto status = deviceIndex(inputId, input.device); !status) return status;
        input.channelCount = static_cast<int>(config.inputChannels);
        input.sampleFormat = paFormat(config.sampleFormat) | paNonInterleaved;
        input.suggestedLatency = Pa_GetDeviceInfo(input.device)->defaultLowInputLatency;
    }
    auto stream = std::make_unique<PortAudioStream>(config, callback, framesBefore_, &framesBefore_);
    if (auto status = stream->openOn(config.inputChannels ? &input : nullptr, config.channels ? &output : nullptr);
        !status) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(config.channels ? output.device : input.device);
        std::string hint;
        if (info != nullptr && info->defaultSampleRate != config.sampleRateHz) {
            char text[160];
            std::snprintf(text, sizeof text,
                          " (its default rate is %g Hz; play does not resample: convert first, "
                          "e.g. sox IN -r %g OUT, or pass --sample-rate %g)",
                          info->defaultSampleRate, info->defaultSampleRate, info->defaultSampleRate);
            hint = text;
        }
        return BackendStatus::error(status.kind(),
                                    name_ + ": " + (info ? info->name : "device") + ": " + status.message() + hint);
    }
    out = std::move(stream);
    return BackendStatus::ok();
}

BackendStatus PortAudioBackend::openOutputStream(const std::string& id, const AudioConfig& config,
                                                 StreamCallback& callback,
                                                 std::unique_ptr<AudioStream>& out) {  // [control]
    AudioConfig c = config;
    c.inputChannels = 0;
    return open(id, "", c, callback, out);
}

BackendStatus PortAudioBackend::openInputStream(const std::string& id, const AudioConfig& config,
                                                StreamCallback& callback,
                                                std::unique_ptr<AudioStream>& out) {  // [control]
    AudioConfig c = config;
    c.channels = 0;
    return open("", id, c, callback, out);
}

BackendStatus PortAudioBackend::openDuplexStream(const std::string& outputId, const std::string& inputId,
                                                 const AudioConfig& config, StreamCallback& callback,
                                                 std::unique_ptr<AudioStream>& out) {  // [control]
    return open(outputId, inputId, config, callback, out);
}

}  // namespace wavegraph::host
