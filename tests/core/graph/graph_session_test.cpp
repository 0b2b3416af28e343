// GraphSession: the reference graph as the built-in default (measured against an independent
// chain of scalar Biquads and a gain computed here), loading descriptions while running, stable
// ids across descriptions, and control-side validation with messages that name the value and the
// range.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "base/format_number.h"
#include "dsp/analyser_tap.h"
#include "dsp/biquad/biquad.h"
#include "dsp/biquad/web_audio_biquad.h"
#include "graph/engine_event.h"
#include "nodes/parametric_eq_node.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"
#include "session_render.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;

uint32_t eqGainParam(uint32_t band) { return ParametricEqNode::parameterId(band, ParametricEqNode::gainDb); }

}  // namespace

TEST(GraphSession, ReferenceGraphCutsOneKilohertzByTheDesignedAmount) {
    const auto input = wavegraph::test::makeSine(1000.0, kFs, 48000, 0.5);
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session.loadGraph(kReferenceGraphJson).isOk());
    EXPECT_EQ(session.nodeId("eq"), int64_t{reference_graph::kEq});
    EXPECT_EQ(session.nodeId("master"), int64_t{reference_graph::kMaster});
    ASSERT_TRUE(session.engine().commandRing().tryPush(
        {reference_graph::kEq, eqGainParam(4), -20.0, RingRecord::kAtNextBlock, 0, 0}));
    const auto output = test::renderMono(session, input, 128);
    const double ratioDb =
        wavegraph::test::rmsDb(output, 9600, output.size()) - wavegraph::test::rmsDb(input, 9600, input.size());
    std::printf("reference graph, band 4 at -20 dB: 1 kHz measured %.3f dB\n", ratioDb);
    EXPECT_NEAR(ratioDb, -19.721, 0.05);  // the 960 Hz band at Q 1 gives 0.28 dB less at 1 kHz
}

// The reference graph equals, bit for bit, eight scalar Biquads (peaking, 60·2^k Hz, Q 1, the
// band gains) one after another and then the master gain as a float factor, all computed here
// from BiquadCoefficients::design, for seeded noise with every band and the master gain set
// before the first frame (no ramps).
TEST(GraphSession, ReferenceGraphEqualsAChainOfScalarBiquadsAndAGain) {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
    std::vector<float> x(48000);
    for (float& v : x) v = noise(random);
    const std::vector<double> gains{6, -3, 4, -6, 2, -4, 3, -2};
    const double gainDb = -4.5;

    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ReferenceGraphOptions options;
    options.bandGainsDb = gains;
    options.gainDb = gainDb;
    ASSERT_TRUE(session.loadGraph(referenceGraphJson(options)).isOk());
    const std::vector<float> viaGraph = test::renderMono(session, x, 128);

    std::vector<float> viaChain = x;
    AudioBlock block;
    block.numChannels = 1;
    block.numFrames = static_cast<uint32_t>(viaChain.size());
    block.channels[0] = viaChain.data();
    for (uint32_t b = 0; b < 8; ++b) {
        Biquad section;
        section.prepare({kFs, block.numFrames, 1});
        section.setCoefficients(BiquadCoefficients::design(BiquadType::peaking, kFs,
                                                           60.0 * std::ldexp(1.0, static_cast<int>(b)), 1.0, gains[b]));
        section.process(block);
    }
    const auto g = static_cast<float>(std::pow(10.0, gainDb / 20.0));
    for (float& v : viaChain) v *= g;
    size_t differing = 0;
    double worst = 0.0;
    for (size_t n = 0; n < x.size(); ++n) {
        differing += viaGraph[n] != viaChain[n];
        worst = std::max(worst, std::abs(double(viaGraph[n]) - viaChain[n]));
    }
    std::printf(
        "reference graph vs 8 scalar Biquads + gain, seeded noise, 8 bands set: %zu of %zu samples "
        "differ, max |difference| %.3g\n",
        differing, x.size(), worst);
    EXPECT_EQ(differing, 0u);
}

