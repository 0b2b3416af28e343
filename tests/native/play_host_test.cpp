// `wavegraph play` on the clock-paced null backend (no sound card, no JACK needed): real-time
// pacing, inputs mixed with per-input gain, the recorder against what the device played (the
// null device's capture, WAVEGRAPH_NULL_CAPTURE) and against the offline render of the same
// graph, consumers stalled by a test hook, and the recovery paths driven by WAVEGRAPH_FAULTS
// (native/host/backend/fault_injection.h). Every check measures samples or counters the program
// reports; the expected values come from the offline render or from the injected fault.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <regex>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
constexpr double kRate = 48000.0;

ProgramEnvironment environment(const std::string& faults = "", const std::string& capture = "") {
    ProgramEnvironment env = withoutAudioServer();
    if (!faults.empty()) env.set["WAVEGRAPH_FAULTS"] = faults;
    if (!capture.empty()) env.set["WAVEGRAPH_NULL_CAPTURE"] = capture;
    return env;
}

struct Timed {
    ProgramResult result;
    double seconds = 0.0;
};

Timed run(const std::vector<std::string>& arguments, const TestDirectory& dir, const ProgramEnvironment& env) {
    const auto start = std::chrono::steady_clock::now();
    Timed timed{runProgram(arguments, dir.path(), env), 0.0};
    timed.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s(%.2f s, exit %d)\n", timed.result.standardError.c_str(), timed.seconds, timed.result.exitCode);
    return timed;
}

/// The number after `label` in text (e.g. "played 1.000 s (" → frames), or -1.
// `play --graph GRAPH --backend null --seconds SECONDS --record rec.wav` in dir.
Timed playRecorded(const TestDirectory& dir, const std::string& graph, const std::string& seconds,
                   const ProgramEnvironment& env) {
    return run({kProgram, "play", "--graph", graph, "--backend", "null", "--seconds", seconds, "--record",
                dir.file("rec.wav")},
               dir, env);
}

double numberAfter(const std::string& text, const std::string& pattern) {
    std::smatch match;
    if (!std::regex_search(text, match, std::regex(pattern + "([-+0-9.e]+)"))) return -1.0;
    return std::stod(match[1]);
}

/// A white-noise graph (seeded, so every render is the same) through a gain node "master".
std::string noiseGraph(const TestDirectory& dir) {
    const std::string path = dir.file("noise.json");
    std::ofstream(path) << R"({ "nodes": [ { "id": "src", "type": "noise", "params": { "seed": 7, "levelDb": -12 } },
                                         { "id": "master", "type": "gain", "params": { "gainDb": 0 } } ],
                              "connections": [ { "from": "src", "to": "master" } ], "output": "master" })";
    return path;
}

/// The offline render of `graph` for `frames` frames of 2 channels at 48 kHz.
Audio offlineRender(const TestDirectory& dir, const std::string& graph, size_t frames) {
    Audio silence;
    silence.sampleRateHz = kRate;
    silence.channels.assign(2, std::vector<float>(frames, 0.0f));
    writeAudio(dir.file("silence.wav"), silence);
    const auto render = runProgram(
        {kProgram, "render", dir.file("silence.wav"), dir.file("offline.wav"), "--graph", graph}, dir.path());
    EXPECT_EQ(render.exitCode, 0) << render.standardError;
    return readAudio(dir.file("offline.wav"));
}

/// max |a − b| over [from, to) on every channel; +inf when either is too short.
double maxDifference(const Audio& a, const Audio& b, size_t from, size_t to) {
    if (a.frames() < to || b.frames() < to || a.channels.size() != b.channels.size()) return INFINITY;
    double worst = 0.0;
    for (size_t c = 0; c < a.channels.size(); ++c)
        for (size_t i = from; i < to; ++i)
            worst = std::max(worst, std::fabs(double(a.channels[c][i]) - b.channels[c][i]));
    return worst;
}

