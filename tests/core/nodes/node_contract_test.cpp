// The processing contract every filtering node keeps, checked the same way for each: process()
// allocates and locks nothing while parameter ramps run, and each channel is filtered on its own
// (a stereo render equals two mono renders). Per node: a prepared instance with ramps under way.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/biquad_node.h"
#include "nodes/delay_line_node.h"
#include "nodes/parametric_eq_node.h"

namespace wavegraph {
namespace {

std::unique_ptr<Node> rampingBiquad(uint32_t channels) {
    auto node = std::make_unique<BiquadNode>();
    node->prepare({48000.0, 128, channels});
    node->setParameterImmediate(BiquadNode::type, 5);
    node->setParameterImmediate(BiquadNode::gainDb, 9.0);
    node->setParameter(BiquadNode::frequencyHz, 2000.0);
    return node;
}

std::unique_ptr<Node> rampingDelay(uint32_t channels) {
    auto node = std::make_unique<DelayLineNode>();
    node->prepare({48000.0, 128, channels});
    node->setParameterImmediate(DelayLineNode::timeMs, 0.3);
    node->setParameter(DelayLineNode::feedback, 0.5);
    node->setParameter(DelayLineNode::timeMs, 0.71);
    return node;
}

std::unique_ptr<Node> rampingEq(uint32_t channels) {
    auto node = std::make_unique<ParametricEqNode>();
    node->prepare({48000.0, 128, channels});
    for (uint32_t band = 0; band < node->numBands(); ++band)
        node->setParameter(ParametricEqNode::parameterId(band, ParametricEqNode::gainDb), band % 2 ? -9.0 : 6.0);
    return node;
}

struct RampingNode {
    const char* name;
    std::unique_ptr<Node> (*make)(uint32_t channels);
};

class NodeContract : public ::testing::TestWithParam<RampingNode> {};

TEST_P(NodeContract, ProcessAllocatesNothingWhileRamping) {
    EXPECT_EQ(test::allocationsWhileProcessing(*GetParam().make(2), 40), 0u);
}

TEST_P(NodeContract, ChannelsAreFilteredIndependently) { test::expectChannelsFilteredIndependently(GetParam().make); }

INSTANTIATE_TEST_SUITE_P(FilteringNodes, NodeContract,
                         ::testing::Values(RampingNode{"biquad", rampingBiquad}, RampingNode{"delay", rampingDelay},
                                           RampingNode{"parametricEq", rampingEq}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wavegraph
