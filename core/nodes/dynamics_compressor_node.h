#pragma once
/// \file dynamics_compressor_node.h
/// "dynamicsCompressor": the W3C Web Audio API DynamicsCompressorNode (§ "DynamicsCompressorNode"
/// and its processing section), following the reference implementation the spec was written from
/// (Blink's DynamicsCompressorKernel): a 6 ms look-ahead pre-delay, a detector on the undelayed
/// input (the largest |x| over the channels, so all channels get the same gain), a static curve
/// that is linear up to the threshold, an exponential knee whose slope meets 1/ratio at
/// threshold + knee and a constant ratio after it, an attack envelope and an adaptive release
/// (faster the more compression is to be released), a sine-warped gain and the spec's makeup gain
/// (1 / curve(1.0))^0.6. 1 input, 1 output, spec.numChannels channels.
///
/// The gain is updated per frame; the attack/release rates are recomputed every 32 frames (a
/// "division", counted from the node's first frame, whatever the block split). Parameters are
/// k-rate as in Web Audio: a change takes effect at the next division.
///
/// `reduction` (W3C: the current gain reduction in dB, ≤ 0) is the metering gain after the last
/// finished division: instantly down to the gain's dB value, released towards it with a
/// 0.325 s time constant.

#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "graph/node_base.h"

namespace wavegraph {

/// "dynamicsCompressor": W3C DynamicsCompressorNode, all channels linked.
class DynamicsCompressorNode final : public NodeBase<DynamicsCompressorNode>, public ReductionSource {
public:
    /// Parameter ids.
    enum Param : uint32_t { thresholdDb = 0, kneeDb = 1, ratio = 2, attackMs = 3, releaseMs = 4 };
    /// Frames between two updates of the attack/release rates.
    static constexpr uint32_t kDivisionFrames = 32;
    /// Look-ahead of the detector over the output, seconds (the W3C pre-delay).
    static constexpr float kPreDelaySeconds = 0.006f;
    /// Frames of the pre-delay memory per channel (a power of two ≥ the pre-delay at 96 kHz + 1).
    static constexpr uint32_t kPreDelayCapacity = 1024;
    /// Time constant of the reduction read-out's release, seconds.
    static constexpr double kMeteringReleaseSeconds = 0.325;

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"dynamicsCompressor", 1, 1};
    /// The input is up- or down-mixed to spec.numChannels. [control]
    uint32_t inputChannels(uint32_t /*input*/) const noexcept override { return spec_.numChannels; }

    /// Allocates the pre-delay memory (spec.numChannels × 1024 floats) and resets. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Silences the pre-delay memory, opens the gain (no reduction) and restarts the division
    /// count. [audio]
    void reset() noexcept override;
    /// Current value; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// Renders io.numFrames frames; in and out may be the same buffers. [audio]
    void process(NodeIo& io) noexcept override;
    bool processesInPlace() const noexcept override { return true; }  ///< node.h [any]
    /// Every parameter is k-rate, as in W3C DynamicsCompressorNode (node.h). [any]
    AutomationRate automationRate(uint32_t) const noexcept override { return AutomationRate::kRate; }

    /// Frames between two published reduction readings (32 divisions).
    static constexpr uint32_t kReadingFrames = 1024;
    /// The W3C `reduction`: gain reduction in dB (≤ 0) after the last finished division. [any]
    float reductionDb() const noexcept override { return reduction_.value.load(std::memory_order_relaxed); }
    /// Readings published: one every kReadingFrames frames (ReductionSource). [any]
    uint64_t reductionReadings() const noexcept override { return readings_.value.load(std::memory_order_acquire); }
    const ReductionSource* reductionSource() const noexcept override { return this; }  ///< node_roles.h [any]
    /// Pre-delay in frames at the prepared rate: ⌊0.006 · sampleRateHz⌋ in float, as Web Audio. [any]
    uint32_t preDelayFrames() const noexcept { return preDelayFrames_; }

private:
    /// W3C nominal ranges (values outside are clamped) and defaults, all k-rate:
    /// thresholdDb -100…0 (default -24), kneeDb 0…40 (30), ratio 1…20 (12),
    /// attackMs 0…1000 (3; W3C attack 0…1 s), releaseMs 0…1000 (250; W3C release 0…1 s).
    static constexpr std::array<ParameterInfo, 5> kParameters{{
        {"thresholdDb", "dB", -100.0, 0.0, -24.0, false, true},
        {"kneeDb", "dB", 0.0, 40.0, 30.0, false, true},
        {"ratio", "", 1.0, 20.0, 12.0, false, true},
        {"attackMs", "ms", 0.0, 1000.0, 3.0, false, true},
        {"releaseMs", "ms", 0.0, 1000.0, 250.0, false, true},
    }};
    friend NodeBase<DynamicsCompressorNode>;
    /// Stores the clamped value (taken at the next division); false for an unknown id, a clamped
    /// value or NaN (ignored). [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;

    /// The static curve's constants for one threshold/knee/ratio.
    struct Curve {
        float thresholdDb = 0, kneeDb = 0, ratio = 0;  // what they were computed for
        float linearThreshold = 0, slope = 0, k = 0, kneeEndLinear = 0, kneeEndDb = 0, kneeEndOutDb = 0;
        float kneeCurve(float x) const noexcept;  // [any]
        float saturate(float x) const noexcept;   // [any] the static curve, linear in and out
        float slopeAt(float x, float kValue) const noexcept;
    };
    void updateCurve() noexcept;    // [audio] recomputes curve_ when threshold/knee/ratio changed
    void startDivision() noexcept;  // [audio] the rates of the next kDivisionFrames frames

    /// An atomic that copies (whole-node assignment in copyStateFrom).
    template <typename T>
    struct Reading {
        std::atomic<T> value{};
        Reading() = default;
        Reading(const Reading& other) noexcept : value(other.value.load(std::memory_order_relaxed)) {}
        Reading& operator=(const Reading& other) noexcept {
            value.store(other.value.load(std::memory_order_relaxed), std::memory_order_release);
            return *this;
        }
    };

    std::array<double, 5> values_{-24.0, 30.0, 12.0, 3.0, 250.0};  // parameter values
    Curve curve_{};
    // Per division (startDivision).
    float linearPostGain_ = 1.0f, envelopeRate_ = 1.0f, scaledDesiredGain_ = 1.0f;
    float satReleaseFrames_ = 1.0f;
    uint32_t divisionFrame_ = 0;  // frames of the current division already rendered
    // Envelope state.
    float detectorAverage_ = 0.0f, compressorGain_ = 1.0f, maxAttackDiffDb_ = -1.0f;
    float meteringGain_ = 1.0f, meteringReleaseK_ = 0.0f;
    // Pre-delay memory: channel c at [c · kPreDelayCapacity, (c + 1) · kPreDelayCapacity).
    std::vector<float> preDelay_;
    uint32_t preDelayFrames_ = 0, readIndex_ = 0, writeIndex_ = 0;
    uint32_t divisionsSinceReading_ = 0;
    Reading<float> reduction_;
    Reading<uint64_t> readings_;
};

}  // namespace wavegraph
