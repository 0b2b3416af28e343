// Processor types from outside the engine (include/wavegraph/processor.h) as graph nodes: the
// soft clipper example through the ABI against its formula computed here, block-split
// invariance, fixed channel counts mixed by the graph, failures that silence one node and are
// counted while the rest of the graph plays, crossfaded swaps that carry the state, no
// allocation while processing, and the descriptor checks with their messages.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "../allocation_counter.h"
#include "../nodes/node_render.h"
#include "processor/processor_node.h"
#include "processor/processor_types.h"
#include "session/default_registry.h"
#include "session/graph_session.h"
#include "soft_clipper.hpp"
#include "test_processors.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;

const wg_processor_descriptor* entry(uint32_t index) {
    switch (index) {
        case 0: return processorDescriptor<SoftClipper>();
        case 1: return processorDescriptor<test::MonoToStereo>();
        case 2: return processorDescriptor<test::ThrowingProcessor>();
        default: return nullptr;
    }
}

NodeRegistry registryWithProcessors() {
    NodeRegistry registry = makeDefaultNodeRegistry();
    const Status s = addProcessorTypes(registry, &entry, "test entry", nullptr);
    EXPECT_TRUE(s.isOk()) << s.message();
    return registry;
}

std::vector<float> seededNoise(size_t frames, uint32_t seed, float amplitude) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> u(-amplitude, amplitude);
    std::vector<float> x(frames);
    for (float& v : x) v = u(random);
    return x;
}

// The clipper's formula with the drive ramp (linear over round(5 ms · fs) frames from the frame
// after a change), in double, rounded to float, computed here independently of the class.
std::vector<float> clipperReference(const std::vector<float>& x, double drive0, size_t changeFrame, double drive1) {
    const auto rampFrames = static_cast<size_t>(std::lround(kFs * 0.005));
    std::vector<float> y(x.size());
    double drive = drive0;
    const double step = (drive1 - drive0) / static_cast<double>(rampFrames);
    for (size_t i = 0; i < x.size(); ++i) {
        if (i >= changeFrame && i < changeFrame + rampFrames)
            drive = i + 1 == changeFrame + rampFrames ? drive1 : drive + step;
        const double v = drive * static_cast<double>(x[i]);
        const double s = v >= 3.0 ? 1.0 : v <= -3.0 ? -1.0 : v * (27.0 + v * v) / (27.0 + 9.0 * v * v);
        y[i] = static_cast<float>(s);
    }
    return y;
}

constexpr const char* kClipperGraph = R"({
  "nodes": [ { "id": "in", "type": "input" },
             { "id": "clip", "type": "softClipper", "params": { "drive": 4 } } ],
  "connections": [ { "from": "in", "to": "clip" } ],
  "output": "clip" })";

}  // namespace

TEST(ProcessorNode, SoftClipperThroughTheAbiEqualsItsFormulaForEveryBlockSize) {
    const auto x = seededNoise(20000, 11, 0.9f);
    const size_t changeFrame = 7001;
    const auto expected = clipperReference(x, 4.0, changeFrame, 12.0);
    for (uint32_t blockFrames : {1u, 7u, 128u, 257u}) {
        GraphSession session(registryWithProcessors());
        ASSERT_TRUE(session.prepare({kFs, 257, 1}).isOk());
        const Status loaded = session.loadGraph(kClipperGraph);
        ASSERT_TRUE(loaded.isOk()) << loaded.message();
        const auto clip = static_cast<uint32_t>(session.nodeId("clip"));
        ASSERT_TRUE(session.engine().commandRing().tryPush({clip, 0, 12.0, int64_t(changeFrame), 0, 0}));
        auto y = x;
        for (size_t start = 0; start < y.size(); start += blockFrames) {
            const auto n = static_cast<uint32_t>(std::min<size_t>(blockFrames, y.size() - start));
            float* channel = y.data() + start;
            session.process(&channel, 1, &channel, n);
        }
        double maxDiff = 0.0;
        for (size_t i = 0; i < y.size(); ++i) maxDiff = std::max(maxDiff, std::abs(double(y[i]) - expected[i]));
        std::printf("soft clipper via the ABI, blocks of %u frames: max |graph - formula| = %g\n", blockFrames,
                    maxDiff);
        EXPECT_EQ(maxDiff, 0.0);
        EXPECT_EQ(session.engine().processorFailures(), 0u);
    }
}

