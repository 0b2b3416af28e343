// AudioGraph edits, cycle detection, Kahn compilation with buffer reuse, and rendering.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>

#include "allocation_counter.h"
#include "graph/audio_graph.h"
#include "graph/compiled_graph.h"
#include "nodes/analyser_node.h"
#include "nodes/gain_node.h"
#include "nodes/input_node.h"
#include "nodes/meter_node.h"
#include "nodes/node_render.h"

using namespace wavegraph;

namespace {

// Test node: output channel c = (sum of its input ports' channel c) + offset + c·0.001.
class SumPlusOffsetNode final : public Node {
public:
    SumPlusOffsetNode(uint32_t inputs, double offset, uint32_t channels = 0)
        : inputs_(inputs), offset_(offset), channels_(channels) {}
    std::string_view typeName() const noexcept override { return "sumPlusOffset"; }
    uint32_t numInputs() const noexcept override { return inputs_; }
    uint32_t numOutputs() const noexcept override { return 1; }
    uint32_t outputChannels(uint32_t) const noexcept override { return channels_ ? channels_ : spec_.numChannels; }
    std::span<const ParameterInfo> parameters() const noexcept override { return {}; }
    void reset() noexcept override {}
    bool setParameter(uint32_t, double) noexcept override { return false; }
    double parameter(uint32_t) const noexcept override { return 0.0; }
    void process(NodeIo& io) noexcept override {
        AudioBlock& out = io.outputs[0];
        for (uint32_t ch = 0; ch < out.numChannels; ++ch)
            for (uint32_t i = 0; i < io.numFrames; ++i) {
                double v = offset_ + ch * 0.001;
                for (const auto& in : io.inputs) v += in.channels[ch < in.numChannels ? ch : 0][i];
                out.channels[ch][i] = static_cast<float>(v);
            }
    }

private:
    uint32_t inputs_;
    double offset_;
    uint32_t channels_;
};

NodeId add(AudioGraph& g, const std::string& name, uint32_t inputs, double offset, uint32_t channels = 0) {
    NodeId id = 0;
    EXPECT_TRUE(g.addNode(name, std::make_shared<SumPlusOffsetNode>(inputs, offset, channels), id).isOk());
    return id;
}

}  // namespace

TEST(AudioGraph, RejectsCyclesAndNamesTheNodesOnIt) {
    AudioGraph g;
    const NodeId a = add(g, "a", 1, 0), b = add(g, "b", 1, 0), c = add(g, "c", 1, 0);
    ASSERT_TRUE(g.connect({a, 0, b, 0}).isOk());
    ASSERT_TRUE(g.connect({b, 0, c, 0}).isOk());
    EXPECT_EQ(g.connect({c, 0, a, 0}).message(), "connecting 'c' → 'a' would make a cycle: a → b → c → a");
    EXPECT_EQ(g.connect({b, 0, b, 0}).message(), "connecting 'b' to itself would make a cycle");
    EXPECT_EQ(g.connections().size(), 2u);  // the rejected edits changed nothing
}

TEST(AudioGraph, InvalidEditsNameTheProblem) {
    AudioGraph g;
    const NodeId a = add(g, "osc", 0, 0), b = add(g, "out", 1, 0);
    NodeId dup = 0;
    EXPECT_EQ(g.addNode("osc", std::make_shared<SumPlusOffsetNode>(0, 0), dup).message(),
              "a node named 'osc' already exists");
    EXPECT_EQ(g.connect({a, 0, 99, 0}).message(), "destination node id 99 is not in the graph");
    EXPECT_EQ(g.connect({a, 2, b, 0}).message(), "node 'osc' (sumPlusOffset) has no output 2 (outputs: 1)");
    EXPECT_EQ(g.connect({a, 0, b, 3}).message(), "node 'out' (sumPlusOffset) has no input 3 (inputs: 1)");
    ASSERT_TRUE(g.connect({a, 0, b, 0}).isOk());
    EXPECT_FALSE(g.connect({a, 0, b, 0}).isOk());  // duplicate edge
    std::unique_ptr<CompiledGraph> plan;
    EXPECT_EQ(g.compile(ProcessSpec{48000, 128, 2}, plan).message(), "the graph has no output node (call setOutput)");
    ASSERT_TRUE(g.removeNode(a).isOk());
    EXPECT_TRUE(g.connections().empty());
}

