#include "cli/play_controls.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "cli/eq_option_parsing.h"
#include "host/error_line.h"
#include "base/format_number.h"
#include "session/default_registry.h"
#include "host/number_parsing.h"

namespace wavegraph::cli {

namespace {
constexpr const char* kUsage = "allowed: set NODE.PARAM VALUE, eq BAND DB, gain DB, graph FILE.json, status, quit";

std::vector<std::string> words(std::string_view line) {  // [control]
    std::istringstream stream{std::string(line)};
    std::vector<std::string> result;
    for (std::string word; stream >> word;) result.push_back(word);
    return result;
}

std::string unitOf(std::string_view name) {  // [control]
    auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.substr(name.size() - s.size()) == s; };
    if (ends("Db")) return " dB";
    if (ends("Hz")) return " Hz";
    if (ends("Ms")) return " ms";
    return "";
}

bool readTextFile(const std::string& path, std::string& text) {  // [control]
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return false;
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    std::fclose(file);
    return true;
}
}  // namespace

Status PlayControls::loadGraph(const std::string& path) {  // [control]
    std::string text;
    if (!readTextFile(path, text)) return Status::error(path + ": cannot open the file");
    ProcessSpec spec;
    spec.sampleRateHz = engine_.setup().sampleRateHz;
    spec.numChannels = engine_.setup().channels;
    spec.maxBlockFrames = engine_.setup().maxBlockFrames;
    auto described = std::make_unique<GraphFromJson>();
    if (auto status = graphFromJson(text, makeDefaultNodeRegistry(), spec, *described); !status)
        return Status::error(path + ": " + status.message());
    std::unique_ptr<CompiledGraph> plan;
    if (auto status = described->graph.compile(spec, plan); !status) return Status::error(path + ": " + status.message());
    // (retired plans are collected by the main loop: collectRetired has one caller thread)
    if (auto status = engine_.graph().publish(std::move(plan)); !status)
        return Status::error(path + ": " + status.message());
    described_ = std::move(described);
    engine_.useGraph();
    return Status::ok();
}

Status PlayControls::pushCommand(uint32_t node, uint32_t param, double value) {  // [control]
    CommandRecord record;
    record.target = node;
    record.param = param;
    record.value = value;
    CommandRingView& ring = described_ ? engine_.graph().commandRing() : engine_.chain().commandRing();
    if (!described_)
        if (auto status = engine_.chain().validate(record); !status) return status;
    if (!ring.tryPush(record))
        return Status::error("command ring full (" + std::to_string(ring.capacity()) + " commands waiting); try again");
    return Status::ok();
}

Status PlayControls::graphParameter(const std::string& nodeId, const std::string& paramName, double value,
                                    std::string& ack) {  // [control]
    const auto found = described_->ids.find(nodeId);
    if (found == described_->ids.end()) {
        std::string known;
        for (const auto& [id, _] : described_->ids) known += (known.empty() ? "" : ", ") + id;
        return Status::error("no node '" + nodeId + "' in the graph (nodes: " + known + ")");
    }
    const Node* node = described_->graph.node(found->second);
    const auto parameters = node->parameters();
    for (uint32_t p = 0; p < parameters.size(); ++p) {
        if (parameters[p].name != paramName) continue;
        if (auto status = parameters[p].validate(value); !status) return status;
        if (auto status = pushCommand(found->second, p, value); !status) return status;
        ack = nodeId + "." + paramName + " -> " + formatNumber(value) + unitOf(paramName);
        return Status::ok();
    }
    std::string known;
    for (const auto& info : parameters) known += (known.empty() ? "" : ", ") + std::string(info.name);
    return Status::error("node '" + nodeId + "' (" + std::string(node->typeName()) + ") has no parameter '" + paramName +
                         "' (parameters: " + (known.empty() ? "none" : known) + ")");
}

Status PlayControls::set(const std::string& target, const std::string& valueText, std::string& ack) {  // [control]
    const auto value = parseNumber(valueText);
    if (!value) return Status::error("'" + valueText + "' is not a number");
    const auto dot = target.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == target.size())
        return Status::error("'" + target + "' is not NODE.PARAM (e.g. eq.band4.gainDb)");
    if (described_) return graphParameter(target.substr(0, dot), target.substr(dot + 1), *value, ack);
    for (uint32_t node = 0; node < 16; ++node)
        for (uint32_t param = 0; param < 64; ++param) {
            if (ReferenceChain::parameterName(node, param) != target) continue;
            if (auto status = pushCommand(node, param, *value); !status) return status;
            ack = target + " -> " + formatNumber(*value) + unitOf(target);
            return Status::ok();
        }
    return Status::error("the reference chain has no parameter '" + target +
                         "' (e.g. eq.band4.gainDb, eq.band4.frequencyHz, masterGain.gainDb)");
}

void PlayControls::handleLine(std::string_view line) {  // [control]
    const auto parts = words(line);
    if (parts.empty()) return;
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : " ") + p;
    const std::string& verb = parts[0];
    std::string ack;
    Status status = Status::ok();
    if (verb == "quit" && parts.size() == 1) {
        quit_.store(true);
        return;
    } else if (verb == "status" && parts.size() == 1) {
        printLine(statusLine_());
        return;
    } else if (verb == "set" && parts.size() == 3) {
        status = set(parts[1], parts[2], ack);
    } else if (verb == "eq" && parts.size() == 3) {
        if (described_) {
            std::string eqId;
            for (const auto& [id, nodeId] : described_->ids)
                if (described_->graph.node(nodeId)->typeName() == "parametricEq") { eqId = id; break; }
            if (eqId.empty()) status = Status::error("the graph has no parametricEq node; use set NODE.PARAM VALUE");
            else status = set(eqId + ".band" + parts[1] + ".gainDb", parts[2], ack);
        } else {
            CommandRecord record;
            status = parseBandGain(engine_.chain(), parts[1], parts[2], record);
            if (status) status = pushCommand(record.target, record.param, record.value);
            if (status) ack = ReferenceChain::parameterName(record.target, record.param) + " -> " + formatNumber(record.value) + " dB";
        }
    } else if (verb == "gain" && parts.size() == 2) {
        if (described_) {
            std::string gainId = described_->ids.count("master") ? "master" : "";
            for (const auto& [id, nodeId] : described_->ids)
                if (gainId.empty() && described_->graph.node(nodeId)->typeName() == "gain") gainId = id;
            if (gainId.empty()) status = Status::error("the graph has no gain node; use set NODE.PARAM VALUE");
            else status = set(gainId + ".gainDb", parts[1], ack);
        } else {
            CommandRecord record;
            status = parseMasterGain(engine_.chain(), parts[1], record);
            if (status) status = pushCommand(record.target, record.param, record.value);
            if (status) ack = ReferenceChain::parameterName(record.target, record.param) + " -> " + formatNumber(record.value) + " dB";
        }
    } else if (verb == "graph" && parts.size() == 2) {
        status = loadGraph(parts[1]);
        if (status) ack = "graph " + parts[1] + " published";
    } else if (verb == "set" || verb == "eq" || verb == "gain" || verb == "graph" || verb == "status" || verb == "quit") {
        status = Status::error(std::string("wrong number of values (") + kUsage + ")");
    } else {
        status = Status::error(std::string("unknown command (") + kUsage + ")");
    }
    printLine(status ? ack : text + ": " + status.message());
}

}  // namespace wavegraph::cli
