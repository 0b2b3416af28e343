// `--plugin` on the command line. The soft clipper example, built out of this tree against the
// installed processor headers only (the native.soft_clipper_out_of_tree_build fixture), renders
// through `wavegraph render --plugin` exactly as its formula computed here says; every way a
// plugin can be wrong is one line and exit 2 on every graph command, with no output file; plugin
// types show in `wavegraph nodes` (text and JSON); a plugin node that throws is silenced while the
// rest of the graph renders on, and the user is told in one line; stdin `set` and validation on
// `play` work for plugin parameters.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kOutOfTree = OUT_OF_TREE_SOFT_CLIPPER;
const std::string kMisbehaving = TEST_PLUGIN_misbehaving;
const std::string kTrack = std::string(WAVEGRAPH_SOURCE_DIR) + "/examples/tracks/focus-binaural.json";

/// The soft clipper's documented curve, written out independently of the plugin.
double clipperCurve(double v) {
    if (v >= 3.0) return 1.0;
    if (v <= -3.0) return -1.0;
    return v * (27.0 + v * v) / (27.0 + 9.0 * v * v);
}

/// Seeded stereo noise, uniform in [-1, 1), 48 kHz, 32-bit float WAV.
Audio writeNoise(const std::string& path, size_t frames, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    Audio audio;
    audio.sampleRateHz = 48000.0;
    audio.channels.assign(2, std::vector<float>(frames));
    for (auto& channel : audio.channels)
        for (float& v : channel) v = d(rng);
    writeAudio(path, audio);
    return audio;
}

