#include "track/track_json.h"

#include <string>

#include "base/json_parse_error.h"
#include "track/json_reading.h"
#include "track/voice_json.h"

namespace wavegraph {

namespace {

using namespace track_json;

Status readStep(const json& s, const std::string& path, double nyquistHz, const StepDescription* previous,
                StepDescription& step) {  // [control]
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

Status readGlobalSettings(const json& root, TrackDescription& out) {  // [control]
    if (!root.contains("global_settings")) return at("global_settings", "missing (needs sample_rate)");
    const json& g = root["global_settings"];
    if (!g.is_object()) return at("global_settings", "must be an object, not " + g.dump());
    if (!g.contains("sample_rate")) return at("global_settings.sample_rate", "missing (Hz, 8000…192000)");
    if (!g["sample_rate"].is_number_integer())
        return at("global_settings.sample_rate", "must be a whole number of Hz, not " + g["sample_rate"].dump());
    if (auto s = readNumber(g["sample_rate"], "global_settings.sample_rate",
                            Range{8000.0, 192000.0, false, false, "Hz"}, 1e9, out.sampleRateHz);
        !s)
        return s;
    if (g.contains("crossfade_duration"))
        if (auto s = readNumber(g["crossfade_duration"], "global_settings.crossfade_duration",
                                Range{0.0, 3600.0, false, false, "s"}, 1e9, out.crossfadeSeconds);
            !s)
            return s;
    if (g.contains("crossfade_curve")) {
        const json& c = g["crossfade_curve"];
        if (c == "linear")
            out.crossfadeCurve = CrossfadeCurve::linear;
        else if (c == "equal_power")
            out.crossfadeCurve = CrossfadeCurve::equalPower;
        else
            return at("global_settings.crossfade_curve",
                      c.dump() + " is not a curve (allowed \"linear\", \"equal_power\")");
    }
    return Status::ok();
}

Status readBackground(const json& b, double nyquistHz, BackgroundNoiseDescription& out) {  // [control]
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
        return Status::error(jsonParseErrorMessage(text));
    }
    if (!root.is_object()) return Status::error("a track must be a JSON object, not " + std::string(root.type_name()));
    if (auto s = readGlobalSettings(root, out); !s) return s;
    const double nyquistHz = 0.5 * out.sampleRateHz;
    if (root.contains("background_noise"))
        if (auto s = readBackground(root["background_noise"], nyquistHz, out.background); !s) return s;
    if (!root.contains("steps")) return at("steps", "missing (a non-empty array of steps)");
    const json& steps = root["steps"];
    if (!steps.is_array() || steps.empty())
        return at("steps", "must be a non-empty array of steps, not " + steps.dump().substr(0, 40));
    out.steps.resize(steps.size());
    for (size_t k = 0; k < steps.size(); ++k)
        if (auto s = readStep(steps[k], "steps[" + std::to_string(k) + "]", nyquistHz,
                              k > 0 ? &out.steps[k - 1] : nullptr, out.steps[k]);
            !s)
            return s;
    for (const auto& [key, value] : root.items())
        if (key != "global_settings" && key != "background_noise" && key != "steps")
            return at(key, "is not a track field (fields: global_settings, background_noise, steps)");
    return Status::ok();
}

}  // namespace wavegraph
