#include "cli/parameter_options.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "host/number_parsing.h"
#include "session/default_registry.h"
#include "session/reference_graph.h"
#include "session/schema.h"

namespace wavegraph::cli {

Status eqBandParameterName(const HostSession& session, std::string_view bandText, std::string& name) {  // [control]
    const auto band = parseWholeNumber(bandText);
    if (!band || *band < 0 || *band > int64_t{UINT32_MAX})
        return Status::error("band '" + std::string(bandText) + "' is not a whole number (e.g. 4)");
    const std::string candidate = std::string(kEqNode) + ".band" + std::to_string(*band) + ".gainDb";
    HostSession::ParameterRef ref;
    if (auto found = session.findParameter(candidate, ref); !found) {
        const int64_t id = session.graph().nodeId(kEqNode);
        if (id < 0) return found;
        uint32_t bands = 0;
        for (const auto& info : session.graph().node(static_cast<uint32_t>(id))->parameters())
            if (info.name == "band" + std::to_string(bands) + ".gainDb") ++bands;
        if (bands == 0) return found;
        return Status::error(std::string(kEqNode) + " has no band " + std::to_string(*band) + " (bands 0…" +
                             std::to_string(bands - 1) + ")");
    }
    name = candidate;
    return Status::ok();
}

Status parseParameterValue(const HostSession& session, std::string_view name, std::string_view text,
                           double& value) {  // [control]
    HostSession::ParameterRef ref;
    if (auto status = session.findParameter(name, ref); !status) return status;
    const auto parsed = parseNumber(text);
    if (!parsed) {
        const ParameterInfo& info = session.graph().node(ref.nodeId)->parameters()[ref.param];
        return Status::error(std::string(name) + " '" + std::string(text) + "' is not a number (allowed " +
                             info.rangeText() + ")");
    }
    value = *parsed;
    return Status::ok();
}

namespace {
Status setNow(HostSession& session, const std::string& name, std::string_view valueText) {  // [control]
    double value = 0.0;
    if (auto status = parseParameterValue(session, name, valueText, value); !status) return status;
    return session.setParameterNow(name, value);
}
}  // namespace

Status applyParameterOptions(HostSession& session, const ParameterOptions& options) {  // [control]
    for (const auto& text : options.eq) {
        const auto equals = text.find('=');
        std::string name;
        Status status = equals == std::string::npos
                            ? Status::error("expected BAND=DB, e.g. --eq 4=-20")
                            : eqBandParameterName(session, std::string_view(text).substr(0, equals), name);
        if (status) status = setNow(session, name, std::string_view(text).substr(equals + 1));
        if (!status) return Status::error("--eq " + text + ": " + status.message());
    }
    if (options.gainDb)
        if (auto status = setNow(session, std::string(kMasterGainParameter), *options.gainDb); !status)
            return Status::error("--gain-db " + *options.gainDb + ": " + status.message());
    return Status::ok();
}

std::string referenceRangeText(std::string_view name) {  // [control]
    // Only the node that holds the parameter, made and prepared alone at the schema's rate: the
    // help texts are built at every start of the program, and a whole session would allocate and
    // clear every buffer of the graph (the analyser's ring) for them.
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) return "";
    const std::string_view nodeName = name.substr(0, dot), paramName = name.substr(dot + 1);
    const auto graph = nlohmann::json::parse(kReferenceGraphJson, nullptr, false, false);
    if (graph.is_discarded()) return "";
    for (const auto& node : graph["nodes"]) {
        if (node.value("id", "") != nodeName) continue;
        const auto made = makeDefaultNodeRegistry().create(node.value("type", ""));
        if (!made) return "";
        made->prepare(ProcessSpec{kSchemaSampleRateHz, 128, 2});
        for (const auto& info : made->parameters())
            if (info.name == paramName) return info.rangeText();
    }
    return "";
}

std::string unitSuffix(const HostSession& session, std::string_view name) {  // [control]
    HostSession::ParameterRef ref;
    if (!session.findParameter(name, ref)) return "";
    const auto unit = session.graph().node(ref.nodeId)->parameters()[ref.param].unit;
    return unit.empty() ? "" : " " + std::string(unit);
}

}  // namespace wavegraph::cli
