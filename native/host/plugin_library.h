#pragma once
/// \file plugin_library.h
/// Plugins: shared libraries exporting the processor ABI's entry function
/// (include/wavegraph/processor.h, WG_PROCESSOR_ENTRY_SYMBOL). Loading one opens the library
/// with dlopen (RTLD_NOW | RTLD_LOCAL), checks every descriptor it lists and adds the types to a
/// node registry (core/processor/processor_types.h). The library stays loaded while the
/// registry's creators or any node made from them exist, and is closed after the last one.

#include <string>
#include <vector>

#include "base/status.h"
#include "graph/node_registry.h"

namespace wavegraph::host {

/// Loads the plugin at `path` and adds all of its processor types to `registry`, or none.
/// The types added are appended to `added` when it is not null. Errors, one line each:
///   "plugin PATH: no such file"
///   "plugin PATH: cannot be loaded (<dlerror text>)"                 e.g. not a shared library
///   "plugin PATH has no wavegraph_processor_entry function"
///   "plugin PATH: processor ABI 2.0 is not supported (this wavegraph reads 1.0)"
///   "plugin PATH: <what is wrong with its descriptor>"               (checkProcessorDescriptor)
///   "plugin PATH lists no processor types"
/// [control] Allocates, opens files.
Status loadPlugin(const std::string& path, NodeRegistry& registry, std::vector<std::string>* added = nullptr);

/// loadPlugin for each path in order; stops at the first error. [control]
Status loadPlugins(const std::vector<std::string>& paths, NodeRegistry& registry,
                   std::vector<std::string>* added = nullptr);

}  // namespace wavegraph::host
