#pragma once
/// \file level_meter.h
/// Live meters: a consumer of the fan-out ring on its own thread that measures peak and RMS
/// level per channel over windows of sampleRateHz / 25 frames (25 updates per second, 40 ms)
/// and, when enabled, draws one bar per channel on stderr (redrawn in place on a terminal,
/// one line per update otherwise):
///   peak dBFS = 20·log10(max |x|),  RMS dBFS = 20·log10(sqrt(Σx² / N))  (full-scale sine peak
///   = 0 dBFS, its RMS = -3.01 dBFS; silence is shown as -inf).

#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "rt/spmc_ring.h"

namespace wavegraph::cli {

/// Peak and RMS in dBFS of one window of one channel. [any]
struct ChannelLevel {
    double peakDbfs = -INFINITY;  ///< 20·log10(max |x|), dBFS; -inf for silence.
    double rmsDbfs = -INFINITY;   ///< 20·log10(sqrt(Σx² / N)), dBFS; -inf for silence.
};

/// Measures x[0, n): peak and RMS in dBFS (formulas above). [any] no allocation.
ChannelLevel measureLevel(const float* x, uint32_t n) noexcept;

/// "L ████████░░░░ -6.0 dBFS peak -9.0 dBFS RMS" for a 40-column bar over -60…0 dBFS. [control]
std::string levelBar(const std::string& label, const ChannelLevel& level);

/// Meter thread reading the fan-out ring (see the file comment).
class LevelMeter {
public:
    /// Windows measured per second (window = sampleRateHz / 25 frames).
    static constexpr double kUpdatesPerSecond = 25.0;
    ~LevelMeter();
    /// Attaches a reader (call before the producer starts). display: draw bars on stderr. [control]
    void open(SpmcRing& ring, double sampleRateHz, bool display, bool terminal);
    void start();  ///< [control]
    void stop();   ///< joins; clears the bar line on a terminal [control]

    /// Windows measured so far. [any]
    uint64_t updates() const noexcept { return updates_.load(std::memory_order_relaxed); }
    /// Reads that found frames overwritten by the producer (SpmcReader::dropouts). [any]
    uint64_t dropouts() const noexcept { return reader_ ? reader_->dropouts() : 0; }
    /// Frames lost that way in total. [any]
    uint64_t droppedFrames() const noexcept { return reader_ ? reader_->droppedFrames() : 0; }
    /// Highest peak seen per channel, dBFS. [control, after stop]
    const std::vector<double>& maxPeakDbfs() const { return maxPeak_; }

private:
    void run();
    SpmcRing* ring_ = nullptr;
    std::unique_ptr<SpmcReader> reader_;
    double sampleRateHz_ = 0;
    bool display_ = false, terminal_ = false;
    std::vector<std::vector<float>> window_;
    std::vector<float*> windowPtr_;
    std::vector<double> maxPeak_;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> updates_{0};
    std::thread thread_;
};

}  // namespace wavegraph::cli
