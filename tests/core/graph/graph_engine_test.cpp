// GraphEngine: plans published by the control thread, taken at block boundaries, retired plans
// handed back and freed on the control thread; parameter commands at their frame offset.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>

#include "allocation_counter.h"
#include "graph/graph_engine.h"
#include "graph/single_node_plan.h"
#include "nodes/gain_node.h"
#include "nodes/input_node.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

// Counts destructions and remembers the thread of the last one.
std::atomic<int> gDestroyed{0};
std::thread::id gDestroyedOn;

// A constant source; records where it dies.
class ConstantTestNode final : public Node {
public:
    explicit ConstantTestNode(float value) : value_(value) {}
    ~ConstantTestNode() override {
        ++gDestroyed;
        gDestroyedOn = std::this_thread::get_id();
    }
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
    return test::singleNodePlan(std::make_shared<ConstantTestNode>(value), spec, idOut);
}

}  // namespace

TEST(GraphEngine, CrossfadesToANewPlanAndFreesTheOldOneOnTheControlThread) {
    const ProcessSpec spec{48000, 64, 1};
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec).isOk());  // crossfade 5 ms = 240 frames
    ASSERT_EQ(engine.crossfadeFrames(), 240u);
    std::vector<float> y(64);
    float* ch = y.data();
    engine.process(nullptr, 0, &ch, 64);
    EXPECT_EQ(y[0], 0.0f);  // silence before any plan

    ASSERT_TRUE(engine.publish(constantPlan(0.25f, spec)).isOk());
    gDestroyed = 0;
    std::thread audio([&] { engine.process(nullptr, 0, &ch, 64); });  // takes plan A at once
    audio.join();
    EXPECT_EQ(y[0], 0.25f);
    EXPECT_EQ(y[63], 0.25f);

    // Plan B owns other node instances: the engine fades from A to B over 240 frames.
    ASSERT_TRUE(engine.publish(constantPlan(0.5f, spec)).isOk());
    std::vector<float> faded;
    size_t allocations = 0;
    std::thread audio2([&] {
        std::vector<float> all(6 * 64);
        wavegraph::test::AllocationCounter counter;
        for (int b = 0; b < 6; ++b) {
            float* out = all.data() + b * 64;
            engine.process(nullptr, 0, &out, 64);
        }
        allocations = counter.count();
        faded = all;
    });
    audio2.join();
    EXPECT_EQ(allocations, 0u);
    double worstError = 0.0;
    for (size_t k = 0; k < faded.size(); ++k) {
        const double t = std::min(1.0, (k + 1) / 240.0);
        worstError = std::max(worstError, std::abs(faded[k] - (0.25 + t * 0.25)));
    }
    EXPECT_LT(worstError, 1e-7) << "the output must follow the linear ramp from A to B";
    EXPECT_EQ(faded[239], 0.5f);
    EXPECT_EQ(gDestroyed.load(), 0);  // the audio thread freed nothing
    EXPECT_EQ(engine.collectRetired(), 1u);
    EXPECT_EQ(gDestroyed.load(), 1);
    EXPECT_EQ(gDestroyedOn, std::this_thread::get_id());  // freed here, on the control thread
    EXPECT_EQ(engine.plansSwapped(), 2u);
    EXPECT_EQ(engine.crossfades(), 1u);
}

TEST(GraphEngine, SwitchesAtOnceWhenThePlansShareNodeInstances) {
    const ProcessSpec spec{48000, 64, 1};
    AudioGraph g;
    NodeId id = 0;
    ASSERT_TRUE(g.addNode("c", std::make_shared<ConstantTestNode>(0.25f), id).isOk());
    ASSERT_TRUE(g.setOutput(id).isOk());
    std::unique_ptr<CompiledGraph> a, b;
    ASSERT_TRUE(g.compile(spec, a).isOk());
    ASSERT_TRUE(g.compile(spec, b).isOk());  // same node object in both plans
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec).isOk());
    ASSERT_TRUE(engine.publish(std::move(a)).isOk());
    std::vector<float> y(64);
    float* ch = y.data();
    engine.process(nullptr, 0, &ch, 64);
    ASSERT_TRUE(engine.publish(std::move(b)).isOk());
    engine.process(nullptr, 0, &ch, 64);
    EXPECT_EQ(engine.plansSwapped(), 2u);
    EXPECT_EQ(engine.crossfades(), 0u);
    EXPECT_EQ(engine.collectRetired(), 1u);  // handed back in the swap block
}

