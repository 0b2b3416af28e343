// GainNode: measured gain of a sine, ramp shape after a jump, block-split invariance, no
// allocation in process().
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/gain_node.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;

struct Event {
    uint32_t frame;
    double gainDb;
};

// Renders `in` (channels × frames) through `node` in blocks of at most blockFrames, split at the
// event frames too (as the graph does for sample-accurate parameter changes).
std::vector<std::vector<float>> render(GainNode& node, const std::vector<std::vector<float>>& in, uint32_t blockFrames,
                                       const std::vector<Event>& events = {}) {
    const auto channels = static_cast<uint32_t>(in.size());
    const auto frames = static_cast<uint32_t>(in[0].size());
    std::vector<std::vector<float>> out(channels, std::vector<float>(frames));
    size_t nextEvent = 0;
    for (uint32_t start = 0; start < frames;) {
        while (nextEvent < events.size() && events[nextEvent].frame == start)
            node.setParameter(GainNode::gainDb, events[nextEvent++].gainDb);
        uint32_t end = std::min(frames, start + blockFrames);
        if (nextEvent < events.size()) end = std::min(end, events[nextEvent].frame);
        AudioBlock inBlock, outBlock;
        inBlock.numChannels = outBlock.numChannels = channels;
        inBlock.numFrames = outBlock.numFrames = end - start;
        for (uint32_t c = 0; c < channels; ++c) {
            inBlock.channels[c] = const_cast<float*>(in[c].data()) + start;
            outBlock.channels[c] = out[c].data() + start;
        }
        NodeIo io{{&inBlock, 1}, {&outBlock, 1}, end - start};
        node.process(io);
        start = end;
    }
    return out;
}

}  // namespace

TEST(GainNode, DescribesItsParameter) {
    GainNode node;
    ASSERT_EQ(node.parameters().size(), 1u);
    const ParameterInfo& p = node.parameters()[0];
    EXPECT_EQ(p.name, "gainDb");
    EXPECT_EQ(p.unit, "dB");
    EXPECT_EQ(p.minValue, -120.0);
    EXPECT_EQ(p.maxValue, 24.0);
    EXPECT_EQ(p.defaultValue, 0.0);
    EXPECT_TRUE(p.smoothed);
    EXPECT_EQ(node.typeName(), "gain");
    EXPECT_EQ(node.parameterIndex("gainDb"), 0);
}

TEST(GainNode, SetParameterClampsAndReports) {
    GainNode node;
    node.prepare({kFs, 128, 1});
    EXPECT_TRUE(node.setParameter(0, -6.0));
    EXPECT_FALSE(node.setParameter(0, 30.0));
    EXPECT_EQ(node.parameter(0), 24.0);
    EXPECT_FALSE(node.setParameter(0, -500.0));
    EXPECT_EQ(node.parameter(0), -120.0);
    EXPECT_FALSE(node.setParameter(0, std::nan("")));
    EXPECT_EQ(node.parameter(0), -120.0);  // NaN ignored
    EXPECT_FALSE(node.setParameter(1, 0.0));
    EXPECT_TRUE(std::isnan(node.parameter(1)));
}

TEST(GainNode, MeasuredSineGainMatchesSetting) {
    for (const double gainDb : {-120.0, -60.0, -20.0, -6.0, 0.0, 3.5, 12.0, 24.0}) {
        SCOPED_TRACE(gainDb);
        GainNode node;
        node.prepare({kFs, 128, 2});
        node.setParameterImmediate(GainNode::gainDb, gainDb);
        const std::vector<std::vector<float>> in{test::makeSine(1000.0, kFs, 9600, 0.25),
                                                 test::makeSine(440.0, kFs, 9600, 0.5)};
        const auto out = render(node, in, 128);
        const double measured0 = 20.0 * std::log10(test::sineAmplitude(out[0], 0, 9600, 1000.0, kFs) / 0.25);
        const double measured1 = 20.0 * std::log10(test::sineAmplitude(out[1], 0, 9600, 440.0, kFs) / 0.5);
        EXPECT_NEAR(measured0, gainDb, 0.01);
        EXPECT_NEAR(measured1, gainDb, 0.01);
    }
}

TEST(GainNode, JumpRampsLinearlyOverFiveMs) {
    GainNode node;
    node.prepare({kFs, 128, 1});
    const uint32_t rampFrames = 240;  // 5 ms at 48 kHz
    const std::vector<std::vector<float>> ones{std::vector<float>(2000, 1.0f)};
    const auto out = render(node, ones, 128, {{100, -20.0}});  // 1.0 → 0.1 at frame 100
    const double step = (0.1 - 1.0) / rampFrames;
    for (uint32_t i = 0; i < 100; ++i) ASSERT_EQ(out[0][i], 1.0f);
    double largestStep = 0.0;
    for (uint32_t i = 100; i < 2000; ++i) {
        const double d = out[0][i] - (i == 0 ? 1.0 : out[0][i - 1]);
        ASSERT_LE(d, 1e-6) << "not monotonic at " << i;
        largestStep = std::max(largestStep, std::abs(d));
    }
    EXPECT_NEAR(largestStep, std::abs(step), 1e-6);
    // The ramp ends exactly 240 frames after the change, at -20 dB.
    EXPECT_NEAR(out[0][100 + rampFrames - 2], 0.1 - step, 1e-6);
    EXPECT_EQ(out[0][100 + rampFrames - 1], static_cast<float>(std::pow(10.0, -1.0)));
    EXPECT_NEAR(20.0 * std::log10(out[0][1999]), -20.0, 1e-5);
}

TEST(GainNode, OutputDoesNotDependOnBlockSplit) {
    const std::vector<Event> events{{0, -3.0}, {333, -40.0}, {350, 6.0}, {1111, 0.0}, {2900, -120.0}};
    const std::vector<std::vector<float>> in{test::makeSine(997.0, kFs, 4000, 0.7),
                                             test::makeSine(123.0, kFs, 4000, 0.3)};
    std::vector<std::vector<std::vector<float>>> outputs;
    for (const uint32_t block : {1u, 7u, 128u}) {
        GainNode node;
        node.prepare({kFs, 128, 2});
        outputs.push_back(render(node, in, block, events));
    }
    EXPECT_EQ(outputs[0], outputs[1]);
    EXPECT_EQ(outputs[0], outputs[2]);
    EXPECT_NE(outputs[0][0], in[0]);  // the events did change the signal
}

TEST(GainNode, ProcessAllocatesNothing) {
    GainNode node;
    node.prepare({kFs, 128, 2});
    EXPECT_EQ(
        test::allocationsWhileProcessing(node, 100, [&](int k) { node.setParameter(GainNode::gainDb, -(k % 30)); }),
        0u);
}
