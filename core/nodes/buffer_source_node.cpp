#include "nodes/buffer_source_node.h"

#include <algorithm>
#include <cmath>

#include "base/format_number.h"

namespace wavegraph {

namespace {
// An optional number option in [min, max]; `fallback` when absent.
Status readSeconds(const NodeOptions& options, std::string_view name, double min, double max, double fallback,
                   double& out) {  // [control]
    return options.readNumber(name, min, max, fallback, out);
}
}  // namespace

Status BufferSourceNode::make(const NodeOptions& options, std::shared_ptr<Node>& made) {  // [control]
    std::shared_ptr<const AudioBuffer> buffer;
    if (auto s = options.readBuffer("buffer", buffer); !s) return s;
    BufferSourceSchedule schedule;
    constexpr double kForever = std::numeric_limits<double>::infinity();
    constexpr double kLongest = 1e9;  // seconds (about 31 years)
    if (auto s = readSeconds(options, "startTimeSec", 0.0, kLongest, 0.0, schedule.startTimeSec); !s) return s;
    if (auto s = readSeconds(options, "offsetSec", 0.0, kLongest, 0.0, schedule.offsetSec); !s) return s;
    if (auto s = readSeconds(options, "durationSec", 0.0, kLongest, kForever, schedule.durationSec); !s) return s;
    if (auto s = readSeconds(options, "stopTimeSec", 0.0, kLongest, kForever, schedule.stopTimeSec); !s) return s;
    if (auto s = options.readBool("loop", false, schedule.loop); !s) return s;
    if (auto s = readSeconds(options, "loopStartSec", 0.0, kLongest, 0.0, schedule.loopStartSec); !s) return s;
    if (auto s = readSeconds(options, "loopEndSec", 0.0, kLongest, 0.0, schedule.loopEndSec); !s) return s;
    made = std::make_shared<BufferSourceNode>(std::move(buffer), schedule);
    return Status::ok();
}

bool BufferSourceNode::set(uint32_t id, double value, bool /*immediate*/) noexcept {  // [audio]
    if (id >= values_.size() || std::isnan(value)) return false;
    const double clamped = kParameters[id].clamp(value);
    values_[id] = clamped;
    return clamped == value;
}

void BufferSourceNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    const double startFrames = schedule_.startTimeSec * spec.sampleRateHz;
    startFrame_ = static_cast<int64_t>(std::ceil(startFrames));
    startFrameOffset_ = startFrames - static_cast<double>(startFrame_);
    stopFrame_ = std::isfinite(schedule_.stopTimeSec)
                     ? static_cast<int64_t>(std::ceil(schedule_.stopTimeSec * spec.sampleRateHz))
                     : -1;
    reset();
}

void BufferSourceNode::reset() noexcept {  // [audio]
    playing_ = ended_ = false;
    endedFrame_ = -1;
    readIndex_ = playedFrames_ = 0.0;
    quantumStart_ = -1;
    playFrom_ = playTo_ = 0;
    finishAtQuantumEnd_ = false;
}

double BufferSourceNode::computedRate() const noexcept {  // [audio]
    const double sampleRateFactor = buffer_->sampleRateHz() / spec_.sampleRateHz;
    // Web Audio parameter values are float32, and Chromium divides the detune by 1200 in float32.
    double rate = sampleRateFactor * static_cast<double>(static_cast<float>(values_[playbackRate]));
    rate *= std::pow(2.0, static_cast<double>(static_cast<float>(values_[detuneCents]) / 1200.0f));
    return std::clamp(rate, -kMaxRate, kMaxRate);
}

void BufferSourceNode::finish(int64_t frame) noexcept {  // [audio]
    if (ended_) return;
    ended_ = true;
    playing_ = false;
    endedFrame_ = frame;
}