TEST(GraphSession, ABadDescriptionIsRejectedWithItsPathAndTheRunningGraphKeepsPlaying) {
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session.loadGraph(kReferenceGraphJson).isOk());
    ASSERT_TRUE(session.engine().commandRing().tryPush({reference_graph::kMaster, 0, -6.0, 0, 0, 0}));
    const auto input = wavegraph::test::makeSine(440.0, kFs, 9600, 0.5);
    const auto before = test::renderMono(session, input, 128);

    const Status bad = session.loadGraph(
        R"({"nodes":[{"id":"osc","type":"oscillator","params":{"frequencyHz":30000}}],"output":"osc"})");
    ASSERT_FALSE(bad.isOk());
    EXPECT_EQ(bad.message(), "nodes[0].params.frequencyHz: 30000 is above Nyquist (24000 Hz)");
    EXPECT_FALSE(session.loadGraph("{\"nodes\": [").isOk());
    EXPECT_EQ(session.nodeId("osc"), -1);
    EXPECT_EQ(session.nodeId("master"), int64_t{reference_graph::kMaster});
    const auto after = test::renderMono(session, input, 128);
    // Still the reference graph at -6 dB: a 440 Hz sine at 0.5 comes out at 0.5 · 10^(-6/20).
    const double amplitude = wavegraph::test::sineAmplitude(after, 2400, after.size(), 440.0, kFs);
    EXPECT_NEAR(amplitude, 0.5 * std::pow(10.0, -6.0 / 20.0), 1e-3);
    EXPECT_EQ(session.engine().plansSwapped(), 1u);
    (void)before;
}

TEST(GraphSession, NodesKeepTheirIdsParametersAndStateAcrossDescriptions) {
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session
                    .loadGraph(
                        R"({"nodes":[{"id":"osc","type":"oscillator"},{"id":"amp","type":"gain"}],
                        "connections":[{"from":"osc","to":"amp"}],"output":"amp"})")
                    .isOk());
    const int64_t osc = session.nodeId("osc"), amp = session.nodeId("amp");
    ASSERT_TRUE(session.engine().commandRing().tryPush({uint32_t(amp), 0, -12.0, 0, 0, 0}));
    std::vector<float> y(96000);
    auto renderRange = [&](size_t from, size_t to) {
        for (size_t start = from; start < to; start += 128) {
            float* ch = y.data() + start;
            session.process(nullptr, 0, &ch, 128);
        }
    };
    renderRange(0, 48000);
    // Reordered, with a new node in front and between: osc and amp keep their ids.
    ASSERT_TRUE(
        session
            .loadGraph(
                R"({"nodes":[{"id":"pan","type":"stereoPanner"},{"id":"amp","type":"gain"},{"id":"osc","type":"oscillator"}],
                        "connections":[{"from":"osc","to":"pan"},{"from":"pan","to":"amp"}],"output":"amp"})")
            .isOk());
    EXPECT_EQ(session.nodeId("osc"), osc);
    EXPECT_EQ(session.nodeId("amp"), amp);
    EXPECT_GT(session.nodeId("pan"), std::max(osc, amp));
    renderRange(48000, 96000);
    // The gain set by command on the old instance is still in effect (-12 dB), and the sine
    // runs on without a phase jump: the largest step stays that of the sine itself.
    const double amplitude = wavegraph::test::sineAmplitude(y, 60000, 96000, 440.0, kFs);
    // The centred equal-power panner puts cos(π/4) of the mono signal on each channel; the mono
    // host output is their mean: -12 dB + 20·log10(cos(π/4)) = -15.01 dB.
    const double expectedDb = -12.0 + 20 * std::log10(std::cos(M_PI / 4));
    std::printf("after the reload: 440 Hz at %.3f dB (expected %.3f dB)\n", 20 * std::log10(amplitude), expectedDb);
    EXPECT_NEAR(20 * std::log10(amplitude), expectedDb, 0.05);
    double maxStep = 0.0;
    for (size_t n = 4800; n < y.size(); ++n)  // after the first gain ramp
        maxStep = std::max(maxStep, std::abs(double(y[n]) - y[n - 1]));
    const double sineStep = 2 * M_PI * 440.0 / kFs * std::pow(10.0, -12.0 / 20.0);
    EXPECT_LT(maxStep, sineStep * 1.05);
}

