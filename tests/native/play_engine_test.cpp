// The audio path of `wavegraph play` in-process: CallbackGuard → PlayEngine (InputMixer →
// chain or graph → device buffer + fan-out ring). Measured: no heap allocation and no mutex lock
// on that path (AllocationCounter fails a scope that locked), the fan-out ring carries exactly what the device got, and an exception
// in the processing leaves the callback as silence plus one counted internal error.

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "allocation_counter.h"
#include "host/backend/callback_guard.h"
#include "host/backend/fault_injection.h"
#include "graph/graph_json.h"
#include "session/default_registry.h"
#include "host/play_engine.h"

namespace wavegraph::cli {
namespace {

constexpr uint32_t kBlock = 256;
constexpr double kRate = 48000.0;

struct Device {
    std::vector<std::vector<float>> out{2, std::vector<float>(kBlock)};
    std::vector<float*> ptr{out[0].data(), out[1].data()};
};

void fillInputs(InputMixer& mixer, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-0.25f, 0.25f);
    for (size_t i = 0; i < mixer.numInputs(); ++i) {
        std::vector<float> x(16384);
        for (auto& v : x) v = d(rng);
        const float* p = x.data();
        mixer.ring(i).write(&p, 16384);
    }
}

TEST(PlayEngine, AudioPathDoesNotAllocateWithChainOrGraph) {
    host::faultPlan();  // parsed on the control thread first, as runPlay does
    {
        test::AllocationCounter probe;  // the counter sees allocations on this thread
        auto p = std::make_unique<int>(1);
        ASSERT_EQ(probe.count(), 1u);
    }
    for (const bool graph : {false, true}) {
        InputMixer mixer;
        mixer.addInput(1, 32768, -6.0);
        mixer.addInput(1, 32768, 0.0);
        PlayEngine engine;
        PlayEngineSetup setup;
        ASSERT_TRUE(engine.prepare(setup, &mixer));
        if (graph) {
            GraphFromJson described;
            ProcessSpec spec{kRate, setup.maxBlockFrames, 2};
            ASSERT_TRUE(graphFromJson(R"({ "nodes": [ { "id": "in", "type": "input" },
                                                      { "id": "eq", "type": "parametricEq" },
                                                      { "id": "master", "type": "gain" } ],
                                          "connections": [ { "from": "in", "to": "eq" }, { "from": "eq", "to": "master" } ],
                                          "output": "master" })",
                                      makeDefaultNodeRegistry(), spec, described));
            std::unique_ptr<CompiledGraph> plan;
            ASSERT_TRUE(described.graph.compile(spec, plan));
            ASSERT_TRUE(engine.graph().publish(std::move(plan)));
            engine.useGraph();
        }
        fillInputs(mixer, 1);
        host::AudioConfig config;
        host::CallbackGuard guard(engine, config);
        Device device;
        size_t allocations = 0;
        for (int block = 0; block < 60; ++block) {
            test::AllocationCounter counter;
            guard.run(nullptr, 0, device.ptr.data(), 2, kBlock, block * kBlock / kRate);
            allocations += counter.count();
        }
        std::printf("%s: %zu allocations in 60 callbacks\n", graph ? "graph" : "chain", allocations);
        EXPECT_EQ(allocations, 0u);
        EXPECT_EQ(guard.internalErrors(), 0u);
        engine.graph().collectRetired();
    }
}

TEST(PlayEngine, FanOutRingCarriesExactlyWhatTheDeviceGot) {
    InputMixer mixer;
    mixer.addInput(1, 32768, 0.0);
    PlayEngine engine;
    ASSERT_TRUE(engine.prepare(PlayEngineSetup{}, &mixer));
    fillInputs(mixer, 2);
    SpmcReader reader(engine.fanOut());
    host::AudioConfig config;
    host::CallbackGuard guard(engine, config);
    Device device;
    std::vector<std::vector<float>> tapped(2, std::vector<float>(kBlock));
    float* tapPtr[2] = {tapped[0].data(), tapped[1].data()};
    double worst = 0.0;
    for (int block = 0; block < 40; ++block) {
        guard.run(nullptr, 0, device.ptr.data(), 2, kBlock, 0.0);
        const auto got = reader.read(tapPtr, kBlock);
        ASSERT_EQ(got.frames, kBlock);
        for (int c = 0; c < 2; ++c)
            for (uint32_t i = 0; i < kBlock; ++i) worst = std::max(worst, double(std::fabs(tapped[c][i] - device.out[c][i])));
    }
    EXPECT_EQ(worst, 0.0);
    EXPECT_EQ(engine.framesRendered(), 40u * kBlock);
}

class ThrowingCallback final : public host::StreamCallback {
public:
    bool process(const float* const*, uint32_t, float* const* output, uint32_t channels, uint32_t frames,
                 const host::CallbackTime&) override {
        for (uint32_t c = 0; c < channels; ++c)
            for (uint32_t i = 0; i < frames; ++i) output[c][i] = 0.5f;  // half-written, then fails
        throw std::runtime_error("boom");
    }
};

TEST(CallbackGuard, AnExceptionBecomesSilenceAndACountedInternalError) {
    ThrowingCallback callback;
    host::AudioConfig config;
    host::CallbackGuard guard(callback, config);
    Device device;
    EXPECT_TRUE(guard.run(nullptr, 0, device.ptr.data(), 2, kBlock, 0.0));
    float peak = 0.0f;
    for (const auto& ch : device.out)
        for (float v : ch) peak = std::max(peak, std::fabs(v));
    EXPECT_EQ(peak, 0.0f);
    EXPECT_EQ(guard.internalErrors(), 1u);
    EXPECT_EQ(guard.framesProcessed(), kBlock);
}

}  // namespace
}  // namespace wavegraph::cli