// The per-quantum decisions of Chromium's UpdateSchedulingInfo and RenderFromBuffer: which frames
// of the quantum play, the rate, the loop bounds, the start adjustments and the duration limit.
void BufferSourceNode::beginQuantum(int64_t quantumStart) noexcept {  // [audio]
    quantumStart_ = quantumStart;
    playFrom_ = playTo_ = 0;
    finishAtQuantumEnd_ = false;
    if (ended_) return;
    const int64_t quantumEnd = quantumStart + kQuantumFrames;
    if (stopFrame_ >= 0 && stopFrame_ <= quantumStart) {
        finish(std::max(stopFrame_, startFrame_));
        return;
    }
    if (startFrame_ >= quantumEnd) return;
    if (buffer_ == nullptr) {  // W3C: a source without a buffer plays silence and ends
        finish(std::max(startFrame_, quantumStart));
        return;
    }
    double startOffset = 0.0;
    if (!playing_) {
        playing_ = true;
        startOffset = startFrameOffset_;
        // ClampGrainParameters: the offset within the buffer, a whole frame at rate 1.
        const double offsetSec = std::clamp(schedule_.offsetSec, 0.0, buffer_->durationSeconds());
        const double offsetFrames = offsetSec * buffer_->sampleRateHz();
        readIndex_ =
            values_[playbackRate] == 1.0 && values_[detuneCents] == 0.0 ? std::round(offsetFrames) : offsetFrames;
        playedFrames_ = 0.0;
    }
    playFrom_ = startFrame_ > quantumStart ? static_cast<uint32_t>(startFrame_ - quantumStart) : 0;
    playTo_ = kQuantumFrames;
    if (stopFrame_ > quantumStart && stopFrame_ < quantumEnd) {
        playTo_ = std::max(playFrom_, static_cast<uint32_t>(stopFrame_ - quantumStart));
        finishAtQuantumEnd_ = true;
    }
    if (playTo_ == playFrom_) {
        if (finishAtQuantumEnd_) finish(quantumStart + playTo_);
        return;
    }

    const double length = static_cast<double>(buffer_->frames());
    loopStartFrame_ = 0.0;
    loopEndFrame_ = length;
    loopFrames_ = length;
    const double loopStart = schedule_.loopStartSec, loopEnd = schedule_.loopEndSec;
    if (schedule_.loop && (loopStart != 0.0 || loopEnd != 0.0) && loopStart >= 0.0 && loopEnd > 0.0 &&
        loopStart < loopEnd) {
        loopStartFrame_ = loopStart * buffer_->sampleRateHz();
        loopEndFrame_ = std::min(loopEnd * buffer_->sampleRateHz(), loopEndFrame_);
        loopFrames_ = loopEndFrame_ - loopStartFrame_;
    }
    rate_ = computedRate();
    if (std::abs(rate_) > loopFrames_) {  // a step longer than the loop: this quantum is silent
        playTo_ = playFrom_;
        return;
    }
    if (rate_ >= 0) {
        if (schedule_.loop && readIndex_ >= loopEndFrame_)
            readIndex_ = std::min(loopStart * buffer_->sampleRateHz(), length - 1.0);
        if (startOffset < 0 && rate_ != 0) {
            const double skipped = std::abs(startOffset * rate_);
            readIndex_ += skipped;
            playedFrames_ += skipped;
        }
    } else {
        if (schedule_.loop && readIndex_ < loopStartFrame_) readIndex_ = loopStartFrame_;
        if (startOffset < 0) {
            const double skipped = std::abs(startOffset * rate_);
            readIndex_ -= skipped;
            playedFrames_ += skipped;
        }
    }
    if (std::isfinite(schedule_.durationSec)) {
        const double left = schedule_.durationSec * buffer_->sampleRateHz() - playedFrames_;
        if (left <= 0.0) {
            playTo_ = playFrom_;
            finish(quantumStart + playFrom_);
            return;
        } else if (rate_ != 0.0) {
            const double untilLimit = std::ceil(left / std::abs(rate_));
            if (untilLimit < static_cast<double>(playTo_ - playFrom_)) {
                playTo_ = playFrom_ + static_cast<uint32_t>(untilLimit);
                finishAtQuantumEnd_ = true;
            }
        }
    }
}

