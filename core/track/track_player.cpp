#include "track/track_player.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "track/crossfade_curve.h"
#include "track/noise_voice.h"
#include "track/track_json.h"
#include "track/voice_factory.h"
#include "track/volume_envelope.h"

namespace wavegraph {

TrackPlayer::TrackPlayer() = default;
TrackPlayer::~TrackPlayer() = default;

Status TrackPlayer::load(std::string_view jsonText) {  // [control]
    TrackDescription parsed;
    if (auto s = parseTrackJson(jsonText, parsed); !s) return s;
    track_ = std::move(parsed);
    loaded_ = true;
    prepared_ = false;
    return Status::ok();
}

Status TrackPlayer::prepare(const ProcessSpec& spec) {  // [control]
    if (!loaded_) return Status::error("no track loaded (call load with the track's JSON first)");
    if (spec.numChannels != 2)
        return Status::error("numChannels " + std::to_string(spec.numChannels) +
                             " is not 2 (tracks play planar stereo)");
    if (!(spec.sampleRateHz > 0.0 && spec.sampleRateHz <= 768000.0))
        return Status::error("sampleRateHz " + std::to_string(spec.sampleRateHz) +
                             " is out of range (above 0 up to 768000 Hz)");
    if (spec.maxBlockFrames == 0) return Status::error("maxBlockFrames 0 is out of range (at least 1)");
    prepared_ = false;
    spec_ = spec;
    spans_ = stepTimeline(track_, spec.sampleRateHz);
    totalFrames_ = timelineFrames(spans_);
    steps_.clear();
    steps_.resize(track_.steps.size());
    for (size_t k = 0; k < steps_.size(); ++k) {
        steps_[k].description = &track_.steps[k];
        for (const auto& voice : track_.steps[k].voices)
            steps_[k].voices.push_back(makeVoice(voice, spans_[k].frames, spec.sampleRateHz, spec.maxBlockFrames));
    }
    background_.reset();
    if (track_.background.enabled) {
        const auto& b = track_.background;
        background_ =
            std::make_unique<NoiseVoice>(b.color, b.seed, ParamGlide{b.amp, b.amp}, ParamGlide{b.pan, b.pan},
                                         std::max<int64_t>(1, totalFrames_), spec.sampleRateHz, spec.maxBlockFrames);
    }
    for (auto* buffer : {&voiceLeft_, &voiceRight_, &stepLeft_, &stepRight_}) buffer->assign(spec.maxBlockFrames, 0.0f);
    playFrame_ = 0;
    firstStep_ = 0;
    double drained = 0.0;
    while (seekRequests_.tryPop(drained)) {}
    position_.store(0, std::memory_order_relaxed);
    finished_.store(false, std::memory_order_release);
    endCount_.store(0, std::memory_order_release);
    prepared_ = true;
    return Status::ok();
}

double TrackPlayer::positionSeconds() const noexcept {  // [any]
    return static_cast<double>(positionFrames()) / spec_.sampleRateHz;
}

double TrackPlayer::durationSeconds() const noexcept {  // [any]
    return static_cast<double>(totalFrames_) / spec_.sampleRateHz;
}

bool TrackPlayer::requestSeek(double seconds) noexcept { return seekRequests_.tryPush(seconds); }  // [control]

void TrackPlayer::seek(double seconds) noexcept {  // [audio]
    if (!prepared_) return;
    const double frames = std::isfinite(seconds) ? std::round(seconds * spec_.sampleRateHz) : 0.0;
    playFrame_ = static_cast<int64_t>(std::clamp(frames, 0.0, static_cast<double>(totalFrames_)));
    firstStep_ = 0;
    while (firstStep_ < spans_.size() && spans_[firstStep_].startFrame + spans_[firstStep_].frames <= playFrame_)
        ++firstStep_;
    for (auto& step : steps_)
        for (auto& voice : step.voices) voice->restart();
    if (background_) background_->restart();
    position_.store(playFrame_, std::memory_order_relaxed);
    finished_.store(playFrame_ >= totalFrames_, std::memory_order_release);
}

void TrackPlayer::process(float* const* output, uint32_t numFrames) noexcept {  // [audio]
    std::memset(output[0], 0, sizeof(float) * numFrames);
    std::memset(output[1], 0, sizeof(float) * numFrames);
    if (!prepared_) return;
    double seconds = 0.0;
    while (seekRequests_.tryPop(seconds)) seek(seconds);
    uint32_t done = 0;
    while (done < numFrames && playFrame_ < totalFrames_) {
        const auto chunk = static_cast<uint32_t>(
            std::min<int64_t>({numFrames - done, spec_.maxBlockFrames, totalFrames_ - playFrame_}));
        renderChunk(output[0] + done, output[1] + done, chunk);
        done += chunk;
        playFrame_ += chunk;
        if (playFrame_ >= totalFrames_) {
            finished_.store(true, std::memory_order_release);
            endCount_.fetch_add(1, std::memory_order_acq_rel);
        }
    }
    position_.store(playFrame_, std::memory_order_relaxed);
}

void TrackPlayer::renderChunk(float* left, float* right, uint32_t numFrames) noexcept {  // [audio]
    const int64_t chunkEnd = playFrame_ + numFrames;
    for (size_t k = firstStep_; k < spans_.size() && spans_[k].startFrame < chunkEnd; ++k) {
        const StepSpan& span = spans_[k];
        const int64_t stepEnd = span.startFrame + span.frames;
        if (stepEnd <= playFrame_) {
            if (k == firstStep_) ++firstStep_;
            continue;
        }
        const int64_t from = std::max(playFrame_, span.startFrame);
        const int64_t to = std::min(chunkEnd, stepEnd);
        renderStep(k, from - span.startFrame, static_cast<uint32_t>(to - from), left + (from - playFrame_),
                   right + (from - playFrame_));
    }
    if (background_) {
        background_->generate(voiceLeft_.data(), voiceRight_.data(), playFrame_, numFrames);
        for (uint32_t i = 0; i < numFrames; ++i) {
            left[i] += voiceLeft_[i];
            right[i] += voiceRight_[i];
        }
    }
}

double TrackPlayer::stepGain(const StepSpan& span, int64_t n) const noexcept {  // [audio]
    double gain = 1.0;
    if (span.crossfadeInFrames > 0 && n < span.crossfadeInFrames)
        gain *=
            crossfadeGains(track_.crossfadeCurve, static_cast<double>(n) / static_cast<double>(span.crossfadeInFrames))
                .in;
    const int64_t fadeOutStart = span.frames - span.crossfadeOutFrames;
    if (span.crossfadeOutFrames > 0 && n >= fadeOutStart)
        gain *= crossfadeGains(track_.crossfadeCurve,
                               static_cast<double>(n - fadeOutStart) / static_cast<double>(span.crossfadeOutFrames))
                    .out;
    return gain;
}

void TrackPlayer::renderStep(size_t k, int64_t localStart, uint32_t numFrames, float* left,
                             float* right) noexcept {  // [audio]
    const StepSpan& span = spans_[k];
    const PreparedStep& step = steps_[k];
    float* stepLeft = stepLeft_.data();
    float* stepRight = stepRight_.data();
    std::memset(stepLeft, 0, sizeof(float) * numFrames);
    std::memset(stepRight, 0, sizeof(float) * numFrames);
    for (size_t v = 0; v < step.voices.size(); ++v) {
        step.voices[v]->generate(voiceLeft_.data(), voiceRight_.data(), localStart, numFrames);
        const EnvelopeDescription& envelope = step.description->voices[v].envelope;
        if (volumeEnvelopeIsUnity(envelope, localStart, numFrames, span.frames, spec_.sampleRateHz)) {
            for (uint32_t i = 0; i < numFrames; ++i) {
                stepLeft[i] += voiceLeft_[i];
                stepRight[i] += voiceRight_[i];
            }
            continue;
        }
        for (uint32_t i = 0; i < numFrames; ++i) {
            const double gain = volumeEnvelopeAt(envelope, localStart + i, span.frames, spec_.sampleRateHz);
            stepLeft[i] += static_cast<float>(gain * voiceLeft_[i]);
            stepRight[i] += static_cast<float>(gain * voiceRight_[i]);
        }
    }
    const bool crossfading =
        localStart < span.crossfadeInFrames || localStart + numFrames > span.frames - span.crossfadeOutFrames;
    for (uint32_t i = 0; i < numFrames; ++i) {
        if (crossfading) {
            const double gain = stepGain(span, localStart + i);
            left[i] += static_cast<float>(gain * stepLeft[i]);
            right[i] += static_cast<float>(gain * stepRight[i]);
        } else {
            left[i] += stepLeft[i];
            right[i] += stepRight[i];
        }
    }
}

}  // namespace wavegraph
