#pragma once
/// \file analyser_node.h
/// "analyser": the W3C Web Audio API AnalyserNode (§ 1.8). Passes its input through unchanged
/// and taps a mono down-mix of it (AnalyserTap) for the hosts, which compute the spectrum from
/// the tap (the npm package in TypeScript: Blackman window, FFT, smoothing, dB/byte scaling).
/// 1 input, 1 output, spec.numChannels channels.
///
/// Parameters (stepped, not smoothed; the hosts read them for their spectrum):
///   0 fftSize 32…32768 (power of two, default 2048), 1 smoothingTimeConstant 0…1 (0.8),
///   2 minDecibels −200…20 dB (−100), 3 maxDecibels −200…20 dB (−30), minDecibels < maxDecibels.
/// setParameter [audio] only stores values (atomics), readable from any thread.

#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dsp/analyser_tap.h"
#include "graph/node.h"
#include "graph/node_fork.h"

namespace wavegraph {

/// "analyser": pass-through with a mono tap for spectra, after the W3C Web Audio AnalyserNode (§ 1.8).
class AnalyserNode final : public Node, public AnalyserSource, public ObserverFeed {
public:
    /// Parameter ids (the W3C AnalyserNode attributes).
    enum Param : uint32_t { kFftSize = 0, kSmoothingTimeConstant = 1, kMinDecibels = 2, kMaxDecibels = 3 };
    static constexpr uint32_t kMinFftSize = 32;                   ///< Smallest fftSize (W3C), frames.
    static constexpr uint32_t kMaxFftSize = 32768;                ///< Largest fftSize (W3C), frames.
    static constexpr uint32_t kDefaultFftSize = 2048;             ///< W3C default fftSize, frames.
    static constexpr double kDefaultSmoothingTimeConstant = 0.8;  ///< W3C default, 0…1.
    static constexpr double kDefaultMinDecibels = -100.0;         ///< W3C default minDecibels, dB.
    static constexpr double kDefaultMaxDecibels = -30.0;          ///< W3C default maxDecibels, dB.
    /// Tap capacity: twice the largest fftSize, so a reader copying 32768 frames has 32768
    /// frames (0.68 s at 48 kHz) of slack before the audio thread overwrites what it reads.
    static constexpr uint32_t kTapCapacityFrames = 2 * kMaxFftSize;

    std::string_view typeName() const noexcept override { return "analyser"; }
    uint32_t numInputs() const noexcept override { return 1; }
    uint32_t numOutputs() const noexcept override { return 1; }
    std::span<const ParameterInfo> parameters() const noexcept override;

    /// Allocates the tap (kTapCapacityFrames floats). [control]
    void prepare(const ProcessSpec& spec) override;
    /// Nothing to clear on the audio side (the tap keeps its history). [audio]
    void reset() noexcept override {}
    /// Stores the value: fftSize must be a power of two in range, the dB pair must keep
    /// minDecibels < maxDecibels; otherwise the value is ignored (false). Other values are
    /// clamped (false when clamped). [audio]
    bool setParameter(uint32_t id, double value) noexcept override;
    double parameter(uint32_t id) const noexcept override;
    /// out = in for ch < min(in, out channels), silence on the other output channels; the
    /// input's mono down-mix (mean of its channels) is appended to the tap. in and out may be
    /// the same buffers. [audio] no allocation.
    void process(NodeIo& io) noexcept override;
    bool processesInPlace() const noexcept override { return true; }  ///< node.h [any]

    /// Full check of a value for parameter `id` against the current other parameters: Ok or the
    /// one-line message (range, power of two, minDecibels < maxDecibels). [control]
    Status validate(uint32_t id, double value) const;

    /// fftSize / 2 at the current fftSize parameter. [any]
    uint32_t frequencyBinCount() const noexcept { return fftSize_.load(std::memory_order_acquire) / 2; }

    const AnalyserTap& tap() const noexcept override { return tap_; }
    const AnalyserSource* analyserSource() const noexcept override { return this; }  ///< node_roles.h [any]
    /// false: process() only copies its input (the tap is not fed). [any]
    void setObserved(bool observed) noexcept override { observed_.store(observed, std::memory_order_relaxed); }
    bool observed() const noexcept override { return observed_.load(std::memory_order_relaxed); }  ///< [any]
    ObserverFeed* observerFeed() noexcept override { return this; }  ///< node_roles.h [any]

    /// Unprepared analyser (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<AnalyserNode>(); }
    /// Copies the parameters and the tap's history (node.h). [audio]
    bool copyStateFrom(const Node& other) noexcept override;

private:
    AnalyserTap tap_;
    // Written on the audio thread by setParameter, read from any thread.
    std::atomic<uint32_t> fftSize_{kDefaultFftSize};
    std::atomic<double> smoothing_{kDefaultSmoothingTimeConstant};
    std::atomic<double> minDecibels_{kDefaultMinDecibels};
    std::atomic<double> maxDecibels_{kDefaultMaxDecibels};
    std::atomic<bool> observed_{true};  // setObserved; not part of the state copyStateFrom copies
};

}  // namespace wavegraph
