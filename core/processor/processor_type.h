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

struct ProcessorType {
    const wg_processor_descriptor* descriptor = nullptr;  ///< checked (checkProcessorDescriptor)
    std::string typeName;
    std::string description;
    std::string origin;  ///< where it came from, for messages: a plugin path or a core's name
    /// Indexed by parameter id; name and unit views point into `names` and `units`.
    std::vector<ParameterInfo> parameters;
    std::vector<std::string> names, units;
    /// Held by every node of this type (e.g. the plugin's library handle); may be null.
    std::shared_ptr<const void> keepAlive;
};

}  // namespace wavegraph
