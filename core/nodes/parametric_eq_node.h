#pragma once
/// \file parametric_eq_node.h
/// "parametricEq": N biquad bands in series (N = 1…32, fixed at construction), each of any of
/// the eight Web Audio types with Web Audio parameter conventions (web_audio_biquad.h).
/// 1 input, 1 output, spec.numChannels channels, each filtered independently.
///
/// Parameter ids: band · 4 + field, field 0 type, 1 frequencyHz, 2 q, 3 gainDb; names
/// "band<k>.type", "band<k>.frequencyHz", "band<k>.q", "band<k>.gainDb" (k from 0); then one
/// parameter for the whole EQ, id N · 4, "webAudioRounding": 0 or 1 (rounded), default 0,
/// stepped: 1 makes every band round as Chromium's BiquadFilterNode does (A in float32,
/// web_audio_biquad.h, and the output rounded to float32 before it is fed back, biquad.h
/// FeedbackRounding: Chromium's samples, at the cost of its precision), 0 keeps both in double.
/// Defaults: every band peaking, Q 1, 0 dB, frequencies log-spaced 60…7680 Hz:
/// f_k = 60 · 128^(k/(N−1)) Hz (the reference EQ's 60, 120, …, 7680 Hz when N = 8; 678.8 Hz
/// when N = 1).
///
/// Two ways to run the bands, chosen per block, with the same samples bit for bit:
///   - steady (no band ramping) and N ≤ BiquadCascade::kMaxSections: one BiquadCascade loaded
///     with the bands' current coefficients (the SIMD wavefront of biquad_cascade.h);
///   - otherwise: band after band, each WebAudioBiquad with its per-8-frame coefficient updates.
/// The filter memories live in exactly one of the two at a time (filterStateInCascade()) and
/// are moved across (Biquad::State per band and channel, no allocation) when the way changes.

#include <complex>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dsp/biquad/biquad_cascade.h"
#include "dsp/biquad/web_audio_biquad.h"
#include "graph/node.h"
#include "graph/node_fork.h"

namespace wavegraph {

/// "parametricEq": N Web Audio-style biquad bands in series, per channel.
class ParametricEqNode final : public Node, public FrequencyResponse {
public:
    /// Parameter fields within a band.
    enum Field : uint32_t { type = 0, frequencyHz = 1, q = 2, gainDb = 3 };
    static constexpr uint32_t kFieldsPerBand = 4;    ///< Parameters per band: band b's field f has id b·4 + f.
    static constexpr uint32_t kMinBands = 1;         ///< Fewest bands.
    static constexpr uint32_t kMaxBands = 32;        ///< Most bands.
    static constexpr uint32_t kDefaultBands = 8;     ///< Bands when the constructor is not told otherwise.
    static constexpr double kRampTimeMs = 5.0;       ///< Ramp of a smoothed field's change, ms.
    static constexpr double kMinFrequencyHz = 10.0;  ///< upper limit: Nyquist once prepared

    /// Ok, or "numBands 40 is out of range (1…32)". [control]
    static Status validateNumBands(uint32_t numBands);
    /// numBands is clamped to 1…32. Allocates the bands and the parameter table. [control]
    explicit ParametricEqNode(uint32_t numBands = kDefaultBands);
    // Parameter names are views into strings owned by this object: not copyable or movable.
    ParametricEqNode(const ParametricEqNode&) = delete;
    ParametricEqNode& operator=(const ParametricEqNode&) = delete;

    std::string_view typeName() const noexcept override { return "parametricEq"; }
    uint32_t numInputs() const noexcept override { return 1; }
    uint32_t numOutputs() const noexcept override { return 1; }
    /// Per band: type 0…7 (stepped), frequencyHz 10…Nyquist (smoothed), q ±3.40282e38 (Web Audio
    /// range; dB for lowpass/highpass, linear otherwise; smoothed), gainDb -40…40 dB (smoothed).
    /// Per instance: built in the constructor, frequency limits set in prepare. [any]
    std::span<const ParameterInfo> parameters() const noexcept override { return parameters_; }

