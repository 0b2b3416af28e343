// `wavegraph track render TRACK.json OUT.wav`: the WAV has the track's length in frames and rate,
// a binaural track's ears peak at base ∓ beat/2, an example track renders whole; a malformed
// track gives exit 2, one line naming the JSON path, and no OUT. `wavegraph track play` on
// ALSA's null device (not paced) stops after --seconds; bad tracks and options are exit 2.

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <fstream>
#include <numbers>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kExamples = std::string(WAVEGRAPH_SOURCE_DIR) + "/examples/tracks/";

/// Frequency of the strongest DFT peak of x[0, n) in [loHz, hiHz]: Hann window, Goertzel-style
/// direct DFT on a 0.01 Hz grid around the coarse maximum (n frames at fs).
double peakHz(const std::vector<float>& x, size_t n, double fs, double loHz, double hiHz) {
    std::vector<double> windowed(n);
    for (size_t i = 0; i < n; ++i)
        windowed[i] =
            x[i] * (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n)));
    auto power = [&](double f) {
        std::complex<double> sum = 0.0, w = 1.0;
        const auto step = std::polar(1.0, -2.0 * std::numbers::pi * f / fs);
        for (size_t i = 0; i < n; ++i, w *= step) sum += windowed[i] * w;
        return std::norm(sum);
    };
    double best = loHz, bestPower = 0.0;
    for (double f = loHz; f <= hiHz; f += 0.5)
        if (const double p = power(f); p > bestPower) {
            bestPower = p;
            best = f;
        }
    const double centre = best;
    for (double f = centre - 0.5; f <= centre + 0.5; f += 0.01)
        if (const double p = power(f); p > bestPower) {
            bestPower = p;
            best = f;
        }
    return best;
}

TEST(TrackRender, BinauralTrackHasItsLengthAndEarFrequencies) {
    TestDirectory dir;
    std::ofstream(dir.file("binaural.json")) << R"({"global_settings":{"sample_rate":48000,"crossfade_duration":1},
        "steps":[{"duration":6,"voices":[{"synth_function_name":"binaural_beat","params":{"amp":0.5,"base_freq":300,"beat_freq":6}}]},
                 {"duration":6,"voices":[{"synth_function_name":"binaural_beat","params":{"amp":0.5,"base_freq":300,"beat_freq":6}}]}]})";
    const auto result =
        runProgram({kProgram, "track", "render", dir.file("binaural.json"), dir.file("out.wav")}, dir.path());
    ASSERT_EQ(result.exitCode, 0) << result.standardError;
    EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;  // the summary
    const Audio audio = readAudio(dir.file("out.wav"));
    EXPECT_EQ(audio.sampleRateHz, 48000.0);
    ASSERT_EQ(audio.channels.size(), 2u);
    EXPECT_EQ(audio.frames(), size_t{(6 + 6 - 1) * 48000});  // steps overlap by the crossfade
    const size_t n = 4 * 48000;                              // the first 4 s: step 0 alone
    const double leftHz = peakHz(audio.channels[0], n, 48000.0, 200.0, 400.0);
    const double rightHz = peakHz(audio.channels[1], n, 48000.0, 200.0, 400.0);
    std::printf("track render: %zu frames; left peak %.2f Hz (expected 297), right peak %.2f Hz (expected 303)\n",
                audio.frames(), leftHz, rightHz);
    EXPECT_NEAR(leftHz, 297.0, 0.1);
    EXPECT_NEAR(rightHz, 303.0, 0.1);
}

TEST(TrackRender, ExampleRendersWithTheLengthItsJsonDescribes) {
    TestDirectory dir;
    const std::string path = kExamples + "relax-isochronic.json";
    std::ifstream file(path);
    const auto track = nlohmann::json::parse(file);
    double seconds = 0.0;
    for (const auto& step : track["steps"]) seconds += step["duration"].get<double>();
    const double fs = track["global_settings"]["sample_rate"].get<double>();
    seconds -=
        track["global_settings"]["crossfade_duration"].get<double>() * static_cast<double>(track["steps"].size() - 1);
    const auto result = runProgram({kProgram, "track", "render", path, dir.file("relax.wav")}, dir.path());
    ASSERT_EQ(result.exitCode, 0) << result.standardError;
    const Audio audio = readAudio(dir.file("relax.wav"));
    EXPECT_EQ(audio.sampleRateHz, fs);
    EXPECT_EQ(audio.frames(), static_cast<size_t>(std::llround(seconds * fs)));
    float peak = 0.0f;
    for (const auto& channel : audio.channels)
        for (float s : channel) peak = std::max(peak, std::fabs(s));
    std::printf("relax-isochronic.json: %zu frames (%.1f s) at %g Hz, peak %.3f\n", audio.frames(), seconds, fs, peak);
    EXPECT_GT(peak, 0.1f);
    EXPECT_LT(peak, 1.0f);
}

