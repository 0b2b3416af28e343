// Plugin processor types inside a session, in-process: the soft clipper example (built as a
// plugin) against its formula computed here, with a frame-exact automation ramp; parameter and
// graph validation and meters as for built-in nodes; a process() that throws silences only its
// own node for exactly the failing blocks (events and the processorFailures counter say so) while
// the other branch plays on bit for bit; and the real-time guard around plugin processing (the
// node alone, and play's callback path through PlayEngine).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "graph/engine_event.h"
#include "host/backend/callback_guard.h"
#include "host/play_engine.h"
#include "host/plugin_library.h"
#include "nodes/node_render.h"
#include "session/default_registry.h"
#include "session/host_session.h"
#include "wavegraph/processor.h"

namespace wavegraph::cli {
namespace {

constexpr double kRate = 48000.0;

/// The built-in types plus the soft clipper and the misbehaving test plugin.
NodeRegistry pluginRegistry() {
    NodeRegistry registry = makeDefaultNodeRegistry();
    const Status status = host::loadPlugins({TEST_PLUGIN_soft_clipper, TEST_PLUGIN_misbehaving}, registry);
    EXPECT_TRUE(status) << status.message();
    return registry;
}

/// The soft clipper's documented curve, written out independently of the plugin:
/// s(v) = v (27 + v²) / (27 + 9 v²) for |v| < 3, ±1 beyond.
double clipperCurve(double v) {
    if (v >= 3.0) return 1.0;
    if (v <= -3.0) return -1.0;
    return v * (27.0 + v * v) / (27.0 + 9.0 * v * v);
}

/// Seeded uniform noise in [-amplitude, amplitude), channels × frames.
std::vector<std::vector<float>> noise(uint32_t channels, size_t frames, float amplitude, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-amplitude, amplitude);
    std::vector<std::vector<float>> x(channels, std::vector<float>(frames));
    for (auto& channel : x)
        for (float& v : channel) v = d(rng);
    return x;
}

/// Renders `in` through the session in blocks of `blockFrames` (blockStartFrame = the position),
/// calling beforeBlock(k) first and afterBlock(k) after block k.
template <class Before, class After>
std::vector<std::vector<float>> renderSession(HostSession& session, const std::vector<std::vector<float>>& in,
                                              uint32_t blockFrames, Before&& beforeBlock, After&& afterBlock) {
    const auto channels = static_cast<uint32_t>(in.size());
    const size_t frames = in[0].size();
    std::vector<std::vector<float>> out(channels, std::vector<float>(frames));
    std::vector<const float*> inPtr(channels);
    std::vector<float*> outPtr(channels);
    int k = 0;
    for (size_t start = 0; start < frames; start += blockFrames, ++k) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(blockFrames, frames - start));
        for (uint32_t c = 0; c < channels; ++c) {
            inPtr[c] = in[c].data() + start;
            outPtr[c] = out[c].data() + start;
        }
        beforeBlock(k);
        session.process(inPtr.data(), channels, outPtr.data(), n, static_cast<int64_t>(start));
        afterBlock(k);
        session.graph().collectRetired();
    }
    return out;
}

constexpr const char* kClipGraph = R"({ "nodes": [ { "id": "in", "type": "input" },
    { "id": "clip", "type": "softClipper", "params": { "drive": 4 } }, { "id": "meter", "type": "meter" } ],
  "connections": [ { "from": "in", "to": "clip" }, { "from": "clip", "to": "meter" } ], "output": "meter" })";

