#pragma once
/// \file parameter_info.h
/// What a UI or a validator needs to know about one parameter of a node, discoverable at run time.

#include <cmath>
#include <string>
#include <string_view>

#include "base/format_number.h"
#include "base/status.h"

namespace wavegraph {

/// One parameter: name (camelCase with its unit in the name where the field does, e.g.
/// "frequencyHz", "gainDb", "q", "timeMs"), unit ("Hz", "dB", "ms", "" for plain numbers),
/// inclusive range, default, and whether changes are smoothed (ramped) on the audio thread.
struct ParameterInfo {
    std::string_view name;      ///< camelCase name, e.g. "frequencyHz".
    std::string_view unit;      ///< "Hz", "dB", "ms", … or "" for plain numbers.
    double minValue = 0.0;      ///< Smallest value (inclusive), in `unit`.
    double maxValue = 1.0;      ///< Largest value (inclusive), in `unit`.
    double defaultValue = 0.0;  ///< Value before any setting, in `unit`.
    bool smoothed = false;      ///< true: ramped over the node's ramp time; false: stepped at once
    /// true: [minValue, maxValue] is the W3C Web Audio nominal range of the matching AudioParam:
    /// a finite value outside it is accepted and clamped into it (as an AudioParam's computed
    /// value is), and a frequency's maxValue is Nyquist itself, inclusive. false: a value outside
    /// [minValue, maxValue] is refused. NaN and ±Inf are refused either way.
    bool webAudioNominalRange = false;

    /// true for frequencies (unit "Hz") with a refused range: every host also refuses a value at
    /// or above Nyquist (sampleRate / 2), whatever maxValue says. A frequency with a Web Audio
    /// nominal range is clamped to [minValue, Nyquist] instead. [any]
    bool belowNyquist() const noexcept { return unit == "Hz" && !webAudioNominalRange; }

    /// The range as messages print it: "<min>…<max> <unit>", e.g. "-40…40 dB", "0…1". [control]
    std::string rangeText() const {
        return formatNumber(minValue) + "…" + formatNumber(maxValue) + (unit.empty() ? "" : " ") + std::string(unit);
    }

    /// Ok, or "<name> <value> is out of range (<rangeText>)" / "… is not a finite number"
    /// (with a Web Audio nominal range: only non-finite values are refused, "<name> <value> is
    /// not a finite number (nominal range <rangeText>, values outside it are clamped)"). [control]
    Status validate(double value) const {
        if (!std::isfinite(value))
            return Status::error(std::string(name) + " " + formatNumber(value) + " is not a finite number" +
                                 (webAudioNominalRange
                                      ? " (nominal range " + rangeText() + ", values outside it are clamped)"
                                      : std::string()));
        if (webAudioNominalRange) return Status::ok();
        if (value < minValue || value > maxValue)
            return Status::error(std::string(name) + " " + formatNumber(value) + " is out of range (" + rangeText() +
                                 ")");
        return Status::ok();
    }

    /// value clamped into range; NaN becomes defaultValue. [audio]
    double clamp(double value) const noexcept {
        if (std::isnan(value)) return defaultValue;
        return value < minValue ? minValue : (value > maxValue ? maxValue : value);
    }
};

}  // namespace wavegraph
