// Every native command runs the same host session: what `play` and `track play` record on the
// clock-paced null backend equals what `render` and `track render` write for the same options
// (max |difference| ≤ 1e-6 after alignment, on real recordings and on the example tracks); and
// a stdin `eq 4 -20` while a 960 Hz sine plays ramps instead of switching: the output's largest
// step and largest curvature |y[n+1] − 2y[n] + y[n−1]| stay within the sine's own (a hard
// coefficient switch exceeds the curvature: eq_ramp_test.cpp).

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kSounds = "/usr/share/sounds/alsa/";
const std::string kExamples = std::string(WAVEGRAPH_SOURCE_DIR) + "/examples/tracks/";

struct Alignment {
    size_t lag = 0;       ///< frames of `reference` before `recording`'s frame 0
    size_t compared = 0;  ///< frames compared
    double maxDifference = INFINITY;
};

/// The lag in [0, maxLag] at which `recording` best matches `reference` (smallest max |difference|
/// over the overlap), and that difference.
Alignment align(const Audio& reference, const Audio& recording, size_t maxLag = 4096) {
    Alignment best;
    if (reference.channels.size() != recording.channels.size()) return best;
    for (size_t lag = 0; lag <= maxLag && lag < reference.frames(); ++lag) {
        const size_t n = std::min(reference.frames() - lag, recording.frames());
        double worst = 0.0;
        for (size_t c = 0; c < reference.channels.size() && worst < best.maxDifference; ++c)
            for (size_t i = 0; i < n; ++i)
                worst = std::max(worst, std::fabs(double(reference.channels[c][i + lag]) - recording.channels[c][i]));
        if (worst < best.maxDifference) best = {lag, n, worst};
        if (worst == 0.0) break;
    }
    return best;
}

double peakOf(const Audio& audio) {
    double peak = 0.0;
    for (const auto& ch : audio.channels)
        for (float v : ch) peak = std::max(peak, double(std::fabs(v)));
    return peak;
}

void expectPlayEqualsRender(const std::string& input, const TestDirectory& dir) {
    const std::vector<std::string> options = {"--eq", "4=-20", "--gain-db", "-3"};
    std::vector<std::string> render = {kProgram, "render", input, dir.file("render.wav")};
    render.insert(render.end(), options.begin(), options.end());
    ASSERT_EQ(runLogged(render, dir).exitCode, 0);
    std::vector<std::string> play = {kProgram, "play", input, "--backend", "null", "--record", dir.file("play.wav")};
    play.insert(play.end(), options.begin(), options.end());
    ASSERT_EQ(runLogged(play, dir, withoutAudioServer()).exitCode, 0);
    const Audio rendered = readAudio(dir.file("render.wav")), played = readAudio(dir.file("play.wav"));
    const Alignment a = align(rendered, played);
    std::printf(
        "%s: render %zu frames x %zu ch (peak %.4f), play --record %zu frames; lag %zu, %zu frames compared, "
        "max |difference| %.3g\n",
        input.c_str(), rendered.frames(), rendered.channels.size(), peakOf(rendered), played.frames(), a.lag,
        a.compared, a.maxDifference);
    EXPECT_EQ(played.frames(), rendered.frames());
    EXPECT_EQ(a.compared, rendered.frames());
    EXPECT_LE(a.maxDifference, 1e-6);
    EXPECT_GT(peakOf(rendered), 0.01);  // a real signal, not silence
}

TEST(PlayEqualsRender, MonoRecordingWithEqAndGain) {
    TestDirectory dir;
    expectPlayEqualsRender(kSounds + "Front_Center.wav", dir);
}

TEST(PlayEqualsRender, StereoRecordingMadeWithSoxWithEqAndGain) {
    if (!std::filesystem::exists("/usr/bin/sox")) GTEST_SKIP() << "sox is not installed";
    TestDirectory dir;
    const auto sox = runProgram(
        {"/usr/bin/sox", "-M", kSounds + "Front_Left.wav", kSounds + "Front_Right.wav", dir.file("stereo.wav")},
        dir.path());
    ASSERT_EQ(sox.exitCode, 0) << sox.standardError;
    expectPlayEqualsRender(dir.file("stereo.wav"), dir);
}

class TrackPlayEqualsTrackRender : public ::testing::TestWithParam<std::string> {};

