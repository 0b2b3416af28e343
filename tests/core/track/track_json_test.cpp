// Track JSON: malformed tracks are rejected with the JSON path of the bad value (and nothing
// plays); the documented defaults and transitions resolve as described; the examples load.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "track/track_json.h"
#include "track_test_support.h"

namespace wavegraph {
namespace {

const std::string kValid = R"({
  "global_settings": { "sample_rate": 48000, "crossfade_duration": 2.0, "crossfade_curve": "equal_power" },
  "background_noise": { "type": "pink", "amp": 0.1, "pan": 0.0 },
  "steps": [ { "duration": 30.0,
               "voices": [ { "synth_function_name": "binaural_beat",
                             "params": { "amp": 0.5, "base_freq": 200, "beat_freq": 10 },
                             "volume_envelope": { "type": "linen", "params": { "fade_in": 1, "fade_out": 1 } },
                             "is_transition": false } ] } ] })";

/// kValid with the first occurrence of `from` replaced by `to` (which must exist).
std::string edited(const std::string& from, const std::string& to) {
    std::string text = kValid;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

std::string errorOf(const std::string& text) {
    TrackDescription track;
    const Status status = parseTrackJson(text, track);
    return status.isOk() ? std::string("(accepted)") : status.message();
}

TEST(TrackJson, TheIssueExampleIsValid) {
    TrackDescription track;
    const Status status = parseTrackJson(kValid, track);
    ASSERT_TRUE(status.isOk()) << status.message();
    ASSERT_EQ(track.steps.size(), 1u);
    EXPECT_EQ(track.sampleRateHz, 48000.0);
    EXPECT_EQ(track.crossfadeCurve, CrossfadeCurve::equalPower);
    EXPECT_TRUE(track.background.enabled);
    const auto& voice = track.steps[0].voices[0];
    EXPECT_EQ(voice.synth, SynthKind::binauralBeat);
    EXPECT_EQ(voice.frequency.start, 200.0);
    EXPECT_EQ(voice.beat.end, 10.0);
    EXPECT_EQ(voice.pan.start, 0.0);  // default
    EXPECT_EQ(voice.envelope.kind, EnvelopeKind::linen);
}

struct BadTrack {
    const char* what;
    std::string text;
    std::string expectedStart;  // the message must begin with this (JSON path + problem)
};

TEST(TrackJson, MalformedTracksAreRejectedWithTheJsonPath) {
    const BadTrack cases[] = {
        {"unknown synth", edited("\"binaural_beat\"", "\"binaural_best\""),
         "steps[0].voices[0].synth_function_name: 'binaural_best' is not a synth (known: binaural_beat,"},
        {"negative duration", edited("\"duration\": 30.0", "\"duration\": -5"), "steps[0].duration: -5 is not above 0"},
        {"zero duration", edited("\"duration\": 30.0", "\"duration\": 0"), "steps[0].duration: 0 is not above 0"},
        {"missing duration", edited("\"duration\": 30.0,", ""), "steps[0].duration: missing"},
        {"missing base_freq", edited("\"base_freq\": 200, ", ""),
         "steps[0].voices[0].params.base_freq: missing (binaural_beat needs amp, base_freq, beat_freq)"},
        {"missing sample_rate", edited("\"sample_rate\": 48000, ", ""), "global_settings.sample_rate: missing"},
        {"missing steps", R"({"global_settings":{"sample_rate":48000}})", "steps: missing"},
        {"wrong type: duration string", edited("\"duration\": 30.0", "\"duration\": \"30\""),
         "steps[0].duration: must be a number, not \"30\""},
        {"wrong type: voices object", edited("\"voices\": [", "\"voices\": {\"v\":["),
         ""},  // replaced below: the text no longer parses as the same shape
        {"wrong type: is_transition", edited("\"is_transition\": false", "\"is_transition\": 0"),
         "steps[0].voices[0].is_transition: must be true or false, not 0"},
        {"negative beat", edited("\"beat_freq\": 10", "\"beat_freq\": -3"),
         "steps[0].voices[0].params.beat_freq: -3 is below 0 (allowed 0…1000 Hz)"},
        {"above Nyquist", edited("\"base_freq\": 200", "\"base_freq\": 30000"),
         "steps[0].voices[0].params.base_freq: 30000 is not below Nyquist (24000 Hz)"},
        {"unknown param", edited("\"amp\": 0.5,", "\"amp\": 0.5, \"ampp\": 1,"),
         "steps[0].voices[0].params.ampp: 'binaural_beat' has no parameter 'ampp'"},
        {"glide without is_transition", edited("\"amp\": 0.5,", "\"start_amp\": 0.5, \"amp\": 0.5,"),
         "steps[0].voices[0].params.start_amp: start_/end_ values glide only"},
        {"unknown curve", edited("\"equal_power\"", "\"cubic\""),
         "global_settings.crossfade_curve: \"cubic\" is not a curve"},
        {"envelope longer than the step", edited("\"fade_out\": 1", "\"fade_out\": 29.5"),
         "steps[0].voices[0].volume_envelope.params: fade_in + fade_out = 30.5 s is longer than the step (30 s)"},
        {"unknown envelope", edited("\"linen\"", "\"exponential\""),
         "steps[0].voices[0].volume_envelope.type: 'exponential' is not an envelope type"},
        {"bad noise colour", edited("\"pink\"", "\"blue\""), "background_noise.type: \"blue\" is not a noise colour"},
        {"not JSON", edited("\"steps\": [", "\"steps\": [,"), "not valid JSON at byte"},
    };
    for (const auto& c : cases) {
        if (c.expectedStart.empty()) continue;
        const std::string message = errorOf(c.text);
        std::printf("%-30s → %s\n", c.what, message.c_str());
        EXPECT_EQ(message.rfind(c.expectedStart, 0), 0u) << c.what << ": " << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
    }
    const std::string voicesObject =
        errorOf(R"({"global_settings":{"sample_rate":48000},"steps":[{"duration":1,"voices":{"a":1}}]})");
    EXPECT_EQ(voicesObject.rfind("steps[0].voices: must be an array of voices", 0), 0u) << voicesObject;
    const std::string deep = errorOf(R"({"global_settings":{"sample_rate":48000},"steps":[
        {"duration":1,"voices":[]},{"duration":1,"voices":[]},
        {"duration":1,"voices":[{"synth_function_name":"binaural_beat","params":{"amp":0.5,"base_freq":200,"beat_freq":-3}}]}]})");
    EXPECT_EQ(deep.rfind("steps[2].voices[0].params.beat_freq: -3 is below 0", 0), 0u) << deep;
}

