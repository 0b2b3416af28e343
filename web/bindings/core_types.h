#pragma once
/// \file core_types.h
/// What makes one wasm core differ from another (wavegraph_add_wasm_core): its name and the
/// processor types linked into it, registered next to the built-in node types. Defined per core:
/// core_types_processors.cpp (a core with processors) or core_types_builtin.cpp (NO_PROCESSORS),
/// and the name in a source the function generates.

#include "base/status.h"
#include "graph/node_registry.h"

/// The core's name (wavegraph_add_wasm_core's NAME, e.g. "wavegraph-core"), generated at build
/// time. [any]
extern "C" const char* wavegraph_core_name();

namespace wavegraph::web {

/// The core's node types, made once per module instance: the built-in ones plus every processor
/// type of the core's entry function (addProcessorTypes, origin: the core's name), or only the
/// built-in ones when a descriptor fails the checks (coreTypesStatus says why). [control]
/// Allocates on the first call.
const NodeRegistry& coreNodeRegistry();
/// Ok, or "<core name>: <what is wrong with which descriptor>". [control]
const Status& coreTypesStatus();

}  // namespace wavegraph::web