TEST(ProcessorNode, ParametersAreValidatedAndClampedLikeBuiltInOnes) {
    GraphSession session(registryWithProcessors());
    ASSERT_TRUE(session.prepare({kFs, 128, 2}).isOk());
    ASSERT_TRUE(session.loadGraph(kClipperGraph).isOk());
    const auto clip = static_cast<uint32_t>(session.nodeId("clip"));
    EXPECT_TRUE(session.validateCommand(clip, 0, 20.0).isOk());
    const Status high = session.validateCommand(clip, 0, 25.0);
    EXPECT_EQ(high.message(), "clip.drive 25 is out of range (1…20)");
    const Status bad = session.checkGraph(R"({"nodes":[{"id":"c","type":"softClipper","params":{"drive":0}}],
        "output":"c"})");
    EXPECT_NE(bad.message().find("drive"), std::string::npos) << bad.message();
    EXPECT_NE(bad.message().find("1…20"), std::string::npos) << bad.message();
    Node* node = session.node(clip);
    ASSERT_NE(node, nullptr);
    EXPECT_FALSE(node->setParameter(0, 100.0));  // clamped on the audio side
    EXPECT_EQ(node->parameter(0), 20.0);
}

TEST(ProcessorNode, FixedChannelCountsAreMixedByTheGraph) {
    // Stereo host input (L = a, R = b) into a mono-input processor: the graph down-mixes to
    // 0.5·(a + b) (W3C speakers rule), the processor pans it to L·(1 − pan), R·pan.
    GraphSession session(registryWithProcessors());
    ASSERT_TRUE(session.prepare({kFs, 128, 2}).isOk());
    const Status s = session.loadGraph(R"({
      "nodes": [ { "id": "in", "type": "input" }, { "id": "pan", "type": "testMonoToStereo", "params": { "pan": 0.25 } } ],
      "connections": [ { "from": "in", "to": "pan" } ], "output": "pan" })");
    ASSERT_TRUE(s.isOk()) << s.message();
    auto a = seededNoise(1000, 3, 0.5f), b = seededNoise(1000, 4, 0.5f);
    std::vector<float> left(1000), right(1000);
    for (size_t start = 0; start < 1000; start += 128) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(128, 1000 - start));
        const float* in[2] = {a.data() + start, b.data() + start};
        float* out[2] = {left.data() + start, right.data() + start};
        session.process(in, 2, out, n);
    }
    double maxDiff = 0.0;
    for (size_t i = 0; i < 1000; ++i) {
        const float mono = 0.5f * (a[i] + b[i]);
        maxDiff = std::max(
            {maxDiff, std::abs(double(left[i]) - float(mono * 0.75)), std::abs(double(right[i]) - float(mono * 0.25))});
    }
    std::printf("mono-input processor fed stereo: max |output - 0.5(a+b) panned| = %g\n", maxDiff);
    EXPECT_LE(maxDiff, 1e-7);
}

TEST(ProcessorNode, AFailingProcessIsSilencedCountedAndReportedWhileTheRestPlays) {
    // in → throwing processor ┐
    // oscillator 1 kHz ───────┴→ mixer → output
    GraphSession session(registryWithProcessors());
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    const Status s = session.loadGraph(R"({
      "nodes": [ { "id": "in", "type": "input" }, { "id": "bad", "type": "testThrowing" },
                 { "id": "osc", "type": "oscillator", "params": { "frequencyHz": 1000 } },
                 { "id": "mix", "type": "mixer" } ],
      "connections": [ { "from": "in", "to": "bad" }, { "from": "bad", "to": "mix", "input": 0 },
                       { "from": "osc", "to": "mix", "input": 1 } ],
      "output": "mix" })");
    ASSERT_TRUE(s.isOk()) << s.message();
    const auto bad = static_cast<uint32_t>(session.nodeId("bad"));
    // Reference: the oscillator alone (same graph, the processor's input silent).
    GraphSession alone(registryWithProcessors());
    ASSERT_TRUE(alone.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(alone
                    .loadGraph(R"({"nodes":[{"id":"osc","type":"oscillator","params":{"frequencyHz":1000}}],
        "output":"osc"})")
                    .isOk());

    const std::vector<float> dc(128, 0.25f);
    std::vector<float> out(128), ref(128);
    double maxDiffFailing = 0.0, meanPassing = 0.0;
    for (int block = 0; block < 30; ++block) {
        if (block == 10) ASSERT_TRUE(session.engine().commandRing().tryPush({bad, 0, 1.0, -1, 0, 0}));
        if (block == 20) ASSERT_TRUE(session.engine().commandRing().tryPush({bad, 0, 0.0, -1, 0, 0}));
        const float* in = dc.data();
        float* o = out.data();
        float* r = ref.data();
        session.process(&in, 1, &o, 128);
        alone.process(nullptr, 0, &r, 128);
        for (int i = 0; i < 128; ++i) {
            const double extra = double(out[i]) - ref[i];  // the processor's contribution
            if (block >= 10 && block < 20) maxDiffFailing = std::max(maxDiffFailing, std::abs(extra));
            if (block >= 20) meanPassing += extra / (10 * 128);
        }
    }
    std::printf("failing blocks: max |output - oscillator alone| = %g; after recovery the processor adds %.4f\n",
                maxDiffFailing, meanPassing);
    EXPECT_EQ(maxDiffFailing, 0.0);  // the processor's branch is silent, the oscillator intact
    EXPECT_NEAR(meanPassing, 0.25, 1e-6);
    EXPECT_EQ(session.engine().processorFailures(), 10u);
    RingRecord event;
    int failedEvents = 0;
    double lastCode = 0.0;
    uint32_t lastCount = 0;
    while (session.engine().eventRing().tryPop(event))
        if (event.kind == static_cast<uint32_t>(EngineEvent::processorFailed)) {
            ++failedEvents;
            EXPECT_EQ(event.target, bad);
            lastCode = event.value;
            lastCount = event.param;
        }
    EXPECT_EQ(failedEvents, 10);
    EXPECT_EQ(lastCount, 10u);
    EXPECT_EQ(lastCode, double(WG_PROCESSOR_EXCEPTION));
}