TEST(PlayHost, NoDeviceSaysSoInOneLineSuggestingTheNullBackend) {
    TestDirectory dir;
    const auto devices = runProgram({kProgram, "devices"}, dir.path(), environment());
    if (devices.standardOutput.rfind("no audio devices found", 0) != 0) GTEST_SKIP() << "this machine has devices";
    const auto play = run({kProgram, "play", "--seconds", "1"}, dir, environment());
    EXPECT_EQ(play.result.exitCode, 1);
    EXPECT_EQ(countLines(play.result.standardError), 1);
    EXPECT_NE(play.result.standardError.find("--backend null"), std::string::npos);
}

TEST(PlayHost, NullBackendPlaysInRealTimeOnTheClock) {
    TestDirectory dir;
    const auto play = run({kProgram, "play", "--backend", "null", "--seconds", "2"}, dir, environment());
    ASSERT_EQ(play.result.exitCode, 0);
    EXPECT_NE(play.result.standardError.find("via null"), std::string::npos);
    EXPECT_EQ(numberAfter(play.result.standardError, "played [0-9.]+ s \\("), 2 * kRate);
    // 2 s of frames at 48 kHz paced by the clock: at least 2 s of wall time, and not much more
    // (the clock thread is not real-time: on a loaded machine it may wake late, which it
    // counts as underruns; they are reported, not judged here).
    EXPECT_GE(play.seconds, 2.0);
    EXPECT_LE(play.seconds, 3.0);
    std::printf("wall time %.3f s for 2 s of frames; underruns counted by the clock: %.0f\n", play.seconds,
                numberAfter(play.result.standardError, "stopped by --seconds; "));
}

TEST(PlayHost, TwoFileInputsMixWithPerInputGain) {
    TestDirectory dir;
    const size_t frames = 24000;
    Audio a, b;
    a.sampleRateHz = b.sampleRateHz = kRate;
    a.channels = {sine(440.0, kRate, frames, 0.5), sine(660.0, kRate, frames, 0.5)};
    b.channels = {sine(1000.0, kRate, frames, 0.3), sine(1500.0, kRate, frames, 0.3)};
    writeAudio(dir.file("a.wav"), a);
    writeAudio(dir.file("b.wav"), b);
    std::ofstream(dir.file("through.json")) << R"({ "nodes": [ { "id": "in", "type": "input" } ], "output": "in" })";
    const auto play =
        run({kProgram, "play", dir.file("a.wav"), "--input", dir.file("b.wav"), "--input-gain", "-6", "--input-gain",
             "2.5", "--graph", dir.file("through.json"), "--backend", "null", "--record", dir.file("mix.wav")},
            dir, environment());
    ASSERT_EQ(play.result.exitCode, 0);
    const Audio mix = readAudio(dir.file("mix.wav"));
    ASSERT_EQ(mix.frames(), frames);
    const double ga = std::pow(10.0, -6.0 / 20.0), gb = std::pow(10.0, 2.5 / 20.0);
    double worst = 0.0;
    for (size_t c = 0; c < 2; ++c)
        for (size_t i = 0; i < frames; ++i)
            worst = std::max(worst, std::fabs(mix.channels[c][i] - (ga * a.channels[c][i] + gb * b.channels[c][i])));
    std::printf("max |recorded mix - (gA·a + gB·b)| = %.3g\n", worst);
    EXPECT_LE(worst, 1e-6);
    EXPECT_NE(play.result.standardError.find("'a.wav': 0 overflow, 0 underflow frames"), std::string::npos);
    EXPECT_NE(play.result.standardError.find("'b.wav': 0 overflow, 0 underflow frames"), std::string::npos);
}

TEST(PlayHost, RecorderEqualsWhatTheDevicePlayedAndTheOfflineRender) {
    TestDirectory dir;
    const std::string graph = noiseGraph(dir);
    const auto play = playRecorded(dir, graph, "1.5", environment("", dir.file("device.wav")));
    ASSERT_EQ(play.result.exitCode, 0);
    const Audio rec = readAudio(dir.file("rec.wav")), device = readAudio(dir.file("device.wav"));
    const Audio offline = offlineRender(dir, graph, rec.frames());
    ASSERT_EQ(rec.frames(), size_t(1.5 * kRate));
    const double recVsDevice = maxDifference(rec, device, 0, rec.frames());
    const double recVsOffline = maxDifference(rec, offline, 0, rec.frames());
    std::printf("recorder vs device: max diff %.3g; recorder vs offline render: %.3g\n", recVsDevice, recVsOffline);
    EXPECT_EQ(recVsDevice, 0.0);
    EXPECT_LE(recVsOffline, 1e-6);
}

