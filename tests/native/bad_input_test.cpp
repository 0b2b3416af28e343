// Bad inputs from the outside (docs/reliability.md, "Bad input"): audio files that are cut short,
// lie about their length, or come at odd rates and channel counts; inputs whose rates differ; a
// graph whose frequency is above the file's Nyquist; NaN, huge and unknown names on stdin. Each
// either renders what the file holds (finite, at the file's rate and channel count) or is one
// line naming the value and the allowed range, with exit code 2 and no output.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kFrontCenter = std::string(ALSA_SOUNDS_DIR) + "/Front_Center.wav";

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

size_t nonFinite(const Audio& audio) {
    size_t count = 0;
    for (const auto& channel : audio.channels)
        for (float v : channel) count += std::isfinite(v) ? 0 : 1;
    return count;
}

}  // namespace

TEST(BadInput, TruncatedAndLyingHeadersRenderTheFramesTheFileHolds) {
    TestDirectory dir;
    const std::string bytes = readBytes(kFrontCenter);
    const size_t data = bytes.find("data") + 8;  // first sample byte (16-bit mono)
    std::ofstream(dir.file("truncated.wav"), std::ios::binary) << bytes.substr(0, data + 2000);
    std::string lying = bytes;  // the data chunk claims 0xFFFFFF00 bytes (about 4 GiB)
    lying[data - 4] = 0x00, lying[data - 3] = lying[data - 2] = lying[data - 1] = char(0xFF);
    std::ofstream(dir.file("lying.wav"), std::ios::binary) << lying;
    const size_t allFrames = readAudio(kFrontCenter).frames();
    for (const auto& [name, frames] : {std::pair<std::string, size_t>{"truncated", 1000}, {"lying", allFrames}}) {
        const auto result =
            runProgram({kProgram, "render", dir.file(name + ".wav"), dir.file(name + ".out.wav")}, dir.path());
        std::printf("%s -> exit %d: %s", name.c_str(), result.exitCode, result.standardError.c_str());
        ASSERT_EQ(result.exitCode, 0) << result.standardError;
        const Audio out = readAudio(dir.file(name + ".out.wav"));
        EXPECT_EQ(out.frames(), frames);
        EXPECT_EQ(nonFinite(out), 0u);
    }
}

TEST(BadInput, OddRatesAndChannelCountsRenderAtTheFilesOwnRate) {
    TestDirectory dir;
    for (const auto& [rateHz, channels] : {std::pair<double, int>{8000, 1}, {11025, 3}, {192000, 6}}) {
        Audio in;
        in.sampleRateHz = rateHz;
        for (int ch = 0; ch < channels; ++ch) in.channels.push_back(sine(440.0 * (ch + 1), rateHz, 4000, 0.5));
        const std::string name = std::to_string(int(rateHz)) + "x" + std::to_string(channels);
        writeAudio(dir.file(name + ".wav"), in);
        const auto result =
            runProgram({kProgram, "render", dir.file(name + ".wav"), dir.file(name + ".out.wav")}, dir.path());
        std::printf("%s -> exit %d: %s", name.c_str(), result.exitCode, result.standardError.c_str());
        ASSERT_EQ(result.exitCode, 0) << result.standardError;
        const Audio out = readAudio(dir.file(name + ".out.wav"));
        EXPECT_EQ(out.sampleRateHz, rateHz);
        EXPECT_EQ(out.channels.size(), size_t(channels));
        EXPECT_EQ(out.frames(), 4000u);
        EXPECT_EQ(nonFinite(out), 0u);
    }
}

TEST(BadInput, RateMismatchesAreOneLineWithExitCode2) {
    TestDirectory dir;
    Audio low;
    low.sampleRateHz = 8000;
    low.channels.push_back(sine(440.0, 8000, 4000, 0.5));
    writeAudio(dir.file("8k.wav"), low);
    std::ofstream(dir.file("osc.json"))
        << R"({"nodes":[{"id":"o","type":"oscillator","params":{"frequencyHz":5000}}],"output":"o"})";
    struct Case {
        std::vector<std::string> arguments;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{kProgram, "play", kFrontCenter, dir.file("8k.wav"), "--backend", "null"},
         "inputs must share one rate (play does not resample: convert with sox first)"},
        {{kProgram, "render", dir.file("8k.wav"), dir.file("out.wav"), "--graph", dir.file("osc.json")},
         "nodes[0].params.frequencyHz: 5000 is above Nyquist (4000 Hz)"},
    };
    for (const Case& c : cases) {
        const auto result = runProgram(c.arguments, dir.path());
        std::printf("exit %d: %s", result.exitCode, result.standardError.c_str());
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
        EXPECT_NE(result.standardError.find(c.message), std::string::npos) << result.standardError;
    }
    EXPECT_FALSE(std::ifstream(dir.file("out.wav")).good());
}

TEST(BadInput, StdinNanHugeAndUnknownNamesAreOneLineEachAndPlayGoesOn) {
    TestDirectory dir;
    ProgramEnvironment environment;
    environment.standardInput =
        "set master.gainDb nan\nset master.gainDb -inf\nset master.gainDb 1e308\nset nosuch.gainDb 1\n"
        "set master.nosuch 1\ngain -6\nquit\n";
    const auto play = runProgram({kProgram, "play", "--backend", "null", "--seconds", "2"}, dir.path(), environment);
    std::printf("%s", play.standardError.c_str());
    EXPECT_EQ(play.exitCode, 0);
    for (const char* line :
         {"set master.gainDb nan: master.gainDb nan is not a finite number\n",
          "set master.gainDb -inf: master.gainDb -inf is not a finite number\n",
          "set master.gainDb 1e308: master.gainDb 1e+308 is out of range (-120…24 dB)\n",
          "set nosuch.gainDb 1: no node 'nosuch' in the graph (nodes: analyser, eq, master, meter, "
          "source)\n",
          "set master.nosuch 1: node 'master' (gain) has no parameter 'nosuch' (parameters: gainDb)\n",
          "master.gainDb -> -6 dB", "stopped by quit"})
        EXPECT_NE(play.standardError.find(line), std::string::npos) << "missing: " << line;
}

}  // namespace wavegraph::test
