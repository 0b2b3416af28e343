#include "host/backend/stream_supervisor.h"

#include <algorithm>
#include <cctype>

#include "host/backend/backend_factory.h"
#include "host/error_line.h"

namespace wavegraph::host {

namespace {
std::string lowercase(std::string text) {  // [control]
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// The device whose id equals request or whose "backend: name" contains it (case-insensitive).
bool matchDevice(const std::vector<DeviceInfo>& devices, const std::string& request, DeviceInfo& out) {  // [control]
    for (const auto& d : devices)
        if (d.id == request) return out = d, true;
    const std::string wanted = lowercase(request);
    for (const auto& d : devices)
        if (lowercase(d.backend + ": " + d.name).find(wanted) != std::string::npos) return out = d, true;
    return false;
}

std::string names(const std::vector<DeviceInfo>& devices) {  // [control]
    std::string text;
    for (const auto& d : devices) text += (text.empty() ? "'" : ", '") + d.name + "'";
    return text.empty() ? "none" : text;
}

double secondsSince(std::chrono::steady_clock::time_point t) {  // [control]
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

const char* streamModeName(StreamMode mode) noexcept {  // [any]
    switch (mode) {
        case StreamMode::none: return "none";
        case StreamMode::duplex: return "full duplex";
        case StreamMode::outputOnly: return "output only";
        case StreamMode::inputOnly: return "input only (meters)";
    }
    return "?";
}

StreamSupervisor::~StreamSupervisor() {  // [control]
    retireStream();
    backends_.clear();
}

BackendStatus StreamSupervisor::resolveDevices(AudioBackend& backend, bool warn) {  // [control]
    const bool wantOutput = request_.config.channels > 0;
    output_ = DeviceInfo{};
    input_ = DeviceInfo{};
    if (wantOutput) {
        std::vector<DeviceInfo> devices;
        if (auto status = backend.enumerateDevices(StreamDirection::output, devices); !status) return status;
        if (request_.device.empty() || !matchDevice(devices, request_.device, output_)) {
            auto status = backend.defaultDevice(StreamDirection::output, output_);
            if (!status) {
                if (devices.empty())
                    return BackendStatus::error(BackendErrorKind::deviceNotFound,
                                                backend.name() + ": no output device");
                output_ = devices.front();
            }
            if (!request_.device.empty() && warn && !warnedDevice_) {
                warnedDevice_ = true;
                cli::printLine("warning: --device " + request_.device + ": no output device of " + backend.name() +
                               " matches (it has " + names(devices) + "); using the default '" + output_.name + "'");
            }
        }
    }
    if (!request_.inputDevice.empty()) {
        std::vector<DeviceInfo> devices;
        backend.enumerateDevices(StreamDirection::input, devices);
        const bool asked = request_.inputDevice != "default";
        if (!asked || !matchDevice(devices, request_.inputDevice, input_)) {
            if (!backend.defaultDevice(StreamDirection::input, input_) && !devices.empty()) input_ = devices.front();
            if (asked && warn && !warnedInput_) {
                warnedInput_ = true;
                cli::printLine("warning: --input-device " + request_.inputDevice + ": no input device of " +
                               backend.name() + " matches (it has " + names(devices) + ")" +
                               (input_.id.empty() ? "" : "; using the default '" + input_.name + "'"));
            }
        }
        if (!wantOutput && input_.id.empty())
            return BackendStatus::error(BackendErrorKind::deviceNotFound, backend.name() + ": no input device");
    }
    return BackendStatus::ok();
}

BackendStatus StreamSupervisor::probe(StreamRequest& request) {  // [control]
    request_ = request;
    backends_.clear();
    skipped_.clear();
    for (size_t i = 0; i < request_.backends.size(); ++i) {
        auto backend = makeBackend(request_.backends[i]);
        if (!backend) {
            skipped_.push_back(request_.backends[i] + ": unknown backend");
            backends_.push_back(nullptr);
            continue;
        }
        BackendStatus status = backend->initialize();
        if (status) status = resolveDevices(*backend, true);
        backends_.push_back(std::move(backend));
        if (!status) {
            skipped_.push_back(status.message());
            continue;
        }
        current_ = i;
        backends_.resize(request_.backends.size());  // later ones are made when needed
        if (request_.config.sampleRateHz <= 0.0)
            request_.config.sampleRateHz =
                output_.defaultSampleRateHz > 0 ? output_.defaultSampleRateHz : input_.defaultSampleRateHz;
        request = request_;
        return BackendStatus::ok();
    }
    std::string tried;
    for (const auto& s : skipped_) tried += (tried.empty() ? "" : "; ") + s;
    return BackendStatus::error(BackendErrorKind::deviceNotFound,
                                "no audio output device found (tried " + tried +
                                    "); try 'wavegraph devices', or --backend null to play on a clock");
}

BackendStatus StreamSupervisor::openStream(AudioBackend& backend, StreamCallback& callback) {  // [control]
    AudioConfig config = request_.config;
    const bool haveInput = !input_.id.empty();
    const bool haveOutput = config.channels > 0 && !output_.id.empty();
    BackendStatus status = BackendStatus::error(BackendErrorKind::deviceNotFound, backend.name() + ": no device");
    if (haveInput && haveOutput) {
        config.inputChannels = std::min<uint32_t>(input_.maxInputChannels, 2);
        status = backend.openDuplexStream(output_.id, input_.id, config, callback, stream_);
        if (status) {
            mode_ = StreamMode::duplex;
            return status;
        }
        cli::printLine("full duplex on " + backend.name() + " failed (" + status.describe() +
                       "); falling back to output only");
    }
    if (haveOutput) {
        config.inputChannels = 0;
        status = backend.openOutputStream(output_.id, config, callback, stream_);
        if (status) {
            mode_ = StreamMode::outputOnly;
            return status;
        }
        if (haveInput)
            cli::printLine("output only on " + backend.name() + " failed (" + status.describe() +
                           "); falling back to input only (meters)");
    }
    if (haveInput) {
        config.inputChannels = std::min<uint32_t>(input_.maxInputChannels, 2);
        config.channels = 0;
        status = backend.openInputStream(input_.id, config, callback, stream_);
        if (status) {
            mode_ = StreamMode::inputOnly;
            return status;
        }
        cli::printLine("input only on " + backend.name() + " failed (" + status.describe() + "); nothing to play on");
    }
    mode_ = StreamMode::none;
    return status;
}

BackendStatus StreamSupervisor::openOn(size_t index, StreamCallback& callback) {  // [control]
    if (!backends_[index]) backends_[index] = makeBackend(request_.backends[index]);
    AudioBackend* backend = backends_[index].get();
    if (backend == nullptr)
        return BackendStatus::error(BackendErrorKind::backendNotAvailable,
                                    request_.backends[index] + ": unknown backend");
    if (index != current_)  // a backend taking over: start its library (idempotent)
        if (auto status = backend->initialize(); !status) return status;
    if (index != current_ || output_.backend != backend->name())
        if (auto status = resolveDevices(*backend, true); !status) return status;
    auto status = openStream(*backend, callback);
    if (!status) return status;
    if (status = stream_->play(); !status) {
        retireStream();
        return status;
    }
    current_ = index;
    backendName_ = backend->name();
    underrunsSeen_ = 0;
    overrunsSeen_ = 0;
    return BackendStatus::ok();
}

BackendStatus StreamSupervisor::start(StreamCallback& callback) {  // [control]
    callback_ = &callback;
    BackendStatus last = BackendStatus::error(BackendErrorKind::deviceNotFound, "no backend to try");
    for (size_t i = current_; i < backends_.size(); ++i) {
        last = openOn(i, callback);
        if (last) return last;
        skipped_.push_back(last.message());
        if (i + 1 < backends_.size())
            cli::printLine(last.describe() + "; trying the next backend '" + request_.backends[i + 1] + "'");
    }
    return last;
}

void StreamSupervisor::retireStream() {  // [control]
    if (!stream_) return;
    stream_->stop();
    retiredUnderruns_ += stream_->underruns();
    retiredOverruns_ += stream_->overruns();
    retiredErrors_ += stream_->internalErrors();
    stream_.reset();
}

BackendStatus StreamSupervisor::supervise() {  // [control]
    if (!stream_ || callback_ == nullptr) return BackendStatus::ok();
    const auto now = std::chrono::steady_clock::now();
    if (stream_->status() == StreamStatus::error) {
        const BackendStatus error = stream_->lastError();
        while (!restartTimes_.empty() && secondsSince(restartTimes_.front()) > kUnderrunWindowSeconds)
            restartTimes_.pop_front();
        retireStream();
        if (static_cast<int>(restartTimes_.size()) < kRestartsPerWindow) {
            restartTimes_.push_back(now);
            ++restartsTotal_;
            cli::printLine(error.describe() + " on " + backendName_ + "; restarting the stream (restart " +
                           std::to_string(restartsTotal_) + ")");
            if (auto status = openOn(current_, *callback_); status) return status;
        }
        if (current_ + 1 < backends_.size())
            cli::printLine("the stream on " + backendName_ + " failed " + std::to_string(kRestartsPerWindow + 1) +
                           " times within 10 s; trying the next backends");
        for (size_t i = current_ + 1; i < backends_.size(); ++i) {
            if (auto status = openOn(i, *callback_); status) {
                cli::printLine("now playing on " + output_.name + " via " + backendName_);
                return status;
            } else {
                cli::printLine("skipped " + status.describe());
            }
        }
        return BackendStatus::error(BackendErrorKind::streamError,
                                    "the stream failed and no backend could take over (" + error.message() + ")");
    }
    if (const uint64_t overruns = stream_->overruns(); overruns > overrunsSeen_) {
        if (lastOverrunReport_.time_since_epoch().count() == 0 ||
            secondsSince(lastOverrunReport_) > kUnderrunWindowSeconds) {
            cli::printLine(std::string(errorKindName(BackendErrorKind::overrun)) + ": " +
                           std::to_string(overruns - overrunsSeen_) + " input overflow" +
                           (overruns - overrunsSeen_ == 1 ? "" : "s") + " on " + backendName_ +
                           " (input frames were lost; a larger --buffer-frames helps)");
            lastOverrunReport_ = now;
            overrunsSeen_ = overruns;
        }
    }
    const uint64_t underruns = stream_->underruns();
    for (; underrunsSeen_ < underruns; ++underrunsSeen_) underrunTimes_.push_back(now);
    while (!underrunTimes_.empty() && secondsSince(underrunTimes_.front()) > kUnderrunWindowSeconds)
        underrunTimes_.pop_front();
    if (static_cast<int>(underrunTimes_.size()) >= kUnderrunsToGrow) {
        const uint32_t before = request_.config.bufferFrames;
        underrunTimes_.clear();
        if (backends_[current_] && backends_[current_]->periodSetByServer()) {
            cli::printLine(std::string(errorKindName(BackendErrorKind::underrun)) + ": " +
                           std::to_string(kUnderrunsToGrow) + " underruns (xruns) within 10 s on " + backendName_ +
                           "; its period is set by the server (e.g. jackd -p " + std::to_string(before * 2) +
                           "), so the stream keeps its " + std::to_string(before) + "-frame buffers");
            return BackendStatus::ok();
        }
        if (before >= kMaxBufferFrames) {
            cli::printLine(std::string(errorKindName(BackendErrorKind::underrun)) + ": " +
                           std::to_string(kUnderrunsToGrow) + " underruns within 10 s on " + backendName_ +
                           "; the buffer is already at its limit (" + std::to_string(kMaxBufferFrames) + " frames)");
            return BackendStatus::ok();
        }
        const uint32_t after = std::min(before * 2, kMaxBufferFrames);
        cli::printLine(std::string(errorKindName(BackendErrorKind::underrun)) + ": " +
                       std::to_string(kUnderrunsToGrow) + " underruns within 10 s on " + backendName_ + ": buffer " +
                       std::to_string(before) + " -> " + std::to_string(after) + " frames");
        retireStream();
        request_.config.bufferFrames = after;
        ++growths_;
        if (auto status = openOn(current_, *callback_); !status) return status;
    }
    return BackendStatus::ok();
}

void StreamSupervisor::stop() {  // [control]
    if (stream_) stream_->stop();
}

std::string StreamSupervisor::skippedSummary() const {  // [control]
    std::string text;
    for (const auto& s : skipped_) text += (text.empty() ? "" : "; ") + s;
    return text;
}

uint64_t StreamSupervisor::totalUnderruns() const {  // [control]
    return retiredUnderruns_ + (stream_ ? stream_->underruns() : 0);
}
uint64_t StreamSupervisor::totalOverruns() const {  // [control]
    return retiredOverruns_ + (stream_ ? stream_->overruns() : 0);
}
uint64_t StreamSupervisor::totalInternalErrors() const {  // [control]
    return retiredErrors_ + (stream_ ? stream_->internalErrors() : 0);
}

}  // namespace wavegraph::host
