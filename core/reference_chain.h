#pragma once
/// \file reference_chain.h
/// The reference chain of seed 000: source → 8-band EQ → analyser tap → master gain → output,
/// for any channel count, driven by a command ring drained at the top of every block.
/// The same object runs in the native host, in Node (wasm) and in the AudioWorklet (wasm).

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "dsp/analyser_tap.h"
#include "rt/command_ring.h"
#include "parametric_eq.h"
#include "dsp/pink_noise.h"
#include "base/process_spec.h"
#include "smoothed_gain.h"
#include "base/status.h"

namespace wavegraph {

/// Node ids of the reference chain (the `target` of a CommandRecord).
namespace node {
inline constexpr uint32_t source = 0;
inline constexpr uint32_t eq = 1;
inline constexpr uint32_t analyser = 2;
inline constexpr uint32_t masterGain = 3;
}  // namespace node

/// Parameter ids (the `param` of a CommandRecord), per node.
namespace param {
/// source: 0 = the host's input, 1 = pink noise, 2 = sine. Default 0.
inline constexpr uint32_t sourceKind = 0;
/// source: sine frequency in Hz, (0, Nyquist). Default 440.
inline constexpr uint32_t sourceFrequencyHz = 1;
/// source: generator level in dBFS (peak for the sine), -120…0. Default -6.
inline constexpr uint32_t sourceLevelDb = 2;
/// eq: band b's fields are at b·3 + {0: gainDb, 1: frequencyHz, 2: q}.
inline constexpr uint32_t eqBandGainDb(uint32_t band) { return band * 3 + 0; }
inline constexpr uint32_t eqBandFrequencyHz(uint32_t band) { return band * 3 + 1; }
inline constexpr uint32_t eqBandQ(uint32_t band) { return band * 3 + 2; }
/// masterGain: gain in dB, -60…12, ramped over 10 ms. Default 0.
inline constexpr uint32_t masterGainDb = 0;
}  // namespace param

enum class SourceKind : uint32_t { input = 0, pinkNoise = 1, sine = 2 };

class ReferenceChain {
public:
    static constexpr uint32_t kDefaultCommandRingCapacity = 256;
    /// Most commands taken from the ring per block; the rest wait for the next block.
    static constexpr uint32_t kMaxCommandsPerBlock = 64;

    /// Checks spec and ring capacity and allocates everything process() will need. [control]
    /// Errors: "sampleRateHz 0 is out of range (1…768000 Hz)", "numChannels 40 is out of range
    /// (1…32)", "maxBlockFrames 0 is out of range (1…16384)", or a bad ring capacity.
    Status prepare(const ProcessSpec& spec, uint32_t commandRingCapacity = kDefaultCommandRingCapacity);
    const ProcessSpec& spec() const noexcept { return spec_; }

    /// Checks a command before it is sent: known node and parameter, finite value in range.
    /// The message names the value and the allowed range. [control]
    Status validate(const CommandRecord& command) const;
    /// Applies a command at once with no ramp; only while process() is not running (e.g.
    /// before rendering). Validates first. [control]
    Status applyNow(const CommandRecord& command);

    /// The ring the control side writes (producer) and process() drains (consumer).
    CommandRingView& commandRing() noexcept { return ring_->view(); }

    /// Clears filter memories, analyser and ramps (snapping gains to their targets). [audio]
    void reset() noexcept;

    /// Renders numFrames frames. [audio] noexcept; never allocates, locks or waits.
    /// \param input  numInputChannels planar channels of numFrames floats (may be nullptr when
    ///               numInputChannels is 0; input channel c feeds output channels c, c +
    ///               numInputChannels, …, so mono feeds every channel). May alias output.
    /// \param output spec().numChannels planar channels of numFrames floats.
    /// numFrames > maxBlockFrames or a null output channel: output (if any) is silenced and
    /// badBlocks() is incremented.
    void process(const float* const* input, uint32_t numInputChannels, float* const* output,
                 uint32_t numFrames) noexcept;

    const AnalyserTap& analyserTap() const noexcept { return analyser_; }
    const ParametricEq& eq() const noexcept { return eq_; }
    const SmoothedGain& masterGain() const noexcept { return masterGain_; }

    /// Counters, readable from any thread.
    uint64_t commandsApplied() const noexcept { return commandsApplied_.load(std::memory_order_relaxed); }
    /// Commands that reached the audio thread with a bad node/param or NaN/out-of-range value
    /// (ignored or clamped there).
    uint64_t commandsRejected() const noexcept { return commandsRejected_.load(std::memory_order_relaxed); }
    uint64_t badBlocks() const noexcept { return badBlocks_.load(std::memory_order_relaxed); }

    /// "eq.band4.gainDb"-style name of a parameter, or "" if unknown. [control]
    static std::string parameterName(uint32_t target, uint32_t param);

private:
    bool apply(const CommandRecord& command) noexcept;  // [audio] false when rejected/clamped
    void renderSegment(const float* const* input, uint32_t numInputChannels, float* const* output,
                       uint32_t startFrame, uint32_t numFrames) noexcept;  // [audio]

    // [control] fixed after prepare.
    ProcessSpec spec_{};
    std::unique_ptr<CommandRing> ring_ = std::make_unique<CommandRing>(kDefaultCommandRingCapacity);

    // [audio] owned by the thread that calls process().
    ParametricEq eq_;
    AnalyserTap analyser_;
    SmoothedGain masterGain_;
    PinkNoise pinkNoise_;
    SourceKind sourceKind_ = SourceKind::input;
    double sineFrequencyHz_ = 440.0;
    double sourceLevelLinear_ = 0.5;
    double sinePhase_ = 0.0;  // cycles, [0, 1)
    std::array<CommandRecord, kMaxCommandsPerBlock> pending_{};

    // [any] counters.
    std::atomic<uint64_t> commandsApplied_{0};
    std::atomic<uint64_t> commandsRejected_{0};
    std::atomic<uint64_t> badBlocks_{0};
};

}  // namespace wavegraph
