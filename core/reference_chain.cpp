#include "reference_chain.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "base/format_number.h"

namespace wavegraph {

namespace {
constexpr double kMinSourceLevelDb = -120.0, kMaxSourceLevelDb = 0.0;
}  // namespace

Status ReferenceChain::prepare(const ProcessSpec& spec, uint32_t commandRingCapacity) {  // [control]
    if (!(spec.sampleRateHz >= 1.0 && spec.sampleRateHz <= kMaxSampleRateHz))
        return Status::error("sampleRateHz " + formatNumber(spec.sampleRateHz) +
                             " is out of range (1…768000 Hz)");
    if (spec.numChannels < 1 || spec.numChannels > kMaxChannels)
        return Status::error("numChannels " + std::to_string(spec.numChannels) +
                             " is out of range (1…" + std::to_string(kMaxChannels) + ")");
    if (spec.maxBlockFrames < 1 || spec.maxBlockFrames > kMaxBlockFramesLimit)
        return Status::error("maxBlockFrames " + std::to_string(spec.maxBlockFrames) +
                             " is out of range (1…" + std::to_string(kMaxBlockFramesLimit) + ")");
    if (auto s = CommandRing::validateCapacity(commandRingCapacity); !s) return s;

    spec_ = spec;
    ring_ = std::make_unique<CommandRing>(commandRingCapacity);
    eq_.prepare(spec);
    analyser_.prepare(spec);
    masterGain_.prepare(spec);
    sineFrequencyHz_ = std::min(sineFrequencyHz_, 0.45 * spec.sampleRateHz);
    reset();
    return Status::ok();
}

std::string ReferenceChain::parameterName(uint32_t target, uint32_t p) {  // [control]
    switch (target) {
        case node::source:
            if (p == param::sourceKind) return "source.kind";
            if (p == param::sourceFrequencyHz) return "source.frequencyHz";
            if (p == param::sourceLevelDb) return "source.levelDb";
            return "";
        case node::eq: {
            if (p >= ParametricEq::kNumBands * 3) return "";
            static constexpr const char* kFields[] = {"gainDb", "frequencyHz", "q"};
            return "eq.band" + std::to_string(p / 3) + "." + kFields[p % 3];
        }
        case node::masterGain:
            return p == param::masterGainDb ? "masterGain.gainDb" : "";
        default:
            return "";
    }
}

Status ReferenceChain::validate(const CommandRecord& c) const {  // [control]
    if (c.target == node::eq) {
        if (auto s = eq_.validateBand(c.param / 3); !s) return s;
    }
    const std::string name = parameterName(c.target, c.param);
    if (name.empty())
        return Status::error("unknown parameter " + std::to_string(c.param) + " of node " +
                             std::to_string(c.target) +
                             " (nodes: 0 source, 1 eq, 3 masterGain)");
    if (!std::isfinite(c.value))
        return Status::error(name + " " + formatNumber(c.value) + " is not a finite number");
    switch (c.target) {
        case node::source:
            if (c.param == param::sourceKind && !(c.value == 0 || c.value == 1 || c.value == 2))
                return Status::error(name + " " + formatNumber(c.value) +
                                     " is not one of 0 (input), 1 (pink noise), 2 (sine)");
            if (c.param == param::sourceFrequencyHz &&
                !(c.value > 0 && c.value < 0.5 * spec_.sampleRateHz))
                return Status::error(name + " " + formatNumber(c.value) +
                                     " is out of range (0…" + formatNumber(0.5 * spec_.sampleRateHz) +
                                     " Hz, exclusive)");
            if (c.param == param::sourceLevelDb &&
                !(c.value >= kMinSourceLevelDb && c.value <= kMaxSourceLevelDb))
                return Status::error(name + " " + formatNumber(c.value) + " is out of range (" +
                                     formatNumber(kMinSourceLevelDb) + "…" +
                                     formatNumber(kMaxSourceLevelDb) + " dBFS)");
            return Status::ok();
        case node::eq: {
            const uint32_t band = c.param / 3;
            switch (c.param % 3) {
                case 0: return eq_.validateGainDb(band, c.value);
                case 1: return eq_.validateFrequencyHz(band, c.value);
                default: return eq_.validateQ(band, c.value);
            }
        }
        case node::masterGain:
            return SmoothedGain::validateGainDb(c.value);
        default:
            return Status::ok();
    }
}

Status ReferenceChain::applyNow(const CommandRecord& command) {  // [control]
    if (auto s = validate(command); !s) return s;
    apply(command);
    masterGain_.reset();  // no ramp: the value holds from the first frame
    return Status::ok();
}

void ReferenceChain::reset() noexcept {  // [audio]
    eq_.reset();
    masterGain_.reset();
    pinkNoise_.reset(1);
    sinePhase_ = 0.0;
}

bool ReferenceChain::apply(const CommandRecord& c) noexcept {  // [audio]
    bool ok = true;
    switch (c.target) {
        case node::source:
            if (c.param == param::sourceKind) {
                const double k = std::isnan(c.value) ? 0.0 : std::clamp(std::round(c.value), 0.0, 2.0);
                ok = k == c.value;
                sourceKind_ = static_cast<SourceKind>(static_cast<uint32_t>(k));
            } else if (c.param == param::sourceFrequencyHz) {
                ok = c.value > 0 && c.value < 0.5 * spec_.sampleRateHz;
                if (!std::isnan(c.value))
                    sineFrequencyHz_ = std::clamp(c.value, 0.0, 0.5 * spec_.sampleRateHz);
            } else if (c.param == param::sourceLevelDb) {
                ok = c.value >= kMinSourceLevelDb && c.value <= kMaxSourceLevelDb;
                if (!std::isnan(c.value))
                    sourceLevelLinear_ =
                        std::pow(10.0, std::clamp(c.value, kMinSourceLevelDb, kMaxSourceLevelDb) / 20.0);
            } else {
                ok = false;
            }
            break;
        case node::eq: {
            const uint32_t band = c.param / 3;
            switch (c.param % 3) {
                case 0: ok = eq_.setGainDb(band, c.value); break;
                case 1: ok = eq_.setFrequencyHz(band, c.value); break;
                default: ok = eq_.setQ(band, c.value); break;
            }
            break;
        }
        case node::masterGain:
            ok = c.param == param::masterGainDb && masterGain_.setGainDb(c.value);
            break;
        default:
            ok = false;
    }
    (ok ? commandsApplied_ : commandsRejected_).fetch_add(1, std::memory_order_relaxed);
    return ok;
}

void ReferenceChain::process(const float* const* input, uint32_t numInputChannels,
                             float* const* output, uint32_t numFrames) noexcept {  // [audio]
    bool shapeOk = output != nullptr && numFrames <= spec_.maxBlockFrames &&
                   (numInputChannels == 0 || input != nullptr);
    for (uint32_t ch = 0; shapeOk && ch < spec_.numChannels; ++ch) shapeOk = output[ch] != nullptr;
    for (uint32_t ch = 0; shapeOk && ch < numInputChannels; ++ch) shapeOk = input[ch] != nullptr;
    if (!shapeOk) {
        badBlocks_.fetch_add(1, std::memory_order_relaxed);
        // The caller's buffers hold numFrames frames (by contract), so silencing them is safe.
        if (output != nullptr)
            for (uint32_t ch = 0; ch < spec_.numChannels; ++ch)
                if (output[ch] != nullptr) std::fill_n(output[ch], numFrames, 0.0f);
        return;
    }

    // Drain the command ring at the top of the block (at most kMaxCommandsPerBlock records).
    uint32_t numPending = 0;
    auto& ring = ring_->view();
    while (numPending < kMaxCommandsPerBlock && ring.tryPop(pending_[numPending])) ++numPending;

    // Render up to each command's frame offset, apply it, continue (sample-accurate changes).
    uint32_t frame = 0;
    for (uint32_t i = 0; i < numPending; ++i) {
        // frameTime is read here as an offset into the block (negative: the block's start).
        const int64_t offset = pending_[i].frameTime < 0 ? 0 : pending_[i].frameTime;
        const uint32_t at = static_cast<uint32_t>(std::min<int64_t>(offset, numFrames == 0 ? 0 : numFrames - 1));
        if (at > frame) {
            renderSegment(input, numInputChannels, output, frame, at - frame);
            frame = at;
        }
        apply(pending_[i]);
    }
    if (frame < numFrames) renderSegment(input, numInputChannels, output, frame, numFrames - frame);
}

void ReferenceChain::renderSegment(const float* const* input, uint32_t numInputChannels,
                                   float* const* output, uint32_t startFrame,
                                   uint32_t numFrames) noexcept {  // [audio]
    AudioBlock block;
    block.numChannels = spec_.numChannels;
    block.numFrames = numFrames;
    for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) block.channels[ch] = output[ch] + startFrame;