// One frame of Chromium's ProcessInterpolatedPath and HandleLoopWrapping.
void BufferSourceNode::renderFrame(uint32_t q, float* const* out, uint32_t at) noexcept {  // [audio]
    const uint32_t channels = buffer_->numChannels();
    const auto silence = [&] {
        for (uint32_t ch = 0; ch < channels; ++ch) out[ch][at] = 0.0f;
    };
    if (ended_ || q < playFrom_ || q >= playTo_) {
        silence();
        return;
    }
    const size_t length = buffer_->frames();
    if (rate_ < 0 && readIndex_ >= static_cast<double>(length)) {  // reverse, still past the end
        silence();
        readIndex_ += rate_;
        playedFrames_ += std::abs(rate_);
        return;
    }
    const auto readIndex = static_cast<size_t>(readIndex_);
    const double factor = readIndex_ - static_cast<double>(readIndex);
    size_t readIndex2 = readIndex + 1;
    if (schedule_.loop && static_cast<double>(readIndex) < loopEndFrame_ &&
        static_cast<double>(readIndex2) >= loopEndFrame_) {
        const double next = readIndex_ + 1.0 - loopFrames_;
        readIndex2 = next >= 0 ? static_cast<size_t>(next) : 0;
    } else if (readIndex2 >= length) {
        readIndex2 = readIndex;
    }
    if (readIndex >= length || readIndex2 >= length) {
        silence();
        finish(quantumStart_ + q);
        return;
    }
    for (uint32_t ch = 0; ch < channels; ++ch) {
        const float* source = buffer_->channel(ch);
        double sample;
        if (readIndex == readIndex2 && readIndex >= 1) {
            const double sample1 = source[readIndex - 1];
            const double sample2 = source[readIndex];
            sample = sample2 + (sample2 - sample1) * factor;
        } else {
            const double sample1 = source[readIndex];
            const double sample2 = source[readIndex2];
            sample = (1.0 - factor) * sample1 + factor * sample2;
        }
        out[ch][at] = static_cast<float>(sample);
    }
    readIndex_ += rate_;
    playedFrames_ += std::abs(rate_);
    // HandleLoopWrapping.
    if (loopFrames_ <= 0) {
        finish(quantumStart_ + q + 1);
        return;
    }
    if (rate_ >= 0 && readIndex_ >= loopEndFrame_) {
        if (!schedule_.loop) {
            finish(quantumStart_ + q + 1);
            return;
        }
        const double overflow = readIndex_ - loopEndFrame_;
        readIndex_ = loopEndFrame_ - loopFrames_ + std::fmod(overflow, loopFrames_);
    } else if (rate_ < 0 && readIndex_ < loopStartFrame_) {
        if (!schedule_.loop) {
            finish(quantumStart_ + q + 1);
            return;
        }
        const double overflow = loopStartFrame_ - readIndex_;
        readIndex_ = loopStartFrame_ + loopFrames_ - std::fmod(overflow, loopFrames_);
    }
}

void BufferSourceNode::process(NodeIo& io) noexcept {  // [audio]
    AudioBlock& output = io.outputs[0];
    const uint32_t channels = output.numChannels;
    for (uint32_t i = 0; i < io.numFrames; ++i) {
        const int64_t frame = io.frameTime + i;
        const int64_t quantumStart = frame - (((frame % kQuantumFrames) + kQuantumFrames) % kQuantumFrames);
        if (quantumStart != quantumStart_) beginQuantum(quantumStart);
        const auto q = static_cast<uint32_t>(frame - quantumStart);
        if (buffer_ == nullptr || channels != buffer_->numChannels()) {
            for (uint32_t ch = 0; ch < channels; ++ch) output.channels[ch][i] = 0.0f;
        } else {
            renderFrame(q, output.channels.data(), i);
        }
        if (q + 1 == playTo_ && finishAtQuantumEnd_) finish(frame + 1);
    }
}

}  // namespace wavegraph
