// Plan swaps while audio runs: a control thread rewires the graph and publishes a new plan
// every 10 ms of rendering for 60 s (15 s in the sanitizer trees: 1500 swaps take the same
// paths as 6000) while a real audio thread renders. Measured: the largest
// sample-to-sample step of the output against the signal's own (the same graphs rendered
// without swaps), heap allocations on the audio thread, and where retired plans die.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "allocation_counter.h"
#include "graph/graph_engine.h"
#include "graph/node_base.h"
#include "nodes/delay_line_node.h"
#include "nodes/gain_node.h"
#include "nodes/oscillator.h"
#include "sanitizer_budget.h"

using namespace wavegraph;

namespace {

constexpr ProcessSpec kSpec{48000, 128, 1};
constexpr uint32_t kSwapPeriodFrames = 480;  // 10 ms
std::atomic<std::thread::id> gAudioThread{};
std::atomic<int> gProbesDestroyed{0}, gProbesDestroyedOnAudioThread{0};

// Pass-through that records which thread destroys it (every plan holds one).
class ProbeNode final : public NodeWithoutParameters {
public:
    ~ProbeNode() override {
        ++gProbesDestroyed;
        if (std::this_thread::get_id() == gAudioThread.load()) ++gProbesDestroyedOnAudioThread;
    }
    std::string_view typeName() const noexcept override { return "probe"; }
    uint32_t numInputs() const noexcept override { return 1; }
    uint32_t numOutputs() const noexcept override { return 1; }
    void process(NodeIo& io) noexcept override {
        for (uint32_t ch = 0; ch < io.outputs[0].numChannels; ++ch)
            std::copy_n(io.inputs[0].channels[ch], io.numFrames, io.outputs[0].channels[ch]);
    }
    std::shared_ptr<Node> fork() const override { return std::make_shared<ProbeNode>(); }
    bool copyStateFrom(const Node& other) noexcept override { return other.typeName() == typeName(); }
};

// oscillator (440 Hz sine, -6 dBFS) feeds a 3-frame delay; the gain's input is either the
// oscillator (wiring A) or the delay (wiring B); gain → probe → output.
struct SwapGraph {
    AudioGraph graph;
    NodeId osc = 0, delay = 0, gain = 0, probe = 0;
    bool delayed = false;

