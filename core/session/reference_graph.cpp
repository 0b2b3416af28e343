#include "session/reference_graph.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "session/default_registry.h"

namespace wavegraph {

namespace {

using Json = nlohmann::ordered_json;

std::string knownSources() {
    std::string names;
    for (const auto& info : kReferenceSources) names.append(names.empty() ? "" : ", ").append(info.name);
    return names;
}

/// The values an option was given, or its default (none when the default is NaN).
std::vector<double> optionValues(const ReferenceGraphOptions& options, std::string_view option, double defaultValue) {
    auto orDefault = [&](std::optional<double> value) -> std::vector<double> {
        if (value) return {*value};
        if (!std::isnan(defaultValue)) return {defaultValue};
        return {};
    };
    if (option == "frequencyHz") return orDefault(options.frequencyHz);
    if (option == "levelDb") return orDefault(options.levelDb);
    if (option == "bandGainsDb") return options.bandGainsDb;
    if (option == "gainDb") return orDefault(options.gainDb);
    if (option == "webAudioRounding")
        return orDefault(options.webAudioRounding ? std::optional<double>(*options.webAudioRounding ? 1.0 : 0.0)
                                                  : std::nullopt);
    return {};
}

/// `pattern` with "{index}" replaced by `index`.
std::string parameterName(std::string_view pattern, size_t index) {
    constexpr std::string_view kIndex = "{index}";
    const auto at = pattern.find(kIndex);
    if (at == std::string_view::npos) return std::string(pattern);
    return std::string(pattern.substr(0, at)) + std::to_string(index) + std::string(pattern.substr(at + kIndex.size()));
}

bool typeHasParameter(const NodeRegistry& registry, const std::string& type, const std::string& param) {
    const auto node = registry.create(type);
    if (node == nullptr) return false;
    for (const auto& info : node->parameters())
        if (info.name == param) return true;
    return false;
}

}  // namespace

std::string_view referenceSourceName(ReferenceSource source) noexcept {  // [any]
    for (const auto& info : kReferenceSources)
        if (info.source == source) return info.name;
    return "unknown";
}

Status referenceSourceFromName(std::string_view name, ReferenceSource& source) {  // [control]
    for (const auto& info : kReferenceSources) {
        if (info.name == name) {
            source = info.source;
            return Status::ok();
        }
    }
    return Status::error("source '" + std::string(name) + "' is not a reference source (" + knownSources() + ")");
}

std::string referenceGraphJson(const ReferenceGraphOptions& options) {  // [control]
    const NodeRegistry registry = makeDefaultNodeRegistry();
    auto graph = Json::parse(kReferenceGraphJson);
    auto& nodes = graph["nodes"];
    for (const auto& info : kReferenceSources) {
        if (info.source != options.source) continue;
        Json source = {{"id", "source"}, {"type", info.nodeType}};
        if (!info.selectorParam.empty()) source["params"][std::string(info.selectorParam)] = info.selectorValue;
        nodes[reference_graph::kSource] = source;
    }
    for (const auto& target : kReferenceGraphOptionTargets) {
        const auto values = optionValues(options, target.option, target.defaultValue);
        for (auto& node : nodes) {
            if (node["id"] != target.node) continue;
            for (size_t index = 0; index < values.size(); ++index) {
                const auto param = parameterName(target.param, index);
                if (!typeHasParameter(registry, node["type"].get<std::string>(), parameterName(target.param, 0))) break;
                node["params"][param] = values[index];
            }
        }
    }
    return graph.dump(2);
}

Status referenceGraphOptionsFromJson(std::string_view json, ReferenceGraphOptions& options) {  // [control]
    const auto document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object())
        return Status::error("reference graph options: not a JSON object");
    ReferenceGraphOptions read;
    auto number = [&](const char* field, double& out) -> Status {
        const auto& value = document[field];
        if (!value.is_number()) return Status::error(std::string(field) + " must be a number");
        out = value.get<double>();
        return Status::ok();
    };
    for (const auto& [field, value] : document.items()) {
        if (field == "source") {
            if (!value.is_string()) return Status::error("source must be a string (" + knownSources() + ")");
            if (auto s = referenceSourceFromName(value.get<std::string>(), read.source); !s) return s;
        } else if (field == "frequencyHz") {
            double v = 0.0;
            if (auto s = number("frequencyHz", v); !s) return s;
            read.frequencyHz = v;
        } else if (field == "levelDb") {
            double v = 0.0;
            if (auto s = number("levelDb", v); !s) return s;
            read.levelDb = v;
        } else if (field == "bandGainsDb") {
            if (!value.is_array()) return Status::error("bandGainsDb must be an array of numbers (dB per band)");
            for (size_t band = 0; band < value.size(); ++band) {
                if (!value[band].is_number())
                    return Status::error("bandGainsDb[" + std::to_string(band) + "] must be a number");
                read.bandGainsDb.push_back(value[band].get<double>());
            }
        } else if (field == "gainDb") {
            double v = 0.0;
            if (auto s = number("gainDb", v); !s) return s;
            read.gainDb = v;
        } else if (field == "webAudioRounding") {
            if (!value.is_boolean()) return Status::error("webAudioRounding must be true or false");
            read.webAudioRounding = value.get<bool>();
        } else if (!value.is_null()) {
            return Status::error("'" + field +
                                 "' is not a reference graph option (source, frequencyHz, levelDb, bandGainsDb, "
                                 "gainDb, webAudioRounding)");
        }
    }
    options = std::move(read);
    return Status::ok();
}

}  // namespace wavegraph
