#include "session/schema.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "automation/automation_call.h"
#include "graph/engine_event.h"
#include "processor/processor_node.h"
#include "session/default_registry.h"
#include "session/engine_stats.h"
#include "session/reference_graph.h"

namespace wavegraph {

namespace {

using Json = nlohmann::ordered_json;

/// The parameters of node type `type` prepared at kSchemaSampleRateHz.
Json parameterTable(const NodeRegistry& registry, const std::string& type) {
    auto node = registry.create(type);
    node->prepare(ProcessSpec{kSchemaSampleRateHz, 128, 2});
    Json params = Json::array();
    const auto infos = node->parameters();
    for (size_t id = 0; id < infos.size(); ++id) {
        const auto& p = infos[id];
        params.push_back({{"id", id},
                          {"name", p.name},
                          {"unit", p.unit},
                          {"min", p.minValue},
                          {"max", p.maxValue},
                          {"default", p.defaultValue},
                          {"smoothed", p.smoothed},
                          {"belowNyquist", p.belowNyquist()},
                          {"webAudioNominalRange", p.webAudioNominalRange}});
    }
    return params;
}

Json referenceGraphSchema(const Json& nodeTypes) {
    Json section;
    const auto description = Json::parse(referenceGraphJson());
    section["description"] = description;
    Json ids = Json::object();
    for (uint32_t id = 0; id < std::size(reference_graph::kNodeNames); ++id)
        ids[std::string(reference_graph::kNodeNames[id])] = id;
    section["nodeIds"] = ids;
    section["numEqBands"] = reference_graph::kNumEqBands;
    Json sources = Json::array();
    for (const auto& info : kReferenceSources)
        sources.push_back({{"name", info.name},
                           {"nodeType", info.nodeType},
                           {"selectorParam", info.selectorParam},
                           {"selectorValue", info.selectorValue}});
    section["sources"] = sources;
    Json options = Json::array();
    for (const auto& target : kReferenceGraphOptionTargets)
        options.push_back({{"option", target.option},
                           {"node", target.node},
                           {"param", target.param},
                           {"default", std::isnan(target.defaultValue) ? Json(nullptr) : Json(target.defaultValue)},
                           {"description", target.description}});
    section["options"] = options;
    // Every parameter of the default graph, by node: what engine.parameters() lists for it.
    Json parameters = Json::array();
    for (const auto& node : description["nodes"]) {
        const auto type = node["type"].get<std::string>();
        for (const auto& entry : nodeTypes)
            if (entry["type"] == type)
                parameters.push_back({{"node", node["id"]},
                                      {"nodeId", ids[node["id"].get<std::string>()]},
                                      {"type", type},
                                      {"params", entry["params"]}});
    }
    section["parameters"] = parameters;
    // docs/examples/reference-graph.json: band 4 (960 Hz) at -20 dB, the master at -3 dB.
    ReferenceGraphOptions example;
    example.bandGainsDb = {0.0, 0.0, 0.0, 0.0, -20.0};
    example.gainDb = -3.0;
    section["example"] = Json::parse(referenceGraphJson(example));
    return section;
}

}  // namespace

std::string schemaJson() { return schemaJson(makeDefaultNodeRegistry()); }  // [control]

std::string schemaJson(const NodeRegistry& registry) {  // [control]
    Json schema;
    schema["sampleRateHz"] = kSchemaSampleRateHz;
    Json nodeTypes = Json::array();
    for (const auto& type : registry.types()) {
        auto node = registry.create(type);
        Json entry = {{"type", type},
                      {"inputs", node->numInputs()},
                      {"outputs", node->numOutputs()},
                      {"params", parameterTable(registry, type)}};
        if (const auto options = registry.options(type); !options.empty()) {
            Json list = Json::array();
            for (const auto& option : options)
                list.push_back({{"name", option.name}, {"description", option.description}});
            entry["options"] = std::move(list);
        }
        if (const auto* processor = dynamic_cast<const ProcessorNode*>(node.get())) {
            entry["description"] = processor->type().description;
            entry["origin"] = processor->type().origin;
        }
        nodeTypes.push_back(std::move(entry));
    }
    schema["nodeTypes"] = nodeTypes;
    Json events = Json::array();
    for (const auto& info : kEngineEvents)
        events.push_back(
            {{"name", info.name}, {"kind", static_cast<uint32_t>(info.kind)}, {"description", info.description}});
    schema["eventKinds"] = events;
    Json methods = Json::array();
    for (const auto& info : kTimelineMethods)
        methods.push_back({{"name", info.name}, {"arguments", info.arguments}, {"description", info.description}});
    schema["timelineMethods"] = methods;
    Json stats = Json::array();
    for (const auto& info : kEngineStats)
        stats.push_back(
            {{"name", info.name}, {"index", static_cast<uint32_t>(info.index)}, {"description", info.description}});
    schema["stats"] = stats;
    schema["referenceGraph"] = referenceGraphSchema(nodeTypes);
    return schema.dump(2);
}

}  // namespace wavegraph
