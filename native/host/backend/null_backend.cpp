#include "host/backend/null_backend.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "host/backend/callback_guard.h"
#include "host/backend/fault_injection.h"
#include "host/error_line.h"
#include "host/number_parsing.h"
#include "host/sound_file_writer.h"

namespace wavegraph::host {

namespace {
constexpr const char* kDeviceId = "clock";
constexpr double kDefaultRateHz = 48000.0;
constexpr uint32_t kMaxChannels = 32;
}  // namespace

/// What the null device played (test hook), filled by the clock thread, written on destruction.
struct NullBackend::Capture {
    std::string path;
    uint32_t channels = 0;
    double sampleRateHz = 0.0;
    size_t capacityFrames = 0;
    std::vector<std::vector<float>> samples;  // channels × capacityFrames, allocated before streams start
    std::atomic<size_t> frames{0};
};

namespace {
class NullStream final : public GuardedStream {
public:
    NullStream(const AudioConfig& config, StreamCallback& callback, uint64_t startFrame,  // [control]
               std::shared_ptr<NullBackend::Capture> capture, uint64_t* framesTotal)
        : GuardedStream(config, callback, startFrame), capture_(std::move(capture)), framesTotal_(framesTotal) {
        output_.assign(config.channels, std::vector<float>(config.bufferFrames));
        input_.assign(config.inputChannels, std::vector<float>(config.bufferFrames, 0.0f));
        for (auto& ch : output_) outPtr_.push_back(ch.data());
        for (auto& ch : input_) inPtr_.push_back(ch.data());
    }
    ~NullStream() override {  // [control]
        stop();
        *framesTotal_ += guard_.framesProcessed();
    }

    BackendStatus play() override {  // [control]
        if (status_.load() == StreamStatus::error) return lastError();
        if (status_.load() == StreamStatus::playing) return BackendStatus::ok();
        if (thread_.joinable()) thread_.join();
        quit_.store(false);
        status_.store(StreamStatus::playing);
        thread_ = std::thread([this] { run(); });
        return BackendStatus::ok();
    }
    BackendStatus pause() override {  // [control]
        if (status_.load() != StreamStatus::playing) return BackendStatus::ok();
        quit_.store(true);
        if (thread_.joinable()) thread_.join();
        status_.store(StreamStatus::paused);
        return BackendStatus::ok();
    }
    BackendStatus stop() override {  // [control]
        quit_.store(true);
        if (thread_.joinable()) thread_.join();
        if (status_.load() != StreamStatus::error) status_.store(StreamStatus::stopped);
        return BackendStatus::ok();
    }
    StreamStatus status() const override { return status_.load(); }
    uint32_t latencyFrames() const override { return config_.bufferFrames; }
    BackendStatus lastError() const override {  // [control]
        if (status_.load() != StreamStatus::error) return BackendStatus::ok();
        return BackendStatus::error(BackendErrorKind::streamError,
                                    "null: the clock stream failed (injected by WAVEGRAPH_FAULTS)");
    }

private:
    void run() {  // [audio] the clock thread
        using Clock = std::chrono::steady_clock;
        const auto period = std::chrono::duration<double>(config_.bufferFrames / config_.sampleRateHz);
        auto start = Clock::now();
        uint64_t k = 0;
        while (!quit_.load(std::memory_order_relaxed)) {
            const auto deadline = start + std::chrono::duration_cast<Clock::duration>(period * static_cast<double>(k));
            std::this_thread::sleep_until(deadline);
            const auto now = Clock::now();
            if (now - deadline > period) {  // woke more than a buffer late: the device ran dry
                guard_.countUnderrun();
                start = now;
                k = 0;
            }
            // The device's clock is its schedule: the deadline this buffer was due at.
            const double deviceTime = std::chrono::duration<double>(deadline.time_since_epoch()).count();
            if (!guard_.run(inPtr_.data(), config_.inputChannels, outPtr_.data(), config_.channels,
                            config_.bufferFrames, deviceTime)) {
                status_.store(StreamStatus::error);
                return;
            }
            capture();
            ++k;
        }
    }
    void capture() noexcept {  // [audio] test hook: copies into preallocated memory
        if (!capture_ || capture_->channels != config_.channels) return;
        const size_t at = capture_->frames.load(std::memory_order_relaxed);
        const size_t n = std::min<size_t>(config_.bufferFrames, capture_->capacityFrames - at);
        for (uint32_t c = 0; c < config_.channels; ++c)
            std::copy(output_[c].begin(), output_[c].begin() + static_cast<std::ptrdiff_t>(n),
                      capture_->samples[c].begin() + static_cast<std::ptrdiff_t>(at));
        capture_->frames.store(at + n, std::memory_order_relaxed);
    }