std::string clipGraph(const TestDirectory& dir, double drive) {
    const std::string path = dir.file("clip.json");
    std::ofstream(path) << R"({ "nodes": [ { "id": "in", "type": "input" },
        { "id": "clip", "type": "softClipper", "params": { "drive": )"
                        << drive << R"( } } ], "connections": [ { "from": "in", "to": "clip" } ], "output": "clip" })";
    return path;
}

TEST(PluginCli, OutOfTreeSoftClipperRendersItsFormula) {
    TestDirectory dir;
    const Audio in = writeNoise(dir.file("in.wav"), 96000, 5);
    constexpr double kDrive = 5.0;
    const auto result = runProgram({kProgram, "render", dir.file("in.wav"), dir.file("out.wav"), "--plugin", kOutOfTree,
                                    "--graph", clipGraph(dir, kDrive)},
                                   dir.path());
    std::printf("%s", result.standardError.c_str());
    ASSERT_EQ(result.exitCode, 0);
    EXPECT_EQ(countLines(result.standardError), 1);
    const Audio out = readAudio(dir.file("out.wav"));
    ASSERT_EQ(out.channels.size(), 2u);
    ASSERT_EQ(out.frames(), in.frames());
    double worst = 0.0, saturated = 0.0;
    for (size_t c = 0; c < 2; ++c)
        for (size_t n = 0; n < in.frames(); ++n) {
            const auto expected = static_cast<float>(clipperCurve(kDrive * double{in.channels[c][n]}));
            worst = std::max(worst, std::fabs(double{out.channels[c][n]} - expected));
            saturated += std::fabs(expected) == 1.0f ? 1.0 : 0.0;
        }
    std::printf(
        "out-of-tree softClipper (%s), drive %g, 96000 frames x 2: max |render - formula| = %.3g "
        "(%.1f %% of samples saturated)\n",
        kOutOfTree.c_str(), kDrive, worst, 100.0 * saturated / (2.0 * double(in.frames())));
    EXPECT_LE(worst, 1e-7);
    EXPECT_GT(saturated, 1000.0);  // both parts of the curve are exercised
}

TEST(PluginCli, EveryBadPluginIsOneLineAndExit2OnEveryGraphCommandWithNoOutput) {
    TestDirectory dir;
    writeNoise(dir.file("in.wav"), 4800, 1);
    const std::string graph = clipGraph(dir, 2.0);
    std::ofstream(dir.file("text.so")) << "not a shared library\n";
    struct Plugin {
        std::string path, expected;
        bool prefixOnly = false;
    };
    const std::vector<Plugin> plugins = {
        {dir.file("missing.so"), "plugin " + dir.file("missing.so") + ": no such file"},
        {dir.file("text.so"), "plugin " + dir.file("text.so") + ": cannot be loaded (", true},
        {TEST_PLUGIN_no_entry, "plugin " TEST_PLUGIN_no_entry " has no wavegraph_processor_entry function"},
        {TEST_PLUGIN_abi_major_2,
         "plugin " TEST_PLUGIN_abi_major_2 ": processor ABI 2.0 is not supported (this wavegraph reads 1.0)"},
        {TEST_PLUGIN_invalid_descriptor, "plugin " TEST_PLUGIN_invalid_descriptor
                                         ": processor 'badDefault': parameter 0 'drive': default 30 is outside 1…20"},
    };
    const std::vector<std::vector<std::string>> commands = {
        {"render", dir.file("in.wav"), dir.file("out.wav"), "--graph", graph},
        {"track", "render", kTrack, dir.file("out.wav"), "--seconds", "0.1"},
        {"play", dir.file("in.wav"), "--backend", "null", "--graph", graph},
        {"track", "play", kTrack, "--backend", "null", "--seconds", "0.1"},
        {"nodes"},
        {"nodes", "--json"},
    };
    const auto before = dir.entries();
    int checked = 0;
    for (const Plugin& plugin : plugins)
        for (const auto& command : commands) {
            std::vector<std::string> arguments{kProgram};
            arguments.insert(arguments.end(), command.begin(), command.end());
            // A good plugin first: the bad one is refused even after others loaded.
            arguments.insert(arguments.end(), {"--plugin", kMisbehaving, "--plugin", plugin.path});
            const auto result = runProgram(arguments, dir.path(), withoutAudioServer());
            const std::string line = "wavegraph: " + plugin.expected;
            if (checked++ % int(commands.size()) == 0) std::printf("%s", result.standardError.c_str());
            EXPECT_EQ(result.exitCode, 2) << command[0] << " " << plugin.path;
            EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
            if (plugin.prefixOnly)
                EXPECT_EQ(result.standardError.rfind(line, 0), 0u) << result.standardError;
            else
                EXPECT_EQ(result.standardError, line + "\n");
            EXPECT_EQ(result.standardOutput, "");
            EXPECT_EQ(dir.entries(), before) << "no output, no temporary file";
        }
    std::printf("%d command/plugin pairs refused with exit 2\n", checked);
}

TEST(PluginCli, NodesListsPluginTypesWithTheirParameters) {
    TestDirectory dir;
    const auto text = runProgram({kProgram, "nodes", "--plugin", kOutOfTree}, dir.path());
    ASSERT_EQ(text.exitCode, 0) << text.standardError;
    const auto at =
        text.standardOutput.find("softClipper  (1 in, 1 out)  from plugin " + kOutOfTree + ": Soft clipper");
    ASSERT_NE(at, std::string::npos) << text.standardOutput;
    const std::string entry =
        text.standardOutput.substr(at, text.standardOutput.find('\n', text.standardOutput.find('\n', at) + 1) - at);
    std::printf("%s\n", entry.c_str());
    EXPECT_NE(entry.find("drive                  1 … 20, default 1, smoothed"), std::string::npos);
    const auto builtIn = runProgram({kProgram, "nodes"}, dir.path());
    EXPECT_EQ(builtIn.standardOutput.find("softClipper"), std::string::npos);

    const auto json = runProgram({kProgram, "nodes", "--json", "--plugin", kOutOfTree}, dir.path());
    ASSERT_EQ(json.exitCode, 0) << json.standardError;
    const auto schema = nlohmann::json::parse(json.standardOutput);
    const nlohmann::json* clipper = nullptr;
    for (const auto& type : schema.at("nodeTypes"))
        if (type.at("type") == "softClipper") clipper = &type;
    ASSERT_NE(clipper, nullptr);
    std::printf("nodes --json: %s\n", clipper->dump().c_str());
    EXPECT_EQ(clipper->at("inputs"), 1);
    EXPECT_EQ(clipper->at("outputs"), 1);
    ASSERT_EQ(clipper->at("params").size(), 1u);
    const auto& drive = clipper->at("params")[0];
    EXPECT_EQ(drive.at("name"), "drive");
    EXPECT_EQ(drive.at("min"), 1.0);
    EXPECT_EQ(drive.at("max"), 20.0);
    EXPECT_EQ(drive.at("default"), 1.0);
    EXPECT_EQ(drive.at("smoothed"), true);
}

TEST(PluginCli, APathWithoutASlashIsAFileInTheCurrentDirectory) {
    TestDirectory dir;
    std::filesystem::copy_file(kMisbehaving, dir.file("libmisbehaving.so"));
    // dlopen would search the library path for a bare name; --plugin means the file here.
    const auto here = runProgram(
        {"/bin/sh", "-c", "cd '" + dir.path() + "' && exec '" + kProgram + "' nodes --plugin libmisbehaving.so"},
        dir.path());
    std::printf("%s", here.standardError.c_str());
    EXPECT_EQ(here.exitCode, 0);
    EXPECT_NE(here.standardOutput.find("misbehaving  (1 in, 1 out)  from plugin libmisbehaving.so: "),
              std::string::npos);
    const auto elsewhere = runProgram({kProgram, "nodes", "--plugin", "libmisbehaving.so"}, dir.path());
    std::printf("%s", elsewhere.standardError.c_str());
    EXPECT_EQ(elsewhere.exitCode, 2);
    EXPECT_EQ(elsewhere.standardError, "wavegraph: plugin libmisbehaving.so: no such file\n");
}

TEST(PluginCli, AThrowingPluginNodeIsSilencedAndTheRestOfTheGraphRenders) {
    TestDirectory dir;
    const Audio in = writeNoise(dir.file("in.wav"), 48000, 9);
    // "bad" (the misbehaving plugin in mode 1: process throws) and a built-in gain into a mixer.
    std::ofstream(dir.file("two.json")) << R"({ "nodes": [ { "id": "in", "type": "input" },
        { "id": "bad", "type": "misbehaving", "params": { "mode": 1 } },
        { "id": "ref", "type": "gain", "params": { "gainDb": -6 } }, { "id": "mix", "type": "mixer" } ],
      "connections": [ { "from": "in", "to": "bad" }, { "from": "bad", "to": "mix", "input": 0 },
                       { "from": "in", "to": "ref" }, { "from": "ref", "to": "mix", "input": 1 } ], "output": "mix" })";
    std::ofstream(dir.file("ref.json")) << R"({ "nodes": [ { "id": "in", "type": "input" },
        { "id": "ref", "type": "gain", "params": { "gainDb": -6 } }, { "id": "mix", "type": "mixer" } ],
      "connections": [ { "from": "in", "to": "ref" }, { "from": "ref", "to": "mix", "input": 1 } ], "output": "mix" })";
    const auto failing = runProgram({kProgram, "render", dir.file("in.wav"), dir.file("failing.wav"), "--plugin",
                                     kMisbehaving, "--graph", dir.file("two.json")},
                                    dir.path());
    std::printf("%s", failing.standardError.c_str());
    ASSERT_EQ(failing.exitCode, 0);
    const auto reference = runProgram(
        {kProgram, "render", dir.file("in.wav"), dir.file("ref.wav"), "--graph", dir.file("ref.json")}, dir.path());
    ASSERT_EQ(reference.exitCode, 0) << reference.standardError;
    // 48000 frames in render's 4096-frame blocks: 12 blocks, every one failed.
    EXPECT_NE(
        failing.standardError.find("wavegraph: processor failures: 'bad' (misbehaving) 12 blocks (last status -5: "
                                   "exception), silenced\n"),
        std::string::npos);
    EXPECT_EQ(countLines(failing.standardError), 2);  // that line and the summary
    const Audio a = readAudio(dir.file("failing.wav")), b = readAudio(dir.file("ref.wav"));
    ASSERT_EQ(a.frames(), b.frames());
    double worst = 0.0, peak = 0.0;
    for (size_t c = 0; c < 2; ++c)
        for (size_t n = 0; n < a.frames(); ++n) {
            worst = std::max(worst, std::fabs(double{a.channels[c][n]} - b.channels[c][n]));
            peak = std::max(peak, std::fabs(double{b.channels[c][n]}));
        }
    std::printf("render with the throwing plugin node vs the graph without it: max |diff| = %.3g (peak %.3f)\n", worst,
                peak);
    EXPECT_EQ(worst, 0.0);
    EXPECT_GT(peak, 0.4);
}

