#pragma once
/// \file json_reading.h
/// Shared pieces of the track JSON readers (track_json, voice_json, envelope_json): reading a
/// number against an allowed range, noise colours, seeds, and errors that start with the JSON
/// path. Internal to core/track/. [control] Allocates; never throws.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "track/track_description.h"

namespace wavegraph::track_json {

/// The JSON library's document type (nlohmann::json).
using json = nlohmann::json;

/// A parameter default meaning "required".
inline constexpr double kNoDefault = std::numeric_limits<double>::quiet_NaN();
/// Longest step (and envelope time), seconds.
inline constexpr double kMaxStepSeconds = 86400.0;

/// An allowed interval of a number; maxValue is replaced by Nyquist when belowNyquist.
struct Range {
    double minValue;    ///< Lower bound, in `unit`.
    double maxValue;    ///< Upper bound (inclusive), in `unit`.
    bool minExclusive;  ///< True: minValue itself is refused.
    bool belowNyquist;  ///< Also strictly below sample_rate/2.
    const char* unit;   ///< "Hz", "s" or "".
};

inline constexpr Range kAmp{0.0, 1.0, false, false, ""};   ///< Linear amplitude, 0…1.
inline constexpr Range kPan{-1.0, 1.0, false, false, ""};  ///< Pan, −1 (left)…1 (right).

/// "path: problem".
Status at(const std::string& path, const std::string& problem);
/// A number inside r (and below nyquistHz when r.belowNyquist) into out, else an error naming
/// the value and the allowed range, e.g. "…beat_freq: -3 is below 0 (allowed 0…1000 Hz)".
Status readNumber(const json& value, const std::string& path, const Range& r, double nyquistHz, double& out);
/// "white" | "pink" | "brown".
Status readColor(const json& value, const std::string& path, NoiseColor& out);
/// A whole number 0…4294967295.
Status readSeed(const json& value, const std::string& path, uint32_t& out);

}  // namespace wavegraph::track_json
