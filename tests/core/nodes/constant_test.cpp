// ConstantNode measurements: steady output, linear split-invariant ramp, clamping, no allocation.
#include "nodes/constant.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "source_node_test_support.h"

namespace wavegraph {
namespace {

constexpr double kFs = 48000.0;

ConstantNode makeConstant(double value, uint32_t channels = 1) {
    ConstantNode node;
    node.prepare({kFs, 128, channels});
    node.setParameterImmediate(ConstantNode::value, value);
    return node;
}

TEST(ConstantNode, OutputEqualsValueOnEveryChannel) {
    EXPECT_EQ(ConstantNode().parameter(ConstantNode::value), 1.0);  // ConstantSourceNode default
    for (double v : {1.0, -0.25, 0.0, 12345.5, -1e6}) {
        auto node = makeConstant(v, 3);
        const auto out = test::renderChannels(node, 1000, 128);
        for (const auto& channel : out)
            for (float x : channel) ASSERT_EQ(x, static_cast<float>(v));
    }
}

TEST(ConstantNode, RampIsLinearOver5msAndSplitInvariant) {
    const uint32_t start = 1000, rampFrames = 240;  // 5 ms at 48 kHz
    std::vector<std::vector<float>> outputs;
    for (uint32_t block : {1u, 7u, 128u}) {
        auto node = makeConstant(0.0);
        outputs.push_back(test::render(node, 2000, block, {{start, ConstantNode::value, 2.0}}));
    }
    EXPECT_EQ(outputs[0], outputs[1]);
    EXPECT_EQ(outputs[0], outputs[2]);
    const auto& x = outputs[0];
    EXPECT_EQ(x[start - 1], 0.0f);
    // Frame start + k (k = 0…rampFrames−1) carries (k + 1)/rampFrames of the step.
    double worst = 0.0;
    for (uint32_t k = 0; k < rampFrames; ++k)
        worst = std::max(worst, std::abs(x[start + k] - 2.0 * (k + 1) / rampFrames));
    EXPECT_LT(worst, 1e-6);
    for (uint32_t i = start + rampFrames - 1; i < x.size(); ++i) ASSERT_EQ(x[i], 2.0f);
    std::printf("ramp 0 → 2 over %u frames: worst deviation from the line %.2e\n", rampFrames, worst);
}

TEST(ConstantNode, ParametersClampAndReport) {
    ConstantNode node;
    node.prepare({kFs, 128, 1});
    EXPECT_EQ(node.parameters().size(), 1u);
    EXPECT_TRUE(node.setParameter(ConstantNode::value, -3.5));
    EXPECT_EQ(node.parameter(ConstantNode::value), -3.5);
    EXPECT_FALSE(node.setParameter(ConstantNode::value, 2e6));
    EXPECT_EQ(node.parameter(ConstantNode::value), 1e6);
    EXPECT_FALSE(node.setParameter(ConstantNode::value, std::nan("")));
    EXPECT_EQ(node.parameter(ConstantNode::value), 1e6);
    EXPECT_FALSE(node.setParameter(1, 0.0));
    EXPECT_TRUE(std::isnan(node.parameter(1)));
}

TEST(ConstantNode, ProcessDoesNotAllocate) {
    auto node = makeConstant(0.5, 2);
    EXPECT_EQ(test::allocationsWhileProcessing(node, 100,
                                               [&](int k) {
                                                   if (k % 10 == 0) node.setParameter(ConstantNode::value, k);
                                               }),
              0u);
}

}  // namespace
}  // namespace wavegraph
