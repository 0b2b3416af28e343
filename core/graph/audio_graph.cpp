#include "graph/audio_graph.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <queue>

#include "graph/compiled_graph.h"

namespace wavegraph {

namespace {
const std::string kUnknownName = "?";
}  // namespace

Status AudioGraph::addNode(std::string name, std::shared_ptr<Node> node, NodeId& idOut) {  // [control]
    if (!node) return Status::error("node '" + name + "' is null");
    if (name.empty()) return Status::error("a node name must not be empty");
    if (idByName_.count(name)) return Status::error("a node named '" + name + "' already exists");
    idOut = nextId_++;
    idByName_.emplace(name, idOut);
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
    const auto touches = [id](const Connection& c) { return c.from == id || c.to == id; };
    std::erase_if(connections_, touches);
    outgoing_.erase(id);
    for (auto& [from, list] : outgoing_) std::erase_if(list, touches);
    if (hasOutput_ && outputNode_ == id) hasOutput_ = false;
    idByName_.erase(nodes_.at(id).name);
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
    std::unordered_map<NodeId, NodeId> previous;
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
        const auto from = outgoing_.find(at);
        if (from == outgoing_.end()) continue;
        for (const auto& c : from->second)
            if (!previous.count(c.to)) {
                previous[c.to] = at;
                queue.push_back(c.to);
            }
    }
    return {};
}

Status AudioGraph::connect(const Connection& c, CycleCheck cycleCheck) {  // [control]
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
    auto& fromList = outgoing_[c.from];
    if (std::find(fromList.begin(), fromList.end(), c) != fromList.end())
        return Status::error("'" + name(c.from) + "' output " + std::to_string(c.output) +
                             " is already connected to '" + name(c.to) + "' input " + std::to_string(c.input));
    if (c.from == c.to) return Status::error("connecting '" + name(c.from) + "' to itself would make a cycle");
    if (auto path = cycleCheck == CycleCheck::now ? findPath(c.to, c.from) : std::vector<NodeId>{}; !path.empty()) {
        // The new edge from → to closes the path to … from into a cycle.
        std::string cycle;
        for (NodeId n : path) cycle += name(n) + " → ";
        cycle += name(c.to);
        return Status::error("connecting '" + name(c.from) + "' → '" + name(c.to) + "' would make a cycle: " + cycle);
    }
    connections_.push_back(c);
    fromList.push_back(c);
    return Status::ok();
}

bool AudioGraph::hasCycle() const {  // [control]
    // Kahn's algorithm: the nodes left with unprocessed inputs are on or behind a cycle.
    std::vector<uint32_t> inDegree(nextId_, 0);
    for (const auto& c : connections_) ++inDegree[c.to];
    std::vector<NodeId> ready;
    for (const auto& [id, entry] : nodes_)
        if (inDegree[id] == 0) ready.push_back(id);
    size_t sorted = 0;
    while (!ready.empty()) {
        const NodeId at = ready.back();
        ready.pop_back();
        ++sorted;
        if (const auto from = outgoing_.find(at); from != outgoing_.end())
            for (const auto& c : from->second)
                if (--inDegree[c.to] == 0) ready.push_back(c.to);
    }
    return sorted != nodes_.size();
}

void AudioGraph::disconnectAll() {  // [control]
    connections_.clear();
    outgoing_.clear();
}

