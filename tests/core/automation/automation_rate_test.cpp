// How automated values reach the nodes (Node::automationRate): a parameter that reads one value
// per frame from Node::paramValues (gain, biquad, parametricEq bands) gives, through the engine,
// the samples of the node set with setParameterImmediate before every single frame (the W3C
// a-rate definition, driven here by hand from the same lane); a k-rate parameter
// (dynamicsCompressor) takes the lane's value at the first frame of each 128-frame quantum.
// Block splits 1/7/128/4096 and 0 allocations/locks are checked by automation_engine_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "automation/param_timeline.h"
#include "nodes/biquad_node.h"
#include "nodes/dynamics_compressor_node.h"
#include "nodes/gain_node.h"
#include "nodes/parametric_eq_node.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

constexpr double kRate = 48000.0;
constexpr size_t kFrames = 12000;

std::vector<float> seededNoise(size_t frames) {
    std::mt19937 generator(17);
    std::uniform_real_distribution<float> uniform(-0.5f, 0.5f);
    std::vector<float> x(frames);
    for (auto& v : x) v = uniform(generator);
    return x;
}

/// input → node `type` (with `params`) → output, with `automation` on parameter `param`,
/// rendered by the engine in blocks of `block` frames (mono).
std::vector<float> engineRender(const std::string& type, const std::string& params, const std::string& param,
                                const std::string& calls, const std::vector<float>& input, uint32_t block,
                                size_t* allocations) {
    const std::string json = R"({"nodes":[{"id":"in","type":"input"},{"id":"n","type":")" + type + R"(","params":)" +
                             params + R"(,"automation":{")" + param + R"(":)" + calls +
                             R"(}}],"connections":[{"from":"in","to":"n"}],"output":"n"})";
    GraphSession session;
    EXPECT_TRUE(session.prepare(ProcessSpec{kRate, 4096, 1}).isOk());
    const Status loaded = session.loadGraph(json);
    EXPECT_TRUE(loaded.isOk()) << loaded.message();
    std::vector<float> out(input.size(), 0.0f);
    test::AllocationCounter guard(test::AllocationCounter::LockPolicy::count);
    for (size_t start = 0; start < input.size(); start += block) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(block, input.size() - start));
        const float* in = input.data() + start;
        float* o = out.data() + start;
        session.process(&in, 1, &o, n);
    }
    *allocations = guard.count() + guard.locks();
    return out;
}

/// `node` alone, prepared mono, `setup` applied, then per frame: the lane's value (at the frame,
/// or at its quantum's first frame when `kRate`) set with setParameterImmediate whenever the
/// lane rules, and one frame processed.
template <class Setup>
std::vector<float> frameByFrame(Node& node, uint32_t param, const ParamTimeline& timeline,
                                const std::vector<float>& input, bool kRateValues, Setup setup) {
    node.prepare(ProcessSpec{kRate, 4096, 1});
    setup(node);
    node.reset();
    const auto lane = timeline.compile(0, param, kRate);
    std::vector<float> out(input.size(), 0.0f);
    int64_t cursor = -1;
    double last = std::nan("");
    for (size_t k = 0; k < input.size(); ++k) {
        const auto at = static_cast<int64_t>(kRateValues ? k - k % kRenderQuantumFrames : k);
        cursor = lane->segmentAt(at, cursor);
        if (cursor >= 0 && lane->valueAt(cursor, at) != last) {
            last = lane->valueAt(cursor, at);
            node.setParameterImmediate(param, last);
        }
        AudioBlock in, o;
        in.numChannels = o.numChannels = 1;
        in.numFrames = o.numFrames = 1;
        in.channels[0] = const_cast<float*>(input.data() + k);
        o.channels[0] = out.data() + k;
        NodeIo io{std::span<const AudioBlock>(&in, 1), std::span<AudioBlock>(&o, 1), 1};
        node.process(io);
    }
    return out;
}

size_t differing(const std::vector<float>& a, const std::vector<float>& b) {
    size_t n = 0;
    for (size_t k = 0; k < a.size(); ++k) n += a[k] != b[k] ? 1 : 0;
    return n;
}

struct Case {
    const char* name;
    std::string type, params, param;
    uint32_t paramId;
    AutomationRate rate;
};

}  // namespace

