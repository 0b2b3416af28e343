#include "cli/nodes_command.h"

#include <cstdio>
#include <string>

#include "base/format_number.h"
#include "session/default_registry.h"
#include "session/schema.h"

namespace wavegraph::cli {

int runNodes(bool json) {  // [control]
    if (json) {
        // The whole schema (core/session/schema.h): node types, event kinds, stats, reference graph.
        std::printf("%s\n", schemaJson().c_str());
        return 0;
    }
    const NodeRegistry registry = makeDefaultNodeRegistry();
    ProcessSpec spec;  // ranges that depend on the rate are shown for 48 kHz
    for (const auto& type : registry.types()) {
        auto node = registry.create(type);
        node->prepare(spec);
        std::printf("%s  (%u in, %u out)\n", type.c_str(), node->numInputs(), node->numOutputs());
        for (const auto& p : node->parameters()) {
            std::string unit;
            if (!p.unit.empty()) unit.append(" ").append(p.unit);
            std::printf("    %-22s %s … %s%s, default %s%s\n", std::string(p.name).c_str(),
                        formatNumber(p.minValue).c_str(), formatNumber(p.maxValue).c_str(), unit.c_str(),
                        formatNumber(p.defaultValue).c_str(), p.smoothed ? ", smoothed" : "");
        }
    }
    std::printf("(ranges in Hz are for a 48000 Hz sample rate; frequencies must stay below Nyquist)\n");
    return 0;
}

}  // namespace wavegraph::cli
