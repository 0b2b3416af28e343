// GraphEngine: plans published by the control thread, taken at block boundaries, retired plans
// handed back and freed on the control thread; parameter commands at their frame offset.
#include <gtest/gtest.h>

#include <array>
#include <thread>

#include "allocation_counter.h"
#include "graph/graph_engine.h"
#include "nodes/gain_node.h"
#include "nodes/input_node.h"

using namespace wavegraph;

namespace {

// Counts destructions and remembers the thread of the last one.
std::atomic<int> gDestroyed{0};
std::thread::id gDestroyedOn;

// A constant source; records where it dies.
class ConstantTestNode final : public Node {
public:
    explicit ConstantTestNode(float value) : value_(value) {}
    ~ConstantTestNode() override { ++gDestroyed; gDestroyedOn = std::this_thread::get_id(); }
    std::string_view typeName() const noexcept override { return "constantTest"; }
    uint32_t numInputs() const noexcept override { return 0; }
    uint32_t numOutputs() const noexcept override { return 1; }
    std::span<const ParameterInfo> parameters() const noexcept override { return kParams; }
    void reset() noexcept override {}
    bool setParameter(uint32_t id, double v) noexcept override {
        if (id != 0) return false;
        value_ = static_cast<float>(kParams[0].clamp(v));
        return value_ == v;
    }
    double parameter(uint32_t id) const noexcept override { return id == 0 ? value_ : std::nan(""); }
    void process(NodeIo& io) noexcept override {
        for (uint32_t ch = 0; ch < io.outputs[0].numChannels; ++ch)
            std::fill_n(io.outputs[0].channels[ch], io.numFrames, value_);
    }
    static constexpr std::array<ParameterInfo, 1> kParams{{{"value", "", -10.0, 10.0, 0.0, false}}};

private:
    float value_;
};

std::unique_ptr<CompiledGraph> constantPlan(float value, const ProcessSpec& spec, NodeId* idOut = nullptr) {
    AudioGraph g;
    NodeId id = 0;
    EXPECT_TRUE(g.addNode("c", std::make_shared<ConstantTestNode>(value), id).isOk());
    EXPECT_TRUE(g.setOutput(id).isOk());
    std::unique_ptr<CompiledGraph> plan;
    EXPECT_TRUE(g.compile(spec, plan).isOk());
    if (idOut) *idOut = id;
    return plan;
}

}  // namespace

TEST(GraphEngine, SwapsAtABlockBoundaryAndFreesRetiredPlansOnTheControlThread) {
    const ProcessSpec spec{48000, 64, 1};
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec).isOk());
    std::vector<float> y(64);
    float* ch = y.data();
    engine.process(nullptr, 0, &ch, 64);
    EXPECT_EQ(y[0], 0.0f);  // silence before any plan

    ASSERT_TRUE(engine.publish(constantPlan(0.25f, spec)).isOk());
    gDestroyed = 0;
    std::thread audio([&] {
        engine.process(nullptr, 0, &ch, 64);  // takes plan A
    });
    audio.join();
    EXPECT_EQ(y[63], 0.25f);

    ASSERT_TRUE(engine.publish(constantPlan(0.5f, spec)).isOk());
    size_t allocations = 0;
    std::thread audio2([&] {
        wavegraph::test::AllocationCounter counter;
        engine.process(nullptr, 0, &ch, 64);  // takes plan B, retires A
        allocations = counter.count();
    });
    audio2.join();
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(y[0], 0.5f);
    EXPECT_EQ(gDestroyed.load(), 0);  // the audio thread freed nothing
    EXPECT_EQ(engine.collectRetired(), 1u);
    EXPECT_EQ(gDestroyed.load(), 1);
    EXPECT_EQ(gDestroyedOn, std::this_thread::get_id());  // freed here, on the control thread
    EXPECT_EQ(engine.plansSwapped(), 2u);
}

TEST(GraphEngine, CommandsTakeEffectAtTheirFrameOffset) {
    const ProcessSpec spec{48000, 128, 1};
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec).isOk());
    NodeId id = 0;
    ASSERT_TRUE(engine.publish(constantPlan(0.0f, spec, &id)).isOk());
    ASSERT_TRUE(engine.commandRing().tryPush({id, 0, 1.0, 37, 0}));
    ASSERT_TRUE(engine.commandRing().tryPush({id, 0, 2.0, 100, 0}));
    ASSERT_TRUE(engine.commandRing().tryPush({id + 5, 0, 2.0, 0, 0}));  // not in the plan
    std::vector<float> y(128);
    float* ch = y.data();
    engine.process(nullptr, 0, &ch, 128);
    EXPECT_EQ(y[36], 0.0f);
    EXPECT_EQ(y[37], 1.0f);
    EXPECT_EQ(y[99], 1.0f);
    EXPECT_EQ(y[100], 2.0f);
    EXPECT_EQ(engine.commandsApplied(), 2u);
    EXPECT_EQ(engine.commandsRejected(), 1u);
}

TEST(GraphEngine, InputNodeCarriesTheHostInputThroughTheGraph) {
    const ProcessSpec spec{48000, 32, 2};
    AudioGraph g;
    NodeId in = 0, gain = 0;
    ASSERT_TRUE(g.addNode("in", std::make_shared<InputNode>(), in).isOk());
    ASSERT_TRUE(g.addNode("gain", std::make_shared<GainNode>(), gain).isOk());
    ASSERT_TRUE(g.connect({in, 0, gain, 0}).isOk());
    ASSERT_TRUE(g.setOutput(gain).isOk());
    g.node(gain)->setParameterImmediate(0, -6.0);
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.compile(spec, plan).isOk());
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec).isOk());
    ASSERT_TRUE(engine.publish(std::move(plan)).isOk());
    std::vector<float> mono(32, 0.5f), l(32), r(32);
    const float* input[1] = {mono.data()};
    float* output[2] = {l.data(), r.data()};
    engine.process(input, 1, output, 32);
    const float expected = static_cast<float>(0.5 * std::pow(10.0, -6.0 / 20.0));
    EXPECT_NEAR(l[31], expected, 1e-6);
    EXPECT_NEAR(r[0], expected, 1e-6);
}
