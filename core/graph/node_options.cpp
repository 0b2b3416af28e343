#include "graph/node_options.h"

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "base/format_number.h"

namespace wavegraph {

struct NodeOptions::Parsed {
    nlohmann::json object = nlohmann::json::object();
    const nlohmann::json* find(std::string_view name) const {
        auto it = object.find(std::string(name));
        return it == object.end() ? nullptr : &*it;
    }
};

namespace {
Status bad(std::string_view name, const std::string& problem) {
    return Status::error(std::string(name) + ": " + problem);
}
std::string count(size_t n) { return std::to_string(n); }
}  // namespace

NodeOptions::NodeOptions() : parsed_(std::make_unique<Parsed>()) {}
NodeOptions::~NodeOptions() = default;
NodeOptions::NodeOptions(NodeOptions&&) noexcept = default;
NodeOptions& NodeOptions::operator=(NodeOptions&&) noexcept = default;

Status NodeOptions::parse(std::string_view json, NodeOptions& out) {  // [control]
    auto value = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded() || !value.is_object()) return Status::error("options must be a JSON object");
    out.parsed_->object = std::move(value);
    return Status::ok();
}

bool NodeOptions::has(std::string_view name) const { return parsed_->find(name) != nullptr; }  // [control]

Status NodeOptions::readCount(std::string_view name, uint32_t min, uint32_t max, uint32_t fallback,
                              uint32_t& out) const {  // [control]
    out = fallback;
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    const std::string range = "(" + count(min) + "…" + count(max) + ")";
    if (!v->is_number_integer()) return bad(name, "must be an integer " + range + ", not " + v->dump());
    if (v->is_number_unsigned() ? v->get<uint64_t>() > max || v->get<uint64_t>() < min : true)
        return bad(name, v->dump() + " is out of range " + range);
    out = static_cast<uint32_t>(v->get<uint64_t>());
    return Status::ok();
}

Status NodeOptions::readNumber(std::string_view name, double min, double max, double fallback,
                               double& out) const {  // [control]
    out = fallback;
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    const std::string range = "(" + formatNumber(min) + "…" + formatNumber(max) + ")";
    if (!v->is_number()) return bad(name, "must be a number " + range + ", not " + v->dump());
    const double x = v->get<double>();
    if (!(x >= min && x <= max)) return bad(name, formatNumber(x) + " is out of range " + range);
    out = x;
    return Status::ok();
}

Status NodeOptions::readBool(std::string_view name, bool fallback, bool& out) const {  // [control]
    out = fallback;
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    if (!v->is_boolean()) return bad(name, "must be true or false, not " + v->dump());
    out = v->get<bool>();
    return Status::ok();
}

Status NodeOptions::readChoice(std::string_view name, std::initializer_list<std::string_view> choices,
                               std::string_view fallback, std::string& out) const {  // [control]
    out = std::string(fallback);
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    std::string allowed;
    for (auto c : choices) allowed += (allowed.empty() ? "'" : ", '") + std::string(c) + "'";
    if (v->is_string())
        for (auto c : choices)
            if (v->get<std::string>() == c) {
                out = std::string(c);
                return Status::ok();
            }
    return bad(name, v->dump() + " is not one of " + allowed);
}

namespace {
Status readFloatArray(std::string_view name, const nlohmann::json& v, size_t minCount, size_t maxCount,
                      std::vector<float>& out) {
    const std::string range = "(" + count(minCount) + "…" + count(maxCount) + " numbers)";
    if (!v.is_array()) return bad(name, "must be an array of numbers " + range);
    if (v.size() < minCount || v.size() > maxCount)
        return bad(name, count(v.size()) + " numbers is out of range " + range);
    out.resize(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number())
            return bad(std::string(name) + "[" + count(i) + "]", "must be a number, not " + v[i].dump());
        const double x = v[i].get<double>();
        const auto f = static_cast<float>(x);
        if (!std::isfinite(x) || !std::isfinite(f))
            return bad(std::string(name) + "[" + count(i) + "]", formatNumber(x) + " is not a finite float32");
        out[i] = f;
    }
    return Status::ok();
}
}  // namespace

Status NodeOptions::readFloats(std::string_view name, size_t minCount, size_t maxCount,
                               std::vector<float>& out) const {  // [control]
    out.clear();
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    return readFloatArray(name, *v, minCount, maxCount, out);
}

Status NodeOptions::readChannels(std::string_view name, uint32_t maxChannels, size_t maxFrames,
                                 std::vector<std::vector<float>>& out) const {  // [control]
    out.clear();
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    if (!v->is_array() || v->empty() || v->size() > maxChannels)
        return bad(name, "must be an array of 1…" + count(maxChannels) + " channels (arrays of numbers)");
    out.resize(v->size());
    for (size_t c = 0; c < v->size(); ++c) {
        if (auto s = readFloatArray(std::string(name) + "[" + count(c) + "]", (*v)[c], 1, maxFrames, out[c]); !s)
            return s;
        if (out[c].size() != out[0].size())
            return bad(std::string(name) + "[" + count(c) + "]",
                       count(out[c].size()) + " frames, not " + count(out[0].size()) + " as channel 0");
    }
    return Status::ok();
}

Status NodeOptions::readString(std::string_view name, std::string_view fallback, std::string& out) const {  // [control]
    out = std::string(fallback);
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    if (!v->is_string() || v->get<std::string>().empty())
        return bad(name, "must be a non-empty string, not " + v->dump());
    out = v->get<std::string>();
    return Status::ok();
}

Status NodeOptions::readBuffer(std::string_view name, std::shared_ptr<const AudioBuffer>& out) const {  // [control]
    out = nullptr;
    const auto* v = parsed_->find(name);
    if (v == nullptr) return Status::ok();
    std::string defined;
    if (buffers_ != nullptr)
        for (const auto& [bufferName, buffer] : *buffers_) defined += (defined.empty() ? "" : ", ") + bufferName;
    if (defined.empty()) defined = "none";
    if (!v->is_string()) return bad(name, "must be the name of a buffer (defined: " + defined + "), not " + v->dump());
    const std::string wanted = v->get<std::string>();
    if (buffers_ != nullptr)
        if (auto it = buffers_->find(wanted); it != buffers_->end()) {
            out = it->second;
            return Status::ok();
        }
    return bad(name, "no buffer named '" + wanted + "' (defined: " + defined + ")");
}

}  // namespace wavegraph
