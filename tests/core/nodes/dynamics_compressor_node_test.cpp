// DynamicsCompressorNode: the static curve (steady-state output level against input level, at
// several thresholds, knees and ratios) against a test-local double-precision transcription of the
// W3C compression curve and makeup gain; the reduction read-out against the same curve; the
// pre-delay; stereo linking; block-split invariance (1/7/128/4096) with parameter changes; no
// allocation or lock in process().
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "allocation_counter.h"
#include "graph/engine_event.h"
#include "node_render.h"
#include "nodes/dynamics_compressor_node.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;

double dbToGain(double db) { return std::pow(10.0, db / 20.0); }
double gainToDb(double gain) { return 20.0 * std::log10(gain); }

// The W3C curve in double: linear below the threshold T, then the knee
// y = T + (1 − e^(−k(x − T)))/k up to the knee end E = T·10^(knee/20), with k such that the knee's
// slope in dB/dB at E, E·e^(−k(E − T)) / y(E), is 1/ratio (solved by bisection on log k); above E
// a constant slope of 1/ratio in dB. Makeup gain (1 / curve(1))^0.6.
struct ReferenceCurve {
    double thresholdDb, kneeDb, ratio;
    double t = 0, e = 0, k = 0;

    ReferenceCurve(double thr, double kneeWidthDb, double r) : thresholdDb(thr), kneeDb(kneeWidthDb), ratio(r) {
        t = dbToGain(thr);
        e = dbToGain(thr + kneeWidthDb);
        double lo = std::log(1e-4), hi = std::log(1e7);
        for (int i = 0; i < 200; ++i) {
            const double mid = 0.5 * (lo + hi);
            k = std::exp(mid);
            const double slope = e * std::exp(-k * (e - t)) / knee(e);
            (slope > 1.0 / ratio ? lo : hi) = mid;
        }
    }
    double knee(double x) const { return x < t ? x : t + (1.0 - std::exp(-k * (x - t))) / k; }
    double curve(double x) const {
        if (x < e) return knee(x);
        return dbToGain(gainToDb(knee(e)) + (gainToDb(x) - gainToDb(e)) / ratio);
    }
    double makeup() const { return std::pow(1.0 / curve(1.0), 0.6); }
};

std::shared_ptr<DynamicsCompressorNode> makeCompressor(uint32_t channels, double thr, double knee, double ratio) {
    auto node = std::make_shared<DynamicsCompressorNode>();
    node->prepare({kFs, 4096, channels});
    node->setParameter(DynamicsCompressorNode::thresholdDb, thr);
    node->setParameter(DynamicsCompressorNode::kneeDb, knee);
    node->setParameter(DynamicsCompressorNode::ratio, ratio);
    return node;
}

struct CurveCase {
    double thresholdDb, kneeDb, ratio;
};

}  // namespace

TEST(DynamicsCompressorNode, SteadyStateLevelsFollowTheW3CCurve) {
    const CurveCase cases[] = {{-24, 30, 12}, {-24, 0, 4}, {-40, 10, 2}, {-12, 6, 20}, {-50, 40, 8}, {-6, 0, 1}};
    double worstDb = 0.0, worstReductionDb = 0.0;
    for (const CurveCase& c : cases) {
        const ReferenceCurve reference(c.thresholdDb, c.kneeDb, c.ratio);
        for (double inDb = -60.0; inDb <= 0.0; inDb += 6.0) {
            auto node = makeCompressor(1, c.thresholdDb, c.kneeDb, c.ratio);
            const auto level = static_cast<float>(dbToGain(inDb));
            // 3 s of DC: the start's transient (the detector starts at 0, so the gain first dips) has
            // left the reduction read-out's 0.325 s release (e^-9.2 of it remains).
            const std::vector<float> in(static_cast<size_t>(3 * kFs), level);
            const auto out = test::render(*node, in, 4096);
            const double outDb = gainToDb(out.back());
            const double expectedDb = gainToDb(reference.curve(level) * reference.makeup());
            const double reductionDb = node->reductionDb();
            const double expectedReductionDb = gainToDb(reference.curve(level) / level);
            std::printf(
                "threshold %5.1f knee %4.1f ratio %4.1f: in %6.1f dB -> out %8.3f dB (W3C %8.3f), reduction %7.3f dB "
                "(W3C %7.3f)\n",
                c.thresholdDb, c.kneeDb, c.ratio, inDb, outDb, expectedDb, reductionDb, expectedReductionDb);
            worstDb = std::max(worstDb, std::fabs(outDb - expectedDb));
            worstReductionDb = std::max(worstReductionDb, std::fabs(reductionDb - expectedReductionDb));
        }
    }
    std::printf("max |out - W3C| %.4f dB, max |reduction - W3C| %.4f dB\n", worstDb, worstReductionDb);
    EXPECT_LT(worstDb, 0.05);
    EXPECT_LT(worstReductionDb, 0.05);
}

