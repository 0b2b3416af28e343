// Node roles (graph/node_roles.h): every registered node type answers the role accessors, and
// exactly the nodes that play a role return themselves: input → host input, meter → meter
// source and observer feed, analyser → analyser tap and observer feed, biquad and parametricEq
// → frequency response. The response reached through the role is measured against the RBJ
// peaking formula at its centre frequency.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <utility>

#include "session/default_registry.h"

using namespace wavegraph;

TEST(NodeRoles, EachRegisteredTypeHasExactlyItsRoles) {
    const NodeRegistry registry = makeDefaultNodeRegistry();
    const std::set<std::string> hostInputs{"input"}, meters{"meter"}, analysers{"analyser"},
        responses{"biquad", "parametricEq"};
    int withRole = 0;
    for (const std::string& type : registry.types()) {
        auto node = registry.create(type);
        ASSERT_NE(node, nullptr) << type;
        const Node& constNode = *node;
        const bool input = node->hostInputSink() != nullptr, meter = node->meterSource() != nullptr,
                   analyser = constNode.analyserSource() != nullptr,
                   response = constNode.frequencyResponse() != nullptr;
        std::printf("%-14s host input %d, meter %d, analyser %d, frequency response %d\n", type.c_str(), input, meter,
                    analyser, response);
        EXPECT_EQ(input, hostInputs.count(type) == 1) << type;
        EXPECT_EQ(meter, meters.count(type) == 1) << type;
        EXPECT_EQ(analyser, analysers.count(type) == 1) << type;
        EXPECT_EQ(response, responses.count(type) == 1) << type;
        // Exactly the nodes that measure for readers outside the graph can stop measuring.
        EXPECT_EQ(node->observerFeed() != nullptr, meter || analyser) << type;
        withRole += input + meter + analyser + response;
    }
    EXPECT_EQ(withRole, 5);
}

TEST(NodeRoles, FrequencyResponseOfABiquadThroughItsRole) {
    const NodeRegistry registry = makeDefaultNodeRegistry();
    auto node = registry.create("biquad");
    node->prepare(ProcessSpec{48000, 128, 1});
    // peaking, 1 kHz, Q 1, +12 dB: |H| at f0 is the gain exactly (RBJ Audio EQ Cookbook).
    ASSERT_TRUE(node->setParameterImmediate(static_cast<uint32_t>(node->parameterIndex("type")), 5.0));
    ASSERT_TRUE(node->setParameterImmediate(static_cast<uint32_t>(node->parameterIndex("frequencyHz")), 1000.0));
    ASSERT_TRUE(node->setParameterImmediate(static_cast<uint32_t>(node->parameterIndex("gainDb")), 12.0));
    const FrequencyResponse* response = std::as_const(*node).frequencyResponse();
    ASSERT_NE(response, nullptr);
    const double atCentre = response->magnitudeDbAt(1000.0), far = response->magnitudeDbAt(20.0);
    std::printf("biquad peaking +12 dB at 1 kHz through FrequencyResponse: %.9f dB at 1 kHz, %.6f dB at 20 Hz\n",
                atCentre, far);
    EXPECT_NEAR(atCentre, 12.0, 1e-9);
    EXPECT_LT(std::fabs(far), 0.05);
}
