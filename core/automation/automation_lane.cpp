#include "automation/automation_lane.h"

#include <cmath>

#include "dsp/portable_math.h"

namespace wavegraph {

int64_t AutomationLane::firstFrame(int64_t index) const noexcept {  // [audio]
    if (index < 0) return 0;
    if (static_cast<size_t>(index) >= segments.size()) return std::numeric_limits<int64_t>::max();
    return static_cast<int64_t>(std::ceil(segments[static_cast<size_t>(index)].startFrame));
}

int64_t AutomationLane::segmentAt(int64_t k, int64_t hint) const noexcept {  // [audio]
    int64_t index = hint < -1 ? -1 : hint;
    if (index >= static_cast<int64_t>(segments.size())) index = static_cast<int64_t>(segments.size()) - 1;
    while (index >= 0 && firstFrame(index) > k) --index;  // a cursor past k (a render went back)
    while (firstFrame(index + 1) <= k) ++index;
    return index;
}

bool AutomationLane::varies(int64_t index) const noexcept {  // [audio]
    return index >= 0 && static_cast<size_t>(index) < segments.size() &&
           segments[static_cast<size_t>(index)].shape != SegmentShape::constant;
}

int64_t AutomationLane::segmentAtTime(double frame) const noexcept {  // [any]
    int64_t index = -1;
    while (static_cast<size_t>(index + 1) < segments.size() &&
           segments[static_cast<size_t>(index + 1)].startFrame <= frame)
        ++index;
    return index;
}

double AutomationLane::valueAtTime(int64_t index, double frame) const noexcept {  // [any]
    const AutomationSegment& s = segments[static_cast<size_t>(index)];
    switch (s.shape) {
        case SegmentShape::constant: return s.v0;
        case SegmentShape::linear: return s.v0 + (s.v1 - s.v0) * ((frame - s.frame0) / (s.frame1 - s.frame0));
        case SegmentShape::exponential:
            return s.v0 * math::exp2(s.log2Ratio * ((frame - s.frame0) / (s.frame1 - s.frame0)));
        case SegmentShape::target: return s.v1 + (s.v0 - s.v1) * math::exp(-(frame - s.frame0) / s.timeConstantFrames);
        case SegmentShape::curve: {
            const double last = static_cast<double>(s.curveLength - 1);
            const double position = last * (frame - s.frame0) / (s.frame1 - s.frame0);
            const double* points = curvePoints.data() + s.curveOffset;
            if (!(position < last)) return points[s.curveLength - 1];
            const double below = std::floor(position < 0.0 ? 0.0 : position);
            const auto i = static_cast<uint32_t>(below);
            return points[i] + (points[i + 1] - points[i]) * (position - below);
        }
    }
    return s.v0;
}

}  // namespace wavegraph
