#include "graph/graph_json.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/format_number.h"
#include "base/json_parse_error.h"

namespace wavegraph {

namespace {

using nlohmann::json;

Status at(const std::string& path, const std::string& problem) { return Status::error(path + ": " + problem); }

std::string typeOf(const json& value) { return value.type_name(); }

// Reads an optional non-negative integer port index.
Status portIndex(const json& connection, const char* key, const std::string& path, uint32_t& out) {
    out = 0;
    if (!connection.contains(key)) return Status::ok();
    const json& v = connection[key];
    if (!v.is_number_unsigned() || v.get<uint64_t>() > 64)
        return at(path + "." + key, "must be a port index 0…64, not " + v.dump());
    out = static_cast<uint32_t>(v.get<uint64_t>());
    return Status::ok();
}

// Checks `v` as a value of parameter `info` (finite, in range, Hz below Nyquist).
Status checkParameterValue(const ParameterInfo& info, double v, const ProcessSpec& spec) {
    const double nyquistHz = 0.5 * spec.sampleRateHz;
    if (info.belowNyquist() && v >= nyquistHz)
        return Status::error(formatNumber(v) + " is above Nyquist (" + formatNumber(nyquistHz) + " Hz)");
    return info.validate(v);
}

// Reads a number field `key` of a call (required).
Status callNumber(const json& call, const char* key, const std::string& path, double& out) {
    if (!call.contains(key)) return at(path, "needs \"" + std::string(key) + "\" (a number)");
    const json& v = call[key];
    if (!v.is_number()) return at(path + "." + key, "must be a number, not " + v.dump());
    out = v.get<double>();
    return Status::ok();
}

// Reads one parameter's "automation" list into `out` and checks it on a scratch timeline.
Status readAutomation(const json& list, const std::string& path, const ParameterInfo& info, const ProcessSpec& spec,
                      std::vector<AutomationCall>& out) {
    if (!list.is_array()) return at(path, "must be an array of timeline calls, not " + typeOf(list));
    if (list.size() > kMaxAutomationCalls)
        return at(path, std::to_string(list.size()) + " calls (at most " + std::to_string(kMaxAutomationCalls) + ")");
    ParamTimeline scratch("");
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string callPath = path + "[" + std::to_string(i) + "]";
        const json& c = list[i];
        if (!c.is_object()) return at(callPath, "must be an object with a method, not " + typeOf(c));
        if (!c.contains("method") || !c["method"].is_string()) {
            std::string known;
            for (const auto& m : kTimelineMethods) known += (known.empty() ? "" : ", ") + std::string(m.name);
            return at(callPath + ".method", "must be one of " + known);
        }
        const std::string name = c["method"].get<std::string>();
        const auto method = timelineMethodNamed(name);
        if (!method) {
            std::string known;
            for (const auto& m : kTimelineMethods) known += (known.empty() ? "" : ", ") + std::string(m.name);
            return at(callPath + ".method", "'" + name + "' is not a timeline method (known: " + known + ")");
        }
        AutomationCall call;
        call.method = *method;
        if (auto st = callNumber(c, "timeSeconds", callPath, call.timeSeconds); !st) return st;
        const bool cancel =
            *method == TimelineMethod::cancelScheduledValues || *method == TimelineMethod::cancelAndHoldAtTime;
        if (*method == TimelineMethod::setValueCurveAtTime) {
            if (auto st = callNumber(c, "durationSeconds", callPath, call.durationSeconds); !st) return st;
            if (!c.contains("values") || !c["values"].is_array())
                return at(callPath + ".values", "must be an array of at least 2 numbers");
            const json& values = c["values"];
            if (values.size() > kMaxAutomationCurvePoints)
                return at(callPath + ".values", std::to_string(values.size()) + " points (at most " +
                                                    std::to_string(kMaxAutomationCurvePoints) + ")");
            for (size_t k = 0; k < values.size(); ++k) {
                const std::string valuePath = callPath + ".values[" + std::to_string(k) + "]";
                if (!values[k].is_number()) return at(valuePath, "must be a number, not " + values[k].dump());
                const double v = values[k].get<double>();
                if (auto st = checkParameterValue(info, v, spec); !st) return at(valuePath, st.message());
                call.values.push_back(v);
            }
        } else if (!cancel) {
            if (auto st = callNumber(c, "value", callPath, call.value); !st) return st;
            if (auto st = checkParameterValue(info, call.value, spec); !st)
                return at(callPath + ".value", st.message());
            if (*method == TimelineMethod::setTargetAtTime)
                if (auto st = callNumber(c, "timeConstantSeconds", callPath, call.timeConstantSeconds); !st) return st;
        }
        if (auto st = applyCall(scratch, call); !st) return at(callPath, st.message());
        out.push_back(std::move(call));
    }
    return Status::ok();
}

// Makes the node of `type` from its construction options (keys checked against the type's list).
Status readOptions(const json& options, const std::string& path, const std::string& type, const NodeRegistry& registry,
                   const AudioBufferMap& buffers, std::shared_ptr<Node>& made) {
    const auto infos = registry.options(type);
    if (!options.is_object()) return at(path, "must be an object of options, not " + typeOf(options));
    if (options.empty() && infos.empty()) return Status::ok();
    for (const auto& [name, value] : options.items()) {
        bool known = false;
        for (const auto& info : infos) known = known || info.name == name;
        if (known) continue;
        std::string names;
        for (const auto& info : infos) names += (names.empty() ? "" : ", ") + std::string(info.name);
        return at(path + "." + name,
                  "'" + type + "' has no option '" + name + "' (options: " + (names.empty() ? "none" : names) + ")");
    }
    NodeOptions parsed;
    if (auto s = NodeOptions::parse(options.dump(), parsed); !s) return at(path, s.message());
    parsed.setBuffers(&buffers);
    std::shared_ptr<Node> configured;
    // The type's message starts with the option's name: "numberOfOutputs: 40 is out of range (1…32)".
    if (auto s = registry.create(type, parsed, configured); !s) return Status::error(path + "." + s.message());
    made = std::move(configured);
    return Status::ok();
}

Status readNode(const json& node, const std::string& path, const NodeRegistry& registry, const ProcessSpec& spec,
                const std::map<std::string, NodeId>* keepIds, GraphFromJson& out) {
    if (!node.is_object()) return at(path, "must be an object with id, type and params, not " + typeOf(node));
    if (!node.contains("id") || !node["id"].is_string() || node["id"].get<std::string>().empty())
        return at(path + ".id", "must be a non-empty string");
    const std::string id = node["id"].get<std::string>();
    if (out.ids.count(id)) return at(path + ".id", "'" + id + "' is used by an earlier node");
    if (!node.contains("type") || !node["type"].is_string()) return at(path + ".type", "must be a string");
    const std::string type = node["type"].get<std::string>();
    std::shared_ptr<Node> made = registry.create(type);
    if (!made) {
        std::string known;
        for (const auto& t : registry.types()) known += (known.empty() ? "" : ", ") + t;
        return at(path + ".type", "'" + type + "' is not a node type (known: " + known + ")");
    }
    if (node.contains("options")) {
        if (auto s = readOptions(node["options"], path + ".options", type, registry, out.buffers, made); !s) return s;
    }
    std::vector<std::pair<uint32_t, double>> explicitSettings;
    if (node.contains("params")) {
        const json& params = node["params"];
        if (!params.is_object()) return at(path + ".params", "must be an object of numbers, not " + typeOf(params));
        const double nyquistHz = 0.5 * spec.sampleRateHz;
        for (const auto& [name, value] : params.items()) {
            const std::string paramPath = path + ".params." + name;
            const int index = made->parameterIndex(name);
            if (index < 0) {
                std::string known;
                for (const auto& p : made->parameters()) known += (known.empty() ? "" : ", ") + std::string(p.name);
                return at(paramPath, "'" + type + "' has no parameter '" + name + "' (parameters: " + known + ")");
            }
            if (!value.is_number()) return at(paramPath, "must be a number, not " + value.dump());
            const double v = value.get<double>();
            const ParameterInfo& info = made->parameters()[static_cast<size_t>(index)];
            if (info.belowNyquist() && v >= nyquistHz)
                return at(paramPath, formatNumber(v) + " is above Nyquist (" + formatNumber(nyquistHz) + " Hz)");
            if (auto s = info.validate(v); !s) return at(paramPath, s.message());
            made->setParameterImmediate(static_cast<uint32_t>(index), v);
            explicitSettings.push_back({static_cast<uint32_t>(index), v});
        }
    }
    std::vector<GraphFromJson::ParameterAutomation> automation;
    if (node.contains("automation")) {
        const json& lists = node["automation"];
        if (!lists.is_object())
            return at(path + ".automation", "must be an object of timeline call lists, not " + typeOf(lists));
        for (const auto& [name, list] : lists.items()) {
            const std::string listPath = path + ".automation." + name;
            const int index = made->parameterIndex(name);
            if (index < 0) {
                std::string known;
                for (const auto& p : made->parameters()) known += (known.empty() ? "" : ", ") + std::string(p.name);
                return at(listPath, "'" + type + "' has no parameter '" + name + "' (parameters: " + known + ")");
            }
            GraphFromJson::ParameterAutomation entry;
            entry.param = static_cast<uint32_t>(index);
            if (auto s =
                    readAutomation(list, listPath, made->parameters()[static_cast<size_t>(index)], spec, entry.calls);
                !s)
                return s;
            automation.push_back(std::move(entry));
        }
    }
    NodeId nodeId = 0;
    const auto kept = keepIds != nullptr ? keepIds->find(id) : std::map<std::string, NodeId>::const_iterator{};
    if (keepIds != nullptr && kept != keepIds->end()) {
        nodeId = kept->second;
        if (auto s = out.graph.addNodeWithId(id, made, nodeId); !s) return at(path, s.message());
    } else if (auto s = out.graph.addNode(id, made, nodeId); !s) {
        return at(path, s.message());
    }
    out.ids[id] = nodeId;
    for (const auto& [param, value] : explicitSettings) out.settings.push_back({nodeId, param, value});
    for (auto& entry : automation) {
        entry.node = nodeId;
        out.automation.push_back(std::move(entry));
    }
    return Status::ok();
}

// Reads the top-level "buffers" object into out.buffers, after the host's buffers.
Status readBuffers(const json& root, const ProcessSpec& spec, const AudioBufferMap* hostBuffers, GraphFromJson& out) {
    if (hostBuffers != nullptr) out.buffers = *hostBuffers;
    if (!root.contains("buffers")) return Status::ok();
    const json& buffers = root["buffers"];
    if (!buffers.is_object()) return at("buffers", "must be an object of named buffers, not " + typeOf(buffers));
    for (const auto& [name, entry] : buffers.items()) {
        const std::string path = "buffers." + name;
        if (!entry.is_object() || (entry.contains("file") == entry.contains("channels")))
            return at(path, "must be { \"channels\": [[…], …], \"sampleRateHz\": n } or { \"file\": \"path\" }");
        for (const auto& [key, value] : entry.items())
            if (key != "file" && key != "channels" && key != "sampleRateHz")
                return at(path + "." + key, "is not a buffer field (fields: channels, sampleRateHz, file)");
        if (entry.contains("file")) {
            const json& file = entry["file"];
            if (!file.is_string() || file.get<std::string>().empty())
                return at(path + ".file", "must be a non-empty path, not " + file.dump());
            if (entry.contains("sampleRateHz"))
                return at(path + ".sampleRateHz", "is the file's own; give it only with channels");
            if (hostBuffers == nullptr || hostBuffers->find(name) == hostBuffers->end())
                return at(path,
                          "the file '" + file.get<std::string>() +
                              "' was not loaded by the host (the host decodes files and gives the buffer by name)");
            continue;
        }
        if (hostBuffers != nullptr && hostBuffers->find(name) != hostBuffers->end())
            return at(path, "is also given by the host; use one of the two");
        double sampleRateHz = spec.sampleRateHz;
        if (entry.contains("sampleRateHz")) {
            if (!entry["sampleRateHz"].is_number())
                return at(path + ".sampleRateHz", "must be a number, not " + entry["sampleRateHz"].dump());
            sampleRateHz = entry["sampleRateHz"].get<double>();
        }
        const json& channels = entry["channels"];
        if (!channels.is_array() || channels.empty())
            return at(path + ".channels", "must be an array of 1…" + std::to_string(AudioBuffer::kMaxChannels) +
                                              " channels (arrays of numbers)");
        std::vector<std::vector<float>> samples(channels.size() <= AudioBuffer::kMaxChannels ? channels.size() : 0);
        for (size_t c = 0; c < samples.size(); ++c) {
            const json& channel = channels[c];
            const std::string channelPath = path + ".channels[" + std::to_string(c) + "]";
            if (!channel.is_array()) return at(channelPath, "must be an array of numbers, not " + typeOf(channel));
            samples[c].resize(channel.size());
            for (size_t i = 0; i < channel.size(); ++i) {
                if (!channel[i].is_number())
                    return at(channelPath + "[" + std::to_string(i) + "]",
                              "must be a number, not " + channel[i].dump());
                samples[c][i] = static_cast<float>(channel[i].get<double>());
            }
        }
        if (samples.empty())
            return at(path + ".channels", std::to_string(channels.size()) + " channels is out of range (1…" +
                                              std::to_string(AudioBuffer::kMaxChannels) + ")");
        std::shared_ptr<const AudioBuffer> made;
        if (auto s = AudioBuffer::make(std::move(samples), sampleRateHz, made); !s) return at(path, s.message());
        out.buffers[name] = std::move(made);
    }
    return Status::ok();
}

/// An upper bound of the depth nlohmann's parser callback reports for `text` (the number of
/// containers open around each key and value, counted at its first character outside strings):
/// equal to it for valid JSON, never below it for a prefix the parser accepts.
int nestingDepthAtMost(std::string_view text) {
    int open = 0;
    int deepest = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
            case ' ':
            case '\t':
            case '\n':
            case '\r':
            case ',':
            case ':': break;
            case '}':
            case ']': open = open > 0 ? open - 1 : 0; break;
            case '{':
            case '[':
                deepest = std::max(deepest, open);
                ++open;
                break;
            case '"': inString = true; [[fallthrough]];
            default: deepest = std::max(deepest, open); break;
        }
    }
    return deepest;
}

