// `play --command-log` on the clock-paced null backend, then `render --commands` of that log:
// the render equals the --record file sample for sample (max |difference| 0), through ramped
// sets, `eq`/`gain` shorthands, a `now` set and two graph swaps with different noise sources;
// the same render without the log differs (so the comparison can fail). `track play` and `track
// render` likewise. A malformed log is refused with its file and line.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;

void writeGraph(const std::string& path, int noiseSeed, int color) {
    std::ofstream(path)
        << "{ \"nodes\": [ { \"id\": \"source\", \"type\": \"noise\", \"params\": { \"seed\": " << noiseSeed
        << ", \"color\": " << color << ", \"levelDb\": -18 } },\n"
        << "  { \"id\": \"eq\", \"type\": \"parametricEq\" }, { \"id\": \"master\", \"type\": \"gain\" } ],\n"
        << "  \"connections\": [ { \"from\": \"source\", \"to\": \"eq\" }, { \"from\": \"eq\", \"to\": \"master\" } "
           "],\n"
        << "  \"output\": \"master\" }\n";
}

/// Largest |a − b| over both files' frames (infinite when the shapes differ).
double maxDifference(const Audio& a, const Audio& b) {
    if (a.channels.size() != b.channels.size() || a.frames() != b.frames()) return INFINITY;
    double worst = 0.0;
    for (size_t c = 0; c < a.channels.size(); ++c)
        for (size_t i = 0; i < a.frames(); ++i)
            worst = std::max(worst, std::fabs(double(a.channels[c][i]) - b.channels[c][i]));
    return worst;
}

/// Lines of a log, comments aside, that contain `part`.
int countMatching(const std::string& text, const std::string& part) {
    int n = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        n += !line.empty() && line[0] != '#' && line.find(part) != std::string::npos ? 1 : 0;
    return n;
}

TEST(CommandLog, RenderOfThePlayedLogEqualsTheRecordingSampleForSample) {
    TestDirectory dir;
    writeGraph(dir.file("a.json"), 7, 0);
    writeGraph(dir.file("b.json"), 11, 1);
    // 2.5 s at 256-frame buffers; the commands spread over the first 2 s.
    const std::string commands =
        "sleep 0.3; echo 'set eq.band4.gainDb -12'; sleep 0.2; echo 'gain -6.5'; echo 'eq 2 -10'; sleep 0.3; "
        "echo 'graph b.json'; sleep 0.2; echo 'set master.gainDb -1 now'; sleep 0.3; echo 'set eq.band1.q 0.3'; "
        "echo 'graph a.json'; sleep 0.3; echo 'set eq.band4.gainDb 0'";
    const auto play = runLogged({"/bin/bash", "-c",
                                 "cd \"$1\" && (" + commands +
                                     ") | \"$0\" play --graph a.json --backend null --seconds 2.5 "
                                     "--buffer-frames 256 --record play.wav --command-log play.log",
                                 kProgram, dir.path()},
                                dir, withoutAudioServer());
    ASSERT_EQ(play.exitCode, 0);
    ASSERT_NE(play.standardError.find("command log: 8 commands, 0 late, 0 events dropped"), std::string::npos);
    std::ifstream logFile(dir.file("play.log"));
    const std::string log((std::istreambuf_iterator<char>(logFile)), std::istreambuf_iterator<char>());
    std::printf("--- play.log\n%s---\n", log.c_str());
    EXPECT_EQ(countMatching(log, " set "), 6);
    EXPECT_EQ(countMatching(log, " now"), 1);
    EXPECT_EQ(countMatching(log, " graph "), 2);
    EXPECT_EQ(countMatching(log, "set eq.band1.q 0.3"), 1);  // shortest exact digits

    const Audio played = readAudio(dir.file("play.wav"));
    ASSERT_EQ(played.frames(), size_t{120000});
    Audio silence;
    silence.sampleRateHz = 48000.0;
    silence.channels.assign(2, std::vector<float>(played.frames(), 0.0f));
    writeAudio(dir.file("silence.wav"), silence);
    ASSERT_EQ(runLogged({kProgram, "render", dir.file("silence.wav"), dir.file("replay.wav"), "--graph",
                         dir.file("a.json"), "--commands", dir.file("play.log")},
                        dir)
                  .exitCode,
              0);
    ASSERT_EQ(
        runLogged({kProgram, "render", dir.file("silence.wav"), dir.file("plain.wav"), "--graph", dir.file("a.json")},
                  dir)
            .exitCode,
        0);
    const Audio replayed = readAudio(dir.file("replay.wav")), plain = readAudio(dir.file("plain.wav"));
    const double replayDifference = maxDifference(played, replayed), plainDifference = maxDifference(played, plain);
    std::printf(
        "play --record %zu frames; render --commands: max |difference| %.3g; render without the log: max "
        "|difference| %.3g\n",
        played.frames(), replayDifference, plainDifference);
    EXPECT_EQ(replayDifference, 0.0);
    EXPECT_GT(plainDifference, 0.01);
}