TEST(PluginSession, SoftClipperMatchesItsFormulaThroughAFrameExactRampAndItsMeterReadsIt) {
    HostSession session(pluginRegistry());
    ASSERT_TRUE(session.prepare({kRate, 512, 2}));
    const Status loaded = session.loadGraph(kClipGraph);
    ASSERT_TRUE(loaded) << loaded.message();
    // ±0.3: at drive 4 and 8 the curve stays below saturation, so the meter's peak measures it.
    const auto x = noise(2, 48000, 0.3f, 7);
    // Automation: drive 4 → 8 from frame 20000 exactly (not a block boundary), as a command
    // with a frame time; the clipper ramps linearly over 5 ms = 240 frames.
    constexpr int64_t kAt = 20000;
    HostSession::ParameterRef drive;
    ASSERT_TRUE(session.checkParameter("clip.drive", 8.0, drive));
    ASSERT_TRUE(session.engine().commandRing().tryPush({drive.nodeId, drive.param, 8.0, kAt, 0, 0}));
    std::vector<RingRecord> events;
    const auto y = renderSession(
        session, x, 512, [](int) {},
        [&](int) {
            for (RingRecord e; session.engine().eventRing().tryPop(e);) events.push_back(e);
        });

    // The reference: the curve at drive(n) · x(n), drive(n) = 4 before kAt, then 240 linear steps
    // (accumulated as the documented ramp does) ending exactly at 8.
    double worst = 0.0;
    double peakRef = 0.0;
    const double step = (8.0 - 4.0) / 240.0;
    for (uint32_t c = 0; c < 2; ++c) {
        double d = 4.0;
        for (int64_t n = 0; n < 48000; ++n) {
            if (n >= kAt && n < kAt + 240) d = n == kAt + 239 ? 8.0 : d + step;
            const auto expected = static_cast<float>(clipperCurve(d * static_cast<double>(x[c][n])));
            worst = std::max(worst, std::fabs(double{y[c][n]} - expected));
            if (c == 0 && n < 46 * 1024) peakRef = std::max(peakRef, std::fabs(double{expected}));
        }
    }
    // The meter after the plugin node: its largest peak reading over the 46 whole windows.
    double peakDb = -1e9;
    int readings = 0;
    for (const RingRecord& e : events)
        if (e.kind == static_cast<uint32_t>(EngineEvent::meterPeakDb) && e.param == 0) {
            peakDb = std::max(peakDb, e.value);
            ++readings;
        }
    std::printf(
        "soft clipper plugin vs its formula (drive 4 → 8 at frame %lld): max |diff| = %.3g; meter peak %.9f dBFS "
        "vs %.9f dBFS from the formula (%d readings)\n",
        static_cast<long long>(kAt), worst, peakDb, 20.0 * std::log10(peakRef), readings);
    EXPECT_EQ(worst, 0.0);
    EXPECT_EQ(readings, 46);
    EXPECT_NEAR(peakDb, 20.0 * std::log10(peakRef), 1e-6);
    EXPECT_EQ(session.engine().commandsApplied(), 1u);
    EXPECT_EQ(session.engine().processorFailures(), 0u);
}

TEST(PluginSession, ParametersAndGraphsAreValidatedAsForBuiltInNodes) {
    HostSession session(pluginRegistry());
    ASSERT_TRUE(session.prepare({kRate, 512, 2}));
    ASSERT_TRUE(session.loadGraph(kClipGraph));
    HostSession::ParameterRef ref;
    const Status tooHigh = session.checkParameter("clip.drive", 50.0, ref);
    const Status unknown = session.findParameter("clip.gain", ref);
    std::string bad = kClipGraph;
    bad.replace(bad.find("\"drive\": 4"), 10, "\"drive\": 50");
    const Status badGraph = session.graph().checkGraph(bad);
    std::string unknownType = kClipGraph;
    unknownType.replace(unknownType.find("softClipper"), 11, "softClippr");
    const Status badType = session.graph().checkGraph(unknownType);
    for (const Status* s : {&tooHigh, &unknown, &badGraph, &badType}) std::printf("%s\n", s->message().c_str());
    EXPECT_EQ(tooHigh.message(), "clip.drive 50 is out of range (1…20)");
    EXPECT_EQ(unknown.message(), "node 'clip' (softClipper) has no parameter 'gain' (parameters: drive)");
    EXPECT_EQ(badGraph.message(), "nodes[1].params.drive: drive 50 is out of range (1…20)");
    EXPECT_NE(badType.message().find("'softClippr' is not a node type"), std::string::npos);
    EXPECT_NE(badType.message().find("softClipper"), std::string::npos);  // listed among the known types
    // A parameter set before the first frame (as --eq/--gain-db are) reaches the plugin.
    ASSERT_TRUE(session.setParameterNow("clip.drive", 20.0));
    const auto x = noise(2, 2048, 1.0f, 3);
    const auto y = renderSession(
        session, x, 512, [](int) {}, [](int) {});
    double worst = 0.0;
    for (uint32_t c = 0; c < 2; ++c)
        for (size_t n = 0; n < x[c].size(); ++n)
            worst =
                std::max(worst, std::fabs(double{y[c][n]} - static_cast<float>(clipperCurve(20.0 * double{x[c][n]}))));
    std::printf("drive 20 set before the first frame: max |diff| from the formula = %.3g\n", worst);
    EXPECT_EQ(worst, 0.0);
}