TEST(TrackJson, RejectedTrackLeavesThePlayerSilent) {
    TrackPlayer player;
    EXPECT_FALSE(player.load(edited("\"binaural_beat\"", "\"nope\"")).isOk());
    EXPECT_FALSE(player.prepare({48000.0, 128, 2}).isOk());
    std::vector<float> left(256, 1.0f), right(256, 1.0f);
    float* channels[2] = {left.data(), right.data()};
    player.process(channels, 256);
    for (size_t i = 0; i < 256; ++i) ASSERT_EQ(std::fabs(left[i]) + std::fabs(right[i]), 0.0f);
    EXPECT_EQ(player.durationFrames(), 0);
}

std::string readExample(const char* name) {
    std::ifstream file(std::string(WAVEGRAPH_SOURCE_DIR) + "/examples/tracks/" + name);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST(TrackJson, TheExamplesLoadAndPlay) {
    for (const char* name : {"focus-binaural.json", "relax-isochronic.json"}) {
        const std::string text = readExample(name);
        ASSERT_FALSE(text.empty()) << name;
        TrackPlayer player;
        const Status loaded = player.load(text);
        ASSERT_TRUE(loaded.isOk()) << name << ": " << loaded.message();
        const double fs = player.trackSampleRateHz();
        ASSERT_TRUE(player.prepare({fs, 4096, 2}).isOk());
        EXPECT_GT(player.durationSeconds(), 60.0) << name;
        // The first 20 s: sound, no clipping.
        const auto out = test::renderTrack(text, fs, 4096, static_cast<int64_t>(20 * fs));
        float peak = 0.0f;
        for (size_t i = 0; i < out.left.size(); ++i)
            peak = std::max({peak, std::fabs(out.left[i]), std::fabs(out.right[i])});
        const double rms = test::rmsDb(out.left, static_cast<size_t>(10 * fs), out.left.size());
        std::printf("%s: %.1f s, %zu steps, first 20 s peak %.3f, RMS (10–20 s, left) %.1f dBFS\n", name,
                    player.durationSeconds(), player.description().steps.size(), peak, rms);
        EXPECT_GT(peak, 0.05f);
        EXPECT_LT(peak, 1.0f);
    }
}

}  // namespace
}  // namespace wavegraph