TEST(ProcessorNode, ProcessingAndRampingAllocateNothing) {
    auto registry = registryWithProcessors();
    auto node = registry.create("softClipper");
    ASSERT_NE(node, nullptr);
    node->prepare({kFs, 128, 2});
    ASSERT_TRUE(node->prepareStatus().isOk());
    const size_t allocations = test::allocationsWhileProcessing(*node, 200, [&](int block) {
        if (block % 10 == 0) (void)node->setParameter(0, 1.0 + block % 19);
    });
    EXPECT_EQ(allocations, 0u);
}

TEST(ProcessorNode, ASwapCarriesTheStateThroughCopyState) {
    // A forked clipper that copied the running one's state (drive mid-ramp) renders what the
    // running one renders.
    auto registry = registryWithProcessors();
    auto a = registry.create("softClipper");
    a->prepare({kFs, 128, 1});
    a->setParameterImmediate(0, 2.0);
    a->setParameter(0, 10.0);  // ramping
    const auto x = seededNoise(128, 5, 0.8f);
    std::vector<float> ya(128), yb(128);
    auto run = [&](Node& node, std::vector<float>& y) {
        AudioBlock in, out;
        in.numChannels = out.numChannels = 1;
        in.numFrames = out.numFrames = 64;
        in.channels[0] = const_cast<float*>(x.data());
        out.channels[0] = y.data();
        NodeIo io{std::span<const AudioBlock>(&in, 1), std::span<AudioBlock>(&out, 1), 64};
        node.process(io);
    };
    run(*a, ya);
    auto b = a->fork();
    ASSERT_NE(b, nullptr);
    b->prepare({kFs, 128, 1});
    ASSERT_TRUE(b->copyStateFrom(*a));
    run(*a, ya);
    run(*b, yb);
    EXPECT_EQ(ya, yb);
    EXPECT_EQ(b->parameter(0), 10.0);
}

// --- descriptor checks ----------------------------------------------------------------------

namespace {

wg_processor_descriptor clipperCopy() { return *processorDescriptor<SoftClipper>(); }

std::string checkMessage(const wg_processor_descriptor& d) {
    return checkProcessorDescriptor(&d, makeDefaultNodeRegistry()).message();
}

}  // namespace

TEST(ProcessorDescriptor, AnotherAbiMajorVersionIsRefusedWithBothVersions) {
    auto d = clipperCopy();
    d.abi_major = 2;
    EXPECT_EQ(checkMessage(d), "processor ABI 2.0 is not supported (this wavegraph reads 1.0)");
    d.abi_major = 1;
    d.abi_minor = 7;
    EXPECT_EQ(checkMessage(d), "processor ABI 1.7 is not supported (this wavegraph reads 1.0)");
}

