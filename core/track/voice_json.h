#pragma once
/// \file voice_json.h
/// Reading one voice of a step: synth_function_name, params (a table of names, units, ranges
/// and defaults per synth; start_/end_ glides for sine_varying and is_transition voices),
/// volume_envelope, is_transition (docs/tracks.md). Internal to core/track/.

#include <cstddef>
#include <string>

#include "track/json_reading.h"

namespace wavegraph::track_json {

/// Reads voice `index` of a step of stepSeconds at `path`. previousStep (null for the first
/// step) gives is_transition voices their start values. [control]
Status readVoice(const json& v, const std::string& path, double nyquistHz, double stepSeconds,
                 const StepDescription* previousStep, size_t index, VoiceDescription& voice);

}  // namespace wavegraph::track_json