TEST(PlayHost, StalledRecorderCountsDropoutsSkipsAheadAndTheDeviceOutputStaysIntact) {
    TestDirectory dir;
    const std::string graph = noiseGraph(dir);
    // The fan-out ring holds 65536 frames (1.37 s); a 2 s stall must lose frames.
    const auto play = playRecorded(dir, graph, "3.5", environment("stall=recorder@0.5+2", dir.file("device.wav")));
    ASSERT_EQ(play.result.exitCode, 0);
    const double dropouts = numberAfter(play.result.standardError, "recorder: [0-9]+ frames, ");
    const double dropped = numberAfter(play.result.standardError, "recorder: [0-9]+ frames, [0-9]+ dropouts? \\(");
    EXPECT_GE(dropouts, 1);
    EXPECT_GT(dropped, 0);
    const Audio rec = readAudio(dir.file("rec.wav")), device = readAudio(dir.file("device.wav"));
    const size_t frames = size_t(3.5 * kRate);
    const Audio offline = offlineRender(dir, graph, frames);
    ASSERT_GE(device.frames(), frames);  // then silence while the last buffers drain
    EXPECT_LE(maxDifference(device, offline, 0, frames), 1e-6) << "the device output must stay intact";
    // The recorder kept time: its file is as long as the playback; the frames it lost are
    // silence, everything else equals the device output.
    ASSERT_EQ(rec.frames(), frames);
    size_t silent = 0, differing = 0;
    for (size_t i = 0; i < frames; ++i) {
        if (rec.channels[0][i] == 0.0f && rec.channels[1][i] == 0.0f)
            ++silent;
        else if (rec.channels[0][i] != device.channels[0][i] || rec.channels[1][i] != device.channels[1][i])
            ++differing;
    }
    std::printf("dropouts %.0f, dropped frames %.0f, silent frames in the recording %zu, differing %zu\n", dropouts,
                dropped, silent, differing);
    EXPECT_EQ(double(silent), dropped);
    EXPECT_EQ(differing, 0u);
}

TEST(PlayHost, StalledMeterConsumerDoesNotDisturbTheRecorderOrTheDevice) {
    TestDirectory dir;
    const std::string graph = noiseGraph(dir);
    const auto play = playRecorded(dir, graph, "3", environment("stall=meter@0.3+2", dir.file("device.wav")));
    ASSERT_EQ(play.result.exitCode, 0);
    EXPECT_GE(numberAfter(play.result.standardError, "meters: [0-9]+ updates, "), 1);
    EXPECT_NE(play.result.standardError.find("recorder: 144000 frames, 0 dropouts"), std::string::npos);
    const Audio rec = readAudio(dir.file("rec.wav")), device = readAudio(dir.file("device.wav"));
    EXPECT_EQ(maxDifference(rec, device, 0, 144000), 0.0);
}

TEST(PlayHost, UnknownDeviceFallsBackToTheDefaultWithAWarning) {
    TestDirectory dir;
    const auto play = run({kProgram, "play", "--backend", "null", "--device", "no-such-device", "--seconds", "0.2"},
                          dir, environment());
    EXPECT_EQ(play.result.exitCode, 0);
    EXPECT_NE(play.result.standardError.find("warning: --device no-such-device: no output device of null matches"),
              std::string::npos);
    EXPECT_NE(play.result.standardError.find("using the default 'clock'"), std::string::npos);
}

TEST(PlayHost, BackendWhoseInitialiseFailsFallsToTheNext) {
    TestDirectory dir;
    const auto play = run({kProgram, "play", "--backend", "jack", "--fallback", "null", "--seconds", "0.2"}, dir,
                          environment("fail-init=jack"));
    EXPECT_EQ(play.result.exitCode, 0);
    EXPECT_NE(play.result.standardError.find("via null"), std::string::npos);
    EXPECT_NE(play.result.standardError.find("skipped: jack: initialization failed"), std::string::npos);
}

