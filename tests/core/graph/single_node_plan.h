#pragma once
/// \file single_node_plan.h
/// Test helper: a render plan of one node that is also the graph's output.

#include <memory>

#include <gtest/gtest.h>

#include "graph/audio_graph.h"
#include "graph/compiled_graph.h"

namespace wavegraph::test {

/// `node` alone, compiled for `spec`; its NodeId goes to *idOut when given. [control]
inline std::unique_ptr<CompiledGraph> singleNodePlan(std::shared_ptr<Node> node, const ProcessSpec& spec,
                                                     NodeId* idOut = nullptr) {
    AudioGraph g;
    NodeId id = 0;
    EXPECT_TRUE(g.addNode("c", std::move(node), id).isOk());
    EXPECT_TRUE(g.setOutput(id).isOk());
    std::unique_ptr<CompiledGraph> plan;
    EXPECT_TRUE(g.compile(spec, plan).isOk());
    if (idOut) *idOut = id;
    return plan;
}

}  // namespace wavegraph::test
