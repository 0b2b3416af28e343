#include "track/step_timeline.h"

#include <algorithm>
#include <cmath>

namespace wavegraph {

std::vector<StepSpan> stepTimeline(const TrackDescription& track, double sampleRateHz) {  // [control]
    std::vector<StepSpan> spans(track.steps.size());
    for (size_t k = 0; k < spans.size(); ++k)
        spans[k].frames = std::max<int64_t>(1, std::llround(track.steps[k].durationSeconds * sampleRateHz));
    const int64_t crossfade = std::llround(track.crossfadeSeconds * sampleRateHz);
    for (size_t k = 0; k + 1 < spans.size(); ++k) {
        const int64_t x = std::min({crossfade, spans[k].frames / 2, spans[k + 1].frames / 2});
        spans[k].crossfadeOutFrames = x;
        spans[k + 1].crossfadeInFrames = x;
    }
    for (size_t k = 1; k < spans.size(); ++k)
        spans[k].startFrame = spans[k - 1].startFrame + spans[k - 1].frames - spans[k - 1].crossfadeOutFrames;
    return spans;
}

int64_t timelineFrames(const std::vector<StepSpan>& spans) noexcept {  // [control]
    return spans.empty() ? 0 : spans.back().startFrame + spans.back().frames;
}

}  // namespace wavegraph
