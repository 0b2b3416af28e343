#include "track/json_reading.h"

#include <cmath>

#include "base/format_number.h"

namespace wavegraph::track_json {

namespace {

std::string describe(const Range& r, double nyquistHz) {  // [control]
    std::string text = "allowed ";
    text += r.minExclusive ? "above " + formatNumber(r.minValue) : formatNumber(r.minValue);
    if (r.belowNyquist && nyquistHz < r.maxValue)
        text += " and below Nyquist " + formatNumber(nyquistHz);
    else
        text += std::string(r.minExclusive ? " up to " : "…") + formatNumber(r.maxValue);
    if (*r.unit) text += std::string(" ") + r.unit;
    return text;
}

}  // namespace

Status at(const std::string& path, const std::string& problem) {
    return Status::error(path + ": " + problem);
}  // [control]

Status readNumber(const json& value, const std::string& path, const Range& r, double nyquistHz,
                  double& out) {  // [control]
    if (!value.is_number()) return at(path, "must be a number, not " + value.dump());
    const double v = value.get<double>();
    const std::string range = " (" + describe(r, nyquistHz) + ")";
    if (!std::isfinite(v)) return at(path, formatNumber(v) + " is not a finite number" + range);
    if (r.minExclusive ? v <= r.minValue : v < r.minValue)
        return at(path, formatNumber(v) + (r.minExclusive ? " is not above " : " is below ") +
                            formatNumber(r.minValue) + range);
    if (v > r.maxValue) return at(path, formatNumber(v) + " is above " + formatNumber(r.maxValue) + range);
    if (r.belowNyquist && v >= nyquistHz)
        return at(path, formatNumber(v) + " is not below Nyquist (" + formatNumber(nyquistHz) + " Hz)");
    out = v;
    return Status::ok();
}

Status readColor(const json& value, const std::string& path, NoiseColor& out) {  // [control]
    if (value.is_string()) {
        const std::string name = value.get<std::string>();
        if (name == "white") {
            out = NoiseColor::white;
            return Status::ok();
        }
        if (name == "pink") {
            out = NoiseColor::pink;
            return Status::ok();
        }
        if (name == "brown") {
            out = NoiseColor::brown;
            return Status::ok();
        }
    }
    return at(path, value.dump() + " is not a noise colour (allowed \"white\", \"pink\", \"brown\")");
}

Status readSeed(const json& value, const std::string& path, uint32_t& out) {  // [control]
    if (!value.is_number_unsigned() || value.get<uint64_t>() > 4294967295u)
        return at(path, value.dump() + " is not a seed (allowed whole numbers 0…4294967295)");
    out = static_cast<uint32_t>(value.get<uint64_t>());
    return Status::ok();
}

}  // namespace wavegraph::track_json
