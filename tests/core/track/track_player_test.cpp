// TrackPlayer, measured: bit-identical output for any block size, sample-accurate step
// boundaries, crossfade laws (linear sums identical signals to 1; equal power keeps the RMS of
// uncorrelated noise), is_transition glides, seek/position/duration/end events, no allocation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "track_test_support.h"

namespace wavegraph {
namespace {

using test::peakFrequencyHz;
using test::renderTrack;

constexpr double kFs = 48000.0;

/// Every voice kind, envelopes, a transition, equal-power crossfades and background noise.
const std::string kEverything = R"({
  "global_settings": { "sample_rate": 48000, "crossfade_duration": 0.25, "crossfade_curve": "equal_power" },
  "background_noise": { "type": "pink", "amp": 0.05, "pan": 0.3, "seed": 5 },
  "steps": [
    { "duration": 0.6, "voices": [
      { "synth_function_name": "binaural_beat", "params": { "amp": 0.3, "base_freq": 200, "beat_freq": 10, "pan": 0.2 },
        "volume_envelope": { "type": "linen", "params": { "fade_in": 0.1, "fade_out": 0.1 } } },
      { "synth_function_name": "noise", "params": { "amp": 0.2, "noise_type": "brown", "seed": 9 } } ] },
    { "duration": 0.7, "voices": [
      { "synth_function_name": "binaural_beat", "is_transition": true, "params": { "amp": 0.3, "base_freq": 300, "beat_freq": 4 } },
      { "synth_function_name": "isochronic_tone", "params": { "amp": 0.2, "base_freq": 440, "beat_freq": 6, "pan": -0.5 },
        "volume_envelope": { "type": "adsr", "params": { "attack": 0.1, "decay": 0.1, "sustain_level": 0.5, "release": 0.2 } } } ] },
    { "duration": 0.55, "voices": [
      { "synth_function_name": "sine_varying", "params": { "start_freq": 300, "end_freq": 600, "start_amp": 0.1, "end_amp": 0.4 } },
      { "synth_function_name": "noise", "params": { "amp": 0.1, "noise_type": "white", "pan": 1 },
        "volume_envelope": { "type": "trapezoid", "params": { "cycle_len": 0.1 } } } ] }
  ] })";

bool bitIdentical(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

TEST(TrackPlayer, AnyBlockSizeGivesBitIdenticalOutput) {
    TrackPlayer probe;
    ASSERT_TRUE(probe.load(kEverything).isOk());
    ASSERT_TRUE(probe.prepare({kFs, 128, 2}).isOk());
    const auto total = static_cast<uint32_t>(probe.durationFrames());
    const auto whole = renderTrack(kEverything, kFs, total);  // one process call
    double energy = 0.0;
    for (float s : whole.left) energy += double{s} * s;
    EXPECT_GT(energy, 100.0);  // something plays
    for (const uint32_t block : {1u, 7u, 128u, 4096u}) {
        const auto split = renderTrack(kEverything, kFs, block);
        EXPECT_TRUE(bitIdentical(whole.left, split.left)) << "block " << block;
        EXPECT_TRUE(bitIdentical(whole.right, split.right)) << "block " << block;
    }
}

TEST(TrackPlayer, StepBoundariesAreSampleAccurate) {
    // Step 0: 0.51234 s (24592.32 → 24592 frames) of a sine; step 1: silence. No crossfade.
    const std::string track = R"({"global_settings":{"sample_rate":48000},"steps":[
        {"duration":0.51234,"voices":[{"synth_function_name":"sine","params":{"amp":0.5,"freq":1000.5,"pan":-1}}]},
        {"duration":0.3,"voices":[]},
        {"duration":0.2,"voices":[{"synth_function_name":"sine","params":{"amp":0.5,"freq":1000.5,"pan":-1}}]}]})";
    const auto out = renderTrack(track, kFs, 100);
    const size_t boundary = 24592, second = boundary + 14400;
    ASSERT_EQ(out.left.size(), second + 9600);
    size_t lastSounding = 0;
    for (size_t i = 0; i < second; ++i)
        if (out.left[i] != 0.0f) lastSounding = i;
    EXPECT_EQ(lastSounding, boundary - 1);
    // The third step's sine starts at its own phase 0 exactly on its first frame.
    EXPECT_EQ(out.left[second], 0.0f);
    EXPECT_NEAR(out.left[second + 1], 0.5 * std::sin(2 * std::numbers::pi * 1000.5 / kFs), 1e-7);
}

/// Two steps of `voice` (2 s each), crossfade 1 s with `curve`.
std::string twoSteps(const std::string& voice0, const std::string& voice1, const char* curve, double seconds = 2.0,
                     double crossfade = 1.0) {
    return std::string("{\"global_settings\":{\"sample_rate\":48000,\"crossfade_duration\":") +
           std::to_string(crossfade) + ",\"crossfade_curve\":\"" + curve +
           "\"},\"steps\":[{\"duration\":" + std::to_string(seconds) + ",\"voices\":[" + voice0 +
           "]},{\"duration\":" + std::to_string(seconds) + ",\"voices\":[" + voice1 + "]}]}";
}

