// The node types of a core with processors (wavegraph_add_wasm_core(NAME SOURCES …)): the
// built-in ones plus those of the entry the core's sources define.
#include "core_types.h"

#include "processor/processor_types.h"
#include "session/default_registry.h"

/// The entry of the processors linked into this core (WAVEGRAPH_PROCESSOR_ENTRY in the core's
/// sources). [control]
extern "C" const wg_processor_descriptor* wavegraph_processor_entry(uint32_t index);

namespace wavegraph::web {

namespace {

struct CoreTypes {
    NodeRegistry registry = makeDefaultNodeRegistry();
    Status status = Status::ok();
};

const CoreTypes& coreTypes() {  // [control]
    static const CoreTypes types = [] {
        CoreTypes made;
        // addProcessorTypes adds all types or none, so a failure leaves the built-in ones.
        made.status = addProcessorTypes(made.registry, &wavegraph_processor_entry, wavegraph_core_name(), nullptr);
        return made;
    }();
    return types;
}

}  // namespace

const NodeRegistry& coreNodeRegistry() { return coreTypes().registry; }
const Status& coreTypesStatus() { return coreTypes().status; }

}  // namespace wavegraph::web