    // 1. Source.
    switch (sourceKind_) {
        case SourceKind::input:
            for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) {
                if (numInputChannels == 0) {
                    std::fill_n(block.channels[ch], numFrames, 0.0f);
                } else {
                    const float* in = input[ch % numInputChannels] + startFrame;
                    if (in != block.channels[ch]) std::copy_n(in, numFrames, block.channels[ch]);
                }
            }
            break;
        case SourceKind::pinkNoise:
            for (uint32_t i = 0; i < numFrames; ++i) {
                const float s = static_cast<float>(pinkNoise_.next() * sourceLevelLinear_);
                for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) block.channels[ch][i] = s;
            }
            break;
        case SourceKind::sine: {
            const double increment = sineFrequencyHz_ / spec_.sampleRateHz;
            for (uint32_t i = 0; i < numFrames; ++i) {
                const float s = static_cast<float>(
                    sourceLevelLinear_ * std::sin(2.0 * std::numbers::pi * sinePhase_));
                sinePhase_ += increment;
                sinePhase_ -= std::floor(sinePhase_);
                for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) block.channels[ch][i] = s;
            }
            break;
        }
    }
    // 2. EQ, 3. analyser tap (post-EQ), 4. master gain.
    eq_.process(block);
    analyser_.push(block);
    masterGain_.process(block);
}

}  // namespace wavegraph