TEST(AudioGraph, FanInSumsFanOutShares) {
    AudioGraph g;
    const NodeId s1 = add(g, "s1", 0, 0.25), s2 = add(g, "s2", 0, 0.5), mix = add(g, "mix", 1, 0);
    const NodeId tapA = add(g, "tapA", 1, 1.0), out = add(g, "out", 2, 0);
    ASSERT_TRUE(g.connect({s1, 0, mix, 0}).isOk());
    ASSERT_TRUE(g.connect({s2, 0, mix, 0}).isOk());    // fan-in: summed at mix's input
    ASSERT_TRUE(g.connect({mix, 0, tapA, 0}).isOk());  // fan-out of mix
    ASSERT_TRUE(g.connect({mix, 0, out, 0}).isOk());
    ASSERT_TRUE(g.connect({tapA, 0, out, 1}).isOk());
    ASSERT_TRUE(g.setOutput(out).isOk());
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(ProcessSpec{48000, 64, 1}, plan).isOk());
    std::vector<float> y(64);
    float* ch = y.data();
    ASSERT_TRUE(plan->render(&ch, 64));
    // mix = 0.75; tapA = 1.75; out = 0.75 + 1.75 = 2.5
    for (float v : y) EXPECT_FLOAT_EQ(v, 2.5f);
}

TEST(AudioGraph, MonoSourceUpMixesToEveryChannel) {
    AudioGraph g;
    const NodeId mono = add(g, "mono", 0, 0.5, 1), out = add(g, "out", 1, 0, 2);
    ASSERT_TRUE(g.connect({mono, 0, out, 0}).isOk());
    ASSERT_TRUE(g.setOutput(out).isOk());
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(ProcessSpec{48000, 16, 2}, plan).isOk());
    std::vector<float> l(16), r(16);
    float* chans[2] = {l.data(), r.data()};
    ASSERT_TRUE(plan->render(chans, 16));
    EXPECT_FLOAT_EQ(l[3], 0.5f);
    EXPECT_FLOAT_EQ(r[3], 0.501f);  // 0.5 up-mixed to channel 1, plus that channel's 0.001
}

TEST(AudioGraph, FanInOfStereoAndMonoUsesSpeakerMixingAndMonoHostDownMixes) {
    AudioGraph g;
    const NodeId stereo = add(g, "stereo", 0, 0.2, 2), mono = add(g, "mono", 0, 0.1, 1);
    const NodeId mix = add(g, "mix", 1, 0.0, 2);
    ASSERT_TRUE(g.connect({stereo, 0, mix, 0}).isOk());
    ASSERT_TRUE(g.connect({mono, 0, mix, 0}).isOk());  // mono up-mixed to both channels, then summed
    ASSERT_TRUE(g.setOutput(mix).isOk());
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(ProcessSpec{48000, 16, 1}, plan).isOk());  // the host is mono
    std::vector<float> y(16);
    float* ch = y.data();
    ASSERT_TRUE(plan->render(&ch, 16));
    // mix L = 0.2 + 0.1 = 0.3; mix R = (0.2 + 0.001) + 0.1 + 0.001 = 0.302; host mono = (L + R) / 2.
    EXPECT_NEAR(y[7], 0.5 * (0.3 + 0.302), 1e-6);
}

