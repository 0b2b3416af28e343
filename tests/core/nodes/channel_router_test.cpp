// channelSplitter and channelMerger in a graph, against the W3C channel rules: a splitter feeding
// a merger with crossed connections permutes channels exactly; the splitter's input is mixed
// discretely (a mono connection fills channel 0 only), the merger's inputs by speakers (a stereo
// connection arrives as 0.5·(L + R)); unconnected merger inputs are silent; block splits 1, 7,
// 128 and 4096 give the same samples; process allocates nothing and takes no lock; options are
// checked with one-line errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/channel_merger_node.h"
#include "nodes/channel_splitter_node.h"
#include "session/default_registry.h"
#include "session/graph_session.h"

namespace wavegraph {
namespace {

constexpr double kSampleRateHz = 48000.0;
constexpr uint32_t kFrames = 12000;

struct GraphRender {
    test::PlanarSignal out;
    size_t allocations = 0;
};

// Renders planar `in` through the graph `json` (host channels = outChannels) in blocks that
// follow `blockPattern`, counting allocations (and failing on a lock) in process.
GraphRender renderGraph(const std::string& json, const test::PlanarSignal& in, uint32_t outChannels,
                        const std::vector<uint32_t>& blockPattern) {
    GraphSession session;
    EXPECT_TRUE(session.prepare(ProcessSpec{kSampleRateHz, 4096, outChannels}).isOk());
    const Status loaded = session.loadGraph(json);
    EXPECT_TRUE(loaded.isOk()) << loaded.message();
    GraphRender r;
    r.out.assign(outChannels, std::vector<float>(kFrames));
    std::vector<const float*> inPtrs(in.size());
    std::vector<float*> outPtrs(outChannels);
    test::AllocationCounter guard;
    for (uint32_t start = 0, i = 0; start < kFrames; ++i) {
        const uint32_t n = std::min(blockPattern[i % blockPattern.size()], kFrames - start);
        for (size_t c = 0; c < in.size(); ++c) inPtrs[c] = in[c].data() + start;
        for (uint32_t c = 0; c < outChannels; ++c) outPtrs[c] = r.out[c].data() + start;
        session.process(inPtrs.data(), static_cast<uint32_t>(in.size()), outPtrs.data(), n);
        start += n;
    }
    r.allocations = guard.count();
    return r;
}

// input (4 channels) → splitter(4) → merger(4), splitter output k into merger input 3 − k.
const std::string kReverseGraph = R"({
  "nodes": [ { "id": "in", "type": "input" },
             { "id": "split", "type": "channelSplitter", "options": { "numberOfOutputs": 4 } },
             { "id": "merge", "type": "channelMerger", "options": { "numberOfInputs": 4 } } ],
  "connections": [ { "from": "in", "to": "split" },
                   { "from": "split", "output": 0, "to": "merge", "input": 3 },
                   { "from": "split", "output": 1, "to": "merge", "input": 2 },
                   { "from": "split", "output": 2, "to": "merge", "input": 1 },
                   { "from": "split", "output": 3, "to": "merge", "input": 0 } ],
  "output": "merge" })";

TEST(ChannelRouter, SplitterIntoMergerPermutesChannelsExactlyInEveryBlockSplit) {
    const auto in = test::noiseChannels(4, kFrames, 17);
    const GraphRender whole = renderGraph(kReverseGraph, in, 4, {4096});
    size_t differing = 0;
    for (uint32_t c = 0; c < 4; ++c)
        for (uint32_t i = 0; i < kFrames; ++i) differing += whole.out[c][i] != in[3 - c][i];
    std::printf("reverse 4 channels: %zu of %u samples differ from the input's crossed channels\n", differing,
                4 * kFrames);
    EXPECT_EQ(differing, 0u);
    for (const std::vector<uint32_t>& split : {std::vector<uint32_t>{1}, {7}, {128}}) {
        const GraphRender r = renderGraph(kReverseGraph, in, 4, split);
        EXPECT_EQ(r.out, whole.out) << "block " << split[0];
        EXPECT_EQ(r.allocations, 0u) << "block " << split[0];
    }
    EXPECT_EQ(whole.allocations, 0u);
}