Status AudioGraph::disconnect(const Connection& c) {  // [control]
    auto it = std::find(connections_.begin(), connections_.end(), c);
    if (it == connections_.end())
        return Status::error("'" + name(c.from) + "' output " + std::to_string(c.output) + " is not connected to '" +
                             name(c.to) + "' input " + std::to_string(c.input));
    connections_.erase(it);
    auto& fromList = outgoing_[c.from];
    fromList.erase(std::find(fromList.begin(), fromList.end(), c));
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

    // Every table below is a flat array indexed by node id or by output port (portBase[id] + o),
    // so that compiling costs O(nodes + connections): no tree lookups, one pass per step.
    const size_t numIds = nextId_;
    std::vector<const Entry*> byId(numIds, nullptr);
    for (const auto& [id, entry] : nodes_) byId[id] = &entry;

    // Each node's outgoing and incoming connections (indices into connections_, in its order),
    // as offsets into two shared lists.
    std::vector<uint32_t> outBegin(numIds + 1, 0), inBegin(numIds + 1, 0);
    for (const auto& c : connections_) {
        ++outBegin[c.from + 1];
        ++inBegin[c.to + 1];
    }
    for (size_t id = 0; id < numIds; ++id) {
        outBegin[id + 1] += outBegin[id];
        inBegin[id + 1] += inBegin[id];
    }
    std::vector<uint32_t> outgoing(connections_.size()), incoming(connections_.size());
    {
        std::vector<uint32_t> outFill(outBegin.begin(), outBegin.end() - 1), inFill(inBegin.begin(), inBegin.end() - 1);
        for (uint32_t i = 0; i < connections_.size(); ++i) {
            outgoing[outFill[connections_[i].from]++] = i;
            incoming[inFill[connections_[i].to]++] = i;
        }
    }

    // 1. Kahn's algorithm: repeatedly take a node with no unprocessed inputs (lowest id first,
    //    so that the order is deterministic).
    std::vector<uint32_t> inDegree(numIds, 0);
    for (size_t id = 0; id < numIds; ++id) inDegree[id] = inBegin[id + 1] - inBegin[id];
    std::priority_queue<NodeId, std::vector<NodeId>, std::greater<>> ready;
    for (size_t id = 0; id < numIds; ++id)
        if (byId[id] != nullptr && inDegree[id] == 0) ready.push(static_cast<NodeId>(id));
    std::vector<NodeId> order;
    order.reserve(nodes_.size());
    while (!ready.empty()) {
        const NodeId id = ready.top();
        ready.pop();
        order.push_back(id);
        for (uint32_t k = outBegin[id]; k < outBegin[id + 1]; ++k)
            if (const NodeId to = connections_[outgoing[k]].to; --inDegree[to] == 0) ready.push(to);
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
    std::vector<uint32_t> portBase(numIds + 1, 0);
    for (size_t id = 0; id < numIds; ++id)
        portBase[id + 1] = portBase[id] + (byId[id] != nullptr ? byId[id]->node->numOutputs() : 0);
    auto port = [&](NodeId id, uint32_t output) { return portBase[id] + output; };
    std::vector<uint32_t> portChannels(portBase[numIds], 0);
    for (const auto& [id, entry] : nodes_)
        for (uint32_t o = 0; o < entry.node->numOutputs(); ++o) {
            const uint32_t ch = entry.node->outputChannels(o);
            if (ch < 1 || ch > kMaxChannels)
                return Status::error("node '" + entry.name + "' output " + std::to_string(o) + " has " +
                                     std::to_string(ch) + " channels (allowed 1…" + std::to_string(kMaxChannels) + ")");
            portChannels[port(id, o)] = ch;
        }

    // 3. Buffer planning with reuse: a buffer returns to the pool once its last reader has run.
    auto plan = std::unique_ptr<CompiledGraph>(new CompiledGraph());
    plan->spec_ = spec;
    plan->order_ = order;
    plan->steps_.reserve(order.size());
    std::vector<uint32_t> readersLeft(portChannels.size(), 0);
    for (const auto& c : connections_) ++readersLeft[port(c.from, c.output)];
    const uint32_t graphOutputPort = port(outputNode_, outputPort_);
    std::vector<std::vector<uint32_t>> freeByChannels(kMaxChannels + 1);
    size_t bufferFloats = 0;  // the buffers' storage so far
    auto acquire = [&](uint32_t channels) -> uint32_t {
        if (channels >= freeByChannels.size()) freeByChannels.resize(channels + 1);
        auto& pool = freeByChannels[channels];
        if (!pool.empty()) {
            const uint32_t b = pool.back();
            pool.pop_back();
            return b;
        }
        plan->bufferOffset_.push_back(bufferFloats);
        bufferFloats += (size_t{channels} * spec.maxBlockFrames + 15) / 16 * 16;  // 64-byte starts
        plan->bufferChannels_.push_back(channels);
        return static_cast<uint32_t>(plan->bufferChannels_.size() - 1);
    };
    auto release = [&](uint32_t buffer) { freeByChannels[plan->bufferChannels_[buffer]].push_back(buffer); };

    std::vector<uint32_t> portBuffer(portChannels.size(), 0);
    std::vector<uint32_t> sources;  // output ports summed into the current input
    std::vector<uint32_t> releaseAfter;
    for (NodeId id : order) {
        const Entry& entry = *byId[id];
        CompiledGraph::Step step;
        step.node = entry.node;
        step.id = id;
        releaseAfter.clear();
        step.inputs.reserve(entry.node->numInputs());
        for (uint32_t in = 0; in < entry.node->numInputs(); ++in) {
            CompiledGraph::InputFeed feed;
            uint32_t channels = 0;
            sources.clear();
            for (uint32_t k = inBegin[id]; k < inBegin[id + 1]; ++k)
                if (const Connection& c = connections_[incoming[k]]; c.input == in) {
                    sources.push_back(port(c.from, c.output));
                    channels = std::max(channels, portChannels[sources.back()]);
                }
            if (channels == 0) channels = spec.numChannels;  // unconnected: silence
            if (const uint32_t required = entry.node->inputChannels(in); required != 0) channels = required;
            feed.channels = channels;
            feed.interpretation = entry.node->inputInterpretation(in);
            feed.sources.reserve(sources.size());
            for (uint32_t s : sources) feed.sources.push_back(portBuffer[s]);
            if (sources.size() == 1 && portChannels[sources[0]] == channels) {
                feed.direct = static_cast<int32_t>(portBuffer[sources[0]]);
            } else {
                feed.mixBuffer = static_cast<int32_t>(acquire(channels));
                releaseAfter.push_back(static_cast<uint32_t>(feed.mixBuffer));
            }
            for (uint32_t s : sources)
                if (--readersLeft[s] == 0 && s != graphOutputPort) releaseAfter.push_back(portBuffer[s]);
            step.mixes = step.mixes || feed.mixBuffer >= 0;
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
            if (feed.direct >= 0 && feed.channels == portChannels[port(id, 0)] && released != releaseAfter.end()) {
                inPlaceBuffer = feed.direct;
                releaseAfter.erase(released);
            }
        }
        step.outputBuffers.reserve(entry.node->numOutputs());
        for (uint32_t o = 0; o < entry.node->numOutputs(); ++o) {
            const uint32_t p = port(id, o);
            const uint32_t b = inPlaceBuffer >= 0 ? static_cast<uint32_t>(inPlaceBuffer) : acquire(portChannels[p]);
            portBuffer[p] = b;
            step.outputBuffers.push_back(b);
            ++plan->numOutputPorts_;
            if (readersLeft[p] == 0 && p != graphOutputPort) releaseAfter.push_back(b);
        }
        std::sort(releaseAfter.begin(), releaseAfter.end());
        releaseAfter.erase(std::unique(releaseAfter.begin(), releaseAfter.end()), releaseAfter.end());
        for (uint32_t b : releaseAfter) release(b);
        plan->steps_.push_back(std::move(step));
    }
    plan->outputBuffer_ = portBuffer[graphOutputPort];
    plan->bufferStorage_.assign(bufferFloats, 0.0f);
    uint32_t maxFeedChannels = 1;
    for (const auto& step : plan->steps_)
        for (const auto& feed : step.inputs) maxFeedChannels = std::max(maxFeedChannels, feed.channels);
    plan->convert_.assign(size_t{maxFeedChannels} * spec.maxBlockFrames, 0.0f);
    plan->nodeById_.assign(numIds, nullptr);
    for (const auto& [id, entry] : nodes_) {
        plan->nodeById_[id] = entry.node.get();
        if (HostInputSink* input = entry.node->hostInputSink()) plan->inputNodes_.push_back(input);
        if (MeterSource* meter = entry.node->meterSource()) plan->meters_.push_back({id, meter, 0});
        if (const ReductionSource* reduction = entry.node->reductionSource())
            plan->reductionSources_.push_back({id, reduction, 0});
        if (const EndedSource* ending = entry.node->endedSource())
            plan->endedSources_.push_back({id, ending, ending->endings()});
        if (FailureSource* failing = entry.node->failureSource())
            plan->failureSources_.push_back({id, failing, failing->failures()});
    }

    // 4. Views: every AudioBlock's channel pointers are fixed now; render sets numFrames only.
    auto blockFor = [&](uint32_t buffer) {
        AudioBlock block;
        block.numChannels = plan->bufferChannels_[buffer];
        for (uint32_t ch = 0; ch < block.numChannels; ++ch)
            block.channels[ch] = plan->buffer(buffer) + size_t{ch} * spec.maxBlockFrames;
        return block;
    };
    for (auto& step : plan->steps_) {
        step.inputBlocks.reserve(step.inputs.size());
        for (const auto& feed : step.inputs)
            step.inputBlocks.push_back(
                blockFor(static_cast<uint32_t>(feed.direct >= 0 ? feed.direct : feed.mixBuffer)));
        step.outputBlocks.reserve(step.outputBuffers.size());
        for (uint32_t b : step.outputBuffers) step.outputBlocks.push_back(blockFor(b));
    }
    // The output buffer's views, which render points at the host's output when it can.
    for (uint32_t ch = 0; ch < plan->bufferChannels_[plan->outputBuffer_]; ++ch)
        plan->outputChannels_[ch] = plan->buffer(plan->outputBuffer_) + size_t{ch} * spec.maxBlockFrames;
    for (uint32_t k = 0; k < plan->steps_.size(); ++k) {
        const auto& step = plan->steps_[k];
        for (uint32_t i = 0; i < step.inputs.size(); ++i)
            if (step.inputs[i].direct == static_cast<int32_t>(plan->outputBuffer_) ||
                step.inputs[i].mixBuffer == static_cast<int32_t>(plan->outputBuffer_))
                plan->outputViews_.push_back({k, i, true});
        for (uint32_t o = 0; o < step.outputBuffers.size(); ++o)
            if (step.outputBuffers[o] == plan->outputBuffer_) plan->outputViews_.push_back({k, o, false});
    }
    out = std::move(plan);
    return Status::ok();
}

}  // namespace wavegraph