TEST(PluginCli, PlayTakesStdinSetForPluginParametersAndReportsFailures) {
    TestDirectory dir;
    std::ofstream(dir.file("play.json")) << R"({ "nodes": [ { "id": "osc", "type": "oscillator" },
        { "id": "clip", "type": "softClipper", "params": { "drive": 2 } },
        { "id": "bad", "type": "misbehaving" }, { "id": "mix", "type": "mixer" } ],
      "connections": [ { "from": "osc", "to": "clip" }, { "from": "clip", "to": "mix", "input": 0 },
                       { "from": "osc", "to": "bad" }, { "from": "bad", "to": "mix", "input": 1 } ], "output": "mix" })";
    ProgramEnvironment env = withoutAudioServer();
    env.standardInput = "set clip.drive 8\nset clip.drive 50\nset clip.gain 1\nset bad.mode 1\n";
    const auto play = runProgram({kProgram, "play", "--graph", dir.file("play.json"), "--plugin", kOutOfTree,
                                  "--plugin", kMisbehaving, "--backend", "null", "--seconds", "0.5"},
                                 dir.path(), env);
    std::printf("%s", play.standardError.c_str());
    ASSERT_EQ(play.exitCode, 0);
    const std::string& err = play.standardError;
    EXPECT_NE(err.find("wavegraph: clip.drive -> 8\n"), std::string::npos);
    EXPECT_NE(err.find("wavegraph: set clip.drive 50: clip.drive 50 is out of range (1…20)\n"), std::string::npos);
    EXPECT_NE(err.find("wavegraph: set clip.gain 1: node 'clip' (softClipper) has no parameter 'gain' (parameters: "
                       "drive)\n"),
              std::string::npos);
    EXPECT_NE(err.find("wavegraph: processor node 'bad' (misbehaving) failed (status -5: exception); its output is "
                       "silence for each failing block, the rest of the graph plays on\n"),
              std::string::npos);
    EXPECT_NE(err.find("; processor failures: 'bad' (misbehaving) "), std::string::npos);
}

}  // namespace
}  // namespace wavegraph::test
