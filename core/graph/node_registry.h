#pragma once
/// \file node_registry.h
/// Maps a graph description's node "type" (e.g. "biquad") to a function that makes the node,
/// and, for types with construction options (the `options` object of a node in the graph JSON,
/// e.g. a channelSplitter's numberOfOutputs), to a function that makes it from its options.
/// [control] Creating nodes allocates.

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/node.h"
#include "graph/node_options.h"

namespace wavegraph {

/// One construction option of a node type: its JSON name and what it takes.
struct NodeOptionInfo {
    std::string_view name;         ///< Key in the node's `options` object, e.g. "numberOfOutputs".
    std::string_view description;  ///< What it takes, with its range and default.
};

/// Node types by JSON "type" name, each with a function that makes a new node. [control]
class NodeRegistry {
public:
    /// Makes a new, unprepared node of one type, with its default options. Allocates.
    using Creator = std::function<std::shared_ptr<Node>()>;
    /// Makes a new, unprepared node of one type from its options (keys among the type's
    /// NodeOptionInfo names), or returns an error that starts with the name of the bad option,
    /// e.g. "numberOfOutputs: 40 is out of range (1…32)". Allocates.
    using OptionsCreator = std::function<Status(const NodeOptions& options, std::shared_ptr<Node>& made)>;

    /// Registers (or replaces) a node type without options. [control]
    void add(std::string type, Creator create) {
        options_.erase(type);
        creators_[std::move(type)] = std::move(create);
    }
    /// Registers (or replaces) a node type with construction options. [control]
    void add(std::string type, Creator create, OptionsCreator createWithOptions, std::vector<NodeOptionInfo> options) {
        options_[type] = {std::move(createWithOptions), std::move(options)};
        creators_[std::move(type)] = std::move(create);
    }
    /// The options `type` takes (none for an unknown type or one without options). [control]
    std::span<const NodeOptionInfo> options(const std::string& type) const {
        auto it = options_.find(type);
        return it == options_.end() ? std::span<const NodeOptionInfo>{}
                                    : std::span<const NodeOptionInfo>(it->second.infos);
    }
    /// A new node of `type` made from `options` (checked by the type), or an error naming the
    /// bad option; `type` must be registered and take options. [control]
    Status create(const std::string& type, const NodeOptions& options, std::shared_ptr<Node>& made) const {
        auto it = options_.find(type);
        if (it == options_.end()) return Status::error("'" + type + "' takes no options");
        return it->second.create(options, made);
    }
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
    struct Options {
        OptionsCreator create;
        std::vector<NodeOptionInfo> infos;
    };
    std::map<std::string, Creator> creators_;
    std::map<std::string, Options> options_;
};

}  // namespace wavegraph
