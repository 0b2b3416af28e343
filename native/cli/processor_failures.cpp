#include "cli/processor_failures.h"

#include <algorithm>
#include <cmath>

#include "graph/engine_event.h"
#include "graph/node.h"
#include "processor/processor_types.h"

namespace wavegraph::cli {

namespace {

/// "'clip' (softClipper)", or "node 7" when the newest description has no such node. [control]
std::string nodeText(const GraphSession& session, uint32_t nodeId) {
    for (const auto& [jsonId, id] : session.nodeIds())
        if (id == nodeId) {
            const Node* node = session.node(nodeId);
            return "'" + jsonId + "'" + (node != nullptr ? " (" + std::string(node->typeName()) + ")" : "");
        }
    return "node " + std::to_string(nodeId);
}

}  // namespace

bool ProcessorFailures::note(const RingRecord& event) {  // [control]
    if (event.kind != static_cast<uint32_t>(EngineEvent::processorFailed)) return false;
    auto [it, first] = nodes_.try_emplace(event.target);
    it->second.blocks = std::max<uint64_t>(it->second.blocks, event.param);
    it->second.lastStatus = static_cast<int32_t>(std::lround(event.value));
    return first;
}

void ProcessorFailures::drain(GraphSession& session) {  // [control]
    for (RingRecord event; session.engine().eventRing().tryPop(event);) note(event);
}

std::string ProcessorFailures::firstFailureLine(const GraphSession& session, uint32_t nodeId) const {  // [control]
    const auto it = nodes_.find(nodeId);
    const int32_t status = it != nodes_.end() ? it->second.lastStatus : 0;
    return "processor node " + nodeText(session, nodeId) + " failed (" + processorStatusText(status) +
           "); its output is silence for each failing block, the rest of the graph plays on";
}

std::string ProcessorFailures::summary(const GraphSession& session) const {  // [control]
    std::string text;
    for (const auto& [nodeId, entry] : nodes_)
        text += (text.empty() ? "processor failures: " : ", ") + nodeText(session, nodeId) + " " +
                std::to_string(entry.blocks) + " block" + (entry.blocks == 1 ? "" : "s") + " (last " +
                processorStatusText(entry.lastStatus) + ")";
    return text.empty() ? text : text + ", silenced";
}

uint64_t ProcessorFailures::blocks() const {  // [control]
    uint64_t total = 0;
    for (const auto& [nodeId, entry] : nodes_) total += entry.blocks;
    return total;
}

}  // namespace wavegraph::cli