TEST(TrackRender, MalformedTrackGivesExit2OneLineWithTheJsonPathAndNoOutput) {
    TestDirectory dir;
    std::ofstream(dir.file("bad.json")) << R"({"global_settings":{"sample_rate":48000},"steps":[
        {"duration":5,"voices":[{"synth_function_name":"binaural_beat","params":{"amp":0.5,"base_freq":200,"beat_freq":10}}]},
        {"duration":5,"voices":[{"synth_function_name":"isochronic_tone","params":{"amp":0.5,"base_freq":"loud","beat_freq":10}}]}]})";
    const auto result =
        runProgram({kProgram, "track", "render", dir.file("bad.json"), dir.file("out.wav")}, dir.path());
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
    EXPECT_NE(result.standardError.find("steps[1].voices[0].params.base_freq: must be a number, not \"loud\""),
              std::string::npos)
        << result.standardError;
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"bad.json"});  // no OUT, no temporary left
}

}  // namespace
}  // namespace wavegraph::test

namespace wavegraph::test {
namespace {

/// ALSA's `null` PCM as the default device and no JACK: a device that is not paced (callbacks
/// run as fast as the CPU allows), enough to run `track play` end to end.
ProgramEnvironment alsaNullDevice(const TestDirectory& dir) {
    std::ofstream(dir.file("null.conf")) << "pcm.!default { type null }\n";
    ProgramEnvironment environment;
    environment.set["JACK_DEFAULT_SERVER"] = "wavegraph-absent-track-test";
    environment.set["JACK_NO_START_SERVER"] = "1";
    environment.set["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:" + dir.file("null.conf");
    return environment;
}

TEST(TrackPlay, PlaysForSecondsOnADeviceAndReportsThePosition) {
    TestDirectory dir;
    const auto result = runProgram({kProgram, "track", "play", kExamples + "focus-binaural.json", "--seconds", "1.5"},
                                   dir.path(), alsaNullDevice(dir));
    if (result.exitCode == 1 && result.standardError.find("no audio output device") != std::string::npos)
        GTEST_SKIP() << "no ALSA null device here: " << result.standardError;
    ASSERT_EQ(result.exitCode, 0) << result.standardError;
    std::printf("%s", result.standardError.c_str());
    EXPECT_EQ(countLines(result.standardError), 2) << result.standardError;  // start line + summary
    EXPECT_NE(result.standardError.find("playing track '"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("played 1.500 s of 498.000 s"), std::string::npos) << result.standardError;
    EXPECT_NE(result.standardError.find("stopped by --seconds"), std::string::npos) << result.standardError;
}

TEST(TrackPlay, BadTrackOrOptionIsExit2BeforeAnyDevice) {
    TestDirectory dir;
    std::ofstream(dir.file("bad.json"))
        << R"({"global_settings":{"sample_rate":48000},"steps":[{"duration":1,"voices":[{"synth_function_name":"chirp","params":{}}]}]})";
    const auto bad = runProgram({kProgram, "track", "play", dir.file("bad.json")}, dir.path(), alsaNullDevice(dir));
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_EQ(countLines(bad.standardError), 1) << bad.standardError;
    EXPECT_NE(bad.standardError.find("steps[0].voices[0].synth_function_name: 'chirp' is not a synth"),
              std::string::npos)
        << bad.standardError;
    const auto seconds = runProgram({kProgram, "track", "play", kExamples + "focus-binaural.json", "--seconds", "-1"},
                                    dir.path(), alsaNullDevice(dir));
    EXPECT_EQ(seconds.exitCode, 2);
    EXPECT_EQ(countLines(seconds.standardError), 1) << seconds.standardError;
    EXPECT_NE(seconds.standardError.find("--seconds -1: out of range"), std::string::npos) << seconds.standardError;
}

}  // namespace
}  // namespace wavegraph::test
