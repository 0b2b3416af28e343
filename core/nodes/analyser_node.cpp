#include "nodes/analyser_node.h"

#include <bit>

#include "dsp/channel_mixing.h"

namespace wavegraph {
namespace {

constexpr std::array<ParameterInfo, 4> kParameters{{
    {"fftSize", "", AnalyserSpectrum::kMinFftSize, AnalyserSpectrum::kMaxFftSize, AnalyserSpectrum::kDefaultFftSize, false},
    {"smoothingTimeConstant", "", 0.0, 1.0, AnalyserSpectrum::kDefaultSmoothingTimeConstant, false},
    {"minDecibels", "dB", -200.0, 20.0, AnalyserSpectrum::kDefaultMinDecibels, false},
    {"maxDecibels", "dB", -200.0, 20.0, AnalyserSpectrum::kDefaultMaxDecibels, false},
}};

}  // namespace

AnalyserNode::AnalyserNode() = default;  // [control]

std::span<const ParameterInfo> AnalyserNode::parameters() const noexcept { return kParameters; }

void AnalyserNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    tap_.prepare(spec, kTapCapacityFrames);
    frames_.assign(AnalyserSpectrum::kMaxFftSize, 0.0f);
}

Status AnalyserNode::validate(uint32_t id, double value) const {  // [control]
    if (id >= kParameters.size())
        return Status::error("parameter " + formatNumber(id) + " is out of range (0…" +
                             formatNumber(static_cast<double>(kParameters.size() - 1)) + ")");
    if (Status status = kParameters[id].validate(value); !status) return status;
    switch (id) {
        case kFftSize: return AnalyserSpectrum::validateFftSize(value);
        case kMinDecibels: return AnalyserSpectrum::validateDecibelRange(value, parameter(kMaxDecibels));
        case kMaxDecibels: return AnalyserSpectrum::validateDecibelRange(parameter(kMinDecibels), value);
        default: return Status::ok();
    }
}

bool AnalyserNode::setParameter(uint32_t id, double value) noexcept {  // [audio]
    if (id >= kParameters.size() || std::isnan(value)) return false;
    const double clamped = kParameters[id].clamp(value);
    switch (id) {
        case kFftSize: {
            if (clamped != value || clamped != std::floor(clamped) ||
                !std::has_single_bit(static_cast<uint32_t>(clamped)))
                return false;
            fftSize_.store(static_cast<uint32_t>(clamped), std::memory_order_release);
            return true;
        }
        case kSmoothingTimeConstant: smoothing_.store(clamped, std::memory_order_release); break;
        case kMinDecibels:
            if (!(clamped < maxDecibels_.load(std::memory_order_acquire))) return false;
            minDecibels_.store(clamped, std::memory_order_release);
            break;
        case kMaxDecibels:
            if (!(minDecibels_.load(std::memory_order_acquire) < clamped)) return false;
            maxDecibels_.store(clamped, std::memory_order_release);
            break;
        default: return false;
    }
    return clamped == value;
}

double AnalyserNode::parameter(uint32_t id) const noexcept {  // [any]
    switch (id) {
        case kFftSize: return fftSize_.load(std::memory_order_acquire);
        case kSmoothingTimeConstant: return smoothing_.load(std::memory_order_acquire);
        case kMinDecibels: return minDecibels_.load(std::memory_order_acquire);
        case kMaxDecibels: return maxDecibels_.load(std::memory_order_acquire);
        default: return std::nan("");
    }
}

void AnalyserNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    const uint32_t inChannels = io.inputs.empty() ? 0 : io.inputs[0].numChannels;
    copyDiscrete(io.inputs.empty() ? AudioBlock{} : io.inputs[0], out, frames);
    // The output's first inChannels channels now equal the input (even when in and out alias).
    tap_.push(out.channels.data(), inChannels < out.numChannels ? inChannels : out.numChannels, frames);
}

std::span<const float> AnalyserNode::capture() {  // [control]
    const uint32_t fftSize = fftSize_.load(std::memory_order_acquire);
    if (fftSize != spectrum_.fftSize()) spectrum_.setFftSize(fftSize);  // allocates (control side)
    spectrum_.setSmoothingTimeConstant(smoothing_.load(std::memory_order_acquire));
    // Min first: setParameter keeps the pair ordered, and a pair read mid-update is skipped.
    const double minDb = minDecibels_.load(std::memory_order_acquire);
    const double maxDb = maxDecibels_.load(std::memory_order_acquire);
    spectrum_.setDecibelRange(minDb, maxDb);  // refused (unchanged) if transiently inconsistent
    if (frames_.size() < fftSize) return {};  // not prepared: all zeros
    tap_.copyLatest(frames_.data(), fftSize);
    return {frames_.data(), fftSize};
}

void AnalyserNode::getFloatFrequencyData(std::span<float> out) {
    const auto frames = capture();
    spectrum_.getFloatFrequencyData(frames, out);
}

void AnalyserNode::getByteFrequencyData(std::span<uint8_t> out) {
    const auto frames = capture();
    spectrum_.getByteFrequencyData(frames, out);
}

void AnalyserNode::getFloatTimeDomainData(std::span<float> out) {
    const auto frames = capture();
    spectrum_.getFloatTimeDomainData(frames, out);
}

void AnalyserNode::getByteTimeDomainData(std::span<uint8_t> out) {
    const auto frames = capture();
    spectrum_.getByteTimeDomainData(frames, out);
}

}  // namespace wavegraph

namespace wavegraph {

bool AnalyserNode::copyStateFrom(const Node& other) noexcept {  // [audio]
    if (!canCopyStateFrom(*this, other)) return false;
    const auto& source = static_cast<const AnalyserNode&>(other);
    if (!tap_.copyFrom(source.tap_)) return false;
    fftSize_.store(source.fftSize_.load(std::memory_order_acquire), std::memory_order_release);
    smoothing_.store(source.smoothing_.load(std::memory_order_acquire), std::memory_order_release);
    minDecibels_.store(source.minDecibels_.load(std::memory_order_acquire), std::memory_order_release);
    maxDecibels_.store(source.maxDecibels_.load(std::memory_order_acquire), std::memory_order_release);
    return true;
}

}  // namespace wavegraph
