#include "cli/nodes_command.h"

#include <cstdio>
#include <string>

#include "base/format_number.h"
#include "cli/exit_codes.h"
#include "cli/session_setup.h"
#include "host/error_line.h"
#include "processor/processor_node.h"
#include "session/schema.h"

namespace wavegraph::cli {

int runNodes(bool json, const std::vector<std::string>& pluginPaths) {  // [control]
    NodeRegistry registry;
    if (auto status = makeNodeRegistry(pluginPaths, registry); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    if (json) {
        // The whole schema (core/session/schema.h): node types, event kinds, stats, reference graph.
        std::printf("%s\n", schemaJson(registry).c_str());
        return kExitOk;
    }
    ProcessSpec spec;  // ranges that depend on the rate are shown for 48 kHz
    for (const auto& type : registry.types()) {
        auto node = registry.create(type);
        node->prepare(spec);
        std::printf("%s  (%u in, %u out)", type.c_str(), node->numInputs(), node->numOutputs());
        if (const auto* processor = dynamic_cast<const ProcessorNode*>(node.get())) {
            const ProcessorType& info = processor->type();
            std::printf("  from %s%s%s", info.origin.c_str(), info.description.empty() ? "" : ": ",
                        info.description.c_str());
        }
        std::printf("\n");
        for (const auto& p : node->parameters()) {
            std::string unit;
            if (!p.unit.empty()) unit.append(" ").append(p.unit);
            std::printf("    %-22s %s … %s%s, default %s%s\n", std::string(p.name).c_str(),
                        formatNumber(p.minValue).c_str(), formatNumber(p.maxValue).c_str(), unit.c_str(),
                        formatNumber(p.defaultValue).c_str(), p.smoothed ? ", smoothed" : "");
        }
    }
    std::printf("(ranges in Hz are for a 48000 Hz sample rate; frequencies must stay below Nyquist)\n");
    return kExitOk;
}

}  // namespace wavegraph::cli
