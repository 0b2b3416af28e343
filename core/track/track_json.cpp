#include "track/track_json.h"

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "format_number.h"

namespace wavegraph {

namespace {

using nlohmann::json;
constexpr double kNoDefault = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxStepSeconds = 86400.0;

// Records the parser's message without exceptions (the wasm core is built with -fno-exceptions).
struct ParseErrorCatcher : nlohmann::json_sax<json> {
    std::string message;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string& lastToken, const nlohmann::detail::exception&) override {
        message = "not valid JSON at byte " + std::to_string(position) + " (near '" + lastToken.substr(0, 20) + "')";
        return false;
    }
};

Status at(const std::string& path, const std::string& problem) { return Status::error(path + ": " + problem); }

/// An allowed interval of a number; maxValue is replaced by Nyquist when belowNyquist.
struct Range {
    double minValue;
    double maxValue;
    bool minExclusive;
    bool belowNyquist;  // also strictly below sample_rate/2
    const char* unit;   // "Hz", "s" or ""
};

std::string describe(const Range& r, double nyquistHz) {
    std::string text = "allowed ";
    text += r.minExclusive ? "above " + formatNumber(r.minValue) : formatNumber(r.minValue);
    if (r.belowNyquist && nyquistHz < r.maxValue)
        text += " and below Nyquist " + formatNumber(nyquistHz);
    else
        text += std::string(r.minExclusive ? " up to " : "…") + formatNumber(r.maxValue);
    if (*r.unit) text += std::string(" ") + r.unit;
    return text;
}

Status readNumber(const json& value, const std::string& path, const Range& r, double nyquistHz, double& out) {
    if (!value.is_number()) return at(path, "must be a number, not " + value.dump());
    const double v = value.get<double>();
    const std::string range = " (" + describe(r, nyquistHz) + ")";
    if (!std::isfinite(v)) return at(path, formatNumber(v) + " is not a finite number" + range);
    if (r.minExclusive ? v <= r.minValue : v < r.minValue)
        return at(path, formatNumber(v) + (r.minExclusive ? " is not above " : " is below ") + formatNumber(r.minValue) + range);
    if (v > r.maxValue) return at(path, formatNumber(v) + " is above " + formatNumber(r.maxValue) + range);
    if (r.belowNyquist && v >= nyquistHz)
        return at(path, formatNumber(v) + " is not below Nyquist (" + formatNumber(nyquistHz) + " Hz)");
    out = v;
    return Status::ok();
}

Status readColor(const json& value, const std::string& path, NoiseColor& out) {
    if (value.is_string()) {
        const std::string name = value.get<std::string>();
        if (name == "white") { out = NoiseColor::white; return Status::ok(); }
        if (name == "pink") { out = NoiseColor::pink; return Status::ok(); }
        if (name == "brown") { out = NoiseColor::brown; return Status::ok(); }
    }
    return at(path, value.dump() + " is not a noise colour (allowed \"white\", \"pink\", \"brown\")");
}

Status readSeed(const json& value, const std::string& path, uint32_t& out) {
    if (!value.is_number_unsigned() || value.get<uint64_t>() > 4294967295u)
        return at(path, value.dump() + " is not a seed (allowed whole numbers 0…4294967295)");
    out = static_cast<uint32_t>(value.get<uint64_t>());
    return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// Voice parameters: a table per synth.

struct ParamRule {
    const char* name;
    ParamGlide VoiceDescription::*field;
    Range range;
    double defaultValue;  // kNoDefault: required
};

constexpr Range kAmp{0.0, 1.0, false, false, ""};
constexpr Range kPan{-1.0, 1.0, false, false, ""};
constexpr Range kFrequency{0.0, 384000.0, true, true, "Hz"};
constexpr Range kBeat{0.0, 1000.0, false, true, "Hz"};
constexpr Range kPulseRate{0.0, 1000.0, true, true, "Hz"};

constexpr std::array<ParamRule, 4> kBinauralRules{{
    {"amp", &VoiceDescription::amp, kAmp, kNoDefault},
    {"base_freq", &VoiceDescription::frequency, kFrequency, kNoDefault},
    {"beat_freq", &VoiceDescription::beat, kBeat, kNoDefault},
    {"pan", &VoiceDescription::pan, kPan, 0.0},
}};
constexpr std::array<ParamRule, 6> kIsochronicRules{{
    {"amp", &VoiceDescription::amp, kAmp, kNoDefault},
    {"base_freq", &VoiceDescription::frequency, kFrequency, kNoDefault},
    {"beat_freq", &VoiceDescription::beat, kPulseRate, kNoDefault},
    {"ramp_percent", &VoiceDescription::rampPercent, Range{0.0, 0.5, false, false, ""}, 0.2},
    {"gap_percent", &VoiceDescription::gapPercent, Range{0.0, 0.99, false, false, ""}, 0.15},
    {"pan", &VoiceDescription::pan, kPan, 0.0},
}};
constexpr std::array<ParamRule, 3> kSineRules{{
    {"amp", &VoiceDescription::amp, kAmp, kNoDefault},
    {"freq", &VoiceDescription::frequency, kFrequency, kNoDefault},
    {"pan", &VoiceDescription::pan, kPan, 0.0},
}};
constexpr std::array<ParamRule, 2> kNoiseRules{{
    {"amp", &VoiceDescription::amp, kAmp, kNoDefault},
    {"pan", &VoiceDescription::pan, kPan, 0.0},
}};

struct SynthInfo {
    const char* name;
    SynthKind kind;
    std::span<const ParamRule> rules;
};
const std::array<SynthInfo, 5> kSynths{{
    {"binaural_beat", SynthKind::binauralBeat, kBinauralRules},
    {"isochronic_tone", SynthKind::isochronicTone, kIsochronicRules},
    {"sine", SynthKind::sine, kSineRules},
    {"sine_varying", SynthKind::sineVarying, kSineRules},
    {"noise", SynthKind::noise, kNoiseRules},
}};

std::string ruleNames(const SynthInfo& synth, bool glides) {
    std::string names;
    for (const auto& rule : synth.rules) {
        names += (names.empty() ? "" : ", ") + std::string(rule.name);
        if (glides) names += std::string(" (or start_") + rule.name + "/end_" + rule.name + ")";
    }
    if (synth.kind == SynthKind::noise) names += ", noise_type, seed";
    return names;
}

std::string requiredNames(const SynthInfo& synth) {
    std::string names;
    for (const auto& rule : synth.rules)
        if (std::isnan(rule.defaultValue)) names += (names.empty() ? "" : ", ") + std::string(rule.name);
    return names;
}

/// params of one voice. previous: the voice at the same index of the previous step when it has
/// the same synth (the start of an is_transition glide), else null.
Status readVoiceParams(const json& params, const std::string& path, const SynthInfo& synth, double nyquistHz,
                       const VoiceDescription* previous, VoiceDescription& voice) {
    const bool glides = voice.isTransition || synth.kind == SynthKind::sineVarying;
    constexpr size_t kMaxRules = 6;
    std::array<std::array<std::optional<double>, 3>, kMaxRules> found{};  // [rule][plain, start, end]
    for (const auto& [key, value] : params.items()) {
        const std::string keyPath = path + "." + key;
        if (synth.kind == SynthKind::noise && key == "noise_type") {
            if (auto s = readColor(value, keyPath, voice.color); !s) return s;
            continue;
        }
        if (synth.kind == SynthKind::noise && key == "seed") {
            if (auto s = readSeed(value, keyPath, voice.seed); !s) return s;
            continue;
        }
        size_t role = 0;
        std::string base = key;
        if (key.rfind("start_", 0) == 0) { role = 1; base = key.substr(6); }
        else if (key.rfind("end_", 0) == 0) { role = 2; base = key.substr(4); }
        size_t index = synth.rules.size();
        for (size_t r = 0; r < synth.rules.size(); ++r)
            if (base == synth.rules[r].name) index = r;
        if (index == synth.rules.size())
            return at(keyPath, "'" + std::string(synth.name) + "' has no parameter '" + key + "' (parameters: " +
                                   ruleNames(synth, glides) + ")");
        if (role != 0 && !glides)
            return at(keyPath, "start_/end_ values glide only in sine_varying and in voices with "
                               "\"is_transition\": true; use '" + base + "'");
        double v = 0.0;
        if (auto s = readNumber(value, keyPath, synth.rules[index].range, nyquistHz, v); !s) return s;
        found[index][role] = v;
    }
    for (size_t r = 0; r < synth.rules.size(); ++r) {
        const ParamRule& rule = synth.rules[r];
        const auto& [plain, start, end] = found[r];
        std::optional<double> endValue = end ? end : plain;
        if (!endValue && !start && previous == nullptr && std::isnan(rule.defaultValue))
            return at(path + "." + rule.name, std::string("missing (") + synth.name + " needs " + requiredNames(synth) + ")");
        std::optional<double> startValue = start;
        if (!startValue && voice.isTransition && previous != nullptr) startValue = (previous->*rule.field).end;
        if (!startValue) startValue = plain;
        if (!endValue) endValue = startValue;
        if (!startValue) startValue = endValue;
        if (!startValue) startValue = endValue = rule.defaultValue;
        voice.*rule.field = ParamGlide{*startValue, *endValue};
    }
    if (synth.kind == SynthKind::binauralBeat) {
        for (const double t : {0.0, 1.0}) {
            const double base = t == 0.0 ? voice.frequency.start : voice.frequency.end;
            const double beat = t == 0.0 ? voice.beat.start : voice.beat.end;
            if (base - 0.5 * beat <= 0.0 || base + 0.5 * beat >= nyquistHz)
                return at(path + ".beat_freq", formatNumber(beat) + " Hz does not fit around base_freq " +
                                                   formatNumber(base) + " Hz (both base ∓ beat/2 must lie above 0 and below Nyquist " +
                                                   formatNumber(nyquistHz) + " Hz)");
        }
    }
    return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// Envelopes.

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

Status readEnvelope(const json& e, const std::string& path, double stepSeconds, EnvelopeDescription& out) {
    if (e.is_null()) return Status::ok();
    if (!e.is_object()) return at(path, "must be an object with type and params, not " + e.dump());
    if (!e.contains("type") || !e["type"].is_string())
        return at(path + ".type", "must be one of \"adsr\", \"linen\", \"trapezoid\"");
    const std::string type = e["type"].get<std::string>();
    std::span<const EnvelopeRule> rules;
    if (type == "adsr") { out.kind = EnvelopeKind::adsr; rules = kAdsrRules; }
    else if (type == "linen") { out.kind = EnvelopeKind::linen; rules = kLinenRules; }
    else if (type == "trapezoid") { out.kind = EnvelopeKind::trapezoid; rules = kTrapezoidRules; }
    else return at(path + ".type", "'" + type + "' is not an envelope type (allowed \"adsr\", \"linen\", \"trapezoid\")");
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
            return at(path + ".params." + key, "'" + type + "' has no parameter '" + key + "' (parameters: " + names + ")");
        if (auto s = readNumber(value, path + ".params." + key, rule->range, kMaxStepSeconds, out.*(rule->field)); !s) return s;
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

// ---------------------------------------------------------------------------------------------

Status readVoice(const json& v, const std::string& path, double nyquistHz, double stepSeconds,
                 const StepDescription* previousStep, size_t index, VoiceDescription& voice) {
    if (!v.is_object()) return at(path, "must be an object with synth_function_name and params, not " + v.dump());
    if (!v.contains("synth_function_name")) return at(path + ".synth_function_name", "missing");
    const json& name = v["synth_function_name"];
    if (!name.is_string()) return at(path + ".synth_function_name", "must be a string, not " + name.dump());
    voice.synthName = name.get<std::string>();
    const SynthInfo* synth = nullptr;
    for (const auto& s : kSynths)
        if (voice.synthName == s.name) synth = &s;
    if (synth == nullptr) {
        std::string known;
        for (const auto& s : kSynths) known += (known.empty() ? "" : ", ") + std::string(s.name);
        return at(path + ".synth_function_name", "'" + voice.synthName + "' is not a synth (known: " + known + ")");
    }
    voice.synth = synth->kind;
    if (v.contains("is_transition")) {
        if (!v["is_transition"].is_boolean())
            return at(path + ".is_transition", "must be true or false, not " + v["is_transition"].dump());
        voice.isTransition = v["is_transition"].get<bool>();
    }
    if (!v.contains("params")) return at(path + ".params", "missing (" + std::string(synth->name) + " needs " + requiredNames(*synth) + ")");
    if (!v["params"].is_object()) return at(path + ".params", "must be an object, not " + v["params"].dump());
    const VoiceDescription* previous = nullptr;
    if (previousStep != nullptr && index < previousStep->voices.size() &&
        previousStep->voices[index].synth == voice.synth)
        previous = &previousStep->voices[index];
    if (auto s = readVoiceParams(v["params"], path + ".params", *synth, nyquistHz,
                                 voice.isTransition ? previous : nullptr, voice);
        !s)
        return s;
    if (v.contains("volume_envelope"))
        if (auto s = readEnvelope(v["volume_envelope"], path + ".volume_envelope", stepSeconds, voice.envelope); !s) return s;
    for (const auto& [key, value] : v.items())
        if (key != "synth_function_name" && key != "params" && key != "volume_envelope" && key != "is_transition")
            return at(path + "." + key, "is not a voice field (fields: synth_function_name, params, volume_envelope, "
                                        "is_transition)");
    return Status::ok();
}

Status readStep(const json& s, const std::string& path, double nyquistHz, const StepDescription* previous,
                StepDescription& step) {
    if (!s.is_object()) return at(path, "must be an object with duration and voices, not " + s.dump());
    if (!s.contains("duration")) return at(path + ".duration", "missing (seconds, above 0 up to 86400)");
    if (auto st = readNumber(s["duration"], path + ".duration", Range{0.0, kMaxStepSeconds, true, false, "s"},
                             kMaxStepSeconds, step.durationSeconds);
        !st)
        return st;
    if (!s.contains("voices")) return at(path + ".voices", "missing (an array of voices, may be empty)");
    const json& voices = s["voices"];
    if (!voices.is_array()) return at(path + ".voices", "must be an array of voices, not " + voices.dump());
    step.voices.resize(voices.size());
    for (size_t i = 0; i < voices.size(); ++i)
        if (auto st = readVoice(voices[i], path + ".voices[" + std::to_string(i) + "]", nyquistHz, step.durationSeconds,
                                previous, i, step.voices[i]);
            !st)
            return st;
    return Status::ok();
}

Status readGlobalSettings(const json& root, TrackDescription& out) {
    if (!root.contains("global_settings")) return at("global_settings", "missing (needs sample_rate)");
    const json& g = root["global_settings"];
    if (!g.is_object()) return at("global_settings", "must be an object, not " + g.dump());
    if (!g.contains("sample_rate")) return at("global_settings.sample_rate", "missing (Hz, 8000…192000)");
    if (!g["sample_rate"].is_number_integer())
        return at("global_settings.sample_rate", "must be a whole number of Hz, not " + g["sample_rate"].dump());
    if (auto s = readNumber(g["sample_rate"], "global_settings.sample_rate", Range{8000.0, 192000.0, false, false, "Hz"},
                            1e9, out.sampleRateHz);
        !s)
        return s;
    if (g.contains("crossfade_duration"))
        if (auto s = readNumber(g["crossfade_duration"], "global_settings.crossfade_duration",
                                Range{0.0, 3600.0, false, false, "s"}, 1e9, out.crossfadeSeconds);
            !s)
            return s;
    if (g.contains("crossfade_curve")) {
        const json& c = g["crossfade_curve"];
        if (c == "linear") out.crossfadeCurve = CrossfadeCurve::linear;
        else if (c == "equal_power") out.crossfadeCurve = CrossfadeCurve::equalPower;
        else return at("global_settings.crossfade_curve", c.dump() + " is not a curve (allowed \"linear\", \"equal_power\")");
    }
    return Status::ok();
}

Status readBackground(const json& b, double nyquistHz, BackgroundNoiseDescription& out) {
    if (b.is_null()) return Status::ok();
    if (!b.is_object()) return at("background_noise", "must be an object with type and amp, not " + b.dump());
    out.enabled = true;
    if (!b.contains("type")) return at("background_noise.type", "missing (\"white\", \"pink\" or \"brown\")");
    if (auto s = readColor(b["type"], "background_noise.type", out.color); !s) return s;
    if (!b.contains("amp")) return at("background_noise.amp", "missing (0…1)");
    if (auto s = readNumber(b["amp"], "background_noise.amp", kAmp, nyquistHz, out.amp); !s) return s;
    if (b.contains("pan"))
        if (auto s = readNumber(b["pan"], "background_noise.pan", kPan, nyquistHz, out.pan); !s) return s;
    if (b.contains("seed"))
        if (auto s = readSeed(b["seed"], "background_noise.seed", out.seed); !s) return s;
    for (const auto& [key, value] : b.items())
        if (key != "type" && key != "amp" && key != "pan" && key != "seed")
            return at("background_noise." + key, "is not a background_noise field (fields: type, amp, pan, seed)");
    return Status::ok();
}

}  // namespace

Status parseTrackJson(std::string_view text, TrackDescription& out) {  // [control]
    out = TrackDescription{};
    const json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) {
        ParseErrorCatcher catcher;
        json::sax_parse(text.begin(), text.end(), &catcher, nlohmann::detail::input_format_t::json, true);
        return Status::error(catcher.message.empty() ? "not valid JSON" : catcher.message);
    }
    if (!root.is_object()) return Status::error("a track must be a JSON object, not " + std::string(root.type_name()));
    if (auto s = readGlobalSettings(root, out); !s) return s;
    const double nyquistHz = 0.5 * out.sampleRateHz;
    if (root.contains("background_noise"))
        if (auto s = readBackground(root["background_noise"], nyquistHz, out.background); !s) return s;
    if (!root.contains("steps")) return at("steps", "missing (a non-empty array of steps)");
    const json& steps = root["steps"];
    if (!steps.is_array() || steps.empty()) return at("steps", "must be a non-empty array of steps, not " + steps.dump().substr(0, 40));
    out.steps.resize(steps.size());
    for (size_t k = 0; k < steps.size(); ++k)
        if (auto s = readStep(steps[k], "steps[" + std::to_string(k) + "]", nyquistHz, k > 0 ? &out.steps[k - 1] : nullptr,
                              out.steps[k]);
            !s)
            return s;
    for (const auto& [key, value] : root.items())
        if (key != "global_settings" && key != "background_noise" && key != "steps")
            return at(key, "is not a track field (fields: global_settings, background_noise, steps)");
    return Status::ok();
}

}  // namespace wavegraph
