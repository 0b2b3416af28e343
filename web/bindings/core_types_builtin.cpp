// The node types of a core with no processors (wavegraph_add_wasm_core(… NO_PROCESSORS), the
// default dist/wavegraph-core.wasm): the built-in ones only, so the processor support code is not
// linked in.
#include "core_types.h"

#include "session/default_registry.h"

namespace wavegraph::web {

const NodeRegistry& coreNodeRegistry() {  // [control]
    static const NodeRegistry registry = makeDefaultNodeRegistry();
    return registry;
}

const Status& coreTypesStatus() {  // [control]
    static const Status ok = Status::ok();
    return ok;
}

}  // namespace wavegraph::web