    SwapGraph() {
        auto oscillator = std::make_shared<OscillatorNode>();
        oscillator->setParameterImmediate(OscillatorNode::levelDb, -6.0);
        auto delayLine = std::make_shared<DelayLineNode>();
        delayLine->setParameterImmediate(DelayLineNode::timeMs, 3000.0 / kSpec.sampleRateHz);
        EXPECT_TRUE(graph.addNode("osc", oscillator, osc).isOk());
        EXPECT_TRUE(graph.addNode("delay", delayLine, delay).isOk());
        EXPECT_TRUE(graph.addNode("gain", std::make_shared<GainNode>(), gain).isOk());
        EXPECT_TRUE(graph.addNode("probe", std::make_shared<ProbeNode>(), probe).isOk());
        EXPECT_TRUE(graph.connect({osc, 0, delay, 0}).isOk());
        EXPECT_TRUE(graph.connect({osc, 0, gain, 0}).isOk());
        EXPECT_TRUE(graph.connect({gain, 0, probe, 0}).isOk());
        EXPECT_TRUE(graph.setOutput(probe).isOk());
    }
    void toggle() {
        const NodeId from = delayed ? delay : osc, to = delayed ? osc : delay;
        EXPECT_TRUE(graph.disconnect({from, 0, gain, 0}).isOk());
        EXPECT_TRUE(graph.connect({to, 0, gain, 0}).isOk());
        delayed = !delayed;
    }
    std::unique_ptr<CompiledGraph> forkAndCompile() {
        EXPECT_EQ(graph.forkNodes(), 0u);
        std::unique_ptr<CompiledGraph> plan;
        EXPECT_TRUE(graph.compile(kSpec, plan).isOk());
        return plan;
    }
};

double maxStep(const std::vector<float>& y, size_t from) {
    double worst = 0.0;
    for (size_t n = std::max<size_t>(from, 1); n < y.size(); ++n)
        worst = std::max(worst, std::abs(double(y[n]) - y[n - 1]));
    return worst;
}

// The graph's own largest step with wiring A and with wiring B, rendered without swaps.
double ownMaxStep() {
    double worst = 0.0;
    for (bool delayed : {false, true}) {
        SwapGraph g;
        if (delayed) g.toggle();
        GraphEngine engine;
        EXPECT_TRUE(engine.prepare(kSpec).isOk());
        EXPECT_TRUE(engine.publish(g.forkAndCompile()).isOk());
        std::vector<float> y(48000);
        for (size_t start = 0; start < y.size(); start += kSpec.maxBlockFrames) {
            float* ch = y.data() + start;
            engine.process(nullptr, 0, &ch, kSpec.maxBlockFrames);
        }
        worst = std::max(worst, maxStep(y, 256));  // after the delay line has filled
    }
    return worst;
}

struct SwapRun {
    std::vector<float> output;
    size_t audioAllocations = 0;
    size_t retiredFreed = 0;
    uint64_t swaps = 0, crossfades = 0;
};

// Renders `seconds` on a real audio thread while this (control) thread publishes a rewired
// plan every 10 ms of rendered audio. The audio loop waits between blocks (never inside
// process) until the plan for its 10 ms period is published, so swaps land on schedule.
SwapRun runSwaps(double seconds, double crossfadeMs) {
    SwapRun run;
    run.output.assign(size_t(seconds * kSpec.sampleRateHz), 0.0f);
    SwapGraph g;
    GraphEngine engine;
    EXPECT_TRUE(engine.prepare(kSpec, 256, 1024, crossfadeMs).isOk());
    EXPECT_TRUE(engine.publish(g.forkAndCompile()).isOk());
    const size_t periods = run.output.size() / kSwapPeriodFrames;
    std::atomic<size_t> published{0}, framesDone{0};
    std::thread audio([&] {
        gAudioThread = std::this_thread::get_id();
        wavegraph::test::AllocationCounter counter;
        for (size_t start = 0; start < run.output.size(); start += kSpec.maxBlockFrames) {
            const size_t period = std::min(periods - 1, start / kSwapPeriodFrames);
            while (published.load(std::memory_order_acquire) < period) std::this_thread::yield();
            float* ch = run.output.data() + start;
            engine.process(nullptr, 0, &ch,
                           uint32_t(std::min<size_t>(kSpec.maxBlockFrames, run.output.size() - start)));
            framesDone.store(start + kSpec.maxBlockFrames, std::memory_order_release);
        }
        run.audioAllocations = counter.count();
    });
    for (size_t period = 1; period < periods; ++period) {
        while (framesDone.load(std::memory_order_acquire) + kSpec.maxBlockFrames < period * kSwapPeriodFrames)
            std::this_thread::yield();
        run.retiredFreed += engine.collectRetired();
        g.toggle();
        auto plan = g.forkAndCompile();
        Status status = engine.publish(std::move(plan));
        while (!status) {  // the queue is full only if the audio thread lags; wait and retry
            std::this_thread::yield();
            run.retiredFreed += engine.collectRetired();
            g.toggle(), g.toggle();
            status = engine.publish(g.forkAndCompile());
        }
        published.store(period, std::memory_order_release);
    }
    audio.join();
    run.retiredFreed += engine.collectRetired();
    run.swaps = engine.plansSwapped();
    run.crossfades = engine.crossfades();
    gAudioThread = std::thread::id{};
    return run;
}

}  // namespace