TEST(AudioGraph, ChainReusesDeadBuffers) {
    AudioGraph g;
    NodeId previous = add(g, "n0", 0, 1.0);
    for (int i = 1; i < 50; ++i) {
        const NodeId next = add(g, "n" + std::to_string(i), 1, 1.0);
        ASSERT_TRUE(g.connect({previous, 0, next, 0}).isOk());
        previous = next;
    }
    ASSERT_TRUE(g.setOutput(previous).isOk());
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(ProcessSpec{48000, 32, 2}, plan).isOk());
    EXPECT_EQ(plan->numOutputPorts(), 50u);
    EXPECT_LE(plan->numBuffers(), 2u);  // ping-pong: the value of node i is dead once i + 1 ran
    std::vector<float> l(32), r(32);
    float* chans[2] = {l.data(), r.data()};
    ASSERT_TRUE(plan->render(chans, 32));
    EXPECT_FLOAT_EQ(l[0], 50.0f);
    EXPECT_NEAR(r[31], 50.0 + 50 * 0.001, 1e-4);
}

TEST(AudioGraph, ThousandNodeRandomDagCompilesInOrderAndRendersTheRightValues) {
    constexpr int kNodes = 1000;
    std::mt19937 random(20261123);
    AudioGraph g;
    std::vector<NodeId> ids;
    std::vector<double> offsets;
    for (int i = 0; i < kNodes; ++i) {
        offsets.push_back(static_cast<double>(random() % 1000) / 4096.0);
        ids.push_back(add(g, "n" + std::to_string(i), 2, offsets.back(), 1));
    }
    // Edges only from lower to higher index (a DAG), each node fed by up to 2×2 random earlier nodes.
    std::vector<std::vector<int>> feeds(kNodes);
    for (int i = 1; i < kNodes; ++i)
        for (uint32_t port = 0; port < 2; ++port)
            for (int k = 0; k < 2; ++k) {
                if (random() % 3 == 0) continue;
                const int from = static_cast<int>(random() % i);
                if (g.connect({ids[from], 0, ids[i], port}).isOk()) feeds[i].push_back(from);
            }
    ASSERT_TRUE(g.setOutput(ids[kNodes - 1]).isOk());
    std::unique_ptr<CompiledGraph> plan;
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(g.compile(ProcessSpec{48000, 8, 1}, plan).isOk());
    const double compileMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("1000-node DAG: %zu edges, compiled in %.2f ms, %zu buffers for %zu output ports\n",
                g.connections().size(), compileMs, plan->numBuffers(), plan->numOutputPorts());

    // Order respects every edge.
    std::map<NodeId, size_t> position;
    for (size_t i = 0; i < plan->order().size(); ++i) position[plan->order()[i]] = i;
    ASSERT_EQ(position.size(), static_cast<size_t>(kNodes));
    for (const auto& c : g.connections()) EXPECT_LT(position[c.from], position[c.to]);
    EXPECT_LT(plan->numBuffers(), plan->numOutputPorts());

    // The rendered value equals an independent evaluation (value = offset + sum of feeds).
    std::vector<double> value(kNodes, 0.0);
    for (int i = 0; i < kNodes; ++i) {
        value[i] = offsets[i];
        for (int from : feeds[i]) value[i] += value[from];
    }
    std::vector<float> y(8);
    float* ch = y.data();
    ASSERT_TRUE(plan->render(&ch, 8));
    EXPECT_NEAR(y[0], value[kNodes - 1], std::abs(value[kNodes - 1]) * 1e-5 + 1e-6);
}

TEST(AudioGraph, RenderAllocatesNothing) {
    AudioGraph g;
    const NodeId s1 = add(g, "s1", 0, 0.1), s2 = add(g, "s2", 0, 0.2), mix = add(g, "mix", 2, 0);
    ASSERT_TRUE(g.connect({s1, 0, mix, 0}).isOk());
    ASSERT_TRUE(g.connect({s2, 0, mix, 0}).isOk());
    ASSERT_TRUE(g.connect({s2, 0, mix, 1}).isOk());
    ASSERT_TRUE(g.setOutput(mix).isOk());
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(ProcessSpec{48000, 128, 2}, plan).isOk());
    std::vector<float> l(128), r(128);
    float* chans[2] = {l.data(), r.data()};
    wavegraph::test::AllocationCounter counter;
    for (int i = 0; i < 100; ++i) plan->render(chans, 128);
    EXPECT_EQ(counter.count(), 0u);
    EXPECT_FLOAT_EQ(l[0], 0.5f);
}

