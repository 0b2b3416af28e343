#pragma once
/// \file biquad_node.h
/// "biquad": one second-order filter of any of the eight Web Audio types, with the W3C Web Audio
/// API's parameter conventions (§1.13 BiquadFilterNode; see web_audio_biquad.h). 1 input,
/// 1 output, spec.numChannels channels, each filtered independently (direct form I, double).

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "dsp/biquad/web_audio_biquad.h"
#include "graph/node.h"
#include "graph/node_fork.h"

namespace wavegraph {

/// "biquad": one Web Audio BiquadFilterNode-style second-order filter (RBJ Cookbook, W3C § 1.13).
class BiquadNode final : public Node, public FrequencyResponse {
public:
    /// Parameter ids.
    enum Param : uint32_t { type = 0, frequencyHz = 1, q = 2, gainDb = 3, detuneCents = 4, webAudioRounding = 5 };
    /// Ramp time of frequencyHz, q, gainDb and detuneCents (linear per frame).
    static constexpr double kRampTimeMs = 5.0;
    /// Web Audio's Q range: ±(largest float); also the lower limit of gainDb.
    static constexpr double kMaxQ = kWebAudioMaxQ;
    /// Upper limit of gainDb: 40·log10(largest float), as in Web Audio.
    static constexpr double kMaxGainDb = kWebAudioMaxGainDb;
    /// detuneCents range: ±1200·log2(largest float), as in Web Audio.
    static constexpr double kMaxDetuneCents = 153600.0;

    BiquadNode() noexcept;

    std::string_view typeName() const noexcept override { return "biquad"; }
    uint32_t numInputs() const noexcept override { return 1; }
    uint32_t numOutputs() const noexcept override { return 1; }
    /// type: 0…7 (BiquadType: lowpass, highpass, bandpass, notch, allpass, peaking, lowshelf,
    ///       highshelf), default 0, stepped;
    /// frequencyHz: Hz, 0…Nyquist inclusive (the largest float before prepare, which clamps a value
    ///    set earlier), default 350, smoothed;
    /// q: ±3.40282e38 (dB for lowpass/highpass, linear for bandpass/notch/allpass/peaking,
    ///    ignored by the shelves), default 1, smoothed;
    /// gainDb: dB, -3.40282e38…1541.27 (40·log10 of the largest float), default 0, smoothed
    ///    (peaking and shelves only);
    /// detuneCents: cents, ±153600, default 0, smoothed (f0 = frequencyHz · 2^(cents/1200),
    ///    clamped to [0, Nyquist]);
    /// frequencyHz, q, gainDb and detuneCents have the W3C BiquadFilterNode nominal ranges
    /// (ParameterInfo::webAudioNominalRange): finite values outside are clamped into them, not
    /// refused, as a Web Audio AudioParam's computed value is; NaN and ±Inf are refused.
    /// webAudioRounding: 0 or 1 (rounded), default 0, stepped: 1 rounds as Chromium's
    ///    BiquadFilterNode does (A in float32, the output rounded to float32 before it is fed
    ///    back; biquad.h FeedbackRounding: Chromium's samples, at the cost of its precision),
    ///    0 keeps both in double.
    /// Per instance, because the frequency limit depends on the sample rate. [any]
    std::span<const ParameterInfo> parameters() const noexcept override { return parameters_; }

    /// Allocates per-channel filter state, sets the frequencyHz upper limit to Nyquist (and
    /// clamps the current frequency into it), snaps ramps, clears state. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Clears the filter memories and snaps ramps to their targets. [audio]
    void reset() noexcept override;
    /// Clamps via ParameterInfo::clamp (type is also rounded to an integer) and ramps smoothed
    /// parameters over kRampTimeMs. false for an unknown id, NaN (ignored), or a value that had
    /// to be clamped/rounded. [audio]
    bool setParameter(uint32_t id, double value) noexcept override;
    /// Same with no ramp. [audio]
    bool setParameterImmediate(uint32_t id, double value) noexcept override;
    /// Target value; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// out[ch] = biquad(in[ch]) for each channel present in both; an output channel with no
    /// input channel is filtered silence. in and out may be the same buffers. [audio]
    void process(NodeIo& io) noexcept override;
    bool processesInPlace() const noexcept override { return true; }  ///< node.h [any]
    /// frequencyHz, q, gainDb and detuneCents are a-rate, read from paramValues while automated
    /// (coefficients per frame while they move); type and webAudioRounding are set per frame. [any]
    AutomationRate automationRate(uint32_t id) const noexcept override {
        return id == type || id == webAudioRounding ? AutomationRate::aRateFrames : AutomationRate::aRateValues;
    }

    /// The coefficients in use (normalised, a0 = 1). [any]
    const BiquadCoefficients& coefficients() const noexcept { return section_.coefficients(); }
    /// |H(e^jω)| of the current coefficients at frequencyHz, in dB, at the prepared rate. [control]
    double magnitudeDbAt(double frequencyHz) const noexcept override {
        return coefficients().magnitudeDbAt(frequencyHz, spec_.sampleRateHz);
    }
    /// arg H(e^jω) of the current coefficients at frequencyHz, radians in (−π, π]. [control]
    double phaseRadiansAt(double frequencyHz) const noexcept override {
        return coefficients().phaseRadiansAt(frequencyHz, spec_.sampleRateHz);
    }
    const FrequencyResponse* frequencyResponse() const noexcept override { return this; }  ///< node_roles.h [any]

    /// Same type and configuration, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<BiquadNode>(); }
    /// Whole-node copy: parameters, ramps and state (node.h, node_fork.h). [audio]
    bool copyStateFrom(const Node& other) noexcept override { return copyStateByAssignment(*this, other); }

private:
    bool set(uint32_t id, double value, bool immediate) noexcept;

    std::array<ParameterInfo, 6> parameters_;
    WebAudioBiquad section_;
};

}  // namespace wavegraph
