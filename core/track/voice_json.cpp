#include "track/voice_json.h"

#include <array>
#include <cmath>
#include <optional>
#include <span>

#include "base/format_number.h"
#include "track/envelope_json.h"

namespace wavegraph::track_json {

namespace {

struct ParamRule {
    const char* name;
    ParamGlide VoiceDescription::*field;
    Range range;
    double defaultValue;  // kNoDefault: required
};

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

std::string ruleNames(const SynthInfo& synth, bool glides) {  // [control]
    std::string names;
    for (const auto& rule : synth.rules) {
        names += (names.empty() ? "" : ", ") + std::string(rule.name);
        if (glides) names += std::string(" (or start_") + rule.name + "/end_" + rule.name + ")";
    }
    if (synth.kind == SynthKind::noise) names += ", noise_type, seed";
    return names;
}

std::string requiredNames(const SynthInfo& synth) {  // [control]
    std::string names;
    for (const auto& rule : synth.rules)
        if (std::isnan(rule.defaultValue)) names += (names.empty() ? "" : ", ") + std::string(rule.name);
    return names;
}

/// params of one voice. previous: the voice at the same index of the previous step when it has
/// the same synth (the start of an is_transition glide), else null.
Status readVoiceParams(const json& params, const std::string& path, const SynthInfo& synth, double nyquistHz,
                       const VoiceDescription* previous, VoiceDescription& voice) {  // [control]
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
        if (key.rfind("start_", 0) == 0) {
            role = 1;
            base = key.substr(6);
        } else if (key.rfind("end_", 0) == 0) {
            role = 2;
            base = key.substr(4);
        }
        size_t index = synth.rules.size();
        for (size_t r = 0; r < synth.rules.size(); ++r)
            if (base == synth.rules[r].name) index = r;
        if (index == synth.rules.size())
            return at(keyPath, "'" + std::string(synth.name) + "' has no parameter '" + key +
                                   "' (parameters: " + ruleNames(synth, glides) + ")");
        if (role != 0 && !glides)
            return at(keyPath,
                      "start_/end_ values glide only in sine_varying and in voices with "
                      "\"is_transition\": true; use '" +
                          base + "'");
        double v = 0.0;
        if (auto s = readNumber(value, keyPath, synth.rules[index].range, nyquistHz, v); !s) return s;
        found[index][role] = v;
    }
    for (size_t r = 0; r < synth.rules.size(); ++r) {
        const ParamRule& rule = synth.rules[r];
        const auto& [plain, start, end] = found[r];
        std::optional<double> endValue = end ? end : plain;
        if (!endValue && !start && previous == nullptr && std::isnan(rule.defaultValue))
            return at(path + "." + rule.name,
                      std::string("missing (") + synth.name + " needs " + requiredNames(synth) + ")");
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
                                                   formatNumber(base) +
                                                   " Hz (both base ∓ beat/2 must lie above 0 and below Nyquist " +
                                                   formatNumber(nyquistHz) + " Hz)");
        }
    }
    return Status::ok();
}

}  // namespace

Status readVoice(const json& v, const std::string& path, double nyquistHz, double stepSeconds,
                 const StepDescription* previousStep, size_t index, VoiceDescription& voice) {  // [control]
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
    if (!v.contains("params"))
        return at(path + ".params", "missing (" + std::string(synth->name) + " needs " + requiredNames(*synth) + ")");
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
        if (auto s = readEnvelope(v["volume_envelope"], path + ".volume_envelope", stepSeconds, voice.envelope); !s)
            return s;
    for (const auto& [key, value] : v.items())
        if (key != "synth_function_name" && key != "params" && key != "volume_envelope" && key != "is_transition")
            return at(path + "." + key,
                      "is not a voice field (fields: synth_function_name, params, volume_envelope, "
                      "is_transition)");
    return Status::ok();
}

}  // namespace wavegraph::track_json