namespace {

// Seeded uniform noise, ±0.5, planar channels × frames.
std::vector<std::vector<float>> seededNoise(uint32_t channels, uint32_t frames, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    std::vector<std::vector<float>> x(channels, std::vector<float>(frames));
    for (auto& channel : x)
        for (float& v : channel) v = u(rng);
    return x;
}

// Runs `node` alone on separate input and output buffers (never in place), block by block.
std::vector<std::vector<float>> runApart(Node& node, const std::vector<std::vector<float>>& x, uint32_t blockFrames) {
    return test::renderApart(node, x, blockFrames);
}

}  // namespace

// input → analyser → gain (−6 dB) → meter: the three pass-through nodes write over their input
// buffer (one buffer for the whole chain), and every output sample, tap frame and meter reading
// equals the same nodes run one after the other on separate buffers.
TEST(AudioGraph, PassThroughChainRunsInPlaceWithTheSameResults) {
    constexpr uint32_t kBlock = 128, kBlocks = 40, kChannels = 2;  // 5120 frames: 5 meter windows
    const ProcessSpec spec{48000, kBlock, kChannels};
    AudioGraph g;
    auto analyser = std::make_shared<AnalyserNode>();
    auto gain = std::make_shared<GainNode>();
    auto meter = std::make_shared<MeterNode>();
    NodeId source = 0, a = 0, m = 0, out = 0;
    ASSERT_TRUE(g.addNode("source", std::make_shared<InputNode>(), source).isOk());
    ASSERT_TRUE(g.addNode("analyser", analyser, a).isOk());
    ASSERT_TRUE(g.addNode("master", gain, m).isOk());
    ASSERT_TRUE(g.addNode("meter", meter, out).isOk());
    ASSERT_TRUE(g.connect({source, 0, a, 0}).isOk());
    ASSERT_TRUE(g.connect({a, 0, m, 0}).isOk());
    ASSERT_TRUE(g.connect({m, 0, out, 0}).isOk());
    ASSERT_TRUE(g.setOutput(out).isOk());
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(spec, plan).isOk());
    ASSERT_TRUE(gain->setParameterImmediate(GainNode::gainDb, -6.0));
    EXPECT_EQ(plan->numOutputPorts(), 4u);
    EXPECT_EQ(plan->numBuffers(), 1u);  // source's buffer, then in place three times

    const auto x = seededNoise(kChannels, kBlock * kBlocks, 7);
    std::vector<std::vector<float>> y(kChannels, std::vector<float>(kBlock * kBlocks));
    for (uint32_t b = 0; b < kBlocks; ++b) {
        const float* in[kChannels] = {x[0].data() + b * kBlock, x[1].data() + b * kBlock};
        float* o[kChannels] = {y[0].data() + b * kBlock, y[1].data() + b * kBlock};
        ASSERT_TRUE(plan->render(in, kChannels, o, kBlock));
    }

    AnalyserNode analyserApart;
    GainNode gainApart;
    MeterNode meterApart;
    for (Node* node : std::initializer_list<Node*>{&analyserApart, &gainApart, &meterApart}) node->prepare(spec);
    ASSERT_TRUE(gainApart.setParameterImmediate(GainNode::gainDb, -6.0));
    const auto expected = runApart(meterApart, runApart(gainApart, runApart(analyserApart, x, kBlock), kBlock), kBlock);

    size_t differing = 0;
    for (uint32_t ch = 0; ch < kChannels; ++ch)
        for (size_t i = 0; i < y[ch].size(); ++i) differing += y[ch][i] != expected[ch][i];
    EXPECT_EQ(differing, 0u);
    // The gain really acted: −6 dB is a factor of about 0.501.
    EXPECT_NEAR(y[0][100] / x[0][100], std::pow(10.0, -6.0 / 20.0), 1e-6);

    std::vector<float> tap(analyser->tap().capacityFrames()), tapApart(tap.size());
    EXPECT_EQ(analyser->tap().copyLatest(tap.data(), static_cast<uint32_t>(tap.size())), kBlock * kBlocks);
    analyserApart.tap().copyLatest(tapApart.data(), static_cast<uint32_t>(tapApart.size()));
    EXPECT_EQ(tap, tapApart);

    MeterReading reading, readingApart;
    ASSERT_TRUE(meter->latest(reading));
    ASSERT_TRUE(meterApart.latest(readingApart));
    EXPECT_EQ(reading.index, readingApart.index);
    EXPECT_EQ(reading.index, kBlock * kBlocks / MeterNode::kDefaultWindowFrames - 1);
    for (uint32_t ch = 0; ch < kChannels; ++ch) {
        EXPECT_EQ(reading.peakDb[ch], readingApart.peakDb[ch]);
        EXPECT_EQ(reading.rmsDb[ch], readingApart.rmsDb[ch]);
    }
}