TEST_P(TrackPlayEqualsTrackRender, FirstSecondsWithEqAndGain) {
    TestDirectory dir;
    const std::string track = kExamples + GetParam();
    const std::vector<std::string> options = {"--seconds", "1.5", "--eq", "2=-12", "--gain-db", "-3"};
    std::vector<std::string> render = {kProgram, "track", "render", track, dir.file("render.wav")};
    render.insert(render.end(), options.begin(), options.end());
    ASSERT_EQ(runLogged(render, dir).exitCode, 0);
    std::vector<std::string> play = {kProgram,    "track", "play",     track,
                                     "--backend", "null",  "--record", dir.file("play.wav")};
    play.insert(play.end(), options.begin(), options.end());
    const auto played = runLogged(play, dir, withoutAudioServer());
    ASSERT_EQ(played.exitCode, 0);
    EXPECT_NE(played.standardError.find("stopped by --seconds"), std::string::npos);
    const Audio a = readAudio(dir.file("render.wav")), b = readAudio(dir.file("play.wav"));
    const Alignment alignment = align(a, b);
    std::printf(
        "%s: track render %zu frames (peak %.4f), track play --record %zu frames; lag %zu, %zu frames "
        "compared, max |difference| %.3g\n",
        GetParam().c_str(), a.frames(), peakOf(a), b.frames(), alignment.lag, alignment.compared,
        alignment.maxDifference);
    EXPECT_EQ(a.frames(), size_t(std::llround(1.5 * a.sampleRateHz)));  // 48 kHz and 44.1 kHz tracks
    EXPECT_EQ(b.frames(), a.frames());
    EXPECT_EQ(alignment.compared, a.frames());
    EXPECT_LE(alignment.maxDifference, 1e-6);
    EXPECT_GT(peakOf(a), 0.01);
}

INSTANTIATE_TEST_SUITE_P(Examples, TrackPlayEqualsTrackRender,
                         ::testing::Values("focus-binaural.json", "relax-isochronic.json"),
                         [](const auto& info) { return info.param.substr(0, info.param.find('-')); });

/// Largest |x[i+1] − 2x[i] + x[i−1]| over [from, to) of every channel.
double largestCurvature(const Audio& audio, size_t from, size_t to) {
    double curvature = 0.0;
    for (const auto& ch : audio.channels)
        for (size_t i = from + 1; i + 1 < std::min(to, ch.size()); ++i)
            curvature = std::max(curvature, std::fabs(double(ch[i + 1]) - 2.0 * ch[i] + ch[i - 1]));
    return curvature;
}

/// Largest |x[i+1] − x[i]| over [from, to) of every channel.
double largestStep(const Audio& audio, size_t from, size_t to) {
    double step = 0.0;
    for (const auto& ch : audio.channels)
        for (size_t i = from + 1; i < std::min(to, ch.size()); ++i)
            step = std::max(step, double(std::fabs(ch[i] - ch[i - 1])));
    return step;
}

TEST(StdinEqCommand, RampsWhilePlayingStepAndCurvatureStayWithinTheSinesOwn) {
    TestDirectory dir;
    Audio input;
    input.sampleRateHz = 48000.0;
    input.channels.assign(2, sine(960.0, 48000.0, 96000, 0.5));  // 2 s at -6 dBFS peak
    writeAudio(dir.file("sine.wav"), input);
    // The command 0.8 s into a 2 s playback (band 4 is at 960 Hz).
    ProgramEnvironment env = withoutAudioServer();
    const auto play = runLogged(
        {"/bin/bash", "-c", "(sleep 0.8; echo 'eq 4 -20') | \"$0\" play \"$1\" --backend null --record \"$2\"",
         kProgram, dir.file("sine.wav"), dir.file("rec.wav")},
        dir, env);
    ASSERT_EQ(play.exitCode, 0);
    ASSERT_NE(play.standardError.find("eq.band4.gainDb -> -20 dB"), std::string::npos);
    const Audio rec = readAudio(dir.file("rec.wav"));
    ASSERT_EQ(rec.frames(), size_t{96000});
    // Where the change happened: the first 10 ms window whose RMS is 1 dB below the start's.
    const double before = rmsDb(rec.channels[0], 0, 4800);
    size_t change = 0;
    for (size_t at = 0; at + 480 <= rec.frames(); at += 480)
        if (rmsDb(rec.channels[0], at, at + 480) < before - 1.0) {
            change = at;
            break;
        }
    const double after = rmsDb(rec.channels[0], rec.frames() - 9600, rec.frames());
    const double signalStep = largestStep(input, 0, input.frames());
    const size_t from = change > 4800 ? change - 4800 : 0;
    const size_t to = std::min(rec.frames(), change + 4800);
    const double stepAroundChange = largestStep(rec, from, to);
    const double signalCurvature = largestCurvature(input, 0, input.frames());
    const double curvatureAroundChange = largestCurvature(rec, from, to);
    std::printf(
        "level before %.2f dBFS, after %.2f dBFS (change %.2f dB) at %.3f s; around the change (±0.1 s): "
        "largest step %.6f (sine %.6f, x%.4f), largest curvature %.6f (sine %.6f, x%.4f)\n",
        before, after, after - before, change / 48000.0, stepAroundChange, signalStep, stepAroundChange / signalStep,
        curvatureAroundChange, signalCurvature, curvatureAroundChange / signalCurvature);
    ASSERT_GT(change, size_t{0}) << "the level never dropped";
    EXPECT_NEAR(after - before, -20.0, 0.5);
    EXPECT_LE(stepAroundChange, signalStep * 1.01);
    EXPECT_LE(curvatureAroundChange, signalCurvature * 1.01);
}

}  // namespace
}  // namespace wavegraph::test
