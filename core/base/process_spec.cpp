#include "base/process_spec.h"

#include <string>

#include "base/format_number.h"

namespace wavegraph {

Status validateSpec(const ProcessSpec& spec) {  // [control]
    if (!(spec.sampleRateHz >= 1.0 && spec.sampleRateHz <= kMaxSampleRateHz))
        return Status::error("sampleRateHz " + formatNumber(spec.sampleRateHz) + " is out of range (1…768000 Hz)");
    if (spec.numChannels < 1 || spec.numChannels > kMaxChannels)
        return Status::error("numChannels " + std::to_string(spec.numChannels) + " is out of range (1…" +
                             std::to_string(kMaxChannels) + ")");
    if (spec.maxBlockFrames < 1 || spec.maxBlockFrames > kMaxBlockFramesLimit)
        return Status::error("maxBlockFrames " + std::to_string(spec.maxBlockFrames) + " is out of range (1…" +
                             std::to_string(kMaxBlockFramesLimit) + ")");
    return Status::ok();
}

}  // namespace wavegraph
