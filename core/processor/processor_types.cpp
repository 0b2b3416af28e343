#include "processor/processor_types.h"

#include <cmath>
#include <cstring>
#include <set>

#include "base/format_number.h"
#include "processor/processor_node.h"
#include "processor/processor_type.h"

namespace wavegraph {

namespace {

std::string abiText(uint32_t major, uint32_t minor) { return std::to_string(major) + "." + std::to_string(minor); }

// `text` for a one-line message: bytes outside printable ASCII as \xNN, at most 80 bytes shown. [control]
std::string printable(const char* text) {
    std::string shown;
    const size_t length = std::strlen(text);
    for (size_t i = 0; i < length && i < 80; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            shown += static_cast<char>(byte);
        } else {
            constexpr char kHex[] = "0123456789abcdef";
            shown += {'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
        }
    }
    if (length > 80) shown += "…";
    return shown;
}

// Ok when `text` is 1…WG_PROCESSOR_MAX_NAME_LENGTH bytes of letters, digits and `extra`. [control]
Status checkName(const char* text, const char* what, const char* extra) {
    if (text == nullptr) return Status::error(std::string(what) + " is missing (NULL)");
    const size_t length = std::strlen(text);
    if (length == 0 || length > WG_PROCESSOR_MAX_NAME_LENGTH)
        return Status::error(std::string(what) + " '" + printable(text) + "' has " + std::to_string(length) +
                             " bytes (allowed 1…" + std::to_string(WG_PROCESSOR_MAX_NAME_LENGTH) + ")");
    for (size_t i = 0; i < length; ++i) {
        const char c = text[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        std::strchr(extra, c) != nullptr;
        if (!ok) {
            const char one[2] = {c, 0};
            return Status::error(std::string(what) + " '" + printable(text) + "' has the character '" + printable(one) +
                                 "' (allowed: letters, digits and " + extra + ")");
        }
    }
    return Status::ok();
}

// Ok when `unit` is at most WG_PROCESSOR_MAX_NAME_LENGTH bytes, none of them a control character
// (units appear in every range message, which must stay one line). [control]
Status checkUnit(const char* unit, const std::string& named) {
    const size_t length = std::strlen(unit);
    if (length > WG_PROCESSOR_MAX_NAME_LENGTH)
        return Status::error(named + ": unit '" + printable(unit) + "' has " + std::to_string(length) +
                             " bytes (allowed 0…" + std::to_string(WG_PROCESSOR_MAX_NAME_LENGTH) + ")");
    for (size_t i = 0; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(unit[i]);
        if (byte < 0x20 || byte == 0x7f)
            return Status::error(named + ": unit '" + printable(unit) +
                                 "' has a control character (allowed: printable characters)");
    }
    return Status::ok();
}

Status checkPorts(uint32_t count, const uint32_t* channels, uint32_t minCount, const char* what) {
    if (count < minCount || count > WG_PROCESSOR_MAX_PORTS)
        return Status::error(std::string(what) + " ports " + std::to_string(count) + " is out of range (" +
                             std::to_string(minCount) + "…" + std::to_string(WG_PROCESSOR_MAX_PORTS) + ")");
    if (count > 0 && channels == nullptr) return Status::error(std::string(what) + " channel table is missing (NULL)");
    for (uint32_t i = 0; i < count; ++i)
        if (channels[i] > WG_PROCESSOR_MAX_CHANNELS)
            return Status::error(std::string(what) + " port " + std::to_string(i) + " has " +
                                 std::to_string(channels[i]) + " channels (allowed 0…" +
                                 std::to_string(WG_PROCESSOR_MAX_CHANNELS) + ", 0 = the graph's count)");
    return Status::ok();
}

Status checkParameter(const wg_parameter_descriptor& p, uint32_t id, std::set<std::string>& seen) {
    const std::string label = "parameter " + std::to_string(id);
    if (auto s = checkName(p.name, (label + " name").c_str(), "_."); !s) return s;
    const std::string named = label + " '" + p.name + "'";
    if (!seen.insert(p.name).second) return Status::error(named + " appears twice");
    if (p.unit == nullptr) return Status::error(named + ": unit is missing (NULL; use \"\")");
    if (auto s = checkUnit(p.unit, named); !s) return s;
    if (!std::isfinite(p.min_value) || !std::isfinite(p.max_value) || !std::isfinite(p.default_value))
        return Status::error(named + ": min, max and default must be finite (got " + formatNumber(p.min_value) + ", " +
                             formatNumber(p.max_value) + ", " + formatNumber(p.default_value) + ")");
    if (p.min_value > p.max_value)
        return Status::error(named + ": min " + formatNumber(p.min_value) + " is above max " +
                             formatNumber(p.max_value));
    if (p.default_value < p.min_value || p.default_value > p.max_value)
        return Status::error(named + ": default " + formatNumber(p.default_value) + " is outside " +
                             formatNumber(p.min_value) + "…" + formatNumber(p.max_value));
    if (p.flags > WG_PARAMETER_SMOOTHED)
        return Status::error(named + ": flags " + std::to_string(p.flags) + " has unknown bits (allowed 0 or 1)");
    return Status::ok();
}

}  // namespace

std::string processorStatusText(int32_t status) {  // [any]
    const char* name = status == WG_PROCESSOR_OK              ? "ok"
                       : status == WG_PROCESSOR_OUT_OF_MEMORY ? "out of memory"
                       : status == WG_PROCESSOR_UNSUPPORTED   ? "unsupported"
                       : status == WG_PROCESSOR_BAD_PARAMETER ? "bad parameter"
                       : status == WG_PROCESSOR_EXCEPTION     ? "exception"
                                                              : "error";
    return "status " + std::to_string(status) + ": " + name;
}

Status checkProcessorDescriptor(const wg_processor_descriptor* d, const NodeRegistry& registry) {  // [control]
    if (d == nullptr) return Status::error("descriptor is missing (NULL)");
    if (d->abi_major != WG_PROCESSOR_ABI_MAJOR || d->abi_minor > WG_PROCESSOR_ABI_MINOR)
        return Status::error("processor ABI " + abiText(d->abi_major, d->abi_minor) +
                             " is not supported (this wavegraph reads " +
                             abiText(WG_PROCESSOR_ABI_MAJOR, WG_PROCESSOR_ABI_MINOR) + ")");
    if (d->struct_size < sizeof(wg_processor_descriptor))
        return Status::error("descriptor struct_size " + std::to_string(d->struct_size) + " is below " +
                             std::to_string(sizeof(wg_processor_descriptor)) + " (ABI " +
                             abiText(d->abi_major, d->abi_minor) + ")");
    if (auto s = checkName(d->type_name, "type name", "_.-"); !s) return s;
    const std::string named = std::string("processor '") + d->type_name + "': ";
    auto fail = [&](const Status& s) { return Status::error(named + s.message()); };
    if (registry.contains(d->type_name))
        return Status::error(std::string("type name '") + d->type_name + "' is already a node type");
    if (d->description == nullptr) return fail(Status::error("description is missing (NULL; use \"\")"));
    if (auto s = checkPorts(d->num_inputs, d->input_channels, 0, "input"); !s) return fail(s);
    if (auto s = checkPorts(d->num_outputs, d->output_channels, 1, "output"); !s) return fail(s);
    if (d->num_parameters > WG_PROCESSOR_MAX_PARAMETERS)
        return fail(Status::error("parameters " + std::to_string(d->num_parameters) + " is out of range (0…" +
                                  std::to_string(WG_PROCESSOR_MAX_PARAMETERS) + ")"));
    if (d->num_parameters > 0 && d->parameters == nullptr)
        return fail(Status::error("parameter table is missing (NULL)"));
    std::set<std::string> seen;
    for (uint32_t i = 0; i < d->num_parameters; ++i)
        if (auto s = checkParameter(d->parameters[i], i, seen); !s) return fail(s);
    const char* missing = d->create == nullptr          ? "create"
                          : d->prepare == nullptr       ? "prepare"
                          : d->reset == nullptr         ? "reset"
                          : d->process == nullptr       ? "process"
                          : d->set_parameter == nullptr ? "set_parameter"
                          : d->destroy == nullptr       ? "destroy"
                                                        : nullptr;
    if (missing != nullptr) return fail(Status::error(std::string("function ") + missing + " is missing (NULL)"));
    return Status::ok();
}

Status addProcessorTypes(NodeRegistry& registry, wg_processor_entry_fn entry, std::string_view origin,
                         std::shared_ptr<const void> keepAlive, std::vector<std::string>* added) {  // [control]
    const std::string prefix = std::string(origin) + ": ";
    if (entry == nullptr) return Status::error(prefix + "no entry function");
    NodeRegistry checked = registry;  // types of this entry may not clash with each other either
    std::vector<std::shared_ptr<const ProcessorType>> types;
    for (uint32_t index = 0;; ++index) {
        if (index > 1024) return Status::error(prefix + "the entry function lists more than 1024 types");
        const wg_processor_descriptor* d = entry(index);
        if (d == nullptr) break;
        if (auto s = checkProcessorDescriptor(d, checked); !s) return Status::error(prefix + s.message());
        auto type = std::make_shared<ProcessorType>();
        type->descriptor = d;
        type->typeName = d->type_name;
        type->description = d->description;
        type->origin = std::string(origin);
        type->keepAlive = keepAlive;
        for (uint32_t i = 0; i < d->num_parameters; ++i) {
            type->names.emplace_back(d->parameters[i].name);
            type->units.emplace_back(d->parameters[i].unit);
        }
        for (uint32_t i = 0; i < d->num_parameters; ++i) {
            const wg_parameter_descriptor& p = d->parameters[i];
            type->parameters.push_back(ParameterInfo{type->names[i], type->units[i], p.min_value, p.max_value,
                                                     p.default_value, (p.flags & WG_PARAMETER_SMOOTHED) != 0});
        }
        checked.add(type->typeName, [] { return nullptr; });
        types.push_back(std::move(type));
    }
    for (const auto& type : types) {
        registry.add(type->typeName, [type]() -> std::shared_ptr<Node> {
            auto node = std::make_shared<ProcessorNode>(type);
            return node;
        });
        if (added != nullptr) added->push_back(type->typeName);
    }
    return Status::ok();
}

}  // namespace wavegraph