Status readConnection(const json& c, const std::string& path, CycleCheck cycleCheck, GraphFromJson& out) {
    if (!c.is_object()) return at(path, "must be an object with from and to, not " + typeOf(c));
    NodeId ends[2] = {0, 0};
    const char* keys[2] = {"from", "to"};
    for (int k = 0; k < 2; ++k) {
        if (!c.contains(keys[k]) || !c[keys[k]].is_string())
            return at(path + "." + keys[k], "must be a node id string");
        const std::string id = c[keys[k]].get<std::string>();
        auto it = out.ids.find(id);
        if (it == out.ids.end()) return at(path + "." + keys[k], "'" + id + "' is not the id of a node");
        ends[k] = it->second;
    }
    Connection connection{ends[0], 0, ends[1], 0};
    if (auto s = portIndex(c, "output", path, connection.output); !s) return s;
    if (auto s = portIndex(c, "input", path, connection.input); !s) return s;
    if (auto s = out.graph.connect(connection, cycleCheck); !s) return at(path, s.message());
    return Status::ok();
}

}  // namespace

Status automationCallsFromJson(std::string_view text, const ParameterInfo& info, const ProcessSpec& spec,
                               std::vector<AutomationCall>& out) {  // [control]
    if (text.size() > kMaxGraphJsonBytes)
        return Status::error("the timeline calls are " + std::to_string(text.size()) + " bytes (at most " +
                             std::to_string(kMaxGraphJsonBytes) + ")");
    const json list = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (list.is_discarded()) return Status::error(jsonParseErrorMessage(text));
    return readAutomation(list, "calls", info, spec, out);
}

