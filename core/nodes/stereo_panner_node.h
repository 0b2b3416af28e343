#pragma once
/// \file stereo_panner_node.h
/// "stereoPanner": places mono or stereo input in the stereo field with the equal-power law of
/// the W3C Web Audio API § "StereoPannerNode Panning" (in § "Spatialization/Panning").
/// 1 input, 1 output of 2 channels (L, R) whatever spec.numChannels, as in the spec, whose
/// output is hard-wired to stereo.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dsp/smoothed_value.h"
#include "graph/node_base.h"

namespace wavegraph {

/// "stereoPanner": equal-power stereo panning (W3C § StereoPannerNode Panning), 2 output channels.
class StereoPannerNode final : public NodeBase<StereoPannerNode> {
public:
    /// Parameter ids: pan, −1 (left) … 1 (right).
    enum Param : uint32_t { pan = 0 };
    /// Ramp of a pan change: linear in pan over 5 ms, per frame.
    static constexpr double kRampTimeMs = 5.0;

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"stereoPanner", 1, 1};
    /// Always 2 (L, R). [control]
    uint32_t outputChannels(uint32_t /*output*/) const noexcept override { return 2; }

    /// Sets the ramp length; allocates a 2 × maxBlockFrames scratch for down-mixing inputs of
    /// more than 2 channels. [control]
    void prepare(const ProcessSpec& spec) override;
    void reset() noexcept override;                         // [audio] snaps pan to its target
    double parameter(uint32_t id) const noexcept override;  // [any]

    /// Per frame, with p the (ramped) pan:
    ///  mono input (1 channel): x = (p + 1)/2, gainL = cos(x·π/2), gainR = sin(x·π/2);
    ///    L = M·gainL, R = M·gainR.
    ///  stereo input (2 channels): x = p + 1 if p ≤ 0 else p, gainL/gainR as above;
    ///    p ≤ 0: L = inL + inR·gainL, R = inR·gainR;  p > 0: L = inL·gainL, R = inR + inL·gainR.
    /// Inputs of 3…32 channels are first down-mixed to stereo with mixChannels ("speakers", the
    /// spec's clamped-max channel count 2; needs frames ≤ spec.maxBlockFrames, else the first two
    ///  channels are used as is); an input with 0 channels gives silence.
    /// Gains are computed in double and applied in float. Out may alias in channel for
    /// channel. [audio]
    void process(NodeIo& io) noexcept override;

private:
    /// pan: -1 (all left) … 1 (all right), no unit, default 0, smoothed.
    static constexpr std::array<ParameterInfo, 1> kParameters{{
        {"pan", "", -1.0, 1.0, 0.0, true},
    }};
    friend NodeBase<StereoPannerNode>;
    /// Ramps pan to the clamped value; false for an unknown id, a clamped value or NaN
    /// (ignored). [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;

    double pan_ = 0.0;  // target
    SmoothedValue smoothedPan_;
    std::vector<float> scratch_;  // [control] 2 × maxBlockFrames, for > 2-channel inputs
};

}  // namespace wavegraph
