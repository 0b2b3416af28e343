#include "nodes/analyser_node.h"

#include <bit>

#include "base/format_number.h"
#include "dsp/channel_mixing.h"

namespace wavegraph {
namespace {

constexpr std::array<ParameterInfo, 4> kParameters{{
    {"fftSize", "", AnalyserNode::kMinFftSize, AnalyserNode::kMaxFftSize, AnalyserNode::kDefaultFftSize, false},
    {"smoothingTimeConstant", "", 0.0, 1.0, AnalyserNode::kDefaultSmoothingTimeConstant, false},
    {"minDecibels", "dB", -200.0, 20.0, AnalyserNode::kDefaultMinDecibels, false},
    {"maxDecibels", "dB", -200.0, 20.0, AnalyserNode::kDefaultMaxDecibels, false},
}};

/// Ok, or "fftSize <v> is not a power of two in range (32…32768)". [any]
Status validateFftSize(double fftSize) {
    const bool inRange = fftSize >= AnalyserNode::kMinFftSize && fftSize <= AnalyserNode::kMaxFftSize;
    if (!inRange || fftSize != std::floor(fftSize) || !std::has_single_bit(static_cast<uint32_t>(fftSize)))
        return Status::error("fftSize " + formatNumber(fftSize) + " is not a power of two in range (" +
                             formatNumber(AnalyserNode::kMinFftSize) + "…" + formatNumber(AnalyserNode::kMaxFftSize) +
                             ")");
    return Status::ok();
}

/// Ok, or "minDecibels <a> must be less than maxDecibels <b>". [any]
Status validateDecibelRange(double minDecibels, double maxDecibels) {
    if (!(minDecibels < maxDecibels))
        return Status::error("minDecibels " + formatNumber(minDecibels) + " must be less than maxDecibels " +
                             formatNumber(maxDecibels));
    return Status::ok();
}

}  // namespace

std::span<const ParameterInfo> AnalyserNode::parameters() const noexcept { return kParameters; }

void AnalyserNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    tap_.prepare(spec, kTapCapacityFrames);
}

Status AnalyserNode::validate(uint32_t id, double value) const {  // [control]
    if (id >= kParameters.size())
        return Status::error("parameter " + formatNumber(id) + " is out of range (0…" +
                             formatNumber(static_cast<double>(kParameters.size() - 1)) + ")");
    if (Status status = kParameters[id].validate(value); !status) return status;
    switch (id) {
        case kFftSize: return validateFftSize(value);
        case kMinDecibels: return validateDecibelRange(value, parameter(kMaxDecibels));
        case kMaxDecibels: return validateDecibelRange(parameter(kMinDecibels), value);
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
    copyDiscrete(io.inputs.empty() ? kNoChannels : io.inputs[0], out, frames);
    if (!observed_.load(std::memory_order_relaxed)) return;  // nobody reads the tap
    // The output's first inChannels channels now equal the input (even when in and out alias).
    tap_.push(out.channels.data(), inChannels < out.numChannels ? inChannels : out.numChannels, frames);
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
