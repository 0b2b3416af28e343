#pragma once
/// \file processor_types.h
/// Processor types from outside the engine (include/wavegraph/processor.h: a plugin's entry
/// function, or the processors linked into a custom WebAssembly core) checked and added to a
/// node registry, where they become graph node types like the built-in ones.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/node_registry.h"
#include "wavegraph/processor.h"

namespace wavegraph {

/// Ok, or one line saying what is wrong with `descriptor`, e.g. "processor ABI 2.0 is not
/// supported (this wavegraph reads 1.0)", "type name 'gain' is a built-in node type",
/// "parameter 2 'drive': default 30 is outside 1…20". `registry` is searched for clashing type
/// names. [control]
Status checkProcessorDescriptor(const wg_processor_descriptor* descriptor, const NodeRegistry& registry);

/// A processor status as messages print it: "status -5: exception", "status -1: error"
/// (wg_processor_status; an unknown negative code is "error"). [any] Allocates.
std::string processorStatusText(int32_t status);

/// Calls `entry` for index 0, 1, … until it returns NULL, checks every descriptor
/// (checkProcessorDescriptor) and adds them all to `registry`, or none (the first error, prefixed
/// with "<origin>: "). `keepAlive` is held by every node made from these types (a plugin's
/// library handle, so the code stays loaded while a node exists); may be null. Returns the
/// type names added in `added` when it is not null. [control] Allocates.
Status addProcessorTypes(NodeRegistry& registry, wg_processor_entry_fn entry, std::string_view origin,
                         std::shared_ptr<const void> keepAlive, std::vector<std::string>* added = nullptr);

}  // namespace wavegraph
