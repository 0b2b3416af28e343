// The audio path of `wavegraph play` in-process: CallbackGuard → PlayEngine (InputMixer or a
// track → the host session's graph → device buffer + fan-out ring). Measured: no heap allocation and no mutex lock
// on that path (AllocationCounter fails a scope that locked), the fan-out ring carries exactly what the device got, and
// an exception in the processing leaves the callback as silence plus one counted internal error.

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "host/backend/callback_guard.h"
#include "host/backend/fault_injection.h"
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

/// A short track: a binaural beat and pink noise, 2 s.
constexpr const char* kTrack = R"({"global_settings":{"sample_rate":48000},"steps":[{"duration":2,"voices":[
    {"synth_function_name":"binaural_beat","params":{"amp":0.3,"base_freq":200,"beat_freq":6}},
    {"synth_function_name":"noise","params":{"noise_type":"pink","amp":0.1}}]}]})";

TEST(PlayEngine, AudioPathDoesNotAllocateWithTheReferenceGraphAnotherGraphOrATrack) {
    host::faultPlan();  // parsed on the control thread first, as runPlay does
    {
        test::AllocationCounter probe;  // the counter sees allocations on this thread
        auto p = std::make_unique<int>(1);
        ASSERT_EQ(probe.count(), 1u);
    }
    for (const std::string what : {"reference graph", "graph", "track"}) {
        InputMixer mixer;
        mixer.addInput(1, 32768, -6.0);
        mixer.addInput(1, 32768, 0.0);
        PlayEngine engine;
        PlayEngineSetup setup;
        ASSERT_TRUE(engine.prepare(setup, &mixer));
        HostSession& session = engine.session();
        if (what == "graph") {
            ASSERT_TRUE(session.loadGraph(R"({ "nodes": [ { "id": "in", "type": "input" },
                                                         { "id": "eq", "type": "parametricEq" },
                                                         { "id": "master", "type": "gain" } ],
                                             "connections": [ { "from": "in", "to": "eq" }, { "from": "eq", "to": "master" } ],
                                             "output": "master" })"));
        } else {
            ASSERT_TRUE(session.loadReferenceGraph());
        }
        if (what == "track") {
            const Status loaded = session.loadTrack(kTrack);
            ASSERT_TRUE(loaded) << loaded.message();
        }
        fillInputs(mixer, 1);
        host::AudioConfig config;
        host::CallbackGuard guard(engine, config);
        Device device;
        size_t allocations = 0;
        float peak = 0.0f;
        for (int block = 0; block < 60; ++block) {
            if (block == 20) ASSERT_TRUE(session.queueParameter("eq.band4.gainDb", -20.0));  // a ramp mid-run
            test::AllocationCounter counter;
            guard.run(nullptr, 0, device.ptr.data(), 2, kBlock, block * kBlock / kRate);
            allocations += counter.count();
            for (const auto& ch : device.out)
                for (float v : ch) peak = std::max(peak, std::fabs(v));
        }
        std::printf("%s: %zu allocations in 60 callbacks, peak %.3f\n", what.c_str(), allocations, peak);
        EXPECT_EQ(allocations, 0u);
        EXPECT_EQ(guard.internalErrors(), 0u);
        EXPECT_GT(peak, 0.01f);  // something was rendered
        session.graph().collectRetired();
    }
}

TEST(PlayEngine, FanOutRingCarriesExactlyWhatTheDeviceGot) {
    InputMixer mixer;
    mixer.addInput(1, 32768, 0.0);
    PlayEngine engine;
    ASSERT_TRUE(engine.prepare(PlayEngineSetup{}, &mixer));
    ASSERT_TRUE(engine.session().loadReferenceGraph());
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
            for (uint32_t i = 0; i < kBlock; ++i)
                worst = std::max(worst, double(std::fabs(tapped[c][i] - device.out[c][i])));
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