TEST(GraphSession, CommandsAreValidatedWithNamesAndRanges) {
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 2}).isOk());
    ASSERT_TRUE(session.loadGraph(kReferenceGraphJson).isOk());
    EXPECT_TRUE(session.validateCommand(reference_graph::kEq, eqGainParam(4), -20.0).isOk());
    EXPECT_EQ(session.validateCommand(reference_graph::kEq, eqGainParam(4), 50.0).message(),
              "eq.band4.gainDb 50 is out of range (-40…40 dB)");
    EXPECT_EQ(session
                  .validateCommand(reference_graph::kEq,
                                   ParametricEqNode::parameterId(2, ParametricEqNode::frequencyHz), 30000.0)
                  .message(),
              "eq.band2.frequencyHz 30000 is above Nyquist (24000 Hz)");
    EXPECT_EQ(session.validateCommand(reference_graph::kMaster, 0, std::nan("")).message(),
              "master.gainDb nan is not a finite number");
    EXPECT_EQ(session.validateCommand(9, 0, 1.0).message(), "node 9 is not in the graph");
    EXPECT_EQ(session.validateCommand(reference_graph::kMaster, 3, 1.0).message(),
              "master (gain) has no parameter 3 (it has 1)");
    const std::string description = session.describe();
    EXPECT_NE(description.find(R"("id":"eq","nodeId":1,"type":"parametricEq")"), std::string::npos) << description;
    EXPECT_NE(description.find(R"("name":"band4.gainDb")"), std::string::npos);
}

// A biquad's frequency takes the W3C nominal range 0…Nyquist inclusive: 0 Hz and exactly Nyquist
// load from graph JSON and pass command validation, values beyond are clamped, NaN is refused
// naming the range. Measured: the impulse response at each edge is the formulas' limit.
TEST(GraphSession, BiquadFrequencyTakesZeroToNyquistInclusiveAndClampsBeyond) {
    constexpr double fs = 32768.0;
    struct Case {
        const char* type;
        double frequencyHz;
        float expectedFirstSample;  // the response is that constant gain, then zeros
    };
    const Case cases[] = {{"lowpass", 16384.0, 1.0f},  {"lowpass", 0.0, 0.0f},     {"highpass", 0.0, 1.0f},
                          {"highpass", 16384.0, 0.0f}, {"lowpass", 40000.0, 1.0f}, {"highpass", -5.0, 1.0f}};
    const char* typeIds[] = {"lowpass", "highpass"};
    for (const auto& c : cases) {
        const int typeId = std::string(c.type) == typeIds[0] ? 0 : 1;
        GraphSession session;
        ASSERT_TRUE(session.prepare({fs, 128, 1}).isOk());
        const std::string graph =
            R"({"nodes":[{"id":"in","type":"input"},{"id":"f","type":"biquad","params":{"type":)" +
            std::to_string(typeId) + R"(,"frequencyHz":)" + formatNumber(c.frequencyHz) +
            R"(}}],"connections":[{"from":"in","to":"f"}],"output":"f"})";
        const Status loaded = session.loadGraph(graph);
        ASSERT_TRUE(loaded.isOk()) << loaded.message();
        std::vector<float> x(256, 0.0f);
        x[0] = 1.0f;
        const auto y = test::renderMono(session, x, 128);
        double maxTail = 0.0;
        for (size_t n = 1; n < y.size(); ++n) maxTail = std::max(maxTail, std::abs(double(y[n])));
        std::printf("[ edge ] %-8s frequencyHz %-6g at %g Hz: h[0] %g, max |h[n>0]| %g\n", c.type, c.frequencyHz, fs,
                    y[0], maxTail);
        EXPECT_EQ(y[0], c.expectedFirstSample) << c.type << " " << c.frequencyHz;
        EXPECT_EQ(maxTail, 0.0) << c.type << " " << c.frequencyHz;

        const auto id = static_cast<uint32_t>(session.nodeId("f"));
        EXPECT_TRUE(session.validateCommand(id, 1, 16384.0).isOk());
        EXPECT_TRUE(session.validateCommand(id, 1, 0.0).isOk());
        EXPECT_TRUE(session.validateCommand(id, 1, 1e6).isOk());
        EXPECT_EQ(session.validateCommand(id, 1, std::nan("")).message(),
                  "f.frequencyHz nan is not a finite number (nominal range 0…16384 Hz, values outside it are clamped)");
        EXPECT_EQ(session.validateCommand(id, 3, INFINITY).message(),
                  "f.gainDb inf is not a finite number (nominal range -3.40282e+38…1541.27 dB, values outside it are "
                  "clamped)");
    }
}

