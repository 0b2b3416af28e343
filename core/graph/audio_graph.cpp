#include "graph/audio_graph.h"

#include <algorithm>
#include <deque>
#include <set>

#include "graph/compiled_graph.h"

namespace wavegraph {

namespace {
const std::string kUnknownName = "?";
}  // namespace

Status AudioGraph::addNode(std::string name, std::shared_ptr<Node> node, NodeId& idOut) {  // [control]
    if (!node) return Status::error("node '" + name + "' is null");
    if (name.empty()) return Status::error("a node name must not be empty");
    for (const auto& [id, entry] : nodes_)
        if (entry.name == name) return Status::error("a node named '" + name + "' already exists");
    idOut = nextId_++;
    nodes_.emplace(idOut, Entry{std::move(name), std::move(node)});
    return Status::ok();
}

Status AudioGraph::addNodeWithId(std::string name, std::shared_ptr<Node> node, NodeId id) {  // [control]
    if (nodes_.count(id))
        return Status::error("node id " + std::to_string(id) + " is taken by '" + nodes_.at(id).name + "'");
    const NodeId saved = nextId_;
    nextId_ = id;
    NodeId assigned = 0;
    Status s = addNode(std::move(name), std::move(node), assigned);
    nextId_ = std::max(saved, s ? id + 1 : saved);
    return s;
}

Status AudioGraph::removeNode(NodeId id) {  // [control]
    if (auto s = checkNode(id, "node"); !s) return s;
    std::erase_if(connections_, [id](const Connection& c) { return c.from == id || c.to == id; });
    if (hasOutput_ && outputNode_ == id) hasOutput_ = false;
    nodes_.erase(id);
    return Status::ok();
}

Status AudioGraph::checkNode(NodeId id, const char* role) const {  // [control]
    if (!contains(id)) return Status::error(std::string(role) + " id " + std::to_string(id) + " is not in the graph");
    return Status::ok();
}

Node* AudioGraph::node(NodeId id) const {  // [control]
    auto it = nodes_.find(id);
    return it == nodes_.end() ? nullptr : it->second.node.get();
}

const std::string& AudioGraph::name(NodeId id) const {  // [control]
    auto it = nodes_.find(id);
    return it == nodes_.end() ? kUnknownName : it->second.name;
}

std::vector<NodeId> AudioGraph::findPath(NodeId start, NodeId goal) const {  // [control]
    // Breadth-first search along connections, remembering each node's predecessor.
    std::map<NodeId, NodeId> previous;
    std::deque<NodeId> queue{start};
    previous[start] = start;
    while (!queue.empty()) {
        const NodeId at = queue.front();
        queue.pop_front();
        if (at == goal) {
            std::vector<NodeId> path{goal};
            for (NodeId n = goal; n != start;) path.push_back(n = previous[n]);
            std::reverse(path.begin(), path.end());
            return path;
        }
        for (const auto& c : connections_)
            if (c.from == at && !previous.count(c.to)) {
                previous[c.to] = at;
                queue.push_back(c.to);
            }
    }
    return {};
}

Status AudioGraph::connect(const Connection& c) {  // [control]
    if (auto s = checkNode(c.from, "source node"); !s) return s;
    if (auto s = checkNode(c.to, "destination node"); !s) return s;
    const Node& from = *nodes_.at(c.from).node;
    const Node& to = *nodes_.at(c.to).node;
    if (c.output >= from.numOutputs())
        return Status::error("node '" + name(c.from) + "' (" + std::string(from.typeName()) + ") has no output " +
                             std::to_string(c.output) + " (outputs: " + std::to_string(from.numOutputs()) + ")");
    if (c.input >= to.numInputs())
        return Status::error("node '" + name(c.to) + "' (" + std::string(to.typeName()) + ") has no input " +
                             std::to_string(c.input) + " (inputs: " + std::to_string(to.numInputs()) + ")");
    if (std::find(connections_.begin(), connections_.end(), c) != connections_.end())
        return Status::error("'" + name(c.from) + "' output " + std::to_string(c.output) +
                             " is already connected to '" + name(c.to) + "' input " + std::to_string(c.input));
    if (c.from == c.to) return Status::error("connecting '" + name(c.from) + "' to itself would make a cycle");
    if (auto path = findPath(c.to, c.from); !path.empty()) {
        // The new edge from → to closes the path to … from into a cycle.
        std::string cycle;
        for (NodeId n : path) cycle += name(n) + " → ";
        cycle += name(c.to);
        return Status::error("connecting '" + name(c.from) + "' → '" + name(c.to) + "' would make a cycle: " + cycle);
    }
    connections_.push_back(c);
    return Status::ok();
}

Status AudioGraph::disconnect(const Connection& c) {  // [control]
    auto it = std::find(connections_.begin(), connections_.end(), c);
    if (it == connections_.end())
        return Status::error("'" + name(c.from) + "' output " + std::to_string(c.output) + " is not connected to '" +
                             name(c.to) + "' input " + std::to_string(c.input));
    connections_.erase(it);
    return Status::ok();
}

Status AudioGraph::setOutput(NodeId id, uint32_t output) {  // [control]
    if (auto s = checkNode(id, "output node"); !s) return s;
    if (output >= nodes_.at(id).node->numOutputs())
        return Status::error("node '" + name(id) + "' has no output " + std::to_string(output));
    hasOutput_ = true;
    outputNode_ = id;
    outputPort_ = output;
    return Status::ok();
}

size_t AudioGraph::forkNodes() {  // [control]
    size_t notForked = 0;
    for (auto& [id, entry] : nodes_) {
        std::shared_ptr<Node> fork = entry.node->fork();
        if (!fork) {
            ++notForked;
            continue;
        }
        // The parameter values as last set (targets); the exact running state, ramps included,
        // is copied on the audio thread at the swap (Node::copyStateFrom).
        const auto params = entry.node->parameters();
        for (uint32_t i = 0; i < params.size(); ++i) (void)fork->setParameterImmediate(i, entry.node->parameter(i));
        entry.node = std::move(fork);
    }
    return notForked;
}

Status AudioGraph::compile(const ProcessSpec& spec, std::unique_ptr<CompiledGraph>& out) const {  // [control]
    if (!hasOutput_) return Status::error("the graph has no output node (call setOutput)");

    // Each node's outgoing and incoming connections (indices into connections_, in its order),
    // so that every step below costs O(nodes + connections) rather than a scan per node.
    std::vector<std::vector<uint32_t>> outgoing(nextId_), incoming(nextId_);
    for (uint32_t i = 0; i < connections_.size(); ++i) {
        outgoing[connections_[i].from].push_back(i);
        incoming[connections_[i].to].push_back(i);
    }

    // 1. Kahn's algorithm: repeatedly take a node with no unprocessed inputs (lowest id first,
    //    so that the order is deterministic).
    std::vector<uint32_t> inDegree(nextId_, 0);
    for (const auto& c : connections_) ++inDegree[c.to];
    std::set<NodeId> ready;
    for (const auto& [id, entry] : nodes_)
        if (inDegree[id] == 0) ready.insert(id);
    std::vector<NodeId> order;
    order.reserve(nodes_.size());
    while (!ready.empty()) {
        const NodeId id = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(id);
        for (uint32_t i : outgoing[id])
            if (--inDegree[connections_[i].to] == 0) ready.insert(connections_[i].to);
    }
    if (order.size() != nodes_.size()) {
        std::string stuck;
        for (const auto& [id, entry] : nodes_)
            if (inDegree[id] > 0) stuck += (stuck.empty() ? "" : ", ") + name(id);
        return Status::error("the graph has a cycle among: " + stuck);
    }

    // 2. Prepare nodes (may allocate) and learn each output port's channel count.
    for (const auto& [id, entry] : nodes_) {
        entry.node->prepare(spec);
        if (auto s = entry.node->prepareStatus(); !s) return Status::error("node '" + entry.name + "': " + s.message());
    }
    std::map<std::pair<NodeId, uint32_t>, uint32_t> portChannels;
    for (const auto& [id, entry] : nodes_)
        for (uint32_t o = 0; o < entry.node->numOutputs(); ++o) {
            const uint32_t ch = entry.node->outputChannels(o);
            if (ch < 1 || ch > kMaxChannels)
                return Status::error("node '" + entry.name + "' output " + std::to_string(o) + " has " +
                                     std::to_string(ch) + " channels (allowed 1…" + std::to_string(kMaxChannels) + ")");
            portChannels[{id, o}] = ch;
        }

    // 3. Buffer planning with reuse: a buffer returns to the pool once its last reader has run.
    auto plan = std::unique_ptr<CompiledGraph>(new CompiledGraph());
    plan->spec_ = spec;
    plan->order_ = order;
    std::map<std::pair<NodeId, uint32_t>, uint32_t> readersLeft;  // per output port
    for (const auto& c : connections_) ++readersLeft[{c.from, c.output}];
    std::map<uint32_t, std::vector<uint32_t>> freeByChannels;
    auto acquire = [&](uint32_t channels) -> uint32_t {
        auto& pool = freeByChannels[channels];
        if (!pool.empty()) {
            const uint32_t b = pool.back();
            pool.pop_back();
            return b;
        }
        plan->buffers_.emplace_back(size_t{channels} * spec.maxBlockFrames, 0.0f);
        plan->bufferChannels_.push_back(channels);
        return static_cast<uint32_t>(plan->buffers_.size() - 1);
    };
    auto release = [&](uint32_t buffer) { freeByChannels[plan->bufferChannels_[buffer]].push_back(buffer); };

    std::map<std::pair<NodeId, uint32_t>, uint32_t> portBuffer;
    for (NodeId id : order) {
        const Entry& entry = nodes_.at(id);
        CompiledGraph::Step step;
        step.node = entry.node;
        step.id = id;
        std::vector<uint32_t> releaseAfter;
        for (uint32_t in = 0; in < entry.node->numInputs(); ++in) {
            CompiledGraph::InputFeed feed;
            uint32_t channels = 0;
            std::vector<std::pair<NodeId, uint32_t>> sources;
            for (uint32_t i : incoming[id])
                if (const Connection& c = connections_[i]; c.input == in) {
                    sources.emplace_back(c.from, c.output);
                    channels = std::max(channels, portChannels[{c.from, c.output}]);
                }
            if (channels == 0) channels = spec.numChannels;  // unconnected: silence
            if (const uint32_t required = entry.node->inputChannels(in); required != 0) channels = required;
            feed.channels = channels;
            feed.interpretation = entry.node->inputInterpretation(in);
            for (const auto& s : sources) feed.sources.push_back(portBuffer.at(s));
            if (sources.size() == 1 && portChannels[sources[0]] == channels) {
                feed.direct = static_cast<int32_t>(portBuffer.at(sources[0]));
            } else {
                feed.mixBuffer = static_cast<int32_t>(acquire(channels));
                releaseAfter.push_back(static_cast<uint32_t>(feed.mixBuffer));
            }
            for (const auto& s : sources)
                if (--readersLeft[s] == 0 && !(s.first == outputNode_ && s.second == outputPort_))
                    releaseAfter.push_back(portBuffer.at(s));
            step.inputs.push_back(std::move(feed));
        }
        // In place: a one-in, one-out node of an in-place type whose input is read directly
        // from a buffer of the same channel count that no later node reads (it was just queued
        // for release, and it is not the graph output) writes its output into that buffer.
        int32_t inPlaceBuffer = -1;
        if (entry.node->numInputs() == 1 && entry.node->numOutputs() == 1 && entry.node->processesInPlace()) {
            const CompiledGraph::InputFeed& feed = step.inputs[0];
            const auto released =
                std::find(releaseAfter.begin(), releaseAfter.end(), static_cast<uint32_t>(feed.direct));
            if (feed.direct >= 0 && feed.channels == portChannels[{id, 0}] && released != releaseAfter.end()) {
                inPlaceBuffer = feed.direct;
                releaseAfter.erase(released);
            }
        }
        for (uint32_t o = 0; o < entry.node->numOutputs(); ++o) {
            const uint32_t b =
                inPlaceBuffer >= 0 ? static_cast<uint32_t>(inPlaceBuffer) : acquire(portChannels[{id, o}]);
            portBuffer[{id, o}] = b;
            step.outputBuffers.push_back(b);
            ++plan->numOutputPorts_;
            const bool isGraphOutput = id == outputNode_ && o == outputPort_;
            if (readersLeft[{id, o}] == 0 && !isGraphOutput) releaseAfter.push_back(b);
        }
        std::sort(releaseAfter.begin(), releaseAfter.end());
        releaseAfter.erase(std::unique(releaseAfter.begin(), releaseAfter.end()), releaseAfter.end());
        for (uint32_t b : releaseAfter) release(b);
        plan->steps_.push_back(std::move(step));
    }
    plan->outputBuffer_ = portBuffer.at({outputNode_, outputPort_});
    uint32_t maxFeedChannels = 1;
    for (const auto& step : plan->steps_)
        for (const auto& feed : step.inputs) maxFeedChannels = std::max(maxFeedChannels, feed.channels);
    plan->convert_.assign(size_t{maxFeedChannels} * spec.maxBlockFrames, 0.0f);
    plan->nodeById_.assign(nextId_, nullptr);
    for (const auto& [id, entry] : nodes_) {
        plan->nodeById_[id] = entry.node.get();
        if (HostInputSink* input = entry.node->hostInputSink()) plan->inputNodes_.push_back(input);
        if (MeterSource* meter = entry.node->meterSource()) plan->meters_.push_back({id, meter, 0});
        if (const ReductionSource* reduction = entry.node->reductionSource())
            plan->reductionSources_.push_back({id, reduction, 0});
        if (FailureSource* failing = entry.node->failureSource())
            plan->failureSources_.push_back({id, failing, failing->failures()});
    }

    // 4. Views: every AudioBlock's channel pointers are fixed now; render sets numFrames only.
    auto blockFor = [&](uint32_t buffer) {
        AudioBlock block;
        block.numChannels = plan->bufferChannels_[buffer];
        for (uint32_t ch = 0; ch < block.numChannels; ++ch)
            block.channels[ch] = plan->buffers_[buffer].data() + size_t{ch} * spec.maxBlockFrames;
        return block;
    };
    for (auto& step : plan->steps_) {
        for (const auto& feed : step.inputs)
            step.inputBlocks.push_back(
                blockFor(static_cast<uint32_t>(feed.direct >= 0 ? feed.direct : feed.mixBuffer)));
        for (uint32_t b : step.outputBuffers) step.outputBlocks.push_back(blockFor(b));
    }
    out = std::move(plan);
    return Status::ok();
}

}  // namespace wavegraph
