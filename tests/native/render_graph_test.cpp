// `wavegraph render --graph FILE.json`: the JSON reference graph (docs/examples/reference-graph.json)
// renders the same samples as the built-in one with --eq/--gain-db; --eq/--gain-db on a --graph
// set its nodes, or say in one line that it lacks them; a bad graph gives one line, exit 2, no OUT.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <utility>
#include <vector>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kFrontCenter = std::string(ALSA_SOUNDS_DIR) + "/Front_Center.wav";
const std::string kReferenceGraph = std::string(WAVEGRAPH_SOURCE_DIR) + "/docs/examples/reference-graph.json";

TEST(RenderGraph, JsonReferenceGraphEqualsTheBuiltInOneWithEqAndGainOptions) {
    TestDirectory dir;
    const auto graph =
        runProgram({kProgram, "render", kFrontCenter, dir.file("graph.wav"), "--graph", kReferenceGraph}, dir.path());
    ASSERT_EQ(graph.exitCode, 0) << graph.standardError;
    // The example sets band 4 to -20 dB and the master gain to -3 dB.
    const auto builtin = runProgram(
        {kProgram, "render", kFrontCenter, dir.file("builtin.wav"), "--eq", "4=-20", "--gain-db", "-3"}, dir.path());
    ASSERT_EQ(builtin.exitCode, 0) << builtin.standardError;
    const Audio a = readAudio(dir.file("graph.wav"));
    const Audio b = readAudio(dir.file("builtin.wav"));
    ASSERT_EQ(a.frames(), b.frames());
    double worst = 0.0, energy = 0.0;
    for (size_t i = 0; i < a.frames(); ++i) {
        worst = std::max(worst, std::fabs(double{a.channels[0][i]} - b.channels[0][i]));
        energy += double{b.channels[0][i]} * b.channels[0][i];
    }
    std::printf("--graph reference-graph.json vs --eq 4=-20 --gain-db -3: max |difference| = %.3g\n", worst);
    EXPECT_LE(worst, 1e-6);
    EXPECT_GT(energy, 1.0);  // not trivially silent
}

TEST(RenderGraph, EqAndGainOptionsSetTheGraphsNodesOrSayWhatIsMissing) {
    TestDirectory dir;
    // The JSON reference graph with --eq 4=-20 on top of its own -20: the same as the built-in one.
    const auto both = runProgram({kProgram, "render", kFrontCenter, dir.file("both.wav"), "--graph", kReferenceGraph,
                                  "--eq", "4=-20", "--gain-db", "-3"},
                                 dir.path());
    ASSERT_EQ(both.exitCode, 0) << both.standardError;
    const auto builtin = runProgram(
        {kProgram, "render", kFrontCenter, dir.file("builtin.wav"), "--eq", "4=-20", "--gain-db", "-3"}, dir.path());
    ASSERT_EQ(builtin.exitCode, 0) << builtin.standardError;
    const Audio a = readAudio(dir.file("both.wav")), b = readAudio(dir.file("builtin.wav"));
    ASSERT_EQ(a.frames(), b.frames());
    double worst = 0.0;
    for (size_t i = 0; i < a.frames(); ++i)
        worst = std::max(worst, std::fabs(double{a.channels[0][i]} - b.channels[0][i]));
    std::printf("--graph reference-graph.json --eq 4=-20 --gain-db -3 vs the built-in graph: max |difference| = %.3g\n",
                worst);
    EXPECT_EQ(worst, 0.0);

    std::ofstream(dir.file("gain.json")) << R"({"nodes":[{"id":"in","type":"input"},{"id":"g","type":"gain"}],
        "connections":[{"from":"in","to":"g"}],"output":"g"})";
    for (const auto& [option, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--eq", "4=-20"}, "wavegraph: --eq 4=-20: no node 'eq' in the graph (nodes: g, in)\n"},
             {{"--gain-db", "-3"}, "wavegraph: --gain-db -3: no node 'master' in the graph (nodes: g, in)\n"}}) {
        std::vector<std::string> arguments = {
            kProgram, "render", kFrontCenter, dir.file("out.wav"), "--graph", dir.file("gain.json")};
        arguments.insert(arguments.end(), option.begin(), option.end());
        const auto result = runProgram(arguments, dir.path());
        std::printf("%s", result.standardError.c_str());
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_EQ(result.standardError, expected);
        EXPECT_FALSE(std::ifstream(dir.file("out.wav")).good());
    }
}

TEST(RenderGraph, BadGraphGivesOneLineWithTheJsonPathAndNoOutput) {
    TestDirectory dir;
    std::ofstream(dir.file("bad.json")) << R"({"nodes":[{"id":"in","type":"input"},
        {"id":"f","type":"parametricEq","params":{"band0.frequencyHz":30000}}],
        "connections":[{"from":"in","to":"f"}],"output":"f"})";
    const auto result = runProgram(
        {kProgram, "render", kFrontCenter, dir.file("out.wav"), "--graph", dir.file("bad.json")}, dir.path());
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
    EXPECT_NE(result.standardError.find("nodes[1].params.band0.frequencyHz: 30000 is above Nyquist (24000 Hz)"),
              std::string::npos)
        << result.standardError;
    EXPECT_FALSE(std::ifstream(dir.file("out.wav")).good());
}

}  // namespace
}  // namespace wavegraph::test