TEST(CommandLog, TrackRenderOfTheTrackPlayLogEqualsTheRecording) {
    TestDirectory dir;
    const std::string track = std::string(WAVEGRAPH_SOURCE_DIR) + "/examples/tracks/focus-binaural.json";
    const auto play = runLogged(
        {"/bin/bash", "-c",
         "(sleep 0.3; echo 'eq 2 -12'; sleep 0.3; echo 'gain -3'; sleep 0.3; echo 'set eq.band4.gainDb -6 now') | "
         "\"$0\" track play \"$1\" --backend null --seconds 1.5 --record \"$2\" --command-log \"$3\"",
         kProgram, track, dir.file("play.wav"), dir.file("play.log")},
        dir, withoutAudioServer());
    ASSERT_EQ(play.exitCode, 0);
    ASSERT_NE(play.standardError.find("command log: 3 commands, 0 late"), std::string::npos);
    ASSERT_EQ(runLogged({kProgram, "track", "render", track, dir.file("replay.wav"), "--seconds", "1.5", "--commands",
                         dir.file("play.log")},
                        dir)
                  .exitCode,
              0);
    const Audio played = readAudio(dir.file("play.wav")), replayed = readAudio(dir.file("replay.wav"));
    const double difference = maxDifference(played, replayed);
    std::printf("track play --record %zu frames, track render --commands %zu frames: max |difference| %.3g\n",
                played.frames(), replayed.frames(), difference);
    EXPECT_EQ(difference, 0.0);
}

TEST(CommandLog, AMalformedLineIsRefusedWithItsFileAndLine) {
    TestDirectory dir;
    writeGraph(dir.file("a.json"), 7, 0);
    Audio silence;
    silence.sampleRateHz = 48000.0;
    silence.channels.assign(2, std::vector<float>(4800, 0.0f));
    writeAudio(dir.file("silence.wav"), silence);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"# comment\n10 set master.gainDb -3\nx set master.gainDb 1\n",
         "bad.log:3: 'x' is not a frame (allowed: a whole number ≥ 0)"},
        {"10 gain -3\n", "bad.log:1: unknown command 'gain'"},
        {"10 set master.gainDb\n", "bad.log:1: expected 'FRAME set NODE.PARAM VALUE [now]'"},
        {"10 set master.gainDb 99\n", "bad.log:1: master.gainDb 99 is out of range"},
        {"10 graph missing.json\n", "bad.log:1: "},
    };
    for (const auto& [text, expected] : cases) {
        std::ofstream(dir.file("bad.log")) << text;
        const auto result = runLogged({kProgram, "render", dir.file("silence.wav"), dir.file("out.wav"), "--graph",
                                       dir.file("a.json"), "--commands", dir.file("bad.log")},
                                      dir);
        EXPECT_EQ(result.exitCode, 2) << text;
        EXPECT_NE(result.standardError.find(expected), std::string::npos) << result.standardError;
        EXPECT_EQ(countLines(result.standardError), 1);
    }
}

}  // namespace
}  // namespace wavegraph::test
