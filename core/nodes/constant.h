#pragma once
/// \file constant.h
/// "constant": outputs a constant value, after the W3C Web Audio API ConstantSourceNode (its
/// `offset`). 0 inputs, 1 output of spec.numChannels identical channels. Useful as a control
/// signal or DC offset.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "dsp/smoothed_value.h"
#include "graph/node_base.h"

namespace wavegraph {

/// "constant": a smoothed constant value on every channel (W3C ConstantSourceNode offset).
class ConstantNode final : public NodeBase<ConstantNode> {
public:
    /// Parameter ids.
    enum Param : uint32_t { value = 0 };
    /// Ramp of a value change: linear, one step per frame.
    static constexpr double kRampTimeMs = 5.0;

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"constant", 0, 1};

    /// Sets the ramp length for spec.sampleRateHz and snaps to the target. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Snaps the ramp to its target. [audio]
    void reset() noexcept override;
    /// Target value; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// out[ch][i] = v[i] (the ramped value, as float) for every channel. [audio]
    void process(NodeIo& io) noexcept override;

private:
    /// value: plain number, −1e6…1e6, default 1 (as ConstantSourceNode.offset), smoothed.
    static constexpr std::array<ParameterInfo, 1> kParameters{{
        {"value", "", -1e6, 1e6, 1.0, true},
    }};
    friend NodeBase<ConstantNode>;
    /// Starts a linear ramp to the new value. false for an unknown id, NaN (ignored) or a clamped
    /// value. [audio]
    bool set(uint32_t id, double newValue, bool immediate) noexcept;

    double target_ = 1.0;
    SmoothedValue value_;
};

}  // namespace wavegraph
