// The processing contract every filtering node keeps, checked the same way for each: process()
// allocates and locks nothing while parameter ramps run, and each channel is filtered on its own
// (a stereo render equals two mono renders). Per node: a prepared instance with ramps under way.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/biquad_node.h"
#include "nodes/delay_line_node.h"
#include "nodes/parametric_eq_node.h"
#include "session/default_registry.h"

namespace wavegraph {
namespace {

/// A node type from the default registry, prepared at 48 kHz, and the parameter changes that
/// leave ramps under way (immediate ones first).
struct RampingNode {
    std::string type;
    std::vector<test::ParamEvent> settings;

    std::shared_ptr<Node> make(uint32_t channels) const {
        auto node = makeDefaultNodeRegistry().create(type);
        node->prepare({48000.0, 128, channels});
        for (const auto& s : settings)
            s.immediate ? node->setParameterImmediate(s.id, s.value) : node->setParameter(s.id, s.value);
        return node;
    }
};

std::vector<test::ParamEvent> eqBandGainsRamping() {
    std::vector<test::ParamEvent> settings;
    for (uint32_t band = 0; band < 8; ++band)
        settings.push_back({0, ParametricEqNode::parameterId(band, ParametricEqNode::gainDb), band % 2 ? -9.0 : 6.0});
    return settings;
}

class NodeContract : public ::testing::TestWithParam<RampingNode> {};

TEST_P(NodeContract, ProcessAllocatesNothingWhileRamping) {
    EXPECT_EQ(test::allocationsWhileProcessing(*GetParam().make(2), 40), 0u);
}

TEST_P(NodeContract, ChannelsAreFilteredIndependently) {
    test::expectChannelsFilteredIndependently([](uint32_t channels) { return GetParam().make(channels); });
}

INSTANTIATE_TEST_SUITE_P(FilteringNodes, NodeContract,
                         ::testing::Values(RampingNode{"biquad",
                                                       {{0, BiquadNode::type, 5, true},
                                                        {0, BiquadNode::gainDb, 9.0, true},
                                                        {0, BiquadNode::frequencyHz, 2000.0}}},
                                           RampingNode{"delay",
                                                       {{0, DelayLineNode::timeMs, 0.3, true},
                                                        {0, DelayLineNode::feedback, 0.5},
                                                        {0, DelayLineNode::timeMs, 0.71}}},
                                           RampingNode{"parametricEq", eqBandGainsRamping()}),
                         [](const auto& info) { return info.param.type; });

}  // namespace
}  // namespace wavegraph
