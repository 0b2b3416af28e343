#include "host/recorder.h"

#include <algorithm>
#include <chrono>

#include "host/backend/fault_injection.h"

namespace wavegraph::cli {

namespace {
constexpr uint32_t kBlockFrames = 4096;
}

Recorder::~Recorder() {  // [control]
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
}

Status Recorder::open(const std::string& path, SpmcRing& ring, double sampleRateHz) {  // [control]
    path_ = path;
    ring_ = &ring;
    sampleRateHz_ = sampleRateHz;
    if (auto status = temporary_.create(path); !status) return status;
    if (auto status = writer_.open(temporary_.releaseDescriptor(), path, ring.channels(), sampleRateHz); !status)
        return status;
    reader_ = std::make_unique<SpmcReader>(ring);
    block_.assign(ring.channels(), std::vector<float>(kBlockFrames));
    for (auto& ch : block_) blockPtr_.push_back(ch.data());
    silence_.assign(kBlockFrames, 0.0f);
    return Status::ok();
}

void Recorder::start() {  // [control]
    thread_ = std::thread([this] { run(); });
}

bool Recorder::drainOnce() {  // [control] writer thread; true when it wrote something
    const uint64_t position = reader_->position();
    if (position >= stopAt_) return false;
    const auto wanted = static_cast<uint32_t>(std::min<uint64_t>(kBlockFrames, stopAt_ - position));
    const SpmcReadResult got = reader_->read(blockPtr_.data(), wanted);
    if (got.frames == 0 && got.droppedFrames == 0) return false;
    for (uint64_t left = got.droppedFrames; left > 0 && error_;) {  // keep the file aligned in time
        const auto n = static_cast<uint32_t>(std::min<uint64_t>(left, kBlockFrames));
        std::vector<const float*> zeros(ring_->channels(), silence_.data());
        error_ = writer_.writePlanar(zeros.data(), n);
        written_.fetch_add(n, std::memory_order_relaxed);
        left -= n;
    }
    if (got.frames > 0 && error_) {
        std::vector<const float*> from(blockPtr_.begin(), blockPtr_.end());
        error_ = writer_.writePlanar(from.data(), got.frames);
        written_.fetch_add(got.frames, std::memory_order_relaxed);
    }
    return true;
}

void Recorder::run() {  // [control] writer thread
    const host::FaultPlan& faults = host::faultPlan();
    while (!stop_.load()) {
        if (!stalled_ && faults.stallConsumer == "recorder" && faults.stallAtSeconds >= 0 &&
            static_cast<double>(written_.load()) / sampleRateHz_ >= faults.stallAtSeconds) {
            stalled_ = true;  // test hook: a disk that stops answering for a while
            std::this_thread::sleep_for(std::chrono::duration<double>(faults.stallForSeconds));
        }
        if (!drainOnce()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

Status Recorder::finish(uint64_t totalFrames) {  // [control]
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    stopAt_ = totalFrames;
    while (error_ && drainOnce()) {}
    if (!error_) return error_;
    if (auto status = writer_.close(); !status) return status;
    return temporary_.commit();
}

}  // namespace wavegraph::cli