// Two branches from the input into a mixer: "bad" (the misbehaving plugin, a gain of 0.5) and
// "ref" (a built-in gain at -6 dB).
constexpr const char* kTwoBranches = R"({ "nodes": [ { "id": "in", "type": "input" },
    { "id": "bad", "type": "misbehaving", "params": { "gain": 0.5 } },
    { "id": "ref", "type": "gain", "params": { "gainDb": -6 } }, { "id": "mix", "type": "mixer" } ],
  "connections": [ { "from": "in", "to": "bad" }, { "from": "bad", "to": "mix", "input": 0 },
                   { "from": "in", "to": "ref" }, { "from": "ref", "to": "mix", "input": 1 } ],
  "output": "mix" })";
constexpr const char* kReferenceBranchOnly = R"({ "nodes": [ { "id": "in", "type": "input" },
    { "id": "ref", "type": "gain", "params": { "gainDb": -6 } }, { "id": "mix", "type": "mixer" } ],
  "connections": [ { "from": "in", "to": "ref" }, { "from": "ref", "to": "mix", "input": 1 } ],
  "output": "mix" })";

TEST(PluginSession, AThrowingProcessSilencesItsNodeForTheFailingBlocksOnly) {
    constexpr uint32_t kBlock = 512;
    constexpr int kBlocks = 40, kFailFrom = 10, kFailTo = 20;  // blocks 10…19 throw
    const auto x = noise(2, kBlock * kBlocks, 0.5f, 21);
    auto render = [&](const char* graph, bool fail, std::vector<RingRecord>* failures, uint64_t* counted) {
        HostSession session(pluginRegistry());
        EXPECT_TRUE(session.prepare({kRate, kBlock, 2}));
        const Status loaded = session.loadGraph(graph);
        EXPECT_TRUE(loaded) << loaded.message();
        auto out = renderSession(
            session, x, kBlock,
            [&](int k) {
                if (fail && (k == kFailFrom || k == kFailTo))
                    EXPECT_TRUE(session.setParameterNow("bad.mode", k == kFailFrom ? 1.0 : 0.0));
            },
            [&](int) {
                for (RingRecord e; session.engine().eventRing().tryPop(e);)
                    if (failures != nullptr && e.kind == static_cast<uint32_t>(EngineEvent::processorFailed))
                        failures->push_back(e);
            });
        if (counted != nullptr) *counted = session.engine().processorFailures();
        return out;
    };
    std::vector<RingRecord> failures;
    uint64_t counted = 0;
    const auto failing = render(kTwoBranches, true, &failures, &counted);
    const auto healthy = render(kTwoBranches, false, nullptr, nullptr);
    const auto referenceOnly = render(kReferenceBranchOnly, false, nullptr, nullptr);

    double worstFailing = 0.0, worstHealthy = 0.0, failingPeak = 0.0, healthyVsReference = 0.0;
    for (uint32_t c = 0; c < 2; ++c)
        for (int k = 0; k < kBlocks; ++k)
            for (uint32_t i = 0; i < kBlock; ++i) {
                const size_t n = size_t(k) * kBlock + i;
                if (k >= kFailFrom && k < kFailTo) {
                    worstFailing = std::max(worstFailing, std::fabs(double{failing[c][n]} - referenceOnly[c][n]));
                    failingPeak = std::max(failingPeak, std::fabs(double{failing[c][n]}));
                } else {
                    worstHealthy = std::max(worstHealthy, std::fabs(double{failing[c][n]} - healthy[c][n]));
                    healthyVsReference =
                        std::max(healthyVsReference, std::fabs(double{healthy[c][n]} - referenceOnly[c][n]));
                }
            }
    std::printf(
        "failing blocks %d…%d: max |out − reference branch alone| = %.3g (peak %.3f); other blocks: "
        "max |out − never-failing render| = %.3g (the plugin branch adds up to %.3f there); "
        "processorFailures %llu, %zu processorFailed events\n",
        kFailFrom, kFailTo - 1, worstFailing, failingPeak, worstHealthy, healthyVsReference,
        static_cast<unsigned long long>(counted), failures.size());
    EXPECT_EQ(worstFailing, 0.0);  // the plugin's node gave silence, the reference branch is intact
    EXPECT_GT(failingPeak, 0.1);
    EXPECT_EQ(worstHealthy, 0.0);  // before and after: exactly the healthy graph
    EXPECT_GT(healthyVsReference, 0.1);
    EXPECT_EQ(counted, uint64_t(kFailTo - kFailFrom));
    ASSERT_EQ(failures.size(), size_t(kFailTo - kFailFrom));  // one event per failing block
    for (size_t i = 0; i < failures.size(); ++i) {
        EXPECT_EQ(failures[i].param, i + 1);                   // the node's running count
        EXPECT_EQ(failures[i].value, WG_PROCESSOR_EXCEPTION);  // the status process returned
    }
}