TEST(ProcessorDescriptor, EveryBadFieldIsNamed) {
    struct Case {
        const char* what;
        void (*change)(wg_processor_descriptor&);
        const char* message;
    };
    static const wg_parameter_descriptor badDefault[] = {{"drive", "", 1.0, 20.0, 30.0, 0}};
    static const wg_parameter_descriptor twice[] = {{"drive", "", 1, 2, 1, 0}, {"drive", "", 1, 2, 1, 0}};
    static const wg_parameter_descriptor infinite[] = {{"drive", "", 1, INFINITY, 1, 0}};
    static const uint32_t tooMany[] = {40};
    const Case cases[] = {
        {"built-in name", [](auto& d) { d.type_name = "gain"; }, "type name 'gain' is already a node type"},
        {"bad character", [](auto& d) { d.type_name = "soft clipper"; },
         "type name 'soft clipper' has the character ' ' (allowed: letters, digits and _.-)"},
        {"no outputs", [](auto& d) { d.num_outputs = 0; },
         "processor 'softClipper': output ports 0 is out of range (1…8)"},
        {"channels", [](auto& d) { d.output_channels = tooMany; },
         "processor 'softClipper': output port 0 has 40 channels (allowed 0…32, 0 = the graph's count)"},
        {"default", [](auto& d) { d.parameters = badDefault; },
         "processor 'softClipper': parameter 0 'drive': default 30 is outside 1…20"},
        {"duplicate",
         [](auto& d) {
             d.parameters = twice;
             d.num_parameters = 2;
         },
         "processor 'softClipper': parameter 1 'drive' appears twice"},
        {"infinite", [](auto& d) { d.parameters = infinite; },
         "processor 'softClipper': parameter 0 'drive': min, max and default must be finite (got 1, inf, 1)"},
        {"process", [](auto& d) { d.process = nullptr; },
         "processor 'softClipper': function process is missing (NULL)"},
        {"struct size", [](auto& d) { d.struct_size = 16; }, "descriptor struct_size 16 is below 112 (ABI 1.0)"},
    };
    for (const auto& c : cases) {
        auto d = clipperCopy();
        c.change(d);
        std::string expected = c.message;
        if (c.what == std::string("struct size"))
            expected =
                "descriptor struct_size 16 is below " + std::to_string(sizeof(wg_processor_descriptor)) + " (ABI 1.0)";
        EXPECT_EQ(checkMessage(d), expected) << c.what;
    }
    EXPECT_TRUE(checkProcessorDescriptor(processorDescriptor<SoftClipper>(), makeDefaultNodeRegistry()).isOk());
}

TEST(ProcessorDescriptor, AnEntryIsAddedWholeOrNotAtAll) {
    // Two types with the same name in one entry: nothing is added, the message names the origin.
    NodeRegistry registry = makeDefaultNodeRegistry();
    const auto before = registry.types().size();
    const Status s = addProcessorTypes(
        registry,
        [](uint32_t i) -> const wg_processor_descriptor* {
            return i < 2 ? processorDescriptor<SoftClipper>() : nullptr;
        },
        "libtwice.so", nullptr);
    EXPECT_EQ(s.message(), "libtwice.so: type name 'softClipper' is already a node type");
    EXPECT_EQ(registry.types().size(), before);
}

// Names and units come from a plugin's memory, any bytes: a refusal shows them escaped (\xNN)
// and stays one line; a unit with a control character (it would break every range message) is
// refused. (A type name with a newline and byte 0xb9 was found by tests/fuzz/processor_descriptor.)
TEST(ProcessorDescriptor, NamesAndUnitsWithControlBytesAreRefusedOnOneLine) {
    struct Case {
        const char* what;
        void (*change)(wg_processor_descriptor&);
        const char* message;
    };
    static const wg_parameter_descriptor newlineUnit[] = {{"drive", "d\nB", 1.0, 20.0, 1.0, 0}};
    static const wg_parameter_descriptor newlineName[] = {{"dri\nve", "", 1.0, 20.0, 1.0, 0}};
    const Case cases[] = {
        {"type name",
         [](auto& d) {
             d.type_name =
                 "soft\n\xb9"
                 "clipper";
         },
         "type name 'soft\\x0a\\xb9clipper' has the character '\\x0a' (allowed: letters, digits and _.-)"},
        {"long type name",
         [](auto& d) { d.type_name = "\r123456789012345678901234567890123456789012345678901234567890123"; },
         "type name '\\x0d123456789012345678901234567890123456789012345678901234567890123' has 64 bytes (allowed "
         "1…63)"},
        {"parameter name", [](auto& d) { d.parameters = newlineName; },
         "processor 'softClipper': parameter 0 name 'dri\\x0ave' has the character '\\x0a' (allowed: letters, "
         "digits and _.)"},
        {"unit", [](auto& d) { d.parameters = newlineUnit; },
         "processor 'softClipper': parameter 0 'drive': unit 'd\\x0aB' has a control character (allowed: printable "
         "characters)"},
    };
    for (const auto& c : cases) {
        auto d = clipperCopy();
        c.change(d);
        const std::string message = checkMessage(d);
        std::printf("%s: %s\n", c.what, message.c_str());
        EXPECT_EQ(message, c.message) << c.what;
        EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << c.what;
    }
}