    /// Bands, fixed at construction. [any]
    uint32_t numBands() const noexcept { return static_cast<uint32_t>(bands_.size()); }
    /// The EQ's magnitude response at frequencyHz in dB: the sum over the bands of each band's
    /// current coefficients' |H(e^jω)| (BiquadCoefficients::magnitudeDbAt, RBJ Audio EQ
    /// Cookbook transfer function), at the prepared sample rate. [control]
    double magnitudeDbAt(double frequencyHz) const noexcept override {
        double db = 0.0;
        for (const auto& band : bands_) db += band.coefficients().magnitudeDbAt(frequencyHz, spec_.sampleRateHz);
        return db;
    }
    /// arg of the product of every band's H(e^jω) at frequencyHz, radians in (−π, π]. [control]
    double phaseRadiansAt(double frequencyHz) const noexcept override {
        std::complex<double> h = 1.0;
        for (const auto& band : bands_) h *= band.coefficients().responseAt(frequencyHz, spec_.sampleRateHz);
        return std::arg(h);
    }
    const FrequencyResponse* frequencyResponse() const noexcept override { return this; }  ///< node_roles.h [any]
    /// Parameter id of the EQ's webAudioRounding switch (numBands() · 4). [any]
    uint32_t webAudioRoundingId() const noexcept { return numBands() * kFieldsPerBand; }
    /// Parameter id of a band's field. [any]
    static constexpr uint32_t parameterId(uint32_t band, Field field) noexcept { return band * kFieldsPerBand + field; }

    /// Allocates per-channel state of every band (and of the cascade when numBands ≤ 8), sets
    /// frequency limits to Nyquist. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Clears every band's memories and the cascade's, snaps ramps. [audio]
    void reset() noexcept override;
    /// Clamps (type also rounded); ramps smoothed fields over kRampTimeMs. false for an unknown
    /// id, NaN (ignored) or a clamped/rounded value. [audio]
    bool setParameter(uint32_t id, double value) noexcept override;
    bool setParameterImmediate(uint32_t id, double value) noexcept override;  ///< no ramp [audio]
    /// Target value; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// out[ch] = band[N−1](…band[0](in[ch])) (channels × frames, planar float; missing input
    /// channels read as silence). in and out may be the same buffers. Through the cascade when
    /// every band is steady and numBands ≤ 8, else band by band; same samples either way. [audio]
    void process(NodeIo& io) noexcept override;
    bool processesInPlace() const noexcept override { return true; }  ///< node.h [any]
    /// Where the filter memories are now: true after a block ran through the cascade (until a
    /// block runs band by band, or reset()). For tests and diagnostics. [any]
    bool filterStateInCascade() const noexcept { return stateInCascade_; }

    /// Coefficients in use by a band (band < numBands()). [any]
    const BiquadCoefficients& coefficients(uint32_t band) const noexcept { return bands_[band].coefficients(); }

    /// Band frequencyHz, q and gainDb are a-rate, read from paramValues while automated
    /// (band by band, coefficients per frame while they move); type and webAudioRounding are
    /// set per frame. [any]
    AutomationRate automationRate(uint32_t id) const noexcept override {
        return id < webAudioRoundingId() && id % kFieldsPerBand != type ? AutomationRate::aRateValues
                                                                        : AutomationRate::aRateFrames;
    }
    /// Same band count, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<ParametricEqNode>(numBands()); }
    /// Copies every band's parameters and ramps, and the filter memories in whichever
    /// representation `other` holds them (node.h). [audio] no allocation.
    bool copyStateFrom(const Node& other) noexcept override;

private:
    bool set(uint32_t id, double value, bool immediate) noexcept;
    bool cascadeApplies() const noexcept;  // [audio]
    void moveStateToCascade() noexcept;    // [audio]
    void moveStateToBands() noexcept;      // [audio]
    /// Every way but the steady cascade with current coefficients: automated values, ramps,
    /// the first block after a change. [audio]
    void processChanging(AudioBlock& out) noexcept;
    /// Marks every band's coefficients as not yet in the cascade, and the fast path closed. [audio]
    void markAllBandsChanged() noexcept {
        changedBands_ = ~uint32_t{0};
        cascadeReady_ = false;
    }

    std::vector<std::string> names_;  // [control] owns the parameter names
    std::vector<ParameterInfo> parameters_;
    std::vector<WebAudioBiquad> bands_;
    // [control] prepared when numBands ≤ kMaxSections; [audio] coefficients loaded per block.
    BiquadCascade cascade_;
    bool cascadePrepared_ = false;  // [control] set in prepare
    bool stateInCascade_ = false;   // [audio] which representation holds the memories
    // [audio] bit k: band k's coefficients may differ from the cascade's section k (set where a
    // band's coefficients can change: set, reset, prepare, a block run band by band, a copy).
    uint32_t changedBands_ = ~uint32_t{0};
    // [audio] true while the next block may run straight through the cascade: the memories are
    // in it, every band is steady and its coefficients are in the cascade (changedBands_ == 0).
    bool cascadeReady_ = false;
};

}  // namespace wavegraph
