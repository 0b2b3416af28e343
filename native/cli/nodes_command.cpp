#include "cli/nodes_command.h"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "base/format_number.h"
#include "session/default_registry.h"

namespace wavegraph::cli {

int runNodes(bool json) {  // [control]
    const NodeRegistry registry = makeDefaultNodeRegistry();
    ProcessSpec spec;  // ranges that depend on the rate are shown for 48 kHz
    nlohmann::json document = nlohmann::json::array();
    for (const auto& type : registry.types()) {
        auto node = registry.create(type);
        node->prepare(spec);
        nlohmann::json entry = {{"type", type}, {"inputs", node->numInputs()}, {"outputs", node->numOutputs()}};
        nlohmann::json params = nlohmann::json::array();
        for (const auto& p : node->parameters())
            params.push_back({{"name", p.name}, {"unit", p.unit}, {"min", p.minValue}, {"max", p.maxValue},
                              {"default", p.defaultValue}, {"smoothed", p.smoothed}});
        entry["params"] = params;
        document.push_back(entry);
        if (json) continue;
        std::printf("%s  (%u in, %u out)\n", type.c_str(), node->numInputs(), node->numOutputs());
        for (const auto& p : node->parameters()) {
            std::string unit;
            if (!p.unit.empty()) unit.append(" ").append(p.unit);
            std::printf("    %-22s %s … %s%s, default %s%s\n", std::string(p.name).c_str(),
                        formatNumber(p.minValue).c_str(), formatNumber(p.maxValue).c_str(), unit.c_str(),
                        formatNumber(p.defaultValue).c_str(), p.smoothed ? ", smoothed" : "");
        }
    }
    if (json) std::printf("%s\n", document.dump(2).c_str());
    else std::printf("(ranges in Hz are for a 48000 Hz sample rate; frequencies must stay below Nyquist)\n");
    return 0;
}

}  // namespace wavegraph::cli