// A buffer that another node still reads is never written over: source fans out to two gains
// (−6 dB and +3 dB) summed at the meter's input, so out = gA·x + gB·x exactly.
TEST(AudioGraph, InPlaceNeverOverwritesAValueAnotherNodeStillReads) {
    constexpr uint32_t kBlock = 64, kChannels = 2;
    AudioGraph g;
    auto gainA = std::make_shared<GainNode>();
    auto gainB = std::make_shared<GainNode>();
    NodeId source = 0, a = 0, b = 0, out = 0;
    ASSERT_TRUE(g.addNode("source", std::make_shared<InputNode>(), source).isOk());
    ASSERT_TRUE(g.addNode("a", gainA, a).isOk());
    ASSERT_TRUE(g.addNode("b", gainB, b).isOk());
    ASSERT_TRUE(g.addNode("meter", std::make_shared<MeterNode>(), out).isOk());
    ASSERT_TRUE(g.connect({source, 0, a, 0}).isOk());
    ASSERT_TRUE(g.connect({source, 0, b, 0}).isOk());
    ASSERT_TRUE(g.connect({a, 0, out, 0}).isOk());
    ASSERT_TRUE(g.connect({b, 0, out, 0}).isOk());
    ASSERT_TRUE(g.setOutput(out).isOk());
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(ProcessSpec{48000, kBlock, kChannels}, plan).isOk());
    ASSERT_TRUE(gainA->setParameterImmediate(GainNode::gainDb, -6.0));
    ASSERT_TRUE(gainB->setParameterImmediate(GainNode::gainDb, 3.0));

    const auto x = seededNoise(kChannels, kBlock, 11);
    std::vector<std::vector<float>> y(kChannels, std::vector<float>(kBlock));
    const float* in[kChannels] = {x[0].data(), x[1].data()};
    float* o[kChannels] = {y[0].data(), y[1].data()};
    ASSERT_TRUE(plan->render(in, kChannels, o, kBlock));
    const auto gA = static_cast<float>(std::pow(10.0, -6.0 / 20.0));
    const auto gB = static_cast<float>(std::pow(10.0, 3.0 / 20.0));
    size_t differing = 0;
    for (uint32_t ch = 0; ch < kChannels; ++ch)
        for (uint32_t i = 0; i < kBlock; ++i) differing += y[ch][i] != (0.0f + gA * x[ch][i]) + gB * x[ch][i];
    EXPECT_EQ(differing, 0u);
}
