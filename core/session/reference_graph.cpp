#include "session/reference_graph.h"

#include <nlohmann/json.hpp>

#include "nodes/noise.h"
#include "nodes/oscillator.h"

namespace wavegraph {

namespace {

constexpr std::string_view kSourceNames[] = {"input", "whiteNoise", "pinkNoise", "brownNoise",
                                             "sine",  "sawtooth",   "square",    "triangle"};

std::string knownSources() {
    std::string names;
    for (auto name : kSourceNames) names.append(names.empty() ? "" : ", ").append(name);
    return names;
}

/// The source node's description for `options`. [control]
nlohmann::ordered_json sourceNode(const ReferenceGraphOptions& options) {
    using Json = nlohmann::ordered_json;
    auto noise = [&](NoiseNode::Color color) {
        return Json{{"id", "source"},
                    {"type", "noise"},
                    {"params", {{"color", static_cast<uint32_t>(color)}, {"levelDb", options.levelDb}}}};
    };
    auto oscillator = [&](OscillatorNode::Type type) {
        Json params = {{"type", static_cast<uint32_t>(type)}, {"levelDb", options.levelDb}};
        if (options.frequencyHz) params["frequencyHz"] = *options.frequencyHz;
        return Json{{"id", "source"}, {"type", "oscillator"}, {"params", params}};
    };
    switch (options.source) {
        case ReferenceSource::input: break;
        case ReferenceSource::whiteNoise: return noise(NoiseNode::Color::white);
        case ReferenceSource::pinkNoise: return noise(NoiseNode::Color::pink);
        case ReferenceSource::brownNoise: return noise(NoiseNode::Color::brown);
        case ReferenceSource::sine: return oscillator(OscillatorNode::Type::sine);
        case ReferenceSource::sawtooth: return oscillator(OscillatorNode::Type::sawtooth);
        case ReferenceSource::square: return oscillator(OscillatorNode::Type::square);
        case ReferenceSource::triangle: return oscillator(OscillatorNode::Type::triangle);
    }
    return Json{{"id", "source"}, {"type", "input"}};
}

}  // namespace

std::string_view referenceSourceName(ReferenceSource source) noexcept {  // [any]
    const auto index = static_cast<uint32_t>(source);
    return index < std::size(kSourceNames) ? kSourceNames[index] : std::string_view("unknown");
}

Status referenceSourceFromName(std::string_view name, ReferenceSource& source) {  // [control]
    for (auto candidate : kReferenceSources) {
        if (referenceSourceName(candidate) == name) {
            source = candidate;
            return Status::ok();
        }
    }
    return Status::error("source '" + std::string(name) + "' is not a reference source (" + knownSources() + ")");
}

std::string referenceGraphJson(const ReferenceGraphOptions& options) {  // [control]
    auto graph = nlohmann::ordered_json::parse(kReferenceGraphJson);
    auto& nodes = graph["nodes"];
    nodes[reference_graph::kSource] = sourceNode(options);

    nlohmann::ordered_json eqParams = nlohmann::ordered_json::object();
    for (size_t band = 0; band < options.bandGainsDb.size(); ++band)
        eqParams["band" + std::to_string(band) + ".gainDb"] = options.bandGainsDb[band];
    if (options.webAudioRounding) eqParams["webAudioRounding"] = *options.webAudioRounding ? 1 : 0;
    if (!eqParams.empty()) nodes[reference_graph::kEq]["params"] = eqParams;
    if (options.gainDb) nodes[reference_graph::kMaster]["params"] = {{"gainDb", *options.gainDb}};
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
            if (auto s = number("levelDb", read.levelDb); !s) return s;
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
