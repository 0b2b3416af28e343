#pragma once
/// \file audio_graph.h
/// The editable graph [control]: nodes with ports, connections output → input, fan-out, and
/// fan-in summed at an input. Every edit is checked and returns a Status naming the problem:
/// unknown node or port, channel counts that cannot be mixed, or a cycle (naming its nodes).
/// `compile` turns the graph into an immutable CompiledGraph (compiled_graph.h).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "graph/node.h"

namespace wavegraph {

/// Identifies a node within one AudioGraph (and the plans compiled from it).
using NodeId = uint32_t;

/// One edge: output port `output` of node `from` feeds input port `input` of node `to`.
struct Connection {
    NodeId from = 0;      ///< Source node.
    uint32_t output = 0;  ///< Output port of `from`, 0…numOutputs − 1.
    NodeId to = 0;        ///< Destination node.
    uint32_t input = 0;   ///< Input port of `to`, 0…numInputs − 1.
    /// Same four fields.
    bool operator==(const Connection&) const = default;
};

class CompiledGraph;

/// When AudioGraph::connect looks for a cycle the new edge would close.
enum class CycleCheck {
    now,       ///< Before adding the edge: a cycle is refused with the path it would close.
    deferred,  ///< Not at all: the caller adds many edges, then asks hasCycle() once.
};

/// The editable description of a graph: named nodes, connections, the chosen output. Compiled
/// into an immutable render plan (CompiledGraph). All of it [control].
class AudioGraph {
public:
    /// Adds a node under a unique, non-empty name (used in messages and JSON). Returns its id,
    /// or an error for an empty/duplicate name or a null node. [control]
    Status addNode(std::string name, std::shared_ptr<Node> node, NodeId& idOut);
    /// The same with a chosen id (for ids that must stay stable across graph descriptions);
    /// fails when the id is taken. Later automatic ids are above every chosen one. [control]
    Status addNodeWithId(std::string name, std::shared_ptr<Node> node, NodeId id);
    /// Automatic ids from now on are ≥ `id`. [control]
    void reserveIdsBelow(NodeId id) { nextId_ = nextId_ > id ? nextId_ : id; }
    /// Removes the node and every connection touching it. [control]
    Status removeNode(NodeId id);
    /// Connects; fails for an unknown node/port, a duplicate edge, or a cycle
    /// ("connecting b → a would make a cycle: a → b → a"). The cycle check walks the nodes
    /// reachable from c.to; with CycleCheck::deferred it is skipped (then call hasCycle()). [control]
    Status connect(const Connection& c, CycleCheck cycleCheck = CycleCheck::now);
    /// True when the connections form a cycle (one pass over nodes and connections). [control]
    bool hasCycle() const;
    /// Removes every connection. [control]
    void disconnectAll();
    /// Removes the edge; fails when it does not exist. [control]
    Status disconnect(const Connection& c);
    /// Chooses which node output is the graph's output (the host's output buffer). [control]
    Status setOutput(NodeId node, uint32_t output = 0);

    /// Kahn's topological sort and buffer planning. Prepares every node for spec (may
    /// allocate). Errors: no output chosen, channel counts that cannot be mixed. [control]
    Status compile(const ProcessSpec& spec, std::unique_ptr<CompiledGraph>& out) const;

    /// Replaces every node by its fork (Node::fork: same type and configuration, new instance,
    /// with the original's parameter values) and returns how many nodes could not be forked (they stay shared). Call it
    /// before compiling a plan that will replace a running one: the two plans then own distinct instances, the engine
    /// crossfades between them and each fork takes its original's parameters and state at the swap
    /// (docs/graph-swap.md). [control] allocates.
    size_t forkNodes();

    /// Node lookup; nullptr for an unknown id. [control]
    Node* node(NodeId id) const;
    /// The node's name; an empty string for an unknown id. [control]
    const std::string& name(NodeId id) const;
    /// True when a node has this id. [control]
    bool contains(NodeId id) const { return nodes_.count(id) != 0; }
    /// Every edge, in the order they were connected. [control]
    const std::vector<Connection>& connections() const { return connections_; }
    /// Number of nodes. [control]
    size_t size() const { return nodes_.size(); }

private:
    struct Entry {
        std::string name;
        std::shared_ptr<Node> node;
    };
    Status checkNode(NodeId id, const char* role) const;
    /// Node ids on a path from `start` to `goal` along connections (inclusive), or empty.
    std::vector<NodeId> findPath(NodeId start, NodeId goal) const;

    std::map<NodeId, Entry> nodes_;  // ordered: deterministic compile order for equal ranks
    std::vector<Connection> connections_;
    std::unordered_map<NodeId, std::vector<Connection>> outgoing_;  // connections_ by source node, in its order
    std::unordered_map<std::string, NodeId> idByName_;
    NodeId nextId_ = 0;
    bool hasOutput_ = false;
    NodeId outputNode_ = 0;
    uint32_t outputPort_ = 0;
};

}  // namespace wavegraph
