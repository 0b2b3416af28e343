#pragma once
/// \file envelope_json.h
/// Reading a voice's "volume_envelope" (adsr, linen, trapezoid; docs/tracks.md). Internal to
/// core/track/.

#include <string>

#include "track/json_reading.h"

namespace wavegraph::track_json {

/// Reads `e` (an object, or null for none) at `path`; checks the times fit in the step
/// (attack + decay + release, fade_in + fade_out ≤ stepSeconds). [control]
Status readEnvelope(const json& e, const std::string& path, double stepSeconds, EnvelopeDescription& out);

}  // namespace wavegraph::track_json
