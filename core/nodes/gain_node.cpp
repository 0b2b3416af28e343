#include "nodes/gain_node.h"

#include <cmath>
#include "dsp/portable_math.h"

namespace wavegraph {

namespace {

/// x[i] · g for i < frames, in place (one pointer, so the loop vectorizes without an overlap
/// check). [audio]
void scaleInPlace(float* x, uint32_t frames, float g) noexcept {
    for (uint32_t i = 0; i < frames; ++i) x[i] *= g;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// scaleInPlace in 8-lane vectors: the same products. [audio]
__attribute__((target("avx2"))) void scaleInPlaceAvx2(float* x, uint32_t frames, float g) noexcept {
    for (uint32_t i = 0; i < frames; ++i) x[i] *= g;
}
#endif

}  // namespace

void GainNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    gain_.prepare(spec.sampleRateHz, kRampTimeMs);
    gain_.setImmediate(math::dbToGain(gainDb_));
}

void GainNode::reset() noexcept { gain_.setImmediate(gain_.target()); }  // [audio]

bool GainNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id != gainDb || std::isnan(value)) return false;
    const double clamped = kParameters[id].clamp(value);
    gainDb_ = clamped;
    const double linear = math::dbToGain(clamped);
    if (immediate)
        gain_.setImmediate(linear);
    else
        gain_.setTarget(linear);
    return clamped == value;
}

double GainNode::parameter(uint32_t id) const noexcept {  // [any]
    return id == gainDb ? gainDb_ : std::nan("");
}

void GainNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    const uint32_t inChannels = io.inputs.empty() ? 0 : io.inputs[0].numChannels;
    const uint32_t channels = inChannels < out.numChannels ? inChannels : out.numChannels;
    if (const double* gainDbValues = paramValues(gainDb)) {  // automated: one gain per frame
        for (uint32_t i = 0; i < frames; ++i) {
            const auto g = static_cast<float>(math::dbToGain(gainDbValues[i]));
            for (uint32_t ch = 0; ch < channels; ++ch) out.channels[ch][i] = g * io.inputs[0].channels[ch][i];
        }
        for (uint32_t ch = channels; ch < out.numChannels; ++ch)
            for (uint32_t i = 0; i < frames; ++i) out.channels[ch][i] = 0.0f;
        return;
    }
    uint32_t frame = 0;
    // Ramp: one gain per frame, advanced once per frame whatever the block split.
    for (; frame < frames && gain_.isRamping(); ++frame) {
        const float g = static_cast<float>(gain_.next());
        for (uint32_t ch = 0; ch < channels; ++ch) out.channels[ch][frame] = g * io.inputs[0].channels[ch][frame];
    }
    const float g = static_cast<float>(gain_.current());
    for (uint32_t ch = 0; ch < channels; ++ch) {
        const float* in = io.inputs[0].channels[ch];
        float* dst = out.channels[ch];
        // In place (the graph runs gain nodes in place when it can): one pointer, so the loop
        // vectorizes without the overlap check that would send it down the scalar path.
        // g · x is the same product either way.
        if (in == dst) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
            if (__builtin_cpu_supports("avx2")) {
                scaleInPlaceAvx2(dst + frame, frames - frame, g);
                continue;
            }
#endif
            scaleInPlace(dst + frame, frames - frame, g);
        } else
            for (uint32_t i = frame; i < frames; ++i) dst[i] = g * in[i];
    }
    for (uint32_t ch = channels; ch < out.numChannels; ++ch)
        for (uint32_t i = 0; i < frames; ++i) out.channels[ch][i] = 0.0f;
}

}  // namespace wavegraph