TEST(PluginSession, PluginProcessingDoesNotAllocateOrLock) {
    NodeRegistry registry = pluginRegistry();
    // The guard sees allocations made inside a plugin: mode 2 allocates once per call.
    auto misbehaving = registry.create("misbehaving");
    misbehaving->prepare({kRate, 128, 2});
    ASSERT_TRUE(misbehaving->prepareStatus());
    const size_t behaving = test::allocationsWhileProcessing(*misbehaving, 50);
    ASSERT_TRUE(misbehaving->setParameterImmediate(1, 2.0));
    const size_t allocating = test::allocationsWhileProcessing(*misbehaving, 50);
    // The soft clipper with its drive moving every block (ramps in progress).
    auto clip = registry.create("softClipper");
    clip->prepare({kRate, 128, 2});
    const size_t clipping =
        test::allocationsWhileProcessing(*clip, 200, [&](int k) { clip->setParameter(0, 1.0 + (k * 7) % 19); });
    std::printf(
        "allocations in plugin process calls: misbehaving mode 0: %zu / 50, mode 2: %zu / 50; "
        "softClipper with drive changes: %zu / 200\n",
        behaving, allocating, clipping);
    EXPECT_EQ(behaving, 0u);
    EXPECT_EQ(allocating, 50u);
    EXPECT_EQ(clipping, 0u);

    // play's audio path: CallbackGuard → PlayEngine → the session's graph with the plugin node.
    PlayEngine engine(registry);
    ASSERT_TRUE(engine.prepare(PlayEngineSetup{}, nullptr));
    const Status loaded = engine.session().loadGraph(R"({ "nodes": [ { "id": "osc", "type": "oscillator" },
        { "id": "clip", "type": "softClipper", "params": { "drive": 6 } }, { "id": "meter", "type": "meter" } ],
      "connections": [ { "from": "osc", "to": "clip" }, { "from": "clip", "to": "meter" } ], "output": "meter" })");
    ASSERT_TRUE(loaded) << loaded.message();
    host::AudioConfig config;
    host::CallbackGuard guard(engine, config);
    std::vector<std::vector<float>> device(2, std::vector<float>(256));
    std::vector<float*> devicePtr{device[0].data(), device[1].data()};
    size_t allocations = 0;
    float peak = 0.0f;
    for (int block = 0; block < 60; ++block) {
        if (block == 20) ASSERT_TRUE(engine.session().queueParameter("clip.drive", 12.0));  // a ramp mid-run
        test::AllocationCounter counter;
        guard.run(nullptr, 0, devicePtr.data(), 2, 256, block * 256 / kRate);
        allocations += counter.count();
        for (const auto& ch : device)
            for (float v : ch) peak = std::max(peak, std::fabs(v));
        for (RingRecord e; engine.session().engine().eventRing().tryPop(e);) {}
    }
    std::printf("play callback path with a plugin node: %zu allocations in 60 callbacks, peak %.3f\n", allocations,
                peak);
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(guard.internalErrors(), 0u);
    EXPECT_GT(peak, 0.5f);
    engine.session().graph().collectRetired();
}

}  // namespace
}  // namespace wavegraph::cli
