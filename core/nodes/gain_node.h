#pragma once
/// \file gain_node.h
/// "gain": multiplies its input by a smoothed gain (the Web Audio GainNode with the gain given in
/// dB). 1 input, 1 output, spec.numChannels channels.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "dsp/smoothed_value.h"
#include "graph/node_base.h"

namespace wavegraph {

/// "gain": input × a smoothed gain given in dB (Web Audio GainNode, dB).
class GainNode final : public NodeBase<GainNode> {
public:
    /// Parameter ids.
    enum Param : uint32_t { gainDb = 0 };
    /// Default ramp of a gainDb change: linear in gainLinear (not in dB) over 5 ms, per frame.
    static constexpr double kRampTimeMs = 5.0;

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"gain", 1, 1};

    /// Sets the ramp length (kRampTimeMs at spec.sampleRateHz) and snaps to the target. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Snaps the gain to its target. [audio]
    void reset() noexcept override;
    /// Target gainDb; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// out[ch][i] = g[i] · in[ch][i] for ch < out.numChannels; an output channel with no input
    /// channel of the same index is silent. The per-frame gain g[i] is the same whatever the
    /// block split. in and out may be the same buffers. [audio]
    void process(NodeIo& io) noexcept override;
    bool processesInPlace() const noexcept override { return true; }  ///< node.h [any]
    /// gainDb is a-rate and read from paramValues while automated (node.h). [any]
    AutomationRate automationRate(uint32_t) const noexcept override { return AutomationRate::aRateValues; }

    /// Gain applied to the last processed frame, linear. [audio]
    double currentGainLinear() const noexcept { return gain_.current(); }

private:
    /// gainDb: dB, -120…24, default 0, smoothed.
    static constexpr std::array<ParameterInfo, 1> kParameters{{
        {"gainDb", "dB", -120.0, 24.0, 0.0, true},
    }};
    friend NodeBase<GainNode>;
    /// Starts a linear ramp in gainLinear = 10^(gainDb/20) from the current gain to the new
    /// target. false for an unknown id, a clamped value or NaN (ignored). [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;

    double gainDb_ = 0.0;  // target, dB
    SmoothedValue gain_;   // linear gain, ramped per frame
};

}  // namespace wavegraph
