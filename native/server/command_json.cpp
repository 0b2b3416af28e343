#include "server/command_json.h"

#include <cmath>

#include "server/utf8_prefix.h"

namespace wavegraph::server {

namespace {
constexpr size_t kMaxBatch = 1024;

bool wholeNonNegative(const nlohmann::json& v, double limit) {  // [control]
    if (v.is_number_unsigned()) return v.get<double>() <= limit;
    if (v.is_number_integer()) return v.get<int64_t>() >= 0 && v.get<double>() <= limit;
    if (v.is_number_float()) {
        const double d = v.get<double>();
        return std::isfinite(d) && d >= 0 && d <= limit && std::floor(d) == d;
    }
    return false;
}
}  // namespace

Status parseParameterCommand(const nlohmann::json& object, const std::string& path,
                             cli::ParameterCommand& out) {  // [control]
    const std::string at = path.empty() ? "" : path + ".";
    if (!object.is_object()) return Status::error((path.empty() ? "the command" : path) + ": not an object");
    out = cli::ParameterCommand{};
    const auto node = object.find("node");
    if (node == object.end()) return Status::error(at + "node: missing (a JSON id such as \"eq\", or a node id)");
    if (node->is_string() && !node->get<std::string>().empty())
        out.node = node->get<std::string>();
    else if (wholeNonNegative(*node, 4294967295.0))
        out.nodeId = node->get<uint32_t>();
    else
        return Status::error(at + "node: " + node->dump() + " is not a JSON id or node id");
    const auto param = object.find("param");
    if (param == object.end())
        return Status::error(at + "param: missing (a parameter name such as \"band4.gainDb\", or its id)");
    if (param->is_string() && !param->get<std::string>().empty())
        out.param = param->get<std::string>();
    else if (wholeNonNegative(*param, 4294967295.0))
        out.paramId = param->get<uint32_t>();
    else
        return Status::error(at + "param: " + param->dump() + " is not a parameter name or id");
    const auto value = object.find("value");
    if (value == object.end()) return Status::error(at + "value: missing");
    if (!value->is_number() || !std::isfinite(value->get<double>()))
        return Status::error(at + "value: " + value->dump() + " is not a finite number");
    out.value = value->get<double>();
    if (const auto frame = object.find("atFrame"); frame != object.end() && !frame->is_null()) {
        if (!wholeNonNegative(*frame, 9007199254740992.0))
            return Status::error(at + "atFrame: " + frame->dump() +
                                 " is not a whole number of frames (allowed 0…2^53)");
        out.atFrame = static_cast<int64_t>(frame->get<double>());
    }
    if (const auto ramp = object.find("rampMs"); ramp != object.end() && !ramp->is_null()) {
        if (!ramp->is_number() || !(ramp->get<double>() >= 0.0 && ramp->get<double>() <= 60000.0))
            return Status::error(at + "rampMs: " + ramp->dump() + " is out of range (0…60000 ms)");
    }
    return Status::ok();
}

Status parseParameterBatch(const nlohmann::json& body, std::vector<cli::ParameterCommand>& out) {  // [control]
    if (!body.is_object()) return Status::error("the body is not a JSON object (expected {\"params\":[…]})");
    const auto params = body.find("params");
    if (params == body.end() || !params->is_array())
        return Status::error(
            "params: missing or not an array (expected {\"params\":[{\"node\",\"param\",\"value\"}, …]})");
    if (params->empty() || params->size() > kMaxBatch)
        return Status::error("params: " + std::to_string(params->size()) + " commands (allowed 1…" +
                             std::to_string(kMaxBatch) + ")");
    out.clear();
    for (size_t i = 0; i < params->size(); ++i) {
        cli::ParameterCommand command;
        if (auto status = parseParameterCommand((*params)[i], "params[" + std::to_string(i) + "]", command); !status)
            return status;
        out.push_back(command);
    }
    return Status::ok();
}

Status parseLiveMessage(std::string_view text, LiveMessage& out) {  // [control]
    out = LiveMessage{};
    out.json = nlohmann::json::parse(text, nullptr, false);
    if (out.json.is_discarded()) return Status::error("not JSON (send one JSON object per message)");
    if (!out.json.is_object()) return Status::error("not a JSON object (send {\"op\": …})");
    if (const auto id = out.json.find("id"); id != out.json.end() && id->is_number()) out.id = *id;
    const auto op = out.json.find("op");
    if (op == out.json.end() || !op->is_string())
        return Status::error(std::string("op: missing (allowed ") + kLiveOps + ")");
    out.op = op->get<std::string>();
    for (const char* known : {"setParam", "loadGraph", "subscribe", "stats", "parameters", "status"})
        if (out.op == known) return Status::ok();
    const std::string shown(utf8Prefix(out.op, 64));
    return Status::error("op: unknown '" + shown + "' (allowed " + kLiveOps + ")");
}

}  // namespace wavegraph::server
