#include "track/noise_voice.h"

#include "track/pan2.h"

namespace wavegraph {

NoiseVoice::NoiseVoice(NoiseColor color, uint32_t seed, ParamGlide amp, ParamGlide pan, int64_t stepFrames,
                       double sampleRateHz, uint32_t maxBlockFrames)  // [control]
    : block_(maxBlockFrames, 0.0f), amp_(amp, stepFrames), pan_(pan, stepFrames) {
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
    PanGains pan = pan2(pan_.at(startFrame));
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double mono = amp_.at(n) * static_cast<double>(block_[i]);
        if (!pan_.constant()) pan = pan2(pan_.at(n));
        left[i] = static_cast<float>(pan.left * mono);
        right[i] = static_cast<float>(pan.right * mono);
    }
}

}  // namespace wavegraph
