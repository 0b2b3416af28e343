#pragma once
/// \file processor_type.h
/// One processor type from outside the engine (include/wavegraph/processor.h), checked and ready
/// to make nodes: its descriptor, its parameter table as ParameterInfo, and what keeps its code
/// loaded.

#include <memory>
#include <string>
#include <vector>

#include "graph/parameter_info.h"
#include "wavegraph/processor.h"

namespace wavegraph {

/// A checked external processor type: what the registry needs to make ProcessorNode instances.
struct ProcessorType {
    const wg_processor_descriptor* descriptor = nullptr;  ///< checked (checkProcessorDescriptor)
    std::string typeName;                                 ///< The graph JSON node type, e.g. "softClipper".
    std::string description;                              ///< One line from the descriptor, for listings.
    std::string origin;  ///< where it came from, for messages: a plugin path or a core's name
    /// Indexed by parameter id; name and unit views point into `names` and `units`.
    std::vector<ParameterInfo> parameters;
    std::vector<std::string> names;  ///< Parameter names, by id (owned storage for `parameters`).
    std::vector<std::string> units;  ///< Parameter units, by id (owned storage for `parameters`).
    /// Held by every node of this type (e.g. the plugin's library handle); may be null.
    std::shared_ptr<const void> keepAlive;
};

}  // namespace wavegraph