TEST(GraphSwap, SwappingEvery10MsForAMinuteMakesNoClick) {
    const double seconds = test::kSanitizedBuild ? 15.0 : 60.0;  // the sanitizer trees' budget
    const double own = ownMaxStep();
    gProbesDestroyed = 0;
    gProbesDestroyedOnAudioThread = 0;
    const SwapRun run = runSwaps(seconds, GraphEngine::kDefaultCrossfadeMs);
    const double swapped = maxStep(run.output, 256);
    std::printf(
        "%.0f s%s, %llu swaps (%llu crossfaded): max step %.6f, the signal's own %.6f (ratio %.4f); "
        "%zu plans freed on the control thread, %d probe nodes destroyed on the audio thread, "
        "%zu allocations on the audio thread\n",
        seconds, test::kSanitizedBuild ? " (sanitizer budget)" : "", (unsigned long long)run.swaps,
        (unsigned long long)run.crossfades, swapped, own, swapped / own, run.retiredFreed,
        gProbesDestroyedOnAudioThread.load(), run.audioAllocations);
    EXPECT_GE(run.swaps, static_cast<uint64_t>(seconds * 100.0));
    EXPECT_EQ(run.crossfades, run.swaps - 1);  // all but the first plan
    // 2 % allows for the crossfade ramp's own contribution ((b − a) / 240 per frame).
    EXPECT_LE(swapped, own * 1.02);
    EXPECT_EQ(run.retiredFreed, run.swaps - 1) << "every replaced plan comes back and is freed here";
    EXPECT_EQ(gProbesDestroyedOnAudioThread.load(), 0);
    EXPECT_EQ(run.audioAllocations, 0u);
}

// The same schedule without a crossfade clicks: this is what the test above would catch.
TEST(GraphSwap, WithoutACrossfadeTheSameSwapsClick) {
    const double own = ownMaxStep();
    const SwapRun run = runSwaps(2.0, 0.0);
    const double swapped = maxStep(run.output, 256);
    std::printf("hard swaps: max step %.6f, the signal's own %.6f (ratio %.2f)\n", swapped, own, swapped / own);
    EXPECT_GT(swapped, own * 1.5);
}

TEST(GraphSwap, ParametersAndStateSurviveForNodesInBothPlans) {
    SwapGraph g;
    GraphEngine engine;
    ASSERT_TRUE(engine.prepare(kSpec).isOk());
    ASSERT_TRUE(engine.publish(g.forkAndCompile()).isOk());
    std::vector<float> y(48000);
    auto render = [&](size_t from, size_t to) {
        for (size_t start = from; start < to; start += kSpec.maxBlockFrames) {
            float* ch = y.data() + start;
            engine.process(nullptr, 0, &ch, kSpec.maxBlockFrames);
        }
    };
    ASSERT_TRUE(engine.commandRing().tryPush({g.gain, GainNode::gainDb, -12.0, RingRecord::kAtNextBlock, 0, 1}));
    ASSERT_TRUE(
        engine.commandRing().tryPush({g.osc, OscillatorNode::frequencyHz, 1000.0, RingRecord::kAtNextBlock, 0, 2}));
    render(0, 12800);
    // Same wiring, new instances: the new plan must sound exactly like the old one.
    ASSERT_TRUE(engine.publish(g.forkAndCompile()).isOk());
    render(12800, 48000);
    EXPECT_EQ(g.graph.node(g.gain)->parameter(GainNode::gainDb), -12.0);
    EXPECT_EQ(g.graph.node(g.osc)->parameter(OscillatorNode::frequencyHz), 1000.0);
    // A reference engine that never swaps.
    SwapGraph reference;
    GraphEngine still;
    ASSERT_TRUE(still.prepare(kSpec).isOk());
    ASSERT_TRUE(still.publish(reference.forkAndCompile()).isOk());
    ASSERT_TRUE(still.commandRing().tryPush({reference.gain, GainNode::gainDb, -12.0, RingRecord::kAtNextBlock, 0, 1}));
    ASSERT_TRUE(still.commandRing().tryPush(
        {reference.osc, OscillatorNode::frequencyHz, 1000.0, RingRecord::kAtNextBlock, 0, 2}));
    std::vector<float> r(48000);
    for (size_t start = 0; start < r.size(); start += kSpec.maxBlockFrames) {
        float* ch = r.data() + start;
        still.process(nullptr, 0, &ch, kSpec.maxBlockFrames);
    }
    size_t differing = 0;
    for (size_t n = 0; n < y.size(); ++n) differing += y[n] != r[n];
    EXPECT_EQ(differing, 0u) << "the swap to a same-wired plan must be inaudible (bit-identical)";
    EXPECT_EQ(engine.crossfades(), 1u);
}