TEST(AutomationRate, ValuesPerFrameGiveTheSamplesOfSettingEveryFrame) {
    // 0.02 s at the start value, a linear ramp to 0.1 s, an exponential ramp to 0.2 s, then a
    // setTarget; every node and parameter below moves through all three.
    const auto input = seededNoise(kFrames);
    struct Moving {
        Case c;
        double v0, v1, v2;
        std::function<void(Node&)> setup;
    };
    const std::vector<Moving> cases = {
        {{"gain.gainDb", "gain", "{}", "gainDb", GainNode::gainDb, AutomationRate::aRateValues}, -3, -40, -1, {}},
        {{"biquad.frequencyHz (lowpass)", "biquad", R"({"type":0})", "frequencyHz", BiquadNode::frequencyHz,
          AutomationRate::aRateValues},
         200,
         8000,
         500,
         [](Node& n) { n.setParameterImmediate(BiquadNode::type, 0); }},
        {{"biquad.q (bandpass)", "biquad", R"({"type":2,"frequencyHz":1000})", "q", BiquadNode::q,
          AutomationRate::aRateValues},
         0.5,
         20,
         2,
         [](Node& n) {
             n.setParameterImmediate(BiquadNode::type, 2);
             n.setParameterImmediate(BiquadNode::frequencyHz, 1000);
         }},
        {{"parametricEq.band4.gainDb", "parametricEq", "{}", "band4.gainDb",
          ParametricEqNode::parameterId(4, ParametricEqNode::gainDb), AutomationRate::aRateValues},
         1,
         -20,
         12,
         {}},
        {{"dynamicsCompressor.thresholdDb", "dynamicsCompressor", "{}", "thresholdDb",
          DynamicsCompressorNode::thresholdDb, AutomationRate::kRate},
         -10,
         -60,
         -20,
         {}},
    };
    for (const auto& m : cases) {
        const std::string calls = R"([{"method":"setValueAtTime","value":)" + std::to_string(m.v0) +
                                  R"(,"timeSeconds":0.02},{"method":"linearRampToValueAtTime","value":)" +
                                  std::to_string(m.v1) +
                                  R"(,"timeSeconds":0.1},{"method":"exponentialRampToValueAtTime","value":)" +
                                  std::to_string(m.v2) + R"(,"timeSeconds":0.2},{"method":"setTargetAtTime","value":)" +
                                  std::to_string(m.v0) + R"(,"timeSeconds":0.2,"timeConstantSeconds":0.01}])";
        ParamTimeline timeline;
        ASSERT_TRUE(timeline.setValueAtTime(m.v0, 0.02).isOk());
        ASSERT_TRUE(timeline.linearRampToValueAtTime(m.v1, 0.1).isOk());
        ASSERT_TRUE(timeline.exponentialRampToValueAtTime(m.v2, 0.2).isOk());
        ASSERT_TRUE(timeline.setTargetAtTime(m.v0, 0.2, 0.01).isOk());
        std::unique_ptr<Node> node;
        if (m.c.type == "gain") node = std::make_unique<GainNode>();
        if (m.c.type == "biquad") node = std::make_unique<BiquadNode>();
        if (m.c.type == "parametricEq") node = std::make_unique<ParametricEqNode>();
        if (m.c.type == "dynamicsCompressor") node = std::make_unique<DynamicsCompressorNode>();
        ASSERT_NE(node, nullptr);
        EXPECT_EQ(node->automationRate(m.c.paramId), m.c.rate) << m.c.name;
        const auto reference =
            frameByFrame(*node, m.c.paramId, timeline, input, m.c.rate == AutomationRate::kRate, [&](Node& n) {
                if (m.setup) m.setup(n);
            });
        double energy = 0.0;
        for (float x : reference) energy += double{x} * x;
        EXPECT_GT(energy, 1.0) << m.c.name;
        for (uint32_t block : {7u, 128u, 4096u}) {
            size_t allocations = 0;
            const auto got = engineRender(m.c.type, m.c.params, m.c.param, calls, input, block, &allocations);
            const size_t bad = differing(got, reference);
            std::printf(
                "%s (%s), %u-frame blocks: %zu of %zu samples differ from setting every frame; "
                "%zu allocations/locks\n",
                m.c.name, m.c.rate == AutomationRate::kRate ? "k-rate" : "a-rate values", block, bad, kFrames,
                allocations);
            EXPECT_EQ(bad, 0u) << m.c.name << " block " << block;
            EXPECT_EQ(allocations, 0u) << m.c.name;
        }
    }
}