TEST(ChannelRouter, SplitterMixesDiscretelyAndMergerMixesBySpeakers) {
    // Stereo host input → merger(1) (speakers: 0.5·(L + R)) → splitter(6) (discrete: that mono
    // signal in channel 0, 5 silent channels) → merger(6) with only outputs 0 and 2 connected.
    const std::string json = R"({
      "nodes": [ { "id": "in", "type": "input" },
                 { "id": "mono", "type": "channelMerger", "options": { "numberOfInputs": 1 } },
                 { "id": "split", "type": "channelSplitter" },
                 { "id": "merge", "type": "channelMerger" } ],
      "connections": [ { "from": "in", "to": "mono" }, { "from": "mono", "to": "split" },
                       { "from": "split", "output": 0, "to": "merge", "input": 1 },
                       { "from": "split", "output": 2, "to": "merge", "input": 4 } ],
      "output": "merge" })";
    const auto in = test::noiseChannels(2, kFrames, 23);
    // The host has 6 channels; the input node gives 6 (stereo host input repeated: L R L R L R).
    const GraphRender r = renderGraph(json, in, 6, {128});
    double maxDiff = 0, otherPeak = 0;
    for (uint32_t i = 0; i < kFrames; ++i) {
        // The input node's 6 channels are L R L R L R; their speakers down-mix to mono:
        // 0.7071·(L + R) + C + 0.5·(SL + SR) with C = L, SL = L, SR = R (channel_mixing.h).
        const float l = in[0][i], r2 = in[1][i];
        const float expected = 0.7071f * (l + r2) + l + 0.5f * (l + r2);
        maxDiff = std::max(maxDiff, std::fabs(double(r.out[1][i]) - expected));
        for (uint32_t c : {0u, 2u, 3u, 4u, 5u}) otherPeak = std::max(otherPeak, std::fabs(double(r.out[c][i])));
    }
    std::printf(
        "merger(1) of 6 channels into channel 1: max |diff| %.3g from the W3C 5.1 down-mix; peak of the "
        "other 5 channels %.3g\n",
        maxDiff, otherPeak);
    EXPECT_LT(maxDiff, 1e-6);
    EXPECT_EQ(otherPeak, 0.0);  // discrete: splitter channels 1…5 silent; merger input 4 fed by silence
    EXPECT_EQ(r.allocations, 0u);
}

TEST(ChannelRouter, OptionsAreCheckedWithOneLine) {
    GraphSession session;
    ASSERT_TRUE(session.prepare(ProcessSpec{kSampleRateHz, 128, 2}).isOk());
    auto errorOf = [&](const std::string& node) {
        return session.checkGraph(R"({ "nodes": [ )" + node + R"( ], "output": "n" })").message();
    };
    EXPECT_EQ(errorOf(R"({ "id": "n", "type": "channelSplitter", "options": { "numberOfOutputs": 40 } })"),
              "nodes[0].options.numberOfOutputs: 40 is out of range (1…32)");
    EXPECT_EQ(errorOf(R"({ "id": "n", "type": "channelMerger", "options": { "numberOfInputs": 0 } })"),
              "nodes[0].options.numberOfInputs: 0 is out of range (1…32)");
    EXPECT_EQ(errorOf(R"({ "id": "n", "type": "channelMerger", "options": { "inputs": 2 } })"),
              "nodes[0].options.inputs: 'channelMerger' has no option 'inputs' (options: numberOfInputs)");
    EXPECT_EQ(errorOf(R"({ "id": "n", "type": "gain", "options": { "x": 1 } })"),
              "nodes[0].options.x: 'gain' has no option 'x' (options: none)");
    EXPECT_EQ(errorOf(R"({ "id": "n", "type": "channelMerger", "options": 3 })"),
              "nodes[0].options: must be an object of options, not number");
}

TEST(ChannelRouter, ForkKeepsTheConfigurationAndCopiesOnlyTheSame) {
    ChannelSplitterNode four(4), five(5);
    ChannelMergerNode three(3);
    for (Node* node : {static_cast<Node*>(&four), static_cast<Node*>(&five), static_cast<Node*>(&three)})
        node->prepare({kSampleRateHz, 128, 2});
    auto fork = four.fork();
    fork->prepare({kSampleRateHz, 128, 2});
    EXPECT_EQ(fork->numOutputs(), 4u);
    EXPECT_TRUE(fork->copyStateFrom(four));
    EXPECT_FALSE(fork->copyStateFrom(five));
    EXPECT_EQ(three.fork()->numInputs(), 3u);
    EXPECT_EQ(three.outputChannels(0), 3u);
}

}  // namespace
}  // namespace wavegraph