TEST(TrackPlayer, LinearCrossfadeOfIdenticalSignalsSumsToOne) {
    // 100 Hz: step 1 starts at frame 48000, a whole number of cycles, so both steps' sines are
    // the same signal during the crossfade. The result must equal one uninterrupted 3 s sine.
    const std::string sine = R"({"synth_function_name":"sine","params":{"amp":0.5,"freq":100,"pan":-1}})";
    const auto crossfaded = renderTrack(twoSteps(sine, sine, "linear"), kFs, 256);
    const auto reference = renderTrack(test::oneStepTrack("[" + sine + "]", 3.0), kFs, 256);
    ASSERT_EQ(crossfaded.left.size(), reference.left.size());
    double worst = 0.0;
    for (size_t i = 0; i < reference.left.size(); ++i)
        worst = std::max(worst, std::fabs(double{crossfaded.left[i]} - reference.left[i]));
    // The same with equal power: cos + sin peaks at √2 in the middle, so it must not pass.
    const auto equalPower = renderTrack(twoSteps(sine, sine, "equal_power"), kFs, 256);
    double equalPowerPeak = 0.0;
    for (size_t i = 48000; i < 96000; ++i)
        equalPowerPeak = std::max(equalPowerPeak, double{std::fabs(equalPower.left[i])});
    std::printf(
        "linear crossfade of identical sines: worst |x − uninterrupted| = %.3g; equal power peak %.4f (÷0.5 = %.4f)\n",
        worst, equalPowerPeak, equalPowerPeak / 0.5);
    EXPECT_LE(worst, 1e-6);
    EXPECT_NEAR(equalPowerPeak / 0.5, std::sqrt(2.0), 0.01);
}

/// RMS in dB of x[start, start + n).
double rmsDb(const std::vector<float>& x, size_t start, size_t n) { return test::rmsDb(x, start, start + n); }

TEST(TrackPlayer, EqualPowerCrossfadeKeepsTheRmsOfUncorrelatedNoise) {
    const std::string a =
        R"({"synth_function_name":"noise","params":{"amp":0.5,"noise_type":"white","seed":11,"pan":-1}})";
    const std::string b =
        R"({"synth_function_name":"noise","params":{"amp":0.5,"noise_type":"white","seed":22,"pan":-1}})";
    // Steps of 40 s, crossfade 20 s: step 0 alone on [0, 20) s, both on [20, 40) s, step 1 alone on [40, 60) s.
    const size_t window = 24000;  // 0.5 s
    for (const char* curve : {"equal_power", "linear"}) {
        const auto out = renderTrack(twoSteps(a, b, curve, 40.0, 20.0), kFs, 1024);
        ASSERT_EQ(out.left.size(), 60u * 48000u);
        const double steadyDb = 0.5 * (rmsDb(out.left, 0, 20 * 48000) + rmsDb(out.left, 40 * 48000, 20 * 48000));
        double worstDb = 0.0, middleDb = 0.0;
        for (size_t start = 20 * 48000; start + window <= 40 * 48000; start += window) {
            const double deviation = rmsDb(out.left, start, window) - steadyDb;
            if (std::fabs(deviation) > std::fabs(worstDb)) worstDb = deviation;
        }
        middleDb = rmsDb(out.left, 30 * 48000 - window / 2, window) - steadyDb;
        std::printf("%s crossfade of uncorrelated noise: worst window RMS deviation %+.3f dB, at the middle %+.3f dB\n",
                    curve, worstDb, middleDb);
        if (std::string(curve) == "equal_power") {
            EXPECT_LE(std::fabs(worstDb), 0.2);
        } else {
            EXPECT_NEAR(middleDb, 10.0 * std::log10(0.5), 0.2);  // linear dips by 3 dB: the measurement can tell
        }
    }
}

TEST(TrackPlayer, TransitionVoiceGlidesFromThePreviousStepsValues) {
    const std::string track = R"({"global_settings":{"sample_rate":48000},"steps":[
        {"duration":2,"voices":[{"synth_function_name":"sine","params":{"amp":0.5,"freq":200,"pan":-1}}]},
        {"duration":10,"voices":[{"synth_function_name":"sine","is_transition":true,"params":{"amp":0.5,"freq":700}}]}]})";
    TrackPlayer player;
    ASSERT_TRUE(player.load(track).isOk());
    const auto& glide = player.description().steps[1].voices[0].frequency;
    EXPECT_EQ(glide.start, 200.0);
    EXPECT_EQ(glide.end, 700.0);
    // pan, not written in the transition voice, continues the previous step's value.
    EXPECT_EQ(player.description().steps[1].voices[0].pan.start, -1.0);
    EXPECT_EQ(player.description().steps[1].voices[0].pan.end, -1.0);
    const auto out = renderTrack(track, kFs, 128);
    const size_t window = 4800;
    double worstHz = 0.0;
    for (double t = 0.5; t < 9.5; t += 1.0) {
        const auto start = static_cast<size_t>((2.0 + t) * kFs);
        const double centre = t + window / 2.0 / kFs;
        const double expectedHz = 200.0 + 500.0 * centre / 10.0;
        const double measured = peakFrequencyHz(out.left, start, window, kFs, 50.0, 2000.0);
        worstHz = std::max(worstHz, std::fabs(measured - expectedHz));
    }
    std::printf("is_transition sine 200 → 700 Hz: worst frequency error %.4f Hz\n", worstHz);
    EXPECT_LT(worstHz, 1.0);
}