TEST(DynamicsCompressorNode, OutputIsTheInputDelayedBySixMilliseconds) {
    auto node = makeCompressor(1, -24, 30, 12);
    EXPECT_EQ(node->preDelayFrames(), 288u);  // 0.006 · 48000
    // After 2 s of silence (the gain has recovered from the start's transient), an impulse of
    // -60 dBFS: below the threshold, so its gain is the makeup gain alone.
    std::vector<float> in(100000, 0.0f);
    in[96100] = 0.001f;
    const auto out = test::render(*node, in, 128);
    size_t first = 0;
    while (first < out.size() && out[first] == 0.0f) ++first;
    const double makeup = ReferenceCurve(-24, 30, 12).makeup();
    std::printf("impulse at 96100 -> first output at %zu, gain %.6f (makeup %.6f)\n", first, out[first] / 0.001,
                makeup);
    EXPECT_EQ(first, 96388u);
    EXPECT_NEAR(out[first] / 0.001, makeup, 1e-3 * makeup);  // the knee constant: 15 bisection steps
}

TEST(DynamicsCompressorNode, ChannelsShareOneGain) {
    auto node = makeCompressor(2, -30, 6, 10);
    const auto loud = test::noise(20000, 5);
    std::vector<float> quiet(loud.size());
    for (size_t i = 0; i < quiet.size(); ++i) quiet[i] = 0.01f * std::sin(0.05f * static_cast<float>(i));
    const auto out = test::renderStereo(*node, loud, quiet);
    double worst = 0.0;
    const uint32_t delay = node->preDelayFrames();
    for (size_t i = delay + 1000; i < loud.size(); ++i) {
        const float x = loud[i - delay], y = quiet[i - delay];
        if (std::fabs(x) < 0.05f || std::fabs(y) < 0.005f) continue;
        worst = std::max(worst, double{std::fabs(out[0][i] / x - out[1][i] / y)});
    }
    std::printf("stereo: max |gainL - gainR| = %.3g, reduction %.2f dB\n", worst, node->reductionDb());
    EXPECT_LT(worst, 1e-6);
    EXPECT_LT(node->reductionDb(), -3.0f);  // the loud channel compressed both
}

TEST(DynamicsCompressorNode, BlockSplitsAreBitIdentical) {
    // Bursts of noise over silence, with parameter changes that land mid-division.
    auto in = test::noise(48000, 21);
    for (size_t i = 0; i < in.size(); ++i) in[i] *= (i / 6000) % 2 ? 1.6f : 0.05f;
    const std::vector<test::ParamEvent> events = {{7001, DynamicsCompressorNode::thresholdDb, -40.0},
                                                  {13003, DynamicsCompressorNode::ratio, 3.0},
                                                  {20011, DynamicsCompressorNode::attackMs, 40.0},
                                                  {30017, DynamicsCompressorNode::releaseMs, 80.0},
                                                  {40019, DynamicsCompressorNode::kneeDb, 0.0}};
    std::vector<std::vector<float>> outs;
    std::vector<float> reductions;
    for (uint32_t block : {1u, 7u, 128u, 4096u}) {
        auto node = makeCompressor(1, -24, 30, 12);
        outs.push_back(test::render(*node, in, block, events));
        reductions.push_back(node->reductionDb());
    }
    size_t differing = 0;
    for (size_t k = 1; k < outs.size(); ++k)
        for (size_t i = 0; i < in.size(); ++i) differing += outs[k][i] != outs[0][i];
    std::printf("blocks 1/7/128/4096: %zu differing samples, reduction %.3f dB\n", differing, reductions[0]);
    EXPECT_EQ(differing, 0u);
    EXPECT_EQ(reductions[1], reductions[0]);
    EXPECT_EQ(reductions[3], reductions[0]);
    EXPECT_LT(reductions[0], -3.0f);  // compressing at the end
}