TEST(GraphEngine, CommandsTakeEffectAtTheirFrameTime) {
    const ProcessSpec spec{48000, 128, 1};
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec).isOk());
    NodeId id = 0;
    ASSERT_TRUE(engine.publish(constantPlan(0.0f, spec, &id)).isOk());
    ASSERT_TRUE(engine.commandRing().tryPush({id, 0, 1.0, 37, 0, 0}));
    ASSERT_TRUE(engine.commandRing().tryPush({id, 0, 2.0, 100, 0, 0}));
    ASSERT_TRUE(engine.commandRing().tryPush({id + 5, 0, 2.0, 0, 0, 0}));  // not in the plan
    std::vector<float> y(128);
    float* ch = y.data();
    engine.process(nullptr, 0, &ch, 128);
    EXPECT_EQ(y[36], 0.0f);
    EXPECT_EQ(y[37], 1.0f);
    EXPECT_EQ(y[99], 1.0f);
    EXPECT_EQ(y[100], 2.0f);
    EXPECT_EQ(engine.commandsApplied(), 2u);
    EXPECT_EQ(engine.commandsRejected(), 1u);
    RingRecord event;
    ASSERT_TRUE(engine.eventRing().tryPop(event));  // the first plan
    EXPECT_EQ(event.kind, uint32_t(EngineEvent::planSwapped));
    ASSERT_TRUE(engine.eventRing().tryPop(event));
    EXPECT_EQ(event.kind, uint32_t(EngineEvent::commandRejected));
    EXPECT_EQ(event.target, id + 5);
    EXPECT_EQ(event.frameTime, 0);
}

// Changes scheduled for frames in later blocks land exactly on their frame for block sizes
// 1, 7, 128 and 4096: the rendered signal steps at those frames and nowhere else.
TEST(GraphEngine, ScheduledCommandsLandOnTheirFrameForEveryBlockSize) {
    const std::array<int64_t, 6> times{0, 1, 4095, 4096, 9999, 30001};
    const uint32_t total = 32768;
    for (uint32_t blockFrames : {1u, 7u, 128u, 4096u}) {
        const ProcessSpec spec{48000, blockFrames, 1};
        GraphEngine engine;
        ASSERT_TRUE(engine.prepare(spec, 256).isOk());
        NodeId id = 0;
        ASSERT_TRUE(engine.publish(constantPlan(0.0f, spec, &id)).isOk());
        // Pushed in reverse order: the engine orders them by frame.
        for (size_t i = times.size(); i-- > 0;)
            ASSERT_TRUE(engine.commandRing().tryPush({id, 0, double(i + 1), times[i], 0, uint32_t(i)}));
        std::vector<float> y(total);
        for (uint32_t start = 0; start < total; start += blockFrames) {
            float* ch = y.data() + start;
            engine.process(nullptr, 0, &ch, std::min(blockFrames, total - start));
        }
        std::vector<int64_t> steps;
        float previous = 0.0f;
        for (uint32_t n = 0; n < total; ++n) {
            if (y[n] != previous) steps.push_back(n);
            previous = y[n];
        }
        EXPECT_EQ(steps, std::vector<int64_t>(times.begin(), times.end())) << "block size " << blockFrames;
        EXPECT_EQ(y[total - 1], float(times.size())) << "block size " << blockFrames;
        EXPECT_EQ(engine.commandsLate(), 0u);
        EXPECT_EQ(engine.framesRendered(), total);
    }
}

TEST(GraphEngine, ReportsClampedValuesAndBadBlocksAsEvents) {
    const ProcessSpec spec{48000, 64, 1};
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec).isOk());
    NodeId id = 0;
    ASSERT_TRUE(engine.publish(constantPlan(0.0f, spec, &id)).isOk());
    ASSERT_TRUE(engine.commandRing().tryPush({id, 0, 50.0, RingRecord::kAtNextBlock, 0, 0}));  // range ±10
    ASSERT_TRUE(engine.commandRing().tryPush({id, 0, std::nan(""), 32, 0, 0}));
    std::vector<float> y(128, 1.0f);
    float* ch = y.data();
    engine.process(nullptr, 0, &ch, 64);
    EXPECT_EQ(y[0], 10.0f);  // clamped to the top of the range, never 50
    EXPECT_EQ(y[31], 10.0f);
    EXPECT_TRUE(std::isfinite(y[32])) << "NaN must never reach the output";
    engine.process(nullptr, 0, &ch, 128);  // more than maxBlockFrames
    EXPECT_EQ(engine.badBlocks(), 1u);
    std::vector<uint32_t> kinds;
    RingRecord event;
    while (engine.eventRing().tryPop(event)) kinds.push_back(event.kind);
    const std::vector<uint32_t> expected{uint32_t(EngineEvent::planSwapped), uint32_t(EngineEvent::parameterClamped),
                                         uint32_t(EngineEvent::parameterClamped), uint32_t(EngineEvent::badBlock)};
    EXPECT_EQ(kinds, expected);
    EXPECT_EQ(y[127], 1.0f) << "a bad block of 128 frames must not be written (the buffer holds 64 for the engine)";
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

