#include "track/noise_voice.h"

#include "track/pan2.h"
#include "track/param_glide.h"

namespace wavegraph {

NoiseVoice::NoiseVoice(NoiseColor color, uint32_t seed, ParamGlide amp, ParamGlide pan, int64_t stepFrames,
                       double sampleRateHz, uint32_t maxBlockFrames)  // [control]
    : block_(maxBlockFrames, 0.0f), amp_(amp), pan_(pan), stepFrames_(stepFrames) {
    noise_.prepare({sampleRateHz, maxBlockFrames, 1});
    noise_.setParameterImmediate(NoiseNode::color, static_cast<double>(color));
    noise_.setParameterImmediate(NoiseNode::seed, static_cast<double>(seed));
    noise_.setParameterImmediate(NoiseNode::levelDb, 0.0);
    noise_.reset();
}

void NoiseVoice::restart() noexcept { noise_.reset(); }  // [audio]

void NoiseVoice::generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept {  // [audio]
    AudioBlock out;
    out.numChannels = 1;
    out.numFrames = numFrames;
    out.channels[0] = block_.data();
    NodeIo io;
    io.outputs = std::span<AudioBlock>(&out, 1);
    io.numFrames = numFrames;
    noise_.process(io);
    const bool panFixed = pan_.start == pan_.end;
    PanGains pan = pan2(pan_.start);
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double mono = glideAt(amp_, n, stepFrames_) * static_cast<double>(block_[i]);
        if (!panFixed) pan = pan2(glideAt(pan_, n, stepFrames_));
        left[i] = static_cast<float>(pan.left * mono);
        right[i] = static_cast<float>(pan.right * mono);
    }
}

}  // namespace wavegraph