Status graphFromJson(std::string_view text, const NodeRegistry& registry, const ProcessSpec& spec, GraphFromJson& out,
                     const std::map<std::string, NodeId>* keepIds,
                     const AudioBufferMap* hostBuffers) {  // [control]
    if (text.size() > kMaxGraphJsonBytes)
        return Status::error("the graph description is " + std::to_string(text.size()) + " bytes (at most " +
                             std::to_string(kMaxGraphJsonBytes) + ")");
    // nlohmann's callback parser scans an object's parent array at every object end (quadratic
    // in the number of nodes and connections), so it runs only when a plain scan of the text
    // finds nesting beyond the limit; otherwise the callback would have kept every value.
    int deepest = 0;
    json root;
    if (nestingDepthAtMost(text) <= kMaxGraphJsonDepth) {
        root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    } else {
        const json::parser_callback_t depthCheck = [&deepest](int depth, json::parse_event_t, json&) {
            deepest = depth > deepest ? depth : deepest;
            return depth <= kMaxGraphJsonDepth;
        };
        root = json::parse(text.begin(), text.end(), depthCheck, /*allow_exceptions=*/false);
    }
    if (deepest > kMaxGraphJsonDepth)
        return Status::error("the graph description nests JSON deeper than " + std::to_string(kMaxGraphJsonDepth) +
                             " levels");
    if (root.is_discarded()) {
        return Status::error(jsonParseErrorMessage(text));
    }
    if (!root.is_object()) return Status::error("the graph description must be a JSON object, not " + typeOf(root));
    if (!root.contains("nodes") || !root["nodes"].is_array() || root["nodes"].empty())
        return at("nodes", "must be a non-empty array of nodes");
    const json& nodes = root["nodes"];
    if (nodes.size() > kMaxGraphNodes)
        return at("nodes", std::to_string(nodes.size()) + " nodes (at most " + std::to_string(kMaxGraphNodes) + ")");
    if (auto s = readBuffers(root, spec, hostBuffers, out); !s) return s;
    if (keepIds != nullptr)  // automatic ids go above every kept id
        for (const auto& [name, id] : *keepIds) out.graph.reserveIdsBelow(id + 1);
    for (size_t i = 0; i < nodes.size(); ++i)
        if (auto s = readNode(nodes[i], "nodes[" + std::to_string(i) + "]", registry, spec, keepIds, out); !s) return s;
    if (root.contains("connections")) {
        const json& connections = root["connections"];
        if (!connections.is_array()) return at("connections", "must be an array, not " + typeOf(connections));
        if (connections.size() > kMaxGraphConnections)
            return at("connections", std::to_string(connections.size()) + " connections (at most " +
                                         std::to_string(kMaxGraphConnections) + ")");
        // Every connection is checked for cycles once, together (linear in nodes + connections);
        // only when there is one are they made again one by one, to name the first that closes it.
        for (const CycleCheck check : {CycleCheck::deferred, CycleCheck::now}) {
            for (size_t i = 0; i < connections.size(); ++i)
                if (auto s = readConnection(connections[i], "connections[" + std::to_string(i) + "]", check, out); !s)
                    return s;
            if (!out.graph.hasCycle()) break;
            out.graph.disconnectAll();
        }
    }
    if (!root.contains("output") || !root["output"].is_string())
        return at("output", "must be the id of the output node");
    const std::string outputId = root["output"].get<std::string>();
    auto it = out.ids.find(outputId);
    if (it == out.ids.end()) return at("output", "'" + outputId + "' is not the id of a node");
    if (auto s = out.graph.setOutput(it->second); !s) return at("output", s.message());
    return Status::ok();
}

}  // namespace wavegraph