// CommandKind::setParameterImmediate changes a smoothed parameter at its frame with no ramp:
// the output equals a WebAudioBiquad section whose frequency is set at once on that frame (bit
// for bit), while a ramped command (kind 0) departs from it only gradually over the 5 ms ramp.
TEST(GraphSession, ImmediateCommandsSkipTheRamp) {
    constexpr uint32_t kChangeFrame = 1000;
    const std::string graph = R"({"nodes":[{"id":"in","type":"input"},
        {"id":"f","type":"biquad","params":{"type":0,"frequencyHz":350,"webAudioRounding":1}}],
        "connections":[{"from":"in","to":"f"}],"output":"f"})";
    std::mt19937 random(17);
    std::uniform_real_distribution<float> uniform(-0.5f, 0.5f);
    std::vector<float> x(4096);
    for (auto& v : x) v = uniform(random);

    WebAudioBiquad reference;
    reference.set(WebAudioBiquad::Field::frequencyHz, 350.0, true);
    reference.prepare({kFs, 4096, 1}, 5.0);
    reference.setFeedbackRounding(FeedbackRounding::float32);
    std::vector<float> expected = x;
    AudioBlock whole;
    whole.channels[0] = expected.data();
    whole.numChannels = 1;
    whole.numFrames = static_cast<uint32_t>(expected.size());
    AudioBlock head = whole.subBlock(0, kChangeFrame);
    reference.process(head);
    reference.set(WebAudioBiquad::Field::frequencyHz, 2000.0, true);
    AudioBlock tail = whole.subBlock(kChangeFrame, whole.numFrames - kChangeFrame);
    reference.process(tail);

    for (uint32_t kind : {1u, 0u}) {
        GraphSession session;
        ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
        ASSERT_TRUE(session.loadGraph(graph).isOk());
        const auto id = static_cast<uint32_t>(session.nodeId("f"));
        ASSERT_TRUE(session.engine().commandRing().tryPush({id, 1, 2000.0, kChangeFrame, kind, 0}));
        const auto y = test::renderMono(session, x, 128);
        double maxDiff = 0.0;
        size_t firstDiff = y.size();
        for (size_t n = 0; n < y.size(); ++n) {
            const double d = std::abs(double(y[n]) - expected[n]);
            if (d > 0.0 && firstDiff == y.size()) firstDiff = n;
            maxDiff = std::max(maxDiff, d);
        }
        std::printf(
            "[ set ] kind %u at frame %u: y[%u] %.9g (set-at-once reference %.9g), max |diff| %.3g, first "
            "differing frame %zu\n",
            kind, kChangeFrame, kChangeFrame, y[kChangeFrame], expected[kChangeFrame], maxDiff, firstDiff);
        if (kind == 1) {
            EXPECT_EQ(maxDiff, 0.0);
        } else {
            EXPECT_GT(maxDiff, 1e-3);            // the ramp is visible in the samples
            EXPECT_GE(firstDiff, kChangeFrame);  // and only from the change frame on
        }
    }
}

