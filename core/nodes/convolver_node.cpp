#include "nodes/convolver_node.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "dsp/copy_frames.h"

namespace wavegraph {

ConvolverNode::ConvolverNode(std::shared_ptr<const AudioBuffer> response, bool normalize)  // [control]
    : response_(std::move(response)), normalize_(normalize) {}

Status ConvolverNode::make(const NodeOptions& options, std::shared_ptr<Node>& made) {  // [control]
    std::shared_ptr<const AudioBuffer> response;
    if (auto s = options.readBuffer("buffer", response); !s) return s;
    if (response && response->numChannels() != 1 && response->numChannels() != 2 && response->numChannels() != 4)
        return Status::error("buffer: " + std::to_string(response->numChannels()) +
                             " channels (a convolver takes 1, 2 or 4: mono, stereo or true stereo)");
    bool normalize = true;
    if (auto s = options.readBool("normalize", true, normalize); !s) return s;
    made = std::make_shared<ConvolverNode>(std::move(response), normalize);
    return Status::ok();
}

float ConvolverNode::normalizationScale(const AudioBuffer& response) noexcept {  // [any]
    constexpr float kMinPower = 0.000125f;
    constexpr double kGainCalibrationSampleRateHz = 44100.0;
    double sumOfSquares = 0.0;
    for (uint32_t c = 0; c < response.numChannels(); ++c) {
        const float* channel = response.channel(c);
        for (size_t n = 0; n < response.frames(); ++n) sumOfSquares += double(channel[n]) * double(channel[n]);
    }
    const size_t samples = size_t{response.numChannels()} * response.frames();
    float power = std::sqrt(static_cast<float>(sumOfSquares) / static_cast<float>(samples));
    if (!std::isfinite(power) || power < kMinPower) power = kMinPower;
    float scale = 1.0f / power;
    // 10^(−58/20): the gain calibration (−58 dB) that makes a normalized response about as loud
    // as the dry signal, with the calibration value in float as the W3C reference computes it.
    scale *= static_cast<float>(std::pow(10.0, static_cast<double>(-58.0f * 0.05f)));
    scale *= static_cast<float>(kGainCalibrationSampleRateHz / response.sampleRateHz());
    if (response.numChannels() == 4) scale *= 0.5f;
    return scale;
}

void ConvolverNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    convolvers_.clear();
    scratch_.assign(3 * size_t{spec.maxBlockFrames}, 0.0f);
    prepareStatus_ = Status::ok();
    if (!response_) return;
    const AudioBuffer& response = *response_;
    if (response.sampleRateHz() != spec.sampleRateHz) {
        prepareStatus_ =
            Status::error("buffer: " + std::to_string(static_cast<long long>(response.sampleRateHz())) +
                          " Hz, not the engine's " + std::to_string(static_cast<long long>(spec.sampleRateHz)) +
                          " Hz (a convolver's response must be at the engine's sample rate)");
        return;
    }
    scale_ = normalize_ ? normalizationScale(response) : 1.0f;
    const size_t frames = response.frames();
    const uint32_t partitionFrames = PartitionedConvolver::partitionFramesFor(frames);
    const uint32_t channels = response.numChannels();
    const uint32_t count = std::max(channels, 2u);
    convolvers_.resize(count);
    for (uint32_t c = 0; c < count; ++c)
        convolvers_[c].prepare(response.channel(std::min(c, channels - 1)), frames, scale_, partitionFrames);
}

void ConvolverNode::reset() noexcept {  // [audio]
    for (auto& c : convolvers_) c.reset();
}

bool ConvolverNode::copyStateFrom(const Node& other) noexcept {  // [audio]
    if (!canCopyStateFrom(*this, other)) return false;
    const auto& from = static_cast<const ConvolverNode&>(other);
    if (from.convolvers_.size() != convolvers_.size()) return false;
    for (size_t c = 0; c < convolvers_.size(); ++c)
        if (from.convolvers_[c].partitionFrames() != convolvers_[c].partitionFrames() ||
            from.convolvers_[c].tailPartitions() != convolvers_[c].tailPartitions())
            return false;
    for (size_t c = 0; c < convolvers_.size(); ++c) convolvers_[c].copyStateFrom(from.convolvers_[c]);
    return true;
}

void ConvolverNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    const uint32_t inChannels = io.inputs.empty() ? 0 : io.inputs[0].numChannels;
    if (convolvers_.empty() || inChannels == 0 || out.numChannels == 0) {
        for (uint32_t ch = 0; ch < out.numChannels; ++ch) std::fill_n(out.channels[ch], frames, 0.0f);
        return;
    }
    const float* inLeft = io.inputs[0].channels[0];
    const float* inRight = inChannels >= 2 ? io.inputs[0].channels[1] : inLeft;
    float* partLeft = scratch_.data();
    float* partRight = partLeft + spec_.maxBlockFrames;
    float* left = out.channels[0];
    float* right = out.numChannels >= 2 ? out.channels[1] : partRight + spec_.maxBlockFrames;
    const uint32_t responseChannels = response_->numChannels();
    if (responseChannels == 1 && inChannels == 1) {
        convolvers_[0].process(inLeft, left, frames);
        if (out.numChannels >= 2) copyFrames(right, left, frames);
    } else {
        convolvers_[0].process(inLeft, left, frames);
        if (responseChannels == 4) {
            convolvers_[1].process(inLeft, right, frames);
            convolvers_[2].process(inRight, partLeft, frames);
            convolvers_[3].process(inRight, partRight, frames);
            for (uint32_t i = 0; i < frames; ++i) left[i] += partLeft[i];
            for (uint32_t i = 0; i < frames; ++i) right[i] += partRight[i];
        } else {
            convolvers_[1].process(inRight, right, frames);
        }
        if (out.numChannels == 1)
            for (uint32_t i = 0; i < frames; ++i) left[i] = 0.5f * (left[i] + right[i]);
    }
    for (uint32_t ch = 2; ch < out.numChannels; ++ch) std::fill_n(out.channels[ch], frames, 0.0f);
}

}  // namespace wavegraph
