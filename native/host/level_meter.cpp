#include "host/level_meter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "host/backend/fault_injection.h"

namespace wavegraph::cli {

ChannelLevel measureLevel(const float* x, uint32_t n) noexcept {  // [any]
    ChannelLevel level;
    if (n == 0) return level;
    double peak = 0.0, sumSquares = 0.0;
    for (uint32_t i = 0; i < n; ++i) {
        const double v = x[i];
        peak = std::max(peak, std::fabs(v));
        sumSquares += v * v;
    }
    if (peak > 0.0) level.peakDbfs = 20.0 * std::log10(peak);
    if (sumSquares > 0.0) level.rmsDbfs = 20.0 * std::log10(std::sqrt(sumSquares / n));
    return level;
}

std::string levelBar(const std::string& label, const ChannelLevel& level) {  // [control]
    constexpr int kColumns = 40;
    const double fraction = std::isfinite(level.peakDbfs) ? std::clamp((level.peakDbfs + 60.0) / 60.0, 0.0, 1.0) : 0.0;
    const int filled = static_cast<int>(std::lround(fraction * kColumns));
    std::string bar = label + " ";
    for (int i = 0; i < kColumns; ++i) bar += i < filled ? "#" : "-";
    char text[64];
    std::snprintf(text, sizeof text, " %6.1f pk %6.1f rms", std::max(level.peakDbfs, -99.9),
                  std::max(level.rmsDbfs, -99.9));
    return bar + text;
}

LevelMeter::~LevelMeter() { stop(); }  // [control]

void LevelMeter::open(SpmcRing& ring, double sampleRateHz, bool display, bool terminal) {  // [control]
    ring_ = &ring;
    sampleRateHz_ = sampleRateHz;
    display_ = display;
    terminal_ = terminal;
    reader_ = std::make_unique<SpmcReader>(ring);
    const auto window = static_cast<uint32_t>(std::max(1.0, std::round(sampleRateHz / kUpdatesPerSecond)));
    window_.assign(ring.channels(), std::vector<float>(window));
    for (auto& ch : window_) windowPtr_.push_back(ch.data());
    maxPeak_.assign(ring.channels(), -INFINITY);
}

void LevelMeter::start() {  // [control]
    stop_.store(false);
    thread_ = std::thread([this] { run(); });
}

void LevelMeter::stop() {  // [control]
    stop_.store(true);
    if (thread_.joinable()) {
        thread_.join();
        if (display_ && terminal_) std::fputs("\r\033[K", stderr);
    }
}

void LevelMeter::run() {  // [control] meter thread
    const host::FaultPlan& faults = host::faultPlan();
    bool stalled = false;
    const auto window = static_cast<uint32_t>(window_[0].size());
    uint32_t filled = 0;
    uint64_t seen = 0;
    while (!stop_.load()) {
        if (!stalled && faults.stallConsumer == "meter" && faults.stallAtSeconds >= 0 &&
            static_cast<double>(seen) / sampleRateHz_ >= faults.stallAtSeconds) {
            stalled = true;  // test hook: a consumer that stops reading for a while
            std::this_thread::sleep_for(std::chrono::duration<double>(faults.stallForSeconds));
        }
        std::vector<float*> at;
        for (auto* p : windowPtr_) at.push_back(p + filled);
        const SpmcReadResult got = reader_->read(at.data(), window - filled);
        seen += got.frames + got.droppedFrames;
        filled += got.frames;
        if (filled < window) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        filled = 0;
        updates_.fetch_add(1, std::memory_order_relaxed);
        std::string line;
        for (uint32_t c = 0; c < window_.size(); ++c) {
            const ChannelLevel level = measureLevel(window_[c].data(), window);
            maxPeak_[c] = std::max(maxPeak_[c], level.peakDbfs);
            if (display_)
                line += (c ? "  " : "") + levelBar(window_.size() == 2 ? (c ? "R" : "L") : std::to_string(c), level);
        }
        if (display_) {
            if (terminal_)
                std::fprintf(stderr, "\r\033[K%s", line.c_str());
            else
                std::fprintf(stderr, "meters: %s\n", line.c_str());
            std::fflush(stderr);
        }
    }
}

}  // namespace wavegraph::cli
