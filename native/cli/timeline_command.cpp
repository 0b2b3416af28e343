#include "cli/timeline_command.h"

#include <string_view>

#include "automation/automation_call.h"
#include "base/format_number.h"
#include "cli/parameter_options.h"
#include "host/number_parsing.h"

namespace wavegraph::cli {

namespace {

/// The argument keys of a method ("value, timeSeconds" → {"value", "timeSeconds"}). [control]
std::vector<std::string> argumentNames(std::string_view arguments) {
    std::vector<std::string> names;
    while (!arguments.empty()) {
        const auto comma = arguments.find(',');
        names.emplace_back(arguments.substr(0, comma));
        if (comma == std::string_view::npos) break;
        arguments.remove_prefix(comma + 1);
        while (!arguments.empty() && arguments.front() == ' ') arguments.remove_prefix(1);
    }
    return names;
}

Status parseSeconds(const std::string& key, const std::string& text, double& out) {  // [control]
    const auto parsed = parseNumber(text);
    if (!parsed) return Status::error(key + " '" + text + "' is not a number (seconds on the engine's clock)");
    out = *parsed;
    return Status::ok();
}

Status parseValues(const HostSession& session, const std::string& name, const std::string& text,
                   std::vector<double>& out) {  // [control]
    std::string_view rest = text;
    while (true) {
        const auto comma = rest.find(',');
        double value = 0.0;
        if (auto s = parseParameterValue(session, name, rest.substr(0, comma), value); !s)
            return Status::error("values: " + s.message());
        out.push_back(value);
        if (comma == std::string_view::npos) return Status::ok();
        rest.remove_prefix(comma + 1);
    }
}

}  // namespace

bool isTimelineCommand(const std::string& verb) noexcept { return timelineMethodNamed(verb).has_value(); }

Status applyTimelineCommand(HostSession& session, const std::vector<std::string>& words,
                            std::string& ack) {  // [control]
    const auto method = timelineMethodNamed(words.empty() ? std::string_view{} : std::string_view{words[0]});
    if (!method) return Status::error("not a timeline method");
    const TimelineMethodInfo& info = kTimelineMethods[static_cast<size_t>(*method)];
    const auto keys = argumentNames(info.arguments);
    if (words.size() != keys.size() + 2) {
        std::string usage;
        for (const auto& key : keys) usage += " " + key;
        const size_t given = words.size() < 2 ? 0 : words.size() - 2;
        return Status::error(std::string(info.name) + " takes NODE.PARAM" + usage + " (" + std::to_string(keys.size()) +
                             " values after NODE.PARAM, " + std::to_string(given) + " given)");
    }
    const std::string& name = words[1];
    HostSession::ParameterRef ref;
    if (auto s = session.findParameter(name, ref); !s) return s;
    AutomationCall call;
    call.method = *method;
    std::string described;
    for (size_t i = 0; i < keys.size(); ++i) {
        const std::string& key = keys[i];
        const std::string& text = words[i + 2];
        Status s = Status::ok();
        if (key == "value") {
            s = parseParameterValue(session, name, text, call.value);
            described += " " + formatNumber(call.value) + unitSuffix(session, name);
        } else if (key == "values") {
            s = parseValues(session, name, text, call.values);
            described += " " + std::to_string(call.values.size()) + " values";
        } else if (key == "timeSeconds") {
            s = parseSeconds(key, text, call.timeSeconds);
            described += " at " + formatNumber(call.timeSeconds) + " s";
        } else if (key == "timeConstantSeconds") {
            s = parseSeconds(key, text, call.timeConstantSeconds);
            described += " time constant " + formatNumber(call.timeConstantSeconds) + " s";
        } else {
            s = parseSeconds(key, text, call.durationSeconds);
            described += " for " + formatNumber(call.durationSeconds) + " s";
        }
        if (!s) return s;
    }
    if (auto s = session.graph().automate(ref.nodeId, ref.param, call); !s) return s;
    ack = name + ": " + std::string(info.name) + described;
    return Status::ok();
}

}  // namespace wavegraph::cli
