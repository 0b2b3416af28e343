#pragma once
/// \file step_timeline.h
/// Where each step sounds, in frames at the rate the player was prepared for. Step k lasts
/// N_k = max(1, round(duration_k·fs)) frames; consecutive steps overlap by the crossfade
/// X_k = min(round(crossfade_duration·fs), ⌊N_k/2⌋, ⌊N_{k+1}/2⌋) frames (so a step's two
/// crossfades never overlap each other); S_0 = 0, S_{k+1} = S_k + N_k − X_k; the track lasts
/// S_last + N_last frames. During a crossfade both steps' voices sound (crossfade_curve.h).

#include <cstdint>
#include <vector>

#include "track/track_description.h"

namespace wavegraph {

/// Where step k sounds on the timeline, in frames at the prepared rate.
struct StepSpan {
    int64_t startFrame = 0;          ///< S_k, frames from the start of the track
    int64_t frames = 0;              ///< N_k
    int64_t crossfadeInFrames = 0;   ///< X_{k−1} (0 for the first step)
    int64_t crossfadeOutFrames = 0;  ///< X_k (0 for the last step)
};

/// One span per step. [control] Allocates.
std::vector<StepSpan> stepTimeline(const TrackDescription& track, double sampleRateHz);

/// Frames of the whole track (0 for no steps). [control]
int64_t timelineFrames(const std::vector<StepSpan>& spans) noexcept;

}  // namespace wavegraph
