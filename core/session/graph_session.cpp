#include "session/graph_session.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "base/format_number.h"
#include "session/default_registry.h"

namespace wavegraph {

GraphSession::GraphSession() : registry_(makeDefaultNodeRegistry()) {}  // [control]

GraphSession::GraphSession(NodeRegistry registry) : registry_(std::move(registry)) {}  // [control]

Status GraphSession::prepare(const ProcessSpec& spec, uint32_t commandRingCapacity, uint32_t eventRingCapacity,
                             double crossfadeMs) {  // [control]
    if (auto s = validateSpec(spec); !s) return s;
    if (auto s = engine_.prepare(spec, commandRingCapacity, eventRingCapacity, crossfadeMs); !s) return s;
    spec_ = spec;
    prepared_ = true;
    return Status::ok();
}

void GraphSession::setObserved(bool observed) {  // [control]
    observed_ = observed;
    if (!loaded_) return;
    for (const auto& [name, id] : current_.ids)
        if (Node* n = node(id); n != nullptr)
            if (ObserverFeed* feed = n->observerFeed()) feed->setObserved(observed);
}

Status GraphSession::checkGraph(std::string_view json) const {  // [control]
    GraphFromJson parsed;
    if (auto s = graphFromJson(json, registry_, spec_, parsed, nullptr, &hostBuffers_); !s) return s;
    std::unique_ptr<CompiledGraph> plan;
    return parsed.graph.compile(spec_, plan);
}

Status GraphSession::loadGraph(std::string_view json) {  // [control]
    if (!prepared_) return Status::error("the engine is not prepared (call prepare before loadGraph)");
    engine_.collectRetired();
    GraphFromJson next;
    if (auto s = graphFromJson(json, registry_, spec_, next, loaded_ ? &current_.ids : nullptr, &hostBuffers_); !s)
        return s;
    std::unique_ptr<CompiledGraph> plan;
    if (auto s = next.graph.compile(spec_, plan); !s) return s;
    plan->setExplicitParameters(next.settings);
    if (!observed_)
        for (NodeId id : plan->order())
            if (ObserverFeed* feed = plan->nodeById(id)->observerFeed()) feed->setObserved(false);
    if (auto s = engine_.publish(std::move(plan)); !s) return s;
    auto automation = std::move(next.automation);
    current_ = std::move(next);
    jsonIdOf_.clear();
    for (const auto& [name, id] : current_.ids) jsonIdOf_[id] = name;
    loaded_ = true;
    // Timelines of nodes that left the graph end; the description's automation lists replace
    // the timelines of the parameters they name; other timelines run on.
    for (auto it = timelines_.begin(); it != timelines_.end();) {
        if (current_.graph.contains(it->first.first)) {
            ++it;
            continue;
        }
        const auto [target, param] = it->first;
        it = timelines_.erase(it);
        if (auto s = publishTimeline(target, param); !s) return s;
    }
    for (const auto& entry : automation) {
        Node* n = node(entry.node);
        const std::string name = jsonIdOf_.at(entry.node) + "." + std::string(n->parameters()[entry.param].name);
        ParamTimeline timeline(name);
        timeline.setStart(n->parameter(entry.param),
                          static_cast<double>(engine_.framesRendered()) / spec_.sampleRateHz);
        for (const auto& call : entry.calls)
            if (auto s = applyCall(timeline, call); !s) return s;
        timelines_.insert_or_assign({entry.node, entry.param}, std::move(timeline));
        if (automatedParameters() > GraphEngine::kMaxAutomationLanes)
            return Status::error(name + ": at most " + std::to_string(GraphEngine::kMaxAutomationLanes) +
                                 " parameters may be automated at once");
        if (auto s = publishTimeline(entry.node, entry.param); !s) return s;
    }
    return Status::ok();
}

size_t GraphSession::automatedParameters() const {  // [control]
    size_t count = 0;
    for (const auto& [key, timeline] : timelines_) count += timeline.empty() ? 0 : 1;
    return count;
}

Status GraphSession::publishTimeline(uint32_t target, uint32_t param) {  // [control]
    engine_.collectRetired();
    auto it = timelines_.find({target, param});
    std::unique_ptr<AutomationLane> lane;
    if (it == timelines_.end()) {
        lane = std::make_unique<AutomationLane>();
        lane->node = target;
        lane->param = param;
    } else {
        lane = it->second.compile(target, param, spec_.sampleRateHz);
    }
    return engine_.publishAutomation(std::move(lane));
}

Status GraphSession::automateJson(uint32_t target, uint32_t param, std::string_view callsJson) {  // [control]
    Node* n = node(target);
    if (n == nullptr) return Status::error("node " + std::to_string(target) + " is not in the graph");
    if (param >= n->parameters().size()) return validateCommand(target, param, 0.0);  // names the bad id
    std::vector<AutomationCall> calls;
    if (auto s = automationCallsFromJson(callsJson, n->parameters()[param], spec_, calls); !s)
        return Status::error(jsonIdOf_.at(target) + "." + std::string(n->parameters()[param].name) + ": " +
                             s.message());
    // The calls go into the timeline one by one (each checked as automate() checks it); the
    // timeline is compiled and published once, so any number of calls takes one lane.
    Status result = Status::ok();
    bool changed = false;
    for (size_t i = 0; i < calls.size() && result; ++i) {
        result = applyToTimeline(target, param, calls[i]);
        changed = changed || result;
    }
    if (!changed) return result;
    if (auto s = publishTimeline(target, param); !s) return s;
    return result;
}

const ParamTimeline* GraphSession::timeline(uint32_t target, uint32_t param) const {  // [control]
    auto it = timelines_.find({target, param});
    return it == timelines_.end() ? nullptr : &it->second;
}

Status GraphSession::automate(uint32_t target, uint32_t param, const AutomationCall& call) {  // [control]
    if (auto s = applyToTimeline(target, param, call); !s) return s;
    return publishTimeline(target, param);
}

Status GraphSession::applyToTimeline(uint32_t target, uint32_t param, const AutomationCall& call) {  // [control]
    Node* n = node(target);
    if (n == nullptr) return Status::error("node " + std::to_string(target) + " is not in the graph");
    if (param >= n->parameters().size()) return validateCommand(target, param, 0.0);  // names the bad id
    const bool cancel =
        call.method == TimelineMethod::cancelScheduledValues || call.method == TimelineMethod::cancelAndHoldAtTime;
    if (call.method == TimelineMethod::setValueCurveAtTime) {
        for (double v : call.values)
            if (auto s = validateCommand(target, param, v); !s) return s;
    } else if (!cancel) {
        if (auto s = validateCommand(target, param, call.value); !s) return s;
    }
    const std::string name = jsonIdOf_.at(target) + "." + std::string(n->parameters()[param].name);
    auto [it, added] = timelines_.try_emplace({target, param}, name);
    ParamTimeline& timeline = it->second;
    const bool wasEmpty = timeline.empty();
    ParamTimeline before = timeline;
    if (wasEmpty)
        timeline.setStart(n->parameter(param), static_cast<double>(engine_.framesRendered()) / spec_.sampleRateHz);
    if (auto s = applyCall(timeline, call); !s) {
        timeline = std::move(before);
        return s;
    }
    if (wasEmpty && !timeline.empty() && automatedParameters() > GraphEngine::kMaxAutomationLanes) {
        timeline = std::move(before);
        return Status::error(name + ": at most " + std::to_string(GraphEngine::kMaxAutomationLanes) +
                             " parameters may be automated at once");
    }
    return Status::ok();
}

int64_t GraphSession::nodeId(std::string_view jsonId) const {  // [control]
    auto it = current_.ids.find(std::string(jsonId));
    return it == current_.ids.end() ? -1 : int64_t{it->second};
}

Node* GraphSession::node(uint32_t id) const {  // [control]
    return loaded_ && current_.graph.contains(id) ? current_.graph.node(id) : nullptr;
}

Status GraphSession::validateCommand(uint32_t target, uint32_t param, double value) const {  // [control]
    Node* n = node(target);
    if (n == nullptr) return Status::error("node " + std::to_string(target) + " is not in the graph");
    const auto params = n->parameters();
    const std::string& name = jsonIdOf_.at(target);
    if (param >= params.size())
        return Status::error(name + " (" + std::string(n->typeName()) + ") has no parameter " + std::to_string(param) +
                             " (it has " + std::to_string(params.size()) + ")");
    const ParameterInfo& info = params[param];
    const double nyquistHz = 0.5 * spec_.sampleRateHz;
    if (info.belowNyquist() && std::isfinite(value) && value >= nyquistHz)
        return Status::error(name + "." + std::string(info.name) + " " + formatNumber(value) + " is above Nyquist (" +
                             formatNumber(nyquistHz) + " Hz)");
    if (auto s = info.validate(value); !s) return Status::error(name + "." + s.message());
    return Status::ok();
}

std::string GraphSession::describe() const {  // [control]
    nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
    for (const auto& [id, name] : jsonIdOf_) {
        Node* n = current_.graph.node(id);
        nlohmann::ordered_json params = nlohmann::ordered_json::array();
        const auto infos = n->parameters();
        for (uint32_t i = 0; i < infos.size(); ++i) {
            const ParameterInfo& p = infos[i];
            const double value = n->parameter(i);
            params.push_back(
                {{"id", i},
                 {"name", std::string(p.name)},
                 {"unit", std::string(p.unit)},
                 {"minValue", p.minValue},
                 {"maxValue", p.maxValue},
                 {"defaultValue", p.defaultValue},
                 {"smoothed", p.smoothed},
                 {"value", std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr)}});
        }
        nodes.push_back({{"id", name},
                         {"nodeId", id},
                         {"type", std::string(n->typeName())},
                         {"numInputs", n->numInputs()},
                         {"numOutputs", n->numOutputs()},
                         {"parameters", std::move(params)}});
    }
    return nlohmann::ordered_json{{"sampleRateHz", spec_.sampleRateHz}, {"nodes", std::move(nodes)}}.dump();
}

}  // namespace wavegraph
