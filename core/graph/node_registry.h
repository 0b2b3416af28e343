#pragma once
/// \file node_registry.h
/// Maps a graph description's node "type" (e.g. "biquad") to a function that makes the node.
/// [control] Creating nodes allocates.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "graph/node.h"

namespace wavegraph {

/// Node types by JSON "type" name, each with a function that makes a new node. [control]
class NodeRegistry {
public:
    /// Makes a new, unprepared node of one type. Allocates.
    using Creator = std::function<std::shared_ptr<Node>()>;

    /// Registers (or replaces) a node type. [control]
    void add(std::string type, Creator create) { creators_[std::move(type)] = std::move(create); }
    /// A new node of `type`, or nullptr when the type is unknown. [control]
    std::shared_ptr<Node> create(const std::string& type) const {
        auto it = creators_.find(type);
        return it == creators_.end() ? nullptr : it->second();
    }
    /// True when `type` is registered. [control]
    bool contains(const std::string& type) const { return creators_.count(type) != 0; }
    /// Registered type names, sorted (for "known: …" in messages). [control]
    std::vector<std::string> types() const {
        std::vector<std::string> names;
        for (const auto& [name, creator] : creators_) names.push_back(name);
        return names;
    }

private:
    std::map<std::string, Creator> creators_;
};

}  // namespace wavegraph
