#include "nodes/convolver_node.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "dsp/copy_frames.h"

namespace wavegraph {

ConvolverNode::ConvolverNode(std::shared_ptr<const Response> response, bool normalize)  // [control]
    : response_(std::move(response)), normalize_(normalize) {
    if (response_ && (response_->empty() || (*response_)[0].empty())) response_.reset();
}

Status ConvolverNode::make(const NodeOptions& options, std::shared_ptr<Node>& made) {  // [control]
    auto response = std::make_shared<Response>();
    if (auto s = options.readChannels("buffer", 4, kMaxResponseFrames, *response); !s) return s;
    if (response->size() == 3)
        return Status::error("buffer: 3 channels (a convolver takes 1, 2 or 4: mono, stereo or true stereo)");
    bool normalize = true;
    if (auto s = options.readBool("normalize", true, normalize); !s) return s;
    made = std::make_shared<ConvolverNode>(response->empty() ? nullptr : std::move(response), normalize);
    return Status::ok();
}

float ConvolverNode::normalizationScale(const Response& response, double sampleRateHz) noexcept {  // [any]
    constexpr float kMinPower = 0.000125f;
    constexpr double kGainCalibrationSampleRateHz = 44100.0;
    if (response.empty() || response[0].empty()) return 1.0f;
    double sumOfSquares = 0.0;
    for (const auto& channel : response)
        for (float v : channel) sumOfSquares += double(v) * double(v);
    const size_t samples = response.size() * response[0].size();
    float power = std::sqrt(static_cast<float>(sumOfSquares) / static_cast<float>(samples));
    if (!std::isfinite(power) || power < kMinPower) power = kMinPower;
    float scale = 1.0f / power;
    // 10^(−58/20): the gain calibration (−58 dB) that makes a normalized response about as loud
    // as the dry signal, with the calibration value in float as the W3C reference computes it.
    scale *= static_cast<float>(std::pow(10.0, static_cast<double>(-58.0f * 0.05f)));
    scale *= static_cast<float>(kGainCalibrationSampleRateHz / sampleRateHz);
    if (response.size() == 4) scale *= 0.5f;
    return scale;
}

void ConvolverNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    convolvers_.clear();
    scratch_.assign(3 * size_t{spec.maxBlockFrames}, 0.0f);
    if (!response_) return;
    const Response& response = *response_;
    scale_ = normalize_ ? normalizationScale(response, spec.sampleRateHz) : 1.0f;
    const size_t frames = response[0].size();
    const uint32_t partitionFrames = PartitionedConvolver::partitionFramesFor(frames);
    const size_t count = std::max<size_t>(response.size(), 2);
    convolvers_.resize(count);
    for (size_t c = 0; c < count; ++c)
        convolvers_[c].prepare(response[std::min(c, response.size() - 1)].data(), frames, scale_, partitionFrames);
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
    const size_t responseChannels = response_->size();
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
