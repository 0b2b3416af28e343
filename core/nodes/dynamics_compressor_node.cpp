#include "nodes/dynamics_compressor_node.h"

#include <algorithm>
#include <cmath>

#include "dsp/portable_math.h"

namespace wavegraph {
namespace {

// Web Audio works in float; the transcendental functions run in double (exp, exp10 and sin from
// dsp/portable_math.h, the same bits natively and in wasm; log10, asin and pow from the C library,
// whose results differ between libraries by at most one double ulp, which survives rounding to
// float only when a result lies within 2^-29 of a float rounding boundary).
constexpr float kHalfPi = 1.57079632679489661923f;

float linearToDb(float linear) noexcept { return 20.0f * static_cast<float>(std::log10(double{linear})); }
float dbToLinear(float db) noexcept { return static_cast<float>(math::exp10(double{0.05f * db})); }
float flushDenormal(float x) noexcept { return std::fabs(x) < 1.17549435e-38f ? 0.0f : x; }

// The adaptive release: release frames as a 4th-order polynomial in x = 0…3 (compression still to
// release: -12…0 dB, scaled), through the release zones 0.09, 0.16, 0.42, 0.98 of the release time
// at x = 0, 1, 2, 3 (the reference implementation's least-squares coefficients, per zone).
constexpr float kReleaseZones[4] = {0.09f, 0.16f, 0.42f, 0.98f};
constexpr float kReleaseFit[5][4] = {
    {0.9999999999999998f, 1.8432219684323923e-16f, -1.9373394351676423e-16f, 8.824516011816245e-18f},
    {-1.5788320352845888f, 2.3305837032074286f, -0.9141194204840429f, 0.1623677525612032f},
    {0.5334142869106424f, -1.272736789213631f, 0.9258856042207512f, -0.18656310191776226f},
    {0.08783463138207234f, -0.1694162967925622f, 0.08588057951595272f, -0.00429891410546283f},
    {-0.042416883008123074f, 0.1115693827987602f, -0.09764676325265872f, 0.028494263462021576f},
};
constexpr float kSpacingDb = 5.0f;  // release: this many dB per calculated release time
constexpr float kDetectorReleaseSeconds = 0.0025f;
constexpr float kQuietInput = 0.0001f;  // below this |x| the detector sees no compression

}  // namespace

float DynamicsCompressorNode::Curve::kneeCurve(float x) const noexcept {  // [any]
    if (x < linearThreshold) return x;
    return linearThreshold + (1.0f - static_cast<float>(math::exp(double{-k * (x - linearThreshold)}))) / k;
}

float DynamicsCompressorNode::Curve::saturate(float x) const noexcept {  // [any]
    if (x < kneeEndLinear) return kneeCurve(x);
    return dbToLinear(kneeEndOutDb + slope * (linearToDb(x) - kneeEndDb));
}

// The knee curve's slope in dB/dB at x for knee constant kValue (finite difference over 0.1 %).
float DynamicsCompressorNode::Curve::slopeAt(float x, float kValue) const noexcept {  // [any]
    if (x < linearThreshold) return 1.0f;
    Curve trial = *this;
    trial.k = kValue;
    const auto x2 = static_cast<float>(double{x} * 1.001);
    const float xDb = linearToDb(x), x2Db = linearToDb(x2);
    const float yDb = linearToDb(trial.kneeCurve(x)), y2Db = linearToDb(trial.kneeCurve(x2));
    return (y2Db - yDb) / (x2Db - xDb);
}

void DynamicsCompressorNode::updateCurve() noexcept {  // [audio]
    const auto threshold = static_cast<float>(values_[thresholdDb]);
    const auto knee = static_cast<float>(values_[kneeDb]);
    const auto r = static_cast<float>(values_[ratio]);
    if (threshold == curve_.thresholdDb && knee == curve_.kneeDb && r == curve_.ratio) return;
    Curve c;
    c.thresholdDb = threshold;
    c.kneeDb = knee;
    c.ratio = r;
    c.linearThreshold = dbToLinear(threshold);
    c.slope = 1.0f / r;
    // k: the knee's slope at threshold + knee equals 1/ratio; 15 geometric bisection steps in
    // 0.1…10000 starting at 5.
    const float kneeEnd = dbToLinear(threshold + knee);
    float minK = 0.1f, maxK = 10000.0f, k = 5.0f;
    for (int i = 0; i < 15; ++i) {
        if (c.slopeAt(kneeEnd, k) < c.slope)
            maxK = k;
        else
            minK = k;
        k = static_cast<float>(std::sqrt(double{minK * maxK}));
    }
    c.k = k;
    c.kneeEndDb = threshold + knee;
    c.kneeEndLinear = dbToLinear(c.kneeEndDb);
    c.kneeEndOutDb = linearToDb(c.kneeCurve(c.kneeEndLinear));
    curve_ = c;
}

void DynamicsCompressorNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    preDelay_.assign(static_cast<size_t>(spec.numChannels) * kPreDelayCapacity, 0.0f);
    const auto frames = static_cast<uint32_t>(kPreDelaySeconds * static_cast<float>(spec.sampleRateHz));
    preDelayFrames_ = std::min(frames, kPreDelayCapacity - 1);
    meteringReleaseK_ = static_cast<float>(1.0 - math::exp(-1.0 / (spec.sampleRateHz * kMeteringReleaseSeconds)));
    curve_ = Curve{};
    reset();
}

