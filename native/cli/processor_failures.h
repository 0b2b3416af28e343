#pragma once
/// \file processor_failures.h
/// What a command tells its user about processor nodes whose process call failed: the engine
/// silences such a node's output for the block and reports a processorFailed event
/// (graph/engine_event.h); this collects those events per node and makes the one line printed
/// when the node first fails and the one line of the summary.

#include <cstdint>
#include <map>
#include <string>

#include "rt/command_ring.h"
#include "session/graph_session.h"

namespace wavegraph::cli {

class ProcessorFailures {
public:
    /// Records `event` if it is a processorFailed event. Returns true when it is the first
    /// failure seen for its node (a live command prints firstFailureLine then). [control]
    bool note(const RingRecord& event);
    /// Pops every event of the session's event ring, noting the failures. [control, one reader]
    void drain(GraphSession& session);

    /// "processor node 'clip' (softClipper) failed (status -5: exception); its output is
    /// silence for each failing block, the rest of the graph plays on". [control]
    std::string firstFailureLine(const GraphSession& session, uint32_t nodeId) const;
    /// "" when nothing failed; else e.g. "processor failures: 'clip' (softClipper) 12 blocks
    /// (last status -5: exception), silenced". [control]
    std::string summary(const GraphSession& session) const;
    /// Failed blocks over every node seen. [control]
    uint64_t blocks() const;

private:
    struct Entry {
        uint64_t blocks = 0;  // the event's running count for the node
        int32_t lastStatus = 0;
    };
    std::map<uint32_t, Entry> nodes_;  // by NodeId
};

}  // namespace wavegraph::cli