TEST(PlayHost, StreamErrorRestartsTheStreamAndTheRecorderLosesNothing) {
    TestDirectory dir;
    const std::string graph = noiseGraph(dir);
    const auto play = playRecorded(dir, graph, "1.5", environment("stream-error=0.5"));
    ASSERT_EQ(play.result.exitCode, 0);
    EXPECT_NE(play.result.standardError.find("StreamError: null: the clock stream failed"), std::string::npos);
    EXPECT_NE(play.result.standardError.find("restarting the stream"), std::string::npos);
    EXPECT_NE(play.result.standardError.find("1 restart,"), std::string::npos);
    const Audio rec = readAudio(dir.file("rec.wav"));
    ASSERT_EQ(rec.frames(), size_t(1.5 * kRate));
    EXPECT_LE(maxDifference(rec, offlineRender(dir, graph, rec.frames()), 0, rec.frames()), 1e-6);
}

TEST(PlayHost, ForcedUnderrunsGrowTheBufferAndTheRecorderLosesNothing) {
    TestDirectory dir;
    const std::string graph = noiseGraph(dir);
    const auto play = playRecorded(dir, graph, "1.5", environment("underruns=3@0.5"));
    ASSERT_EQ(play.result.exitCode, 0);
    EXPECT_NE(play.result.standardError.find("3 underruns within 10 s on null: buffer 256 -> 512 frames"),
              std::string::npos);
    // At least the injected growth (the clock thread, not real-time, may add underruns of its own
    // on a loaded machine, and with them further growths).
    EXPECT_GE(numberAfter(play.result.standardError, "restarts?, "), 1) << "buffer growths";
    const Audio rec = readAudio(dir.file("rec.wav"));
    ASSERT_EQ(rec.frames(), size_t(1.5 * kRate));
    EXPECT_LE(maxDifference(rec, offlineRender(dir, graph, rec.frames()), 0, rec.frames()), 1e-6);
}

TEST(PlayHost, ExceptionInTheCallbackIsCountedAndSilenced) {
    TestDirectory dir;
    const auto play = run({kProgram, "play", "--backend", "null", "--seconds", "0.5"}, dir, environment("throw=0.2"));
    EXPECT_EQ(play.result.exitCode, 0);
    EXPECT_NE(play.result.standardError.find("1 internal error,"), std::string::npos);
}

TEST(PlayHost, DuplexFallsBackToOutputOnlyThenInputOnlyEachStepReported) {
    TestDirectory dir;
    const auto outputOnly =
        run({kProgram, "play", "--backend", "null", "--input-device", "default", "--seconds", "0.2"}, dir,
            environment("fail-open=duplex"));
    EXPECT_EQ(outputOnly.result.exitCode, 0);
    EXPECT_NE(outputOnly.result.standardError.find("full duplex on null failed"), std::string::npos);
    EXPECT_NE(outputOnly.result.standardError.find("(output only)"), std::string::npos);
    const auto inputOnly = run({kProgram, "play", "--backend", "null", "--input-device", "default", "--seconds", "0.2"},
                               dir, environment("fail-open=duplex,fail-open=output"));
    EXPECT_EQ(inputOnly.result.exitCode, 0);
    EXPECT_NE(inputOnly.result.standardError.find("falling back to input only (meters)"), std::string::npos);
    EXPECT_NE(inputOnly.result.standardError.find("(input only (meters))"), std::string::npos);
    const auto none = run({kProgram, "play", "--backend", "null", "--input-device", "default", "--seconds", "0.2"}, dir,
                          environment("fail-open=duplex,fail-open=output,fail-open=input"));
    EXPECT_EQ(none.result.exitCode, 1);
}

