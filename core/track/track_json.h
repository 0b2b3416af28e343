#pragma once
/// \file track_json.h
/// Parsing and validating a track description (JSON; format in docs/tracks.md):
///
/// ```json
/// { "global_settings": { "sample_rate": 48000, "crossfade_duration": 2.0, "crossfade_curve": "equal_power" },
///   "background_noise": { "type": "pink", "amp": 0.1, "pan": 0.0 },
///   "steps": [ { "duration": 30.0,
///                "voices": [ { "synth_function_name": "binaural_beat",
///                              "params": { "amp": 0.5, "base_freq": 200, "beat_freq": 10 },
///                              "volume_envelope": { "type": "linen", "params": { "fade_in": 1, "fade_out": 1 } },
///                              "is_transition": false } ] } ] }
/// ```
///
/// Every error is one line starting with the JSON path of the bad value, e.g.
/// `steps[2].voices[0].params.beat_freq: -3 is below 0 (allowed 0…1000 Hz)`; unknown keys in
/// params and envelope params are errors (typos never pass silently).

#include <string_view>

#include "base/status.h"
#include "track/track_description.h"

namespace wavegraph {

/// Parses `text` into `out` (overwritten). Frequencies are checked against the Nyquist rate of
/// global_settings.sample_rate. Never throws. [control] Allocates.
Status parseTrackJson(std::string_view text, TrackDescription& out);

}  // namespace wavegraph
