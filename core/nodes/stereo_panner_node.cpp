#include "nodes/stereo_panner_node.h"

#include <cmath>
#include <numbers>

#include "dsp/channel_mixing.h"
#include "dsp/portable_math.h"

namespace wavegraph {
namespace {

struct PanGains {
    float left, right;
};

// § "StereoPannerNode Panning": x from pan (mono and stereo variants), then the equal-power pair.
PanGains gainsFor(double pan, bool stereoInput) noexcept {
    const double x = stereoInput ? (pan <= 0.0 ? pan + 1.0 : pan) : (pan + 1.0) / 2.0;
    const double angle = x * std::numbers::pi / 2.0;
    double sinAngle, cosAngle;
    math::sincos(angle, sinAngle, cosAngle);
    return {static_cast<float>(cosAngle), static_cast<float>(sinAngle)};
}

}  // namespace

void StereoPannerNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    smoothedPan_.prepare(spec.sampleRateHz, kRampTimeMs);
    smoothedPan_.setImmediate(pan_);
    scratch_.assign(2 * static_cast<size_t>(spec.maxBlockFrames), 0.0f);
}

void StereoPannerNode::reset() noexcept { smoothedPan_.setImmediate(smoothedPan_.target()); }

bool StereoPannerNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id != pan || std::isnan(value)) return false;
    const double clamped = kParameters[id].clamp(value);
    pan_ = clamped;
    if (immediate)
        smoothedPan_.setImmediate(clamped);
    else
        smoothedPan_.setTarget(clamped);
    return clamped == value;
}

double StereoPannerNode::parameter(uint32_t id) const noexcept {  // [any]
    return id == pan ? pan_ : std::nan("");
}

void StereoPannerNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    float* outL = out.channels[0];
    float* outR = out.numChannels > 1 ? out.channels[1] : nullptr;
    const uint32_t inChannels = io.inputs.empty() ? 0 : io.inputs[0].numChannels;

    if (inChannels == 0 || outR == nullptr) {  // nothing to pan (or a malformed output)
        for (uint32_t i = 0; i < frames; ++i) smoothedPan_.next();
        for (uint32_t ch = 0; ch < out.numChannels; ++ch)
            for (uint32_t i = 0; i < frames; ++i) out.channels[ch][i] = 0.0f;
        return;
    }

    AudioBlock in = io.inputs[0];
    if (inChannels > 2 && frames <= spec_.maxBlockFrames && !scratch_.empty()) {
        AudioBlock stereo;
        stereo.numChannels = 2;
        stereo.channels[0] = scratch_.data();
        stereo.channels[1] = scratch_.data() + spec_.maxBlockFrames;
        mixChannels(in.subBlock(0, frames), stereo);
        in = stereo;
    }
    const bool stereoInput = inChannels >= 2;
    const float* inL = in.channels[0];
    const float* inR = stereoInput ? in.channels[1] : nullptr;

    uint32_t frame = 0;
    PanGains g{};
    auto renderFrame = [&](uint32_t i, double p) noexcept {
        if (!stereoInput) {
            const float m = inL[i];
            outL[i] = m * g.left;
            outR[i] = m * g.right;
        } else if (p <= 0.0) {
            const float l = inL[i], r = inR[i];
            outL[i] = l + r * g.left;
            outR[i] = r * g.right;
        } else {
            const float l = inL[i], r = inR[i];
            outL[i] = l * g.left;
            outR[i] = r + l * g.right;
        }
    };
    for (; frame < frames && smoothedPan_.isRamping(); ++frame) {  // ramp: gains per frame
        const double p = smoothedPan_.next();
        g = gainsFor(p, stereoInput);
        renderFrame(frame, p);
    }
    const double p = smoothedPan_.current();
    g = gainsFor(p, stereoInput);
    for (; frame < frames; ++frame) renderFrame(frame, p);
    for (uint32_t ch = 2; ch < out.numChannels; ++ch)
        for (uint32_t i = 0; i < frames; ++i) out.channels[ch][i] = 0.0f;
}

}  // namespace wavegraph