TEST(GraphSession, ANonFiniteSampleSilencesItsBlockAndIsCounted) {
    // A peaking biquad at the W3C gain limit (1541 dB, A ≈ 1.5e38) on a full-scale oscillator
    // overflows float: those blocks must come out silent, each counted as a badBlock (param 1).
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session
                    .loadGraph(R"({"nodes":[{"id":"osc","type":"oscillator","params":{"frequencyHz":1000}},
                        {"id":"peak","type":"biquad","params":{"type":5,"frequencyHz":1000,"gainDb":1541}}],
                        "connections":[{"from":"osc","to":"peak"}],"output":"peak"})")
                    .isOk());
    std::vector<float> y(128 * 20);
    for (size_t start = 0; start < y.size(); start += 128) {
        float* ch = y.data() + start;
        session.process(nullptr, 0, &ch, 128);
    }
    size_t nonFinite = 0, nonZero = 0;
    for (float v : y) nonFinite += std::isfinite(v) ? 0 : 1, nonZero += v != 0.0f ? 1 : 0;
    uint32_t badBlockEvents = 0;
    for (RingRecord event; session.engine().eventRing().tryPop(event);)
        if (event.kind == static_cast<uint32_t>(EngineEvent::badBlock) && event.param == 1) ++badBlockEvents;
    std::printf("20 blocks: %zu non-finite samples out, %zu non-zero, %llu bad blocks counted, %u events\n", nonFinite,
                nonZero, static_cast<unsigned long long>(session.engine().badBlocks()), badBlockEvents);
    EXPECT_EQ(nonFinite, 0u);
    EXPECT_GE(session.engine().badBlocks(), 19u);  // the first block may start below overflow
    EXPECT_EQ(badBlockEvents, session.engine().badBlocks());
    EXPECT_EQ(nonZero, 0u);
}

// setObserved(false): the meter and the analyser (found by their ObserverFeed role) only pass
// their input through. The output equals the observed session's bit for bit, for seeded noise
// through the reference graph with a band and the master gain set, whether the option comes
// before the first load, after it, or carries over to a description loaded later; the
// unobserved meter publishes no reading and the analyser's tap gets no frame.
TEST(GraphSession, UnobservedSessionRendersTheSameSamplesWithoutReadingsOrTap) {
    std::mt19937 random(11);
    std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
    std::vector<float> x(48000);
    for (float& v : x) v = noise(random);
    ReferenceGraphOptions options;
    options.bandGainsDb = {6, -6, 6, -6, 6, -6, 6, -6};
    options.gainDb = -3.0;
    const std::string json = referenceGraphJson(options);

    auto readings = [](GraphSession& session) {
        return session.node(reference_graph::kMeter)->meterSource()->readingsPublished();
    };
    auto tapFrames = [](GraphSession& session) {
        return std::as_const(*session.node(reference_graph::kAnalyser)).analyserSource()->tap().framesWritten();
    };
    GraphSession observed, before, after, reloaded;
    for (GraphSession* session : {&observed, &before, &after, &reloaded})
        ASSERT_TRUE(session->prepare({kFs, 128, 1}).isOk());
    before.setObserved(false);
    reloaded.setObserved(false);
    for (GraphSession* session : {&observed, &before, &after, &reloaded}) ASSERT_TRUE(session->loadGraph(json).isOk());
    after.setObserved(false);
    ASSERT_TRUE(reloaded.loadGraph(json).isOk());  // a swap to new node instances keeps the option
    const std::vector<float> reference = test::renderMono(observed, x, 128);
    size_t differing = 0;
    for (GraphSession* session : {&before, &after, &reloaded}) {
        const std::vector<float> y = test::renderMono(*session, x, 128);
        for (size_t i = 0; i < y.size(); ++i) differing += std::memcmp(&y[i], &reference[i], sizeof(float)) != 0;
        EXPECT_EQ(readings(*session), 0u);
        EXPECT_EQ(tapFrames(*session), 0u);
        EXPECT_FALSE(session->node(reference_graph::kMeter)->observerFeed()->observed());
    }
    std::printf(
        "unobserved sessions: %zu of %zu samples differ from the observed one; observed: %llu readings, "
        "%u tap frames\n",
        differing, 3 * reference.size(), static_cast<unsigned long long>(readings(observed)), tapFrames(observed));
    EXPECT_EQ(differing, 0u);
    EXPECT_EQ(readings(observed), 46u);  // 48,000 frames in 1,024-frame windows
    EXPECT_EQ(tapFrames(observed), 48000u);
    observed.setObserved(false);
    EXPECT_FALSE(observed.observed());
    EXPECT_FALSE(observed.node(reference_graph::kAnalyser)->observerFeed()->observed());
}
