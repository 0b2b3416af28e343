#include "random_graph.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace wavegraph::soak {

namespace {

double uniform(std::mt19937_64& random, double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(random);
}

double logUniform(std::mt19937_64& random, double low, double high) {
    return std::exp(uniform(random, std::log(low), std::log(high)));
}

bool endsWith(std::string_view text, std::string_view tail) {
    return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// The node types a random graph picks from (input, analyser and meter have fixed places).
constexpr std::array<std::string_view, 11> kRandomTypes = {"oscillator", "noise",        "constant",     "adsr",
                                                           "gain",       "biquad",       "parametricEq", "delay",
                                                           "mixer",      "stereoPanner", "meter"};

}  // namespace

std::optional<double> randomParameterValue(const ParameterInfo& info, double sampleRateHz, std::mt19937_64& random) {
    const std::string_view name = info.name;
    double value = 0.0;
    if (name == "minDecibels" || name == "maxDecibels") return std::nullopt;
    if (name == "fftSize") {
        value = std::ldexp(1.0, static_cast<int>(std::uniform_int_distribution<int>(5, 15)(random)));
    } else if (info.belowNyquist()) {
        value = logUniform(random, std::max(info.minValue, 1.0), std::min(info.maxValue, 0.45 * sampleRateHz));
    } else if (info.unit == "dB") {
        const double top = name.find("band") == 0 ? 12.0 : 6.0;
        value = uniform(random, std::max(info.minValue, -60.0), std::min(info.maxValue, top));
    } else if (endsWith(name, "q")) {
        value = logUniform(random, 0.1, 30.0);
    } else if (name == "detuneCents") {
        value = uniform(random, std::max(info.minValue, -1200.0), std::min(info.maxValue, 1200.0));
    } else if (name == "value") {
        value = uniform(random, std::max(info.minValue, -1.0), std::min(info.maxValue, 1.0));
    } else if (!info.smoothed && info.minValue == std::floor(info.minValue) &&
               info.maxValue == std::floor(info.maxValue)) {
        value = std::floor(uniform(random, info.minValue, info.maxValue + 1.0));
        value = std::min(value, info.maxValue);
    } else {
        value = uniform(random, info.minValue, info.maxValue);
    }
    if (!info.validate(value).isOk()) return std::nullopt;
    if (info.belowNyquist() && value >= sampleRateHz / 2) return std::nullopt;
    return value;
}

std::string randomGraphJson(const NodeRegistry& registry, double sampleRateHz, uint32_t numNodes,
                            std::mt19937_64& random) {
    numNodes = std::max<uint32_t>(numNodes, 4);
    using nlohmann::json;
    json nodes = json::array(), connections = json::array();
    std::vector<std::string> ids{"source"};
    std::vector<bool> read{false};
    nodes.push_back({{"id", "source"}, {"type", "input"}});

    auto pick = [&](uint32_t below) { return std::uniform_int_distribution<uint32_t>(0, below - 1)(random); };
    for (uint32_t i = 1; i + 2 < numNodes; ++i) {
        const std::string type(kRandomTypes[pick(kRandomTypes.size())]);
        const std::string id = "n" + std::to_string(i);
        json node = {{"id", id}, {"type", type}};
        const std::shared_ptr<Node> made = registry.create(type);
        json params = json::object();
        for (const ParameterInfo& info : made->parameters()) {
            if (pick(2) != 0) continue;
            if (const auto value = randomParameterValue(info, sampleRateHz, random))
                params[std::string(info.name)] = *value;
        }
        if (!params.empty()) node["params"] = params;
        nodes.push_back(node);
        for (uint32_t port = 0; port < made->numInputs(); ++port) {
            const uint32_t feeds = 1 + (pick(3) == 0 ? 1 : 0);
            std::vector<uint32_t> used;
            for (uint32_t k = 0; k < feeds; ++k) {
                const uint32_t from = pick(i);
                if (std::find(used.begin(), used.end(), from) != used.end()) continue;
                used.push_back(from);
                read[from] = true;
                connections.push_back({{"from", ids[from]}, {"to", id}, {"input", port}});
            }
        }
        ids.push_back(id);
        read.push_back(false);
    }
    nodes.push_back({{"id", "analyser"}, {"type", "analyser"}});
    nodes.push_back({{"id", "meter"}, {"type", "meter"}});
    for (size_t i = 0; i < ids.size(); ++i)
        if (!read[i]) connections.push_back({{"from", ids[i]}, {"to", "analyser"}});
    connections.push_back({{"from", "analyser"}, {"to", "meter"}});
    return json{{"nodes", nodes}, {"connections", connections}, {"output", "meter"}}.dump();
}

}  // namespace wavegraph::soak