    std::shared_ptr<NullBackend::Capture> capture_;
    uint64_t* framesTotal_;
    std::vector<std::vector<float>> output_, input_;
    std::vector<float*> outPtr_;
    std::vector<const float*> inPtr_;
    std::atomic<bool> quit_{false};
    std::atomic<StreamStatus> status_{StreamStatus::stopped};
    std::thread thread_;
};
}  // namespace

NullBackend::NullBackend() = default;  // [control]

NullBackend::~NullBackend() {  // [control]
    if (!capture_ || capture_->frames.load() == 0) return;
    const int fd = ::open(capture_->path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    cli::SoundFileWriter writer;
    if (fd < 0 || !writer.open(fd, capture_->path, capture_->channels, capture_->sampleRateHz)) {
        cli::printLine("WAVEGRAPH_NULL_CAPTURE " + capture_->path + ": cannot write the capture");
        return;
    }
    std::vector<const float*> channels;
    for (auto& ch : capture_->samples) channels.push_back(ch.data());
    const size_t frames = capture_->frames.load();
    for (size_t at = 0; at < frames; at += 65536) {
        std::vector<const float*> from;
        for (auto* p : channels) from.push_back(p + at);
        writer.writePlanar(from.data(), static_cast<uint32_t>(std::min<size_t>(65536, frames - at)));
    }
    writer.close();
}

BackendStatus NullBackend::initialize() {  // [control]
    for (const auto& name : faultPlan().failInit)
        if (name == "null")
            return BackendStatus::error(BackendErrorKind::initializationFailed,
                                        "null: initialization failed (injected by WAVEGRAPH_FAULTS)");
    initialized_ = true;
    return BackendStatus::ok();
}

BackendStatus NullBackend::enumerateDevices(StreamDirection, std::vector<DeviceInfo>& out) const {  // [control]
    DeviceInfo device;
    defaultDevice(StreamDirection::duplex, device);
    out.push_back(device);
    return BackendStatus::ok();
}

BackendStatus NullBackend::defaultDevice(StreamDirection, DeviceInfo& out) const {  // [control]
    out.id = kDeviceId;
    out.name = "clock";
    out.backend = "null";
    out.hostApi = "steady clock";
    out.maxInputChannels = 2;
    out.maxOutputChannels = kMaxChannels;
    out.defaultSampleRateHz = kDefaultRateHz;
    out.isDefaultInput = out.isDefaultOutput = true;
    return BackendStatus::ok();
}

BackendStatus NullBackend::testDevice(const std::string& id) const {  // [control]
    if (id != kDeviceId)
        return BackendStatus::error(BackendErrorKind::deviceNotFound, "null: no device '" + id + "' (only 'clock')");
    return BackendStatus::ok();
}

BackendStatus NullBackend::supportedConfigs(const std::string& id, StreamDirection direction,
                                            std::vector<AudioConfig>& out) const {  // [control]
    if (auto status = testDevice(id); !status) return status;
    for (double rate : {44100.0, 48000.0, 88200.0, 96000.0})
        for (SampleFormat format : {SampleFormat::f32, SampleFormat::i32, SampleFormat::i16}) {
            AudioConfig config;
            config.sampleRateHz = rate;
            config.sampleFormat = format;
            config.channels = direction == StreamDirection::input ? 0 : 2;
            config.inputChannels = direction == StreamDirection::output ? 0 : 2;
            out.push_back(config);
        }
    return BackendStatus::ok();
}

BackendStatus NullBackend::open(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                                std::unique_ptr<AudioStream>& out) {  // [control]
    const char* kind = config.inputChannels > 0 ? (config.channels > 0 ? "duplex" : "input") : "output";
    for (const auto& refused : faultPlan().failOpen)
        if (refused == kind)
            return BackendStatus::error(
                BackendErrorKind::unsupportedFormat,
                std::string("null: cannot open the ") + kind + " stream (injected by WAVEGRAPH_FAULTS)");
    if (!initialized_)
        return BackendStatus::error(BackendErrorKind::initializationFailed, "null: initialize() was not called");
    if (auto status = testDevice(id); !status) return status;
    if (!(config.sampleRateHz > 0.0 && config.sampleRateHz <= 768000.0) || config.channels > kMaxChannels ||
        config.inputChannels > 2 || config.bufferFrames < kMinBufferFrames || config.bufferFrames > kMaxBufferFrames)
        return BackendStatus::error(BackendErrorKind::configurationError,
                                    "null: cannot open " + describeConfig(config) +
                                        " (allowed: rate 1…768000 Hz, 0…32 outputs, 0…2 inputs, 16…4096 frames)");
    if (!capture_) {
        if (const char* path = std::getenv("WAVEGRAPH_NULL_CAPTURE"); path != nullptr && config.channels > 0) {
            double seconds = 120.0;
            if (const char* s = std::getenv("WAVEGRAPH_NULL_CAPTURE_SECONDS"))
                if (auto v = cli::parseNumber(s); v && *v > 0 && *v < 3600) seconds = *v;
            capture_ = std::make_shared<Capture>();
            capture_->path = path;
            capture_->channels = config.channels;
            capture_->sampleRateHz = config.sampleRateHz;
            capture_->capacityFrames = static_cast<size_t>(seconds * config.sampleRateHz);
            capture_->samples.assign(config.channels, std::vector<float>(capture_->capacityFrames));
        }
    }
    out = std::make_unique<NullStream>(config, callback, framesBefore_, capture_, &framesBefore_);
    return BackendStatus::ok();
}

BackendStatus NullBackend::openOutputStream(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                                            std::unique_ptr<AudioStream>& out) {  // [control]
    AudioConfig c = config;
    c.inputChannels = 0;
    return open(id, c, callback, out);
}

BackendStatus NullBackend::openInputStream(const std::string& id, const AudioConfig& config, StreamCallback& callback,
                                           std::unique_ptr<AudioStream>& out) {  // [control]
    AudioConfig c = config;
    c.channels = 0;
    if (c.inputChannels == 0) c.inputChannels = 2;
    return open(id, c, callback, out);
}

BackendStatus NullBackend::openDuplexStream(const std::string& outputId, const std::string& inputId,
                                            const AudioConfig& config, StreamCallback& callback,
                                            std::unique_ptr<AudioStream>& out) {  // [control]
    if (auto status = testDevice(inputId); !status) return status;
    return open(outputId, config, callback, out);
}

}  // namespace wavegraph::host