TEST(DynamicsCompressorNode, ProcessAllocatesNothing) {
    auto node = makeCompressor(2, -24, 30, 12);
    const size_t allocations = test::allocationsWhileProcessing(*node, 40, [&](int k) {
        node->setParameter(DynamicsCompressorNode::thresholdDb, -10.0 - k);
        node->setParameter(DynamicsCompressorNode::ratio, 1.0 + k % 19);
    });
    EXPECT_EQ(allocations, 0u);
}

TEST(DynamicsCompressorNode, OutOfRangeValuesAreClampedAsWebAudio) {
    DynamicsCompressorNode node;
    node.prepare({kFs, 128, 1});
    EXPECT_FALSE(node.setParameter(DynamicsCompressorNode::ratio, 50.0));
    EXPECT_EQ(node.parameter(DynamicsCompressorNode::ratio), 20.0);
    EXPECT_FALSE(node.setParameter(DynamicsCompressorNode::thresholdDb, 6.0));
    EXPECT_EQ(node.parameter(DynamicsCompressorNode::thresholdDb), 0.0);
    EXPECT_FALSE(node.setParameter(DynamicsCompressorNode::attackMs, std::nan("")));
    EXPECT_EQ(node.parameter(DynamicsCompressorNode::attackMs), 3.0);
    EXPECT_TRUE(node.setParameter(DynamicsCompressorNode::releaseMs, 1000.0));
}

// The reduction read-out leaves on the event ring as reductionDb events, one per 1024 frames,
// with the node's value: a 0 dBFS sine through the defaults ends near the static curve's
// reduction at its peak (-24 dB threshold, 30 dB knee, ratio 12: -6.1 dB at 0 dBFS, in the knee).
TEST(DynamicsCompressorNode, ReductionReadingsArriveOnTheEventRing) {
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 2}, 256, 4096).isOk());
    ASSERT_TRUE(session
                    .loadGraph(R"({"nodes":[{"id":"osc","type":"oscillator","params":{"frequencyHz":375,"levelDb":0}},
                                              {"id":"comp","type":"dynamicsCompressor"}],
                                   "connections":[{"from":"osc","to":"comp"}],"output":"comp"})")
                    .isOk());
    std::vector<float> l(128), r(128);
    float* out[2] = {l.data(), r.data()};
    for (int block = 0; block < 375; ++block) session.process(nullptr, 0, out, 128);  // 1 s
    size_t readings = 0;
    double last = 0.0, highest = -1000.0;
    RingRecord e;
    while (session.engine().eventRing().tryPop(e)) {
        if (e.kind != uint32_t(EngineEvent::reductionDb)) continue;
        EXPECT_EQ(e.target, uint32_t(session.nodeId("comp")));
        ++readings;
        last = e.value;
        highest = std::max(highest, e.value);
    }
    const double expected = gainToDb(ReferenceCurve(-24, 30, 12).curve(1.0));
    std::printf("1 s: %zu reductionDb events, last %.2f dB (static curve at the peak %.2f dB), highest %.2f dB\n",
                readings, last, expected, highest);
    EXPECT_EQ(readings, 48000u / 1024u);
    EXPECT_LE(highest, 0.0);
    EXPECT_NEAR(last, expected, 1.0);
}