// Meter readings leave on the event ring: one peak and one RMS event per channel per window
// (1024 frames: 46.875 per second at 48 kHz), with the levels computed from the samples.
TEST(GraphEngine, MeterReadingsArriveOnTheEventRingWithTheComputedLevels) {
    const ProcessSpec spec{48000, 128, 2};
    GraphSession session;
    ASSERT_TRUE(session.prepare(spec, 256, 4096).isOk());
    ASSERT_TRUE(session
                    .loadGraph(R"({"nodes":[{"id":"osc","type":"oscillator","params":{"frequencyHz":375,"levelDb":-6}},
                                              {"id":"meter","type":"meter"}],
                                   "connections":[{"from":"osc","to":"meter"}],"output":"meter"})")
                    .isOk());
    std::vector<float> l(128), r(128);
    float* out[2] = {l.data(), r.data()};
    std::vector<float> rendered;
    for (int block = 0; block < 375; ++block) {  // 1 s
        session.process(nullptr, 0, out, 128);
        rendered.insert(rendered.end(), l.begin(), l.end());
    }
    size_t peaks = 0, rms = 0;
    double worstPeakError = 0.0, worstRmsError = 0.0;
    RingRecord e;
    while (session.engine().eventRing().tryPop(e)) {
        if (e.kind != uint32_t(EngineEvent::meterPeakDb) && e.kind != uint32_t(EngineEvent::meterRmsDb)) continue;
        EXPECT_EQ(e.target, uint32_t(session.nodeId("meter")));
        // The window that ended at frameTime: its levels computed here from the rendered samples.
        const size_t end = size_t(e.frameTime) / 1024 * 1024;
        ASSERT_GE(end, 1024u);
        double peak = 0.0, sum = 0.0;
        for (size_t n = end - 1024; n < end; ++n) {
            peak = std::max(peak, std::abs(double(rendered[n])));
            sum += double(rendered[n]) * rendered[n];
        }
        if (e.kind == uint32_t(EngineEvent::meterPeakDb)) {
            ++peaks;
            worstPeakError = std::max(worstPeakError, std::abs(e.value - 20 * std::log10(peak)));
        } else {
            ++rms;
            worstRmsError = std::max(worstRmsError, std::abs(e.value - 10 * std::log10(sum / 1024)));
        }
    }
    std::printf("1 s of audio: %zu peak and %zu RMS meter events (2 channels); worst error %.2g dB peak, %.2g dB RMS\n",
                peaks, rms, worstPeakError, worstRmsError);
    EXPECT_EQ(peaks, 2u * (48000 / 1024));  // 46 whole windows in 48000 frames, 2 channels
    EXPECT_EQ(rms, peaks);
    EXPECT_LT(worstPeakError, 1e-3);
    EXPECT_LT(worstRmsError, 1e-3);
}

TEST(GraphEngine, AFullEventRingDropsAndCountsEventsAndRenderingGoesOn) {
    const ProcessSpec spec{48000, 64, 1};
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(spec, 256, /*eventRingCapacity=*/4).isOk());
    NodeId id = 0;
    ASSERT_TRUE(engine.publish(constantPlan(0.0f, spec, &id)).isOk());
    constexpr int kClamped = 20;  // each out-of-range command reports parameterClamped
    for (int i = 0; i < kClamped; ++i)
        ASSERT_TRUE(engine.commandRing().tryPush({id, 0, 50.0 + i, RingRecord::kAtNextBlock, 0, 0}));
    std::vector<float> y(64, 0.0f);
    float* ch = y.data();
    engine.process(nullptr, 0, &ch, 64);
    uint32_t read = 0;
    RingRecord event;
    while (engine.eventRing().tryPop(event)) ++read;
    engine.process(nullptr, 0, &ch, 64);  // the ring has room again: rendering never waited for it
    std::printf("%d clamped commands + 1 swap with a 4-record event ring: %u events read, %llu dropped, output %.1f\n",
                kClamped, read, static_cast<unsigned long long>(engine.eventsDropped()), y[63]);
    EXPECT_EQ(read, 4u);
    EXPECT_EQ(engine.eventsDropped(), uint64_t(kClamped + 1 - 4));
    EXPECT_EQ(engine.commandsApplied() + engine.commandsRejected(), uint64_t(kClamped));
    EXPECT_EQ(y[63], 10.0f);  // clamped to the top of the range
}
