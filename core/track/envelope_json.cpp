#include "track/envelope_json.h"

#include <array>
#include <cmath>
#include <span>

#include "base/format_number.h"

namespace wavegraph::track_json {

namespace {

struct EnvelopeRule {
    const char* name;
    double EnvelopeDescription::*field;
    Range range;
    double defaultValue;
};
constexpr Range kSeconds{0.0, kMaxStepSeconds, false, false, "s"};
constexpr std::array<EnvelopeRule, 4> kAdsrRules{{
    {"attack", &EnvelopeDescription::attack, kSeconds, kNoDefault},
    {"decay", &EnvelopeDescription::decay, kSeconds, kNoDefault},
    {"sustain_level", &EnvelopeDescription::sustainLevel, Range{0.0, 1.0, false, false, ""}, kNoDefault},
    {"release", &EnvelopeDescription::release, kSeconds, kNoDefault},
}};
constexpr std::array<EnvelopeRule, 2> kLinenRules{{
    {"fade_in", &EnvelopeDescription::fadeIn, kSeconds, kNoDefault},
    {"fade_out", &EnvelopeDescription::fadeOut, kSeconds, kNoDefault},
}};
constexpr std::array<EnvelopeRule, 3> kTrapezoidRules{{
    {"cycle_len", &EnvelopeDescription::cycleLen, Range{0.0, kMaxStepSeconds, true, false, "s"}, kNoDefault},
    {"ramp_percent", &EnvelopeDescription::rampPercent, Range{0.0, 0.5, false, false, ""}, 0.2},
    {"gap_percent", &EnvelopeDescription::gapPercent, Range{0.0, 0.99, false, false, ""}, 0.0},
}};

}  // namespace

Status readEnvelope(const json& e, const std::string& path, double stepSeconds,
                    EnvelopeDescription& out) {  // [control]
    if (e.is_null()) return Status::ok();
    if (!e.is_object()) return at(path, "must be an object with type and params, not " + e.dump());
    if (!e.contains("type") || !e["type"].is_string())
        return at(path + ".type", "must be one of \"adsr\", \"linen\", \"trapezoid\"");
    const std::string type = e["type"].get<std::string>();
    std::span<const EnvelopeRule> rules;
    if (type == "adsr") {
        out.kind = EnvelopeKind::adsr;
        rules = kAdsrRules;
    } else if (type == "linen") {
        out.kind = EnvelopeKind::linen;
        rules = kLinenRules;
    } else if (type == "trapezoid") {
        out.kind = EnvelopeKind::trapezoid;
        rules = kTrapezoidRules;
    } else
        return at(path + ".type",
                  "'" + type + "' is not an envelope type (allowed \"adsr\", \"linen\", \"trapezoid\")");
    std::string names;
    for (const auto& rule : rules) names += (names.empty() ? "" : ", ") + std::string(rule.name);
    const json empty = json::object();
    const json& params = e.contains("params") ? e["params"] : empty;
    if (!params.is_object()) return at(path + ".params", "must be an object of numbers, not " + params.dump());
    for (const auto& [key, value] : params.items()) {
        const EnvelopeRule* rule = nullptr;
        for (const auto& r : rules)
            if (key == r.name) rule = &r;
        if (rule == nullptr)
            return at(path + ".params." + key,
                      "'" + type + "' has no parameter '" + key + "' (parameters: " + names + ")");
        if (auto s = readNumber(value, path + ".params." + key, rule->range, kMaxStepSeconds, out.*(rule->field)); !s)
            return s;
    }
    for (const auto& rule : rules) {
        if (params.contains(rule.name)) continue;
        if (std::isnan(rule.defaultValue))
            return at(path + ".params." + rule.name, "missing (" + type + " needs " + names + ")");
        out.*(rule.field) = rule.defaultValue;
    }
    const double stepText = stepSeconds;
    if (out.kind == EnvelopeKind::adsr && out.attack + out.decay + out.release > stepSeconds)
        return at(path + ".params", "attack + decay + release = " + formatNumber(out.attack + out.decay + out.release) +
                                        " s is longer than the step (" + formatNumber(stepText) + " s)");
    if (out.kind == EnvelopeKind::linen && out.fadeIn + out.fadeOut > stepSeconds)
        return at(path + ".params", "fade_in + fade_out = " + formatNumber(out.fadeIn + out.fadeOut) +
                                        " s is longer than the step (" + formatNumber(stepText) + " s)");
    return Status::ok();
}

}  // namespace wavegraph::track_json