void DynamicsCompressorNode::reset() noexcept {  // [audio]
    std::fill(preDelay_.begin(), preDelay_.end(), 0.0f);
    readIndex_ = 0;
    writeIndex_ = preDelayFrames_;
    detectorAverage_ = 0.0f;
    compressorGain_ = 1.0f;
    maxAttackDiffDb_ = -1.0f;
    meteringGain_ = 1.0f;
    divisionFrame_ = 0;
    divisionsSinceReading_ = 0;
    reduction_.value.store(0.0f, std::memory_order_relaxed);
}

bool DynamicsCompressorNode::set(uint32_t id, double value, bool /*immediate*/) noexcept {  // [audio]
    if (id >= kParameters.size() || std::isnan(value)) return false;
    const double clamped = kParameters[id].clamp(value);
    values_[id] = clamped;
    return clamped == value;
}

double DynamicsCompressorNode::parameter(uint32_t id) const noexcept {  // [any]
    return id < values_.size() ? values_[id] : std::nan("");
}

void DynamicsCompressorNode::startDivision() noexcept {  // [audio]
    updateCurve();
    const auto fs = static_cast<float>(spec_.sampleRateHz);
    // Makeup gain: (1 / curve(1.0))^0.6.
    const float fullRangeGain = curve_.saturate(1.0f);
    linearPostGain_ = static_cast<float>(std::pow(double{1.0f / fullRangeGain}, 0.6));
    const float attackFrames = std::max(0.001f, static_cast<float>(values_[attackMs] / 1000.0)) * fs;
    const float releaseFrames = fs * static_cast<float>(values_[releaseMs] / 1000.0);
    satReleaseFrames_ = kDetectorReleaseSeconds * fs;

    if (!std::isfinite(detectorAverage_)) detectorAverage_ = 1.0f;
    const float desiredGain = detectorAverage_;
    // Pre-warped so that the sine warp of the gain gives desiredGain.
    scaledDesiredGain_ = static_cast<float>(std::asin(double{desiredGain})) / kHalfPi;
    const bool releasing = scaledDesiredGain_ > compressorGain_;
    float diffDb;  // current compression over the desired one, dB
    if (scaledDesiredGain_ == 0.0f)
        diffDb = releasing ? -1.0f : 1.0f;
    else
        diffDb = linearToDb(compressorGain_ / scaledDesiredGain_);

    if (releasing) {
        maxAttackDiffDb_ = -1.0f;
        if (!std::isfinite(diffDb)) diffDb = -1.0f;
        // More compression to release releases faster: x = 0 (−12 dB or more) … 3 (0 dB).
        const float x = 0.25f * (std::clamp(diffDb, -12.0f, 0.0f) + 12.0f);
        float coefficient[5];
        for (int p = 0; p < 5; ++p) {
            float sum = 0.0f;
            for (int zone = 0; zone < 4; ++zone) {
                const float term = kReleaseFit[p][zone] * (releaseFrames * kReleaseZones[zone]);
                sum = zone == 0 ? term : sum + term;
            }
            coefficient[p] = sum;
        }
        const float x2 = x * x, x3 = x2 * x, x4 = x2 * x2;
        const float releaseFramesNow =
            coefficient[0] + coefficient[1] * x + coefficient[2] * x2 + coefficient[3] * x3 + coefficient[4] * x4;
        envelopeRate_ = dbToLinear(kSpacingDb / releaseFramesNow);
    } else {
        if (!std::isfinite(diffDb)) diffDb = 1.0f;
        // While attacking, the rate follows the largest compression difference seen so far.
        if (maxAttackDiffDb_ == -1.0f || maxAttackDiffDb_ < diffDb) maxAttackDiffDb_ = diffDb;
        const float effectiveDiffDb = std::max(0.5f, maxAttackDiffDb_);
        const float x = 0.25f / effectiveDiffDb;
        envelopeRate_ = 1.0f - static_cast<float>(std::pow(double{x}, double{1.0f / attackFrames}));
    }
}

void DynamicsCompressorNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t channels = std::min<uint32_t>(out.numChannels, spec_.numChannels);
    const AudioBlock* in = io.inputs.empty() ? nullptr : &io.inputs[0];
    const uint32_t inChannels = in ? std::min(in->numChannels, channels) : 0;
    constexpr uint32_t kMask = kPreDelayCapacity - 1;

    for (uint32_t i = 0; i < io.numFrames; ++i) {
        if (divisionFrame_ == 0) startDivision();
        // Into the pre-delay; the detector sees the undelayed input.
        float peak = 0.0f;
        for (uint32_t c = 0; c < channels; ++c) {
            const float x = c < inChannels ? in->channels[c][i] : 0.0f;
            preDelay_[c * kPreDelayCapacity + writeIndex_] = x;
            const float magnitude = x > 0.0f ? x : -x;
            if (peak < magnitude) peak = magnitude;
        }
        const float shaped = curve_.saturate(peak);
        const float attenuation = peak <= kQuietInput ? 1.0f : shaped / peak;
        const float attenuationDb = std::max(2.0f, -linearToDb(attenuation));
        const float detectorReleaseRate = dbToLinear(attenuationDb / satReleaseFrames_) - 1.0f;
        const float rate = attenuation > detectorAverage_ ? detectorReleaseRate : 1.0f;
        detectorAverage_ = std::min(1.0f, detectorAverage_ + (attenuation - detectorAverage_) * rate);
        if (!std::isfinite(detectorAverage_)) detectorAverage_ = 1.0f;

        if (envelopeRate_ < 1.0f) {  // attack: towards the desired gain
            compressorGain_ += (scaledDesiredGain_ - compressorGain_) * envelopeRate_;
        } else {  // release: exponentially up to 1
            compressorGain_ = std::min(1.0f, compressorGain_ * envelopeRate_);
        }
        const auto warpedGain = static_cast<float>(math::sin(double{kHalfPi * compressorGain_}));
        const float totalGain = linearPostGain_ * warpedGain;

        const float realGainDb = 20.0f * static_cast<float>(std::log10(double{warpedGain}));
        if (realGainDb < meteringGain_)
            meteringGain_ = realGainDb;
        else
            meteringGain_ += (realGainDb - meteringGain_) * meteringReleaseK_;

        for (uint32_t c = 0; c < channels; ++c)
            out.channels[c][i] = preDelay_[c * kPreDelayCapacity + readIndex_] * totalGain;
        readIndex_ = (readIndex_ + 1) & kMask;
        writeIndex_ = (writeIndex_ + 1) & kMask;

        if (++divisionFrame_ == kDivisionFrames) {
            divisionFrame_ = 0;
            detectorAverage_ = flushDenormal(detectorAverage_);
            compressorGain_ = flushDenormal(compressorGain_);
            reduction_.value.store(meteringGain_, std::memory_order_relaxed);
            if (++divisionsSinceReading_ == kReadingFrames / kDivisionFrames) {
                divisionsSinceReading_ = 0;
                readings_.value.fetch_add(1, std::memory_order_release);
            }
        }
    }
    for (uint32_t c = channels; c < out.numChannels; ++c)
        for (uint32_t i = 0; i < io.numFrames; ++i) out.channels[c][i] = 0.0f;
}

}  // namespace wavegraph
