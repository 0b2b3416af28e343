#pragma once
/// \file meter_node.h
/// "meter": passes its input through unchanged and measures, per channel, the peak and the RMS
/// level over consecutive windows of windowFrames frames (default 1024: a reading every
/// 21.3 ms, 46.9 readings/s at 48 kHz, 43.1 at 44.1 kHz). Each finished window is published
/// into a lock-free latest-value snapshot (a seqlock) that the control thread polls.
/// 1 input, 1 output, spec.numChannels channels.

#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>

#include "graph/node.h"
#include "graph/node_fork.h"

namespace wavegraph {

/// Level readings (MeterReading, graph/node_roles.h): peakDb and rmsDb are ≥ kFloorDb.
class MeterNode final : public Node, public MeterSource, public ObserverFeed {
public:
    static constexpr uint32_t kDefaultWindowFrames = 1024;  ///< Frames per reading by default.
    static constexpr uint32_t kMinWindowFrames = 16;        ///< Shortest window, frames.
    static constexpr uint32_t kMaxWindowFrames = 1u << 20;  ///< Longest window, frames.
    /// Level reported for silence (digital zero) instead of -inf, dBFS.
    static constexpr float kFloorDb = -200.0f;

    /// windowFrames is clamped into 16…2^20. [control]
    explicit MeterNode(uint32_t windowFrames = kDefaultWindowFrames);

    std::string_view typeName() const noexcept override { return "meter"; }
    uint32_t numInputs() const noexcept override { return 1; }
    uint32_t numOutputs() const noexcept override { return 1; }
    /// No parameters (empty). [any]
    std::span<const ParameterInfo> parameters() const noexcept override { return {}; }

    /// Starts a new window. Allocates nothing (state is fixed-size). [control]
    void prepare(const ProcessSpec& spec) override;
    /// Drops the partial window; published readings and their count stay. [audio]
    void reset() noexcept override;
    bool setParameter(uint32_t, double) noexcept override { return false; }  ///< no parameters
    double parameter(uint32_t) const noexcept override { return std::nan(""); }
    /// out = in for ch < min(in, out channels), silent for the other output channels; then every
    /// output channel is metered. Publishes one reading per finished window (windows are counted
    /// in frames, whatever the block split). in and out may be the same buffers. [audio]
    void process(NodeIo& io) noexcept override;
    bool processesInPlace() const noexcept override { return true; }  ///< node.h [any]

    /// The sum of squares of a window is kept in this many partial sums, one per window position
    /// modulo kSumLanes (so that it vectorizes and does not depend on the block split).
    static constexpr uint32_t kSumLanes = 8;
    /// A window's sum of squares from its kSumLanes partial sums, added in lane order. [any]
    static double windowSumSquares(const double* sums) noexcept;

    /// The loops that meter a block: portable (2-lane double vectors: SSE2 natively, simd128 in
    /// WebAssembly) or avx2 (x86-64 CPUs with AVX2 and FMA: two channels at once, 8 floats and
    /// 2 × 4 doubles per step, each square added with one fused multiply-add, exact because the
    /// square of a float is exact in double). Both give the same peaks and partial sums bit for bit.
    enum class Kernel : uint8_t { portable, avx2 };
    /// avx2 where the CPU has AVX2 and FMA, else portable. [any]
    static Kernel bestKernel() noexcept;
    /// The kernel process() runs: bestKernel() from construction on. false (kernel unchanged)
    /// when the CPU lacks it. [control]
    bool setKernel(Kernel kernel) noexcept;
    /// The kernel process() runs. [any]
    Kernel kernel() const noexcept { return kernel_; }
    /// The window under way on channel ch < kMaxChannels: its peak magnitude so far and its
    /// kSumLanes partial sums of squares (lane p % kSumLanes holds window position p's square).
    /// [audio] (or while no other thread runs process)
    float windowPeak(uint32_t ch) const noexcept { return peak_[ch]; }
    const std::array<double, kSumLanes>& windowSums(uint32_t ch) const noexcept {
        return sumSquares_[ch];
    }  ///< [audio]

    /// Frames per reading (after clamping). [any]
    uint32_t windowFrames() const noexcept { return windowFrames_; }
    /// Readings per second at the prepared sample rate (spec.sampleRateHz / windowFrames). [any]
    double readingRateHz() const noexcept { return spec_.sampleRateHz / windowFrames_; }
    /// Windows finished and published so far. [any] (acquire)
    uint64_t readingsPublished() const noexcept override { return published_.load(std::memory_order_acquire); }
    /// Copies the latest published reading into `reading`: a consistent copy of one window, never
    /// a mix of two. Wait-free for the audio side; the reader retries while a write is under way
    /// and gives up (false) after `maxTries` attempts or when nothing is published yet. Readings
    /// published between two polls are not queued: poll at ≥ readingRateHz to see them all.
    /// [control]
    bool latest(MeterReading& reading, int maxTries = 1000) const noexcept override;
    MeterSource* meterSource() noexcept override { return this; }  ///< node_roles.h [any]
    /// false: process() only copies its input (no readings). [any]
    void setObserved(bool observed) noexcept override { observed_.store(observed, std::memory_order_relaxed); }
    bool observed() const noexcept override { return observed_.load(std::memory_order_relaxed); }  ///< [any]
    ObserverFeed* observerFeed() noexcept override { return this; }  ///< node_roles.h [any]

    /// Same window length, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<MeterNode>(windowFrames_); }
    /// Copies the partial window, the latest reading and the counters (node.h). [audio]
    bool copyStateFrom(const Node& other) noexcept override;

private:
    void publish() noexcept;  // [audio]
    /// Clears the peaks and sums of the channels metered since the last clear; the metered
    /// channels count as touched again. [audio]
    void clearWindow() noexcept;
    /// Meters count frames of one channel from window position framesInWindow_ on. [audio]
    void meterChannel(const float* x, uint32_t count, float& peak, double* sums) const noexcept;

    uint32_t windowFrames_;
    // [audio] current window
    uint32_t framesInWindow_ = 0;
    uint32_t meteredChannels_ = 0;
    uint32_t dirtyChannels_ = kMaxChannels;  // channels [0, dirtyChannels_) may hold nonzero sums
    Kernel kernel_ = bestKernel();
    std::array<float, kMaxChannels> peak_{};
    /// Per channel, the sums of squares of the window positions p with p % kSumLanes = lane.
    std::array<std::array<double, kSumLanes>, kMaxChannels> sumSquares_{};
    // Seqlock snapshot: sequence_ is odd while the audio thread writes the fields.
    std::atomic<uint64_t> sequence_{0};
    std::atomic<uint64_t> published_{0};
    std::atomic<uint64_t> snapshotIndex_{0};
    std::atomic<uint32_t> snapshotChannels_{0};
    std::array<std::atomic<float>, kMaxChannels> snapshotPeakDb_{};
    std::array<std::atomic<float>, kMaxChannels> snapshotRmsDb_{};
    std::atomic<bool> observed_{true};  // setObserved; not part of the state copyStateFrom copies
};

}  // namespace wavegraph