TEST(PlayHost, StdinSetGraphAndStatusCommands) {
    TestDirectory dir;
    const std::string graph = noiseGraph(dir);
    ProgramEnvironment env = environment();
    env.standardInput =
        "set master.gainDb -6\nset master.gainDb 99\nset nosuch.x 1\nstatus\ngraph " + graph + "\nquit\n";
    const auto play = run({kProgram, "play", "--graph", graph, "--backend", "null"}, dir, env);
    EXPECT_EQ(play.result.exitCode, 0);
    const std::string& err = play.result.standardError;
    EXPECT_NE(err.find("master.gainDb -> -6 dB"), std::string::npos);
    EXPECT_NE(err.find("set master.gainDb 99: master.gainDb 99 is out of range (-120…24 dB)"), std::string::npos);
    EXPECT_NE(err.find("set nosuch.x 1: no node 'nosuch' in the graph (nodes: master, src)"), std::string::npos);
    EXPECT_NE(err.find("status: "), std::string::npos);
    EXPECT_NE(err.find("graph " + graph + " published"), std::string::npos);
    EXPECT_NE(err.find("stopped by quit"), std::string::npos);
}

TEST(PlayHost, BadOptionsAreOneLineAndExitCode2BeforeAnyDevice) {
    TestDirectory dir;
    struct Case {
        std::vector<std::string> arguments;
        std::string faults, expected;
    };
    const std::vector<Case> cases = {
        {{"--backend", "asio"},
         "",
         "--backend asio: unknown backend (allowed jack, pulse, alsa, oss, coreaudio, null)"},
        {{"--backend", "null", "--input-gain", "-6"}, "", "--input-gain: 1 gains for 0 inputs"},
        {{"/usr/share/sounds/alsa/Front_Center.wav", "--backend", "null", "--input-gain", "30"},
         "",
         "--input-gain 30: input gainDb 30 is out of range (-120…24 dB)"},
        {{"--backend", "null", "--buffer-frames", "8"}, "", "--buffer-frames 8: out of range (allowed 16…4096)"},
        {{"--backend", "null", "--sample-rate", "1000"},
         "",
         "--sample-rate 1000: out of range (allowed 8000…768000 Hz)"},
        {{"--backend", "null", "--sample-format", "f64"}, "", "--sample-format f64: unknown (allowed f32, i32, i16)"},
        {{"--backend", "null"}, "stall=disk@1+1", "WAVEGRAPH_FAULTS item 'stall=disk@1+1' is not understood"},
        // The graph's parameters, checked before the (absent) JACK server is asked for a device.
        {{"--backend", "jack", "--eq", "4=50"}, "", "--eq 4=50: eq.band4.gainDb 50 is out of range (-40…40 dB)"},
        {{"--backend", "jack", "--eq", "9=1"}, "", "--eq 9=1: eq has no band 9 (bands 0…7)"},
        {{"--backend", "jack", "--gain-db", "x"},
         "",
         "--gain-db x: master.gainDb 'x' is not a number (allowed -120…24 dB)"},
        {{"--backend", "jack", "--graph", noiseGraph(dir), "--eq", "4=-20"},
         "",
         "--eq 4=-20: no node 'eq' in the graph (nodes: master, src)"},
        {{"track", "play", std::string(WAVEGRAPH_SOURCE_DIR) + "/examples/tracks/focus-binaural.json", "--backend",
          "jack", "--gain-db", "30"},
         "",
         "--gain-db 30: master.gainDb 30 is out of range (-120…24 dB)"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> arguments{kProgram};
        if (c.arguments.empty() || c.arguments[0] != "track") arguments.push_back("play");
        arguments.insert(arguments.end(), c.arguments.begin(), c.arguments.end());
        const auto play = run(arguments, dir, environment(c.faults));
        EXPECT_EQ(play.result.exitCode, 2) << c.expected;
        EXPECT_EQ(countLines(play.result.standardError), 1) << c.expected;
        EXPECT_NE(play.result.standardError.find(c.expected), std::string::npos) << play.result.standardError;
    }
}

TEST(DevicesJson, ListsEveryBackendWithTheNullClock) {
    TestDirectory dir;
    const auto devices = runProgram({kProgram, "devices", "--json"}, dir.path(), environment());
    ASSERT_EQ(devices.exitCode, 0) << devices.standardError;
    EXPECT_NE(devices.standardOutput.find("\"name\": \"null\""), std::string::npos);
    EXPECT_NE(devices.standardOutput.find("\"id\": \"clock\""), std::string::npos);
    EXPECT_NE(devices.standardOutput.find("\"kind\": \"BackendNotAvailable\""), std::string::npos);
}

}  // namespace
}  // namespace wavegraph::test