TEST(TrackPlayer, SeekPositionDurationAndEndEvents) {
    // Deterministic voices only (noise restarts its sequence on seek).
    const std::string track = R"({"global_settings":{"sample_rate":48000,"crossfade_duration":0.5},"steps":[
        {"duration":2,"voices":[{"synth_function_name":"binaural_beat","params":{"amp":0.5,"base_freq":200,"beat_freq":8}}]},
        {"duration":3,"voices":[{"synth_function_name":"isochronic_tone","params":{"amp":0.5,"base_freq":300,"beat_freq":5}}]}]})";
    const auto continuous = renderTrack(track, kFs, 512);
    TrackPlayer player;
    ASSERT_TRUE(player.load(track).isOk());
    ASSERT_TRUE(player.prepare({kFs, 512, 2}).isOk());
    EXPECT_EQ(player.durationFrames(), (2 + 3) * 48000 - 24000);
    EXPECT_DOUBLE_EQ(player.durationSeconds(), 4.5);
    std::vector<float> left(1000), right(1000);
    float* channels[2] = {left.data(), right.data()};
    player.seek(1.75);  // inside the crossfade
    EXPECT_EQ(player.positionFrames(), 84000);
    player.process(channels, 1000);
    EXPECT_DOUBLE_EQ(player.positionSeconds(), 85000.0 / kFs);
    EXPECT_TRUE(std::memcmp(left.data(), continuous.left.data() + 84000, sizeof(float) * 1000) == 0);
    EXPECT_TRUE(std::memcmp(right.data(), continuous.right.data() + 84000, sizeof(float) * 1000) == 0);
    ASSERT_TRUE(player.requestSeek(4.49));  // applied at the next process: 480 frames before the end
    EXPECT_FALSE(player.finished());
    player.process(channels, 1000);
    EXPECT_TRUE(player.finished());
    EXPECT_EQ(player.endCount(), 1u);
    EXPECT_EQ(player.positionFrames(), player.durationFrames());
    EXPECT_TRUE(std::memcmp(left.data(), continuous.left.data() + 215520, sizeof(float) * 480) == 0);
    for (size_t i = 480; i < 1000; ++i) ASSERT_EQ(left[i], 0.0f) << i;  // silence after the end
    player.process(channels, 1000);
    EXPECT_EQ(player.endCount(), 1u);  // one event per arrival at the end
    player.seek(0.0);
    EXPECT_FALSE(player.finished());
    for (int64_t done = 0; done < player.durationFrames(); done += 1000) player.process(channels, 1000);
    EXPECT_EQ(player.endCount(), 2u);
}

TEST(TrackPlayer, ProcessNeverAllocates) {
    TrackPlayer player;
    ASSERT_TRUE(player.load(kEverything).isOk());
    ASSERT_TRUE(player.prepare({kFs, 128, 2}).isOk());
    std::vector<float> left(128), right(128);
    float* channels[2] = {left.data(), right.data()};
    test::AllocationCounter counter;
    for (int64_t done = 0; done < player.durationFrames() + 1000; done += 100) player.process(channels, 100);
    player.seek(0.3);
    player.requestSeek(1.0);
    for (int i = 0; i < 200; ++i) player.process(channels, 128);
    EXPECT_EQ(counter.count(), 0u);
    EXPECT_EQ(player.endCount(), 2u);  // the end was reached before the seeks and again after
}

TEST(TrackPlayer, UnpreparedOrRejectedPlayerOutputsSilence) {
    TrackPlayer player;
    EXPECT_FALSE(player.prepare({kFs, 128, 2}).isOk());
    EXPECT_FALSE(
        player.load(R"({"global_settings":{"sample_rate":48000},"steps":[{"duration":-1,"voices":[]}]})").isOk());
    std::vector<float> left(64, 1.0f), right(64, 1.0f);
    float* channels[2] = {left.data(), right.data()};
    player.process(channels, 64);
    for (size_t i = 0; i < 64; ++i) ASSERT_EQ(left[i] + right[i], 0.0f);
    ASSERT_TRUE(player.load(kEverything).isOk());
    const Status mono = player.prepare({kFs, 128, 1});
    EXPECT_FALSE(mono.isOk());
    EXPECT_NE(mono.message().find("numChannels 1"), std::string::npos) << mono.message();
}

}  // namespace
}  // namespace wavegraph
