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

    /// true for frequencies (unit "Hz"): every host also refuses a value at or above Nyquist
    /// (sampleRate / 2), whatever maxValue says. [any]
    bool belowNyquist() const noexcept { return unit == "Hz"; }

    /// The range as messages print it: "<min>…<max> <unit>", e.g. "-40…40 dB", "0…1". [control]
    std::string rangeText() const {
        return formatNumber(minValue) + "…" + formatNumber(maxValue) + (unit.empty() ? "" : " ") + std::string(unit);
    }

    /// Ok, or "<name> <value> is out of range (<rangeText>)" / "… is not a finite number".
    /// [control]
    Status validate(double value) const {
        if (!std::isfinite(value))
            return Status::error(std::string(name) + " " + formatNumber(value) + " is not a finite number");
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
