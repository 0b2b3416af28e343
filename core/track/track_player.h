#pragma once
/// \file track_player.h
/// Plays a track (track_json.h, docs/tracks.md) block by block into planar stereo.
///
/// Lifecycle:
///   TrackPlayer player;
///   Status s = player.load(jsonText);        // [control] parse + validate (errors name the JSON path)
///   s = player.prepare({fs, maxBlock, 2});   // [control] builds every voice of every step up front
///   player.process(out, frames);             // [audio]   out[0] = left, out[1] = right
///
/// Steps start and end on exact frames (step_timeline.h); consecutive steps overlap by the
/// crossfade, both steps' voices sounding under crossfade_curve.h gains. Each voice is scaled by
/// its volume envelope (volume_envelope.h) and summed in voice order; the background noise is
/// added over the whole track. Every value is a function of the frame index (or, for noise, of
/// the frames produced so far), so the output does not depend on how a render is split into
/// blocks. After the last frame the player outputs silence, `finished()` turns true and
/// `endCount()` increments once.
///
/// Threads: load/prepare on the control thread while no process() runs. process(), seek()
/// on the audio thread. requestSeek() from one control thread (an SPSC queue, applied at the
/// top of the next process()). positionFrames/Seconds, finished, endCount from any thread.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/non_copyable.h"
#include "base/process_spec.h"
#include "base/status.h"
#include "rt/spsc_queue.h"
#include "track/step_timeline.h"
#include "track/track_description.h"
#include "track/voice.h"

namespace wavegraph {

/// Renders a track (docs/tracks.md) block by block into planar stereo (2 × frames).
class TrackPlayer : NonCopyable {
public:
    /// An unloaded player (process() outputs silence). [control]
    TrackPlayer();
    /// Frees the voices. [control]
    ~TrackPlayer();

    /// Parses and validates the track. On error nothing is kept (the player stays unloaded).
    /// [control] Allocates.
    Status load(std::string_view jsonText);
    /// The validated track (after a successful load). [control]
    const TrackDescription& description() const noexcept { return track_; }
    /// global_settings.sample_rate, Hz (the rate a render should use). [any]
    double trackSampleRateHz() const noexcept { return track_.sampleRateHz; }

    /// Builds the timeline at spec.sampleRateHz and every voice of every step, with block
    /// buffers of spec.maxBlockFrames; position 0. spec.numChannels must be 2 (planar stereo).
    /// Errors: not loaded; numChannels ≠ 2; sampleRateHz outside (0, 768000]; maxBlockFrames 0.
    /// [control] Allocates.
    Status prepare(const ProcessSpec& spec);

    /// Writes numFrames (any count; processed in chunks of maxBlockFrames) frames of planar
    /// stereo to output[0] (left) and output[1] (right), overwriting them. Silence before
    /// prepare() and after the end. [audio] noexcept: no allocation, lock or I/O.
    void process(float* const* output, uint32_t numFrames) noexcept;

    /// Moves the play position to round(seconds·fs), clamped to [0, duration]; stateful voices
    /// (noise) restart their sequence. [audio]
    void seek(double seconds) noexcept;
    /// Queues a seek for the top of the next process(). false when the queue (8) is full.
    /// [control] Wait-free.
    bool requestSeek(double seconds) noexcept;

    /// Frames / seconds played since the start (or the last seek). [any]
    int64_t positionFrames() const noexcept { return position_.load(std::memory_order_relaxed); }
    /// positionFrames() / the prepared sample rate, s. [any]
    double positionSeconds() const noexcept;
    /// Frames / seconds of the whole track at the prepared rate (0 before prepare). [any]
    int64_t durationFrames() const noexcept { return totalFrames_; }
    /// durationFrames() / the prepared sample rate, s (0 before prepare). [any]
    double durationSeconds() const noexcept;
    /// True once the last frame was played (false again after a seek back). [any]
    bool finished() const noexcept { return finished_.load(std::memory_order_acquire); }
    /// How many times the end was reached (the end-of-track event counter). [any]
    uint32_t endCount() const noexcept { return endCount_.load(std::memory_order_acquire); }
    /// The steps' frame spans (after prepare). [control]
    const std::vector<StepSpan>& timeline() const noexcept { return spans_; }

private:
    struct PreparedStep {
        std::vector<std::unique_ptr<Voice>> voices;
        const StepDescription* description = nullptr;
    };
    /// Renders frames [playFrame_, playFrame_ + numFrames) into left/right (numFrames ≤ maxBlockFrames).
    void renderChunk(float* left, float* right, uint32_t numFrames) noexcept;
    /// Adds step k's local frames [localStart, localStart + numFrames) into left/right.
    void renderStep(size_t k, int64_t localStart, uint32_t numFrames, float* left, float* right) noexcept;
    double stepGain(const StepSpan& span, int64_t n) const noexcept;

    TrackDescription track_;
    bool loaded_ = false;
    ProcessSpec spec_{};
    bool prepared_ = false;
    std::vector<StepSpan> spans_;
    std::vector<PreparedStep> steps_;
    std::unique_ptr<Voice> background_;
    std::vector<float> voiceLeft_, voiceRight_, stepLeft_, stepRight_;
    int64_t totalFrames_ = 0;
    int64_t playFrame_ = 0;  // [audio] next frame to play
    size_t firstStep_ = 0;   // [audio] first step that has not ended before playFrame_
    SpscQueue<double, 8> seekRequests_;
    std::atomic<int64_t> position_{0};
    std::atomic<bool> finished_{false};
    std::atomic<uint32_t> endCount_{0};
};

}  // namespace wavegraph
