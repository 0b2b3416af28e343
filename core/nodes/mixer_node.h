#pragma once
/// \file mixer_node.h
/// "mixer": sums N inputs (N fixed at construction, 1…32), each through its own smoothed gain,
/// then through a smoothed master gain. 1 output of spec.numChannels channels.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dsp/smoothed_value.h"
#include "graph/node_base.h"

namespace wavegraph {

/// "mixer": sum of N inputs, each through its own smoothed gain, then a smoothed master gain.
class MixerNode final : public NodeBase<MixerNode> {
public:
    static constexpr uint32_t kMinInputs = 1;   ///< Fewest inputs.
    static constexpr uint32_t kMaxInputs = 32;  ///< Most inputs.
    /// Ramp of every gain change: linear in gainLinear over 5 ms, per frame.
    static constexpr double kRampTimeMs = 5.0;
    static constexpr double kMinGainDb = -120.0;  ///< Lowest gain of every gain parameter, dB.
    static constexpr double kMaxGainDb = 24.0;    ///< Highest gain of every gain parameter, dB.

    /// numInputs is clamped into 1…32 (use validateNumInputs first for a message). [control]
    explicit MixerNode(uint32_t numInputs = 2);
    /// Ok or "numInputs 40 is out of range (1…32)". [control]
    static Status validateNumInputs(uint32_t numInputs);

    /// Parameter ids: input k's gain is id k ("input<k>.gainDb"), the master gain is id N
    /// ("masterGainDb"). [any]
    static constexpr uint32_t inputGainDb(uint32_t input) noexcept { return input; }
    /// Parameter id of the master gain (numInputs()). [any]
    uint32_t masterGainDb() const noexcept { return numInputs_; }

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"mixer", 0, 1};  // numInputs: the construction setting (below)
    uint32_t numInputs() const noexcept override { return numInputs_; }
    /// N × input<k>.gainDb then masterGainDb: dB, -120…24, default 0, smoothed. [any]
    std::span<const ParameterInfo> parameters() const noexcept override { return parameters_; }

    /// Sets the ramp length and snaps every gain to its target. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Snaps every gain to its target. [audio]
    void reset() noexcept override;
    /// Target gain in dB; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// out[ch][i] = m[i] · Σ_k g_k[i] · in_k[ch][i] (float, summed in input order), for
    /// ch < out.numChannels; input channels beyond the output's are ignored and missing ones count
    /// as silence (the graph up/down-mixes connections beforehand, see channel_mixing.h).
    /// -120 dB is a gain of 1e-6, not a mute. Out must not alias an input. [audio]
    void process(NodeIo& io) noexcept override;

    /// Same type and configuration, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<MixerNode>(numInputs_); }
    /// Whole-node copy: parameters, ramps and state (node.h, node_fork.h). [audio]
    bool copyStateFrom(const Node& other) noexcept override {
        // Another input count would resize the vectors (allocate): refused.
        return canCopyStateFrom(*this, other) && static_cast<const MixerNode&>(other).numInputs_ == numInputs_ &&
               copyStateByAssignment(*this, other);
    }

private:
    friend NodeBase<MixerNode>;
    /// Ramps gain `id` (linear in gainLinear) to the clamped value. false for an unknown id, a
    /// clamped value or NaN (ignored). [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;

    uint32_t numInputs_;
    std::vector<ParameterInfo> parameters_;  // [control] built in the constructor
    std::vector<double> gainDb_;             // targets, dB: inputs then master
    std::vector<SmoothedValue> gains_;       // linear, ramped per frame: inputs then master
};

}  // namespace wavegraph
