// GraphEngine never loses a retired plan: with collectRetired withheld while plan after plan is
// published, the engine keeps the running plan once it has no room to hand the replaced one
// back, reports planSwapDeferred, and takes the newest plan after the control side collects.
// Every plan is counted: constructions of its node against destructions, which happen only on
// the control thread. The audio side runs under the allocation/lock guard.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <thread>

#include "allocation_counter.h"
#include "graph/audio_graph.h"
#include "graph/graph_engine.h"
#include "graph/node_base.h"
#include "graph/single_node_plan.h"

using namespace wavegraph;

namespace {

std::atomic<int> gConstructed{0}, gDestroyed{0}, gDestroyedOffControlThread{0};
std::thread::id gControlThread;

/// A constant source that counts its instances (one per plan).
class CountedConstant final : public NodeWithoutParameters {
public:
    explicit CountedConstant(float value) : value_(value) { ++gConstructed; }
    ~CountedConstant() override {
        ++gDestroyed;
        if (std::this_thread::get_id() != gControlThread) ++gDestroyedOffControlThread;
    }
    std::string_view typeName() const noexcept override { return "countedConstant"; }
    uint32_t numInputs() const noexcept override { return 0; }
    uint32_t numOutputs() const noexcept override { return 1; }
    void process(NodeIo& io) noexcept override {
        for (uint32_t ch = 0; ch < io.outputs[0].numChannels; ++ch)
            std::fill_n(io.outputs[0].channels[ch], io.numFrames, value_);
    }

private:
    float value_;
};

std::unique_ptr<CompiledGraph> planOf(float value, const ProcessSpec& spec) {
    return test::singleNodePlan(std::make_shared<CountedConstant>(value), spec);
}

struct EventCounts {
    int swapped = 0, retired = 0, deferred = 0, dropped = 0;
};

EventCounts drainEvents(GraphEngine& engine) {
    EventCounts counts;
    CommandRecord record;
    while (engine.eventRing().tryPop(record)) {
        switch (static_cast<EngineEvent>(record.kind)) {
            case EngineEvent::planSwapped: ++counts.swapped; break;
            case EngineEvent::planRetired: ++counts.retired; break;
            case EngineEvent::planSwapDeferred: ++counts.deferred; break;
            default: break;
        }
    }
    return counts;
}

void runWithheldCollection(double crossfadeMs) {
    gControlThread = std::this_thread::get_id();
    gConstructed = gDestroyed = gDestroyedOffControlThread = 0;
    const ProcessSpec spec{48000, 64, 1};
    constexpr int kPlans = 120;
    size_t audioAllocations = 0, audioLocks = 0;
    uint64_t deferredBlocks = 0;
    {
        GraphEngine engine;
        ASSERT_TRUE(engine.prepare(spec, 256, 4096, crossfadeMs).isOk());
        std::array<float, 64> out{};
        float* channel = out.data();
        // The audio side: five blocks per published plan (a 5 ms crossfade is 240 frames < 320),
        // on a thread of its own, under the real-time guard.
        auto audioBlocks = [&](int blocks) {
            std::thread audio([&] {
                test::AllocationCounter guard;
                for (int b = 0; b < blocks; ++b) engine.process(nullptr, 0, &channel, 64);
                audioAllocations += guard.count();
                audioLocks += guard.locks();
            });
            audio.join();
        };
        int published = 0;
        float lastPublished = 0.0f;
        for (int i = 1; i <= kPlans; ++i) {
            const float value = static_cast<float>(i) / 1024.0f;
            if (engine.publish(planOf(value, spec)).isOk()) {
                ++published;
                lastPublished = value;
            }  // else: 8 plans already wait (the plan is freed here, on the control thread)
            audioBlocks(5);
        }
        const EventCounts before = drainEvents(engine);
        const float runningBefore = out[63];
        deferredBlocks = engine.plansDeferred();
        std::printf(
            "crossfade %.0f ms: %d plans made, %d published, %d swaps and %d retirements before any "
            "collection, planSwapDeferred events %d (deferred blocks %llu), output %.6f (newest published %.6f)\n",
            crossfadeMs, gConstructed.load(), published, before.swapped, before.retired, before.deferred,
            static_cast<unsigned long long>(deferredBlocks), runningBefore, lastPublished);
        // Room ran out: the running plan stayed, and it is not the newest one.
        EXPECT_EQ(before.deferred, 1);  // reported once for the whole wait
        EXPECT_GT(deferredBlocks, 0u);
        EXPECT_LT(before.swapped, published);
        EXPECT_NE(runningBefore, lastPublished);
        // Nothing was freed by the audio thread, and nothing is lost yet: made = freed on the
        // control thread (rejected publishes) + alive.
        EXPECT_EQ(gDestroyedOffControlThread.load(), 0);

        // The control side collects; the waiting plans are taken in the next blocks.
        size_t collected = engine.collectRetired();
        for (int round = 0; round < 8; ++round) {
            audioBlocks(5);
            collected += engine.collectRetired();
        }
        const EventCounts after = drainEvents(engine);
        std::printf("after collection: %zu plans freed, %d more swaps, %d more retirements, output %.6f\n", collected,
                    after.swapped, after.retired, out[63]);
        EXPECT_EQ(out[63], lastPublished);  // the newest plan runs now
        // Every published plan was either swapped in or handed back unrendered, and all but the
        // running one were retired.
        EXPECT_EQ(before.retired + after.retired, published - 1);
        EXPECT_EQ(gConstructed.load() - gDestroyed.load(), 1);  // only the running plan is alive
        // The engine's own counters tell the same: published − collected = the running plan.
        std::printf("engine counters: %llu plans published, %llu collected\n",
                    static_cast<unsigned long long>(engine.plansPublished()),
                    static_cast<unsigned long long>(engine.plansCollected()));
        EXPECT_EQ(engine.plansPublished(), static_cast<uint64_t>(published));
        EXPECT_EQ(engine.plansCollected(), static_cast<uint64_t>(published - 1));
    }
    std::printf(
        "engine destroyed: %d made, %d destroyed (%d off the control thread); audio side: %zu "
        "allocations, %zu locks\n",
        gConstructed.load(), gDestroyed.load(), gDestroyedOffControlThread.load(), audioAllocations, audioLocks);
    EXPECT_EQ(gDestroyed.load(), gConstructed.load());  // no plan leaked
    EXPECT_EQ(gDestroyedOffControlThread.load(), 0);
    EXPECT_EQ(audioAllocations, 0u);
    EXPECT_EQ(audioLocks, 0u);
}

}  // namespace

TEST(PlanRetire, WithheldCollectionDefersSwapsAndLosesNoPlanWithCrossfades) { runWithheldCollection(5.0); }

TEST(PlanRetire, WithheldCollectionDefersSwapsAndLosesNoPlanWithImmediateSwaps) { runWithheldCollection(0.0); }
