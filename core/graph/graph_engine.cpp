#include "graph/graph_engine.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace wavegraph {

GraphEngine::GraphEngine()  // [control]
    : commands_(std::make_unique<CommandRing>(256)),
      events_(std::make_unique<CommandRing>(1024)),
      laneValues_(size_t{kMaxAutomationLanes} * kRenderQuantumFrames, 0.0) {}

GraphEngine::~GraphEngine() {  // [control]
    collectRetired();
    CompiledGraph* plan = nullptr;
    while (incoming_.tryPop(plan)) delete plan;
    for (CompiledGraph* waiting : waitingToRetire_) delete waiting;
    delete fadingOut_;
    delete active_;
    AutomationLane* lane = nullptr;
    while (incomingLanes_.tryPop(lane)) delete lane;
    while (retiredLanes_.tryPop(lane)) delete lane;
    for (uint32_t i = 0; i < numLanes_; ++i) delete lanes_[i].lane;
}

Status GraphEngine::prepare(const ProcessSpec& spec, uint32_t commandRingCapacity, uint32_t eventRingCapacity,
                            double crossfadeMs) {  // [control]
    if (auto s = CommandRing::validateCapacity(commandRingCapacity); !s)
        return Status::error("command ring: " + s.message());
    if (auto s = CommandRing::validateCapacity(eventRingCapacity); !s)
        return Status::error("event ring: " + s.message());
    if (!(crossfadeMs >= 0.0 && crossfadeMs <= kMaxCrossfadeMs))
        return Status::error("crossfadeMs " + std::to_string(crossfadeMs) + " is out of range (0…1000 ms)");
    spec_ = spec;
    commands_ = std::make_unique<CommandRing>(commandRingCapacity);
    events_ = std::make_unique<CommandRing>(eventRingCapacity);
    crossfadeFrames_ = static_cast<uint32_t>(std::lround(crossfadeMs * 1e-3 * spec.sampleRateHz));
    fadeScratch_.assign(size_t{spec.numChannels} * spec.maxBlockFrames, 0.0f);
    framesRendered_.store(0, std::memory_order_release);
    return Status::ok();
}

Status GraphEngine::publish(std::unique_ptr<CompiledGraph> plan) {  // [control]
    if (!plan) return Status::error("cannot publish an empty plan");
    const ProcessSpec& s = plan->spec();
    if (s.sampleRateHz != spec_.sampleRateHz || s.maxBlockFrames != spec_.maxBlockFrames ||
        s.numChannels != spec_.numChannels)
        return Status::error("the plan was compiled for a different spec than the engine's");
    if (!incoming_.tryPush(plan.get()))
        return Status::error(std::to_string(kPlanQueueCapacity) + " plans are waiting; call collectRetired and retry");
    plan.release();  // owned by the queue, then the audio thread, then collectRetired
    plansPublished_.fetch_add(1, std::memory_order_relaxed);
    return Status::ok();
}

Status GraphEngine::publishAutomation(std::unique_ptr<AutomationLane> lane) {  // [control]
    if (!lane) return Status::error("cannot publish an empty automation lane");
    if (!incomingLanes_.tryPush(lane.get()))
        return Status::error(std::to_string(kMaxAutomationLanes) +
                             " automation lanes are waiting; call collectRetired and retry");
    lane.release();  // owned by the queue, then the audio thread, then collectRetired
    return Status::ok();
}

size_t GraphEngine::collectRetired() {  // [control]
    AutomationLane* lane = nullptr;
    while (retiredLanes_.tryPop(lane)) delete lane;
    size_t freed = 0;
    CompiledGraph* plan = nullptr;
    while (retired_.tryPop(plan)) {
        delete plan;
        ++freed;
    }
    plansCollected_.fetch_add(freed, std::memory_order_relaxed);
    return freed;
}

void GraphEngine::emit(EngineEvent kind, uint32_t target, uint32_t param, double value,
                       int64_t frame) noexcept {  // [audio]
    const RingRecord record{target, param, value, frame, static_cast<uint32_t>(kind), eventSequence_++};
    if (!events_->tryPush(record)) eventsDropped_.fetch_add(1, std::memory_order_relaxed);
}

void GraphEngine::retire(CompiledGraph* plan) noexcept {  // [audio]
    // Room is guaranteed: takeNewPlan takes a plan only when a slot is free for the plan it
    // replaces (retireRoomFor), so every slot search below succeeds.
    if (plan == nullptr) return;
    if (retired_.tryPush(plan)) return;
    retireRetries_.fetch_add(1, std::memory_order_relaxed);
    for (CompiledGraph*& slot : waitingToRetire_)
        if (slot == nullptr) {
            slot = plan;
            ++numWaitingToRetire_;
            return;
        }
}

bool GraphEngine::retireRoomForOneMore() const noexcept {  // [audio]
    return waitingToRetire_.size() - numWaitingToRetire_ > retireSlotsReserved_;
}

void GraphEngine::flushRetired() noexcept {  // [audio]
    if (numWaitingToRetire_ == 0) return;    // the usual block: nothing waits
    for (CompiledGraph*& slot : waitingToRetire_)
        if (slot != nullptr && retired_.tryPush(slot)) {
            slot = nullptr;
            --numWaitingToRetire_;
        }
}

void GraphEngine::takeNewPlan(int64_t blockStart) noexcept {  // [audio]
    // The newest plan wins; plans published in between are handed back unrendered. Every plan
    // taken off the queue replaces one (the running plan or a newer one that arrived too), which
    // must be retired now or at the end of its crossfade: a plan is taken only while a retire
    // slot is free for it, counting the slots reserved by a running crossfade. Otherwise the
    // running plan stays, planSwapDeferred is reported once, and the new plan is taken in a
    // later block, after the control thread's collectRetired has made room.
    if (incoming_.empty()) return;  // the usual block: no plan waits
    CompiledGraph* next = nullptr;
    for (;;) {
        const bool replaces = next != nullptr || active_ != nullptr;
        if (replaces && !retireRoomForOneMore()) {
            if (!incoming_.empty()) {
                if (!swapDeferred_)
                    emit(EngineEvent::planSwapDeferred, 0, 0, static_cast<double>(incoming_.size()), blockStart);
                swapDeferred_ = true;
                plansDeferred_.fetch_add(1, std::memory_order_relaxed);
            }
            break;
        }
        CompiledGraph* newer = nullptr;
        if (!incoming_.tryPop(newer)) break;
        if (next != nullptr) {
            retire(next);
            emit(EngineEvent::planRetired, 0, 0, 0.0, blockStart);
        }
        next = newer;
    }
    if (next == nullptr) return;
    swapDeferred_ = false;
    plansSwapped_.fetch_add(1, std::memory_order_relaxed);
    bool shared = false;
    if (active_ != nullptr)
        for (NodeId id : next->order()) shared = shared || next->nodeById(id) == active_->nodeById(id);
    // Each node of the new plan starts from the state of its namesake in the old plan; then
    // the values its description set explicitly apply (ramped from the running values).
    if (active_ != nullptr && !shared) {
        for (NodeId id : next->order())
            if (Node* old = active_->nodeById(id)) (void)next->nodeById(id)->copyStateFrom(*old);
        for (const auto& setting : next->explicitParameters())
            if (Node* node = next->nodeById(setting.node)) (void)node->setParameter(setting.param, setting.value);
    }
    const bool crossfade = active_ != nullptr && !shared && crossfadeFrames_ > 0;
    if (crossfade) {
        ++retireSlotsReserved_;  // fadingOut_ retires when the fade ends
        fadingOut_ = active_;
        fadeFramesDone_ = 0;
        crossfades_.fetch_add(1, std::memory_order_relaxed);
    } else {
        retire(active_);
        if (active_ != nullptr) emit(EngineEvent::planRetired, 0, 0, 0.0, blockStart);
    }
    for (auto& meter : next->meters()) meter.readingsReported = meter.node->readingsPublished();
    for (auto& failing : next->failureSources()) failing.failuresReported = failing.node->failures();
    for (auto& entry : next->reductionSources()) entry.readingsReported = entry.node->reductionReadings();
    for (auto& entry : next->endedSources()) entry.endingsReported = entry.node->endings();
    active_ = next;
    emit(EngineEvent::planSwapped, 0, 0, crossfade ? crossfadeFrames_ : 0.0, blockStart);
}

void GraphEngine::takeNewLanes() noexcept {  // [audio]
    // A lane is taken only while the return queue has room for it and the lane it replaces.
    constexpr size_t kRetireCapacity = 4 * kMaxAutomationLanes;
    if (incomingLanes_.empty()) return;  // the usual block: no lane waits
    AutomationLane* lane = nullptr;
    while (retiredLanes_.size() + 2 <= kRetireCapacity && incomingLanes_.tryPop(lane)) {
        uint32_t slot = 0;
        while (slot < numLanes_ && (lanes_[slot].lane->node != lane->node || lanes_[slot].lane->param != lane->param))
            ++slot;
        if (slot < numLanes_) {  // replaces the parameter's running lane
            (void)retiredLanes_.tryPush(const_cast<AutomationLane*>(lanes_[slot].lane));
            lanes_[slot] = lanes_[--numLanes_];
        }
        if (lane->segments.empty() || numLanes_ == kMaxAutomationLanes) {
            if (!lane->segments.empty()) commandsRejected_.fetch_add(1, std::memory_order_relaxed);
            (void)retiredLanes_.tryPush(lane);
            continue;
        }
        lanes_[numLanes_++] = LaneSlot{lane, -1, 0.0, AutomationRate::aRateFrames, false, false};
    }
    numLanesRunning_.store(numLanes_, std::memory_order_relaxed);
}

void GraphEngine::applyAutomation(uint32_t nodeId, uint32_t param, double value) noexcept {  // [audio]
    Node* node = active_ == nullptr ? nullptr : active_->nodeById(nodeId);
    if (node != nullptr && param < node->parameters().size()) (void)node->setParameterImmediate(param, value);
    if (fadingOut_ != nullptr)
        if (Node* old = fadingOut_->nodeById(nodeId); old != nullptr && old != node && param < old->parameters().size())
            (void)old->setParameterImmediate(param, value);
}

namespace {
/// First frame of the render quantum that holds frame k (k ≥ 0). [any]
int64_t quantumStart(int64_t k) noexcept { return k - k % kRenderQuantumFrames; }
/// The first quantum start at or after frame k (INT64_MAX stays). [any]
int64_t quantumAtOrAfter(int64_t k) noexcept {
    if (k > INT64_MAX - int64_t{kRenderQuantumFrames}) return INT64_MAX;
    const int64_t q = quantumStart(k);
    return q == k ? k : q + kRenderQuantumFrames;
}
}  // namespace

AutomationRate GraphEngine::rateOf(const AutomationLane& lane) const noexcept {  // [audio]
    Node* node = active_ == nullptr ? nullptr : active_->nodeById(lane.node);
    if (node == nullptr && fadingOut_ != nullptr) node = fadingOut_->nodeById(lane.node);
    // No node to set: nothing to render frame by frame for.
    if (node == nullptr || lane.param >= node->parameters().size()) return AutomationRate::aRateValues;
    return node->automationRate(lane.param);
}

void GraphEngine::applyLanesAt(int64_t k) noexcept {  // [audio]
    for (uint32_t i = 0; i < numLanes_; ++i) {
        LaneSlot& slot = lanes_[i];
        const AutomationLane& lane = *slot.lane;
        slot.cursor = lane.segmentAt(k, slot.cursor);
        const int64_t at = slot.rate == AutomationRate::kRate ? quantumStart(k) : k;
        const int64_t segment = at == k ? slot.cursor : lane.segmentAt(at, slot.cursor);
        if (segment < 0) continue;
        const double value = lane.valueAt(segment, at);
        if (!slot.applied || value != slot.lastApplied) {
            applyAutomation(lane.node, lane.param, value);
            slot.lastApplied = value;
            slot.applied = true;
        }
    }
}

bool GraphEngine::bindLaneValues(uint32_t laneIndex, int64_t k, uint32_t frames) noexcept {  // [audio]
    LaneSlot& slot = lanes_[laneIndex];
    const AutomationLane& lane = *slot.lane;
    Node* node = active_ == nullptr ? nullptr : active_->nodeById(lane.node);
    Node* old = fadingOut_ == nullptr ? nullptr : fadingOut_->nodeById(lane.node);
    if (old == node) old = nullptr;
    const Node* owner = node != nullptr ? node : old;
    double* values = laneValues_.data() + size_t{laneIndex} * kRenderQuantumFrames;
    int64_t segment = slot.cursor;
    double last = 0.0;
    if (owner != nullptr && lane.param < owner->parameters().size()) {
        const ParameterInfo& info = owner->parameters()[lane.param];
        for (uint32_t j = 0; j < frames; ++j) {
            segment = lane.segmentAt(k + j, segment);
            last = lane.valueAt(segment, k + j);
            values[j] = info.clamp(last);
        }
    } else {
        last = lane.valueAt(lane.segmentAt(k + frames - 1, segment), k + frames - 1);
    }
    slot.lastApplied = last;  // set on the node after the block (renderAutomated)
    slot.applied = true;
    slot.bound = true;
    if (node != nullptr && !node->bindParamValues(lane.param, values)) return false;
    if (old != nullptr && !old->bindParamValues(lane.param, values)) return false;
    return true;
}

void GraphEngine::unbindLaneValues() noexcept {  // [audio]
    for (uint32_t i = 0; i < numLanes_; ++i) {
        LaneSlot& slot = lanes_[i];
        if (!slot.bound) continue;
        slot.bound = false;
        if (Node* node = active_ == nullptr ? nullptr : active_->nodeById(slot.lane->node)) node->clearParamValues();
        if (Node* old = fadingOut_ == nullptr ? nullptr : fadingOut_->nodeById(slot.lane->node))
            old->clearParamValues();
    }
}

void GraphEngine::renderAutomated(const float* const* input, uint32_t numInputChannels, float* const* output,
                                  uint32_t start, uint32_t frames, int64_t blockStart) noexcept {  // [audio]
    const uint32_t end = start + frames;
    // Renders [from, from + n) of the block with the plans' clock at its first frame (NodeIo::frameTime).
    auto renderAt = [&](uint32_t from, uint32_t n) {
        if (active_ != nullptr) active_->setFrameTime(blockStart + from);
        if (fadingOut_ != nullptr) fadingOut_->setFrameTime(blockStart + from);
        renderSegment(input, numInputChannels, output, from, n);
    };
    uint32_t at = start;
    while (at < end) {
        const int64_t k = blockStart + at;
        const int64_t quantumEnd = quantumStart(k) + kRenderQuantumFrames;
        // 1. How far every lane keeps its way of applying values: a constant stretch runs to the
        //    lane's next segment, a k-rate value to its quantum's end, moving a-rate values to
        //    the quantum's end (aRateValues) or one frame (aRateFrames).
        int64_t stop = blockStart + end;
        bool frameByFrame = false;
        for (uint32_t i = 0; i < numLanes_; ++i) {
            LaneSlot& slot = lanes_[i];
            const AutomationLane& lane = *slot.lane;
            slot.cursor = lane.segmentAt(k, slot.cursor);
            slot.rate = rateOf(lane);
            const bool moving = lane.varies(slot.cursor);
            const int64_t nextStart = lane.firstFrame(slot.cursor + 1);
            if (slot.rate == AutomationRate::kRate) {
                const bool sameAtQuantumStart = lane.segmentAt(quantumStart(k), slot.cursor) == slot.cursor;
                stop = std::min(stop, sameAtQuantumStart && !moving ? quantumAtOrAfter(nextStart) : quantumEnd);
            } else if (!moving) {
                stop = std::min(stop, nextStart);
            } else {
                frameByFrame = frameByFrame || slot.rate == AutomationRate::aRateFrames;
                stop = std::min(stop, quantumEnd);
            }
        }
        if (frameByFrame) {
            applyLanesAt(k);
            renderAt(at, 1);
            at += 1;
            continue;
        }
        const auto run = static_cast<uint32_t>(stop - k);
        // 2. Constant and k-rate values are set once; moving a-rate values go to the nodes as
        //    one value per frame (Node::paramValues), and their last value is set after the block.
        bool allBound = true;
        for (uint32_t i = 0; i < numLanes_ && allBound; ++i) {
            LaneSlot& slot = lanes_[i];
            if (slot.rate != AutomationRate::kRate && slot.cursor >= 0 && slot.lane->varies(slot.cursor))
                allBound = bindLaneValues(i, k, run);
        }
        if (!allBound) {  // a node with more moving parameters than it takes values for at once
            unbindLaneValues();
            for (uint32_t j = 0; j < run; ++j) {
                applyLanesAt(k + j);
                renderAt(at + j, 1);
            }
            at += run;
            continue;
        }
        for (uint32_t i = 0; i < numLanes_; ++i) {
            LaneSlot& slot = lanes_[i];
            if (slot.bound) continue;
            const AutomationLane& lane = *slot.lane;
            const int64_t when = slot.rate == AutomationRate::kRate ? quantumStart(k) : k;
            const int64_t segment = lane.segmentAt(when, slot.cursor);
            if (segment < 0) continue;
            const double value = lane.valueAt(segment, when);
            if (!slot.applied || value != slot.lastApplied) {
                applyAutomation(lane.node, lane.param, value);
                slot.lastApplied = value;
                slot.applied = true;
            }
        }
        renderAt(at, run);
        for (uint32_t i = 0; i < numLanes_; ++i)
            if (lanes_[i].bound) applyAutomation(lanes_[i].lane->node, lanes_[i].lane->param, lanes_[i].lastApplied);
        unbindLaneValues();
        at += run;
    }
}

void GraphEngine::readCommands(int64_t blockStart) noexcept {  // [audio]
    CommandRecord record;
    while (numScheduled_ < kMaxScheduledCommands && commands_->tryPop(record)) {
        if (record.frameTime >= 0 && record.frameTime < blockStart)
            commandsLate_.fetch_add(1, std::memory_order_relaxed);
        scheduled_[numScheduled_++] = record;
    }
    if (numScheduled_ == kMaxScheduledCommands) {
        const uint32_t waiting = commands_->view().size();
        if (waiting > 0) emit(EngineEvent::commandsDeferred, 0, 0, waiting, blockStart);
    }
}

void GraphEngine::applyCommand(const CommandRecord& c, int64_t frame) noexcept {  // [audio]
    Node* node = active_ == nullptr ? nullptr : active_->nodeById(c.target);
    const bool immediate = c.kind == static_cast<uint32_t>(CommandKind::setParameterImmediate);
    if ((c.kind != static_cast<uint32_t>(CommandKind::setParameter) && !immediate) || node == nullptr ||
        c.param >= node->parameters().size()) {
        commandsRejected_.fetch_add(1, std::memory_order_relaxed);
        emit(EngineEvent::commandRejected, c.target, c.param, c.value, frame);
        return;
    }
    const bool exact = immediate ? node->setParameterImmediate(c.param, c.value) : node->setParameter(c.param, c.value);
    if (fadingOut_ != nullptr)
        if (Node* old = fadingOut_->nodeById(c.target); old != nullptr && old != node)
            (void)(immediate ? old->setParameterImmediate(c.param, c.value) : old->setParameter(c.param, c.value));
    if (exact) {
        commandsApplied_.fetch_add(1, std::memory_order_relaxed);
    } else {
        commandsRejected_.fetch_add(1, std::memory_order_relaxed);
        emit(EngineEvent::parameterClamped, c.target, c.param, c.value, frame);
    }
}

void GraphEngine::renderSegment(const float* const* input, uint32_t numInputChannels, float* const* output,
                                uint32_t start, uint32_t frames) noexcept {  // [audio]
    if (frames == 0) return;
    const uint32_t channels = spec_.numChannels;
    if (active_ == nullptr) {
        for (uint32_t ch = 0; ch < channels; ++ch) std::fill_n(output[ch] + start, frames, 0.0f);
        return;
    }
    // Channel pointers offset to the segment. Only the first `channels` / `numInputChannels`
    // entries are read, so the arrays are not value-initialised (that was a 2 × 128-byte
    // memset per block in wasm). A segment that starts at frame 0 uses the host's arrays.
    std::array<float*, kMaxChannels> outAt;
    std::array<const float*, kMaxChannels> inAt;
    float* const* out = output;
    const float* const* inputs = numInputChannels != 0 ? input : nullptr;
    if (start != 0) {
        for (uint32_t ch = 0; ch < channels; ++ch) outAt[ch] = output[ch] + start;
        for (uint32_t ch = 0; ch < numInputChannels; ++ch) inAt[ch] = input[ch] + start;
        out = outAt.data();
        if (inputs != nullptr) inputs = inAt.data();
    }
    active_->render(inputs, numInputChannels, out, frames);
    if (fadingOut_ == nullptr) return;

    std::array<float*, kMaxChannels> old;
    for (uint32_t ch = 0; ch < channels; ++ch) old[ch] = fadeScratch_.data() + size_t{ch} * spec_.maxBlockFrames;
    fadingOut_->render(inputs, numInputChannels, old.data(), frames);
    // Equal-gain linear crossfade (the two paths are strongly correlated: same sources, same
    // state): frame k of the fade weighs the new plan (k + 1) / crossfadeFrames.
    const double step = 1.0 / crossfadeFrames_;
    for (uint32_t ch = 0; ch < channels; ++ch) {
        uint32_t done = fadeFramesDone_;
        for (uint32_t i = 0; i < frames && done < crossfadeFrames_; ++i, ++done) {
            const double t = (done + 1) * step;
            out[ch][i] = static_cast<float>(old[ch][i] + t * (double(out[ch][i]) - old[ch][i]));
        }
    }
    fadeFramesDone_ = std::min(crossfadeFrames_, fadeFramesDone_ + frames);
}

void GraphEngine::reportMeters(CompiledGraph& plan, int64_t frame) noexcept {  // [audio]
    for (auto& meter : plan.meters()) {
        const uint64_t published = meter.node->readingsPublished();
        if (published == meter.readingsReported) continue;
        meter.readingsReported = published;
        MeterReading reading;
        if (!meter.node->latest(reading, 1)) continue;  // this thread is the writer: never torn
        for (uint32_t ch = 0; ch < reading.numChannels && ch < kMaxChannels; ++ch) {
            emit(EngineEvent::meterPeakDb, meter.id, ch, reading.peakDb[ch], frame);
            emit(EngineEvent::meterRmsDb, meter.id, ch, reading.rmsDb[ch], frame);
        }
    }
}

void GraphEngine::reportReductions(CompiledGraph& plan, int64_t frame) noexcept {  // [audio]
    for (auto& entry : plan.reductionSources()) {
        const uint64_t readings = entry.node->reductionReadings();
        if (readings == entry.readingsReported) continue;
        entry.readingsReported = readings;
        emit(EngineEvent::reductionDb, entry.id, 0, entry.node->reductionDb(), frame);
    }
}

void GraphEngine::reportEndings(CompiledGraph& plan, int64_t frame) noexcept {  // [audio]
    for (auto& entry : plan.endedSources()) {
        const uint64_t endings = entry.node->endings();
        if (endings == entry.endingsReported) continue;
        entry.endingsReported = endings;
        emit(EngineEvent::ended, entry.id, 0, static_cast<double>(entry.node->endedFrame()), frame);
    }
}

void GraphEngine::reportFailures(CompiledGraph& plan, int64_t frame) noexcept {  // [audio]
    for (auto& entry : plan.failureSources()) {
        const uint64_t failures = entry.node->failures();
        if (failures == entry.failuresReported) continue;
        processorFailures_.fetch_add(failures - entry.failuresReported, std::memory_order_relaxed);
        entry.failuresReported = failures;
        const auto count = static_cast<uint32_t>(std::min<uint64_t>(failures, UINT32_MAX));
        emit(EngineEvent::processorFailed, entry.id, count, entry.node->lastFailureCode(), frame);
    }
}

namespace {
/// allFinite's loop over one channel: the largest magnitude bits (sign cleared) of its samples.
/// [audio]
[[gnu::always_inline]] inline uint32_t maxMagnitudeBits(const float* x, uint32_t frames) noexcept {
    constexpr uint32_t kMagnitude = 0x7fffffffu;
    uint32_t largest = 0;
    for (uint32_t i = 0; i < frames; ++i) {
        uint32_t bits;  // std::memcpy: Emscripten's libc++ has no std::bit_cast
        std::memcpy(&bits, &x[i], sizeof bits);
        const uint32_t magnitude = bits & kMagnitude;
        largest = magnitude > largest ? magnitude : largest;
    }
    return largest;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// maxMagnitudeBits in 8-lane vectors. [audio]
__attribute__((target("avx2"))) uint32_t maxMagnitudeBitsAvx2(const float* x, uint32_t frames) noexcept {
    return maxMagnitudeBits(x, frames);
}
#endif

/// True when every sample of channels × frames is finite: a float is NaN or ±Inf exactly when its
/// magnitude bits (sign cleared) are at least those of +Inf, 0x7f800000, so the largest magnitude
/// bits decide. An unsigned maximum has no order to keep and costs one operation per lane beside
/// the mask, so the compiler vectorizes the loop (vpand, vpmaxud); runs once per block, 8 lanes at
/// a time on AVX2 CPUs. [audio]
bool allFinite(const float* const* channels, uint32_t numChannels, uint32_t frames) noexcept {
    constexpr uint32_t kInfinityBits = 0x7f800000u;
    uint32_t largest = 0;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (__builtin_cpu_supports("avx2")) {
        for (uint32_t ch = 0; ch < numChannels; ++ch)
            largest = std::max(largest, maxMagnitudeBitsAvx2(channels[ch], frames));
        return largest < kInfinityBits;
    }
#endif
    for (uint32_t ch = 0; ch < numChannels; ++ch) largest = std::max(largest, maxMagnitudeBits(channels[ch], frames));
    return largest < kInfinityBits;
}
}  // namespace

void GraphEngine::process(const float* const* input, uint32_t numInputChannels, float* const* output,
                          uint32_t numFrames, int64_t blockStartFrame) noexcept {  // [audio]
    const int64_t blockStart =
        blockStartFrame >= 0 ? blockStartFrame : static_cast<int64_t>(framesRendered_.load(std::memory_order_relaxed));
    const int64_t blockEnd = blockStart + numFrames;
    flushRetired();

    bool ok = output != nullptr && numFrames <= spec_.maxBlockFrames && spec_.numChannels > 0 &&
              (numInputChannels == 0 || input != nullptr) && numInputChannels <= kMaxChannels;
    for (uint32_t ch = 0; ok && ch < spec_.numChannels; ++ch) ok = output[ch] != nullptr;
    for (uint32_t ch = 0; ok && ch < numInputChannels; ++ch) ok = input[ch] != nullptr;
    if (!ok) {
        if (output != nullptr && numFrames <= spec_.maxBlockFrames)
            for (uint32_t ch = 0; ch < spec_.numChannels; ++ch)
                if (output[ch] != nullptr) std::fill_n(output[ch], numFrames, 0.0f);
        badBlocks_.fetch_add(1, std::memory_order_relaxed);
        emit(EngineEvent::badBlock, 0, 0, numFrames, blockStart);
        framesRendered_.store(static_cast<uint64_t>(blockEnd), std::memory_order_release);
        return;
    }

    // 1. A new plan (not while a crossfade is still running: it waits for the next block).
    if (fadingOut_ == nullptr) takeNewPlan(blockStart);
    takeNewLanes();

    // 2. Commands due in this block, in frame order (ties: arrival order). Render up to each
    //    command's frame, apply it, continue; the rest stay scheduled for later blocks.
    readCommands(blockStart);
    if (numScheduled_ == 0 && numLanes_ == 0 && fadingOut_ == nullptr && active_ != nullptr && numFrames != 0)
        [[likely]] {
        // The usual block: no command, lane or crossfade; the plan renders it whole
        // (what renderAutomated and renderSegment do then).
        active_->setFrameTime(blockStart);
        active_->render(numInputChannels != 0 ? input : nullptr, numInputChannels, output, numFrames);
    } else {
        renderCommandsAndLanes(input, numInputChannels, output, numFrames, blockStart);
    }

    // 3. No NaN or infinity leaves the engine (a node can still overflow: W3C ranges allow a
    //    biquad gain of 1541 dB): such a block is silenced and counted.
    if (!allFinite(output, spec_.numChannels, numFrames)) {
        for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) std::fill_n(output[ch], numFrames, 0.0f);
        badBlocks_.fetch_add(1, std::memory_order_relaxed);
        emit(EngineEvent::badBlock, 0, 1, numFrames, blockStart);
    }

    // 4. Events and the end of a crossfade.
    if (active_ != nullptr) {
        reportMeters(*active_, blockEnd);
        reportReductions(*active_, blockEnd);
        reportFailures(*active_, blockEnd);
        reportEndings(*active_, blockEnd);
    }
    if (fadingOut_ != nullptr) {
        reportFailures(*fadingOut_, blockEnd);
        if (fadeFramesDone_ >= crossfadeFrames_) {
            --retireSlotsReserved_;
            retire(fadingOut_);
            fadingOut_ = nullptr;
            emit(EngineEvent::planRetired, 0, 0, 0.0, blockEnd);
        }
    }
    framesRendered_.store(static_cast<uint64_t>(blockEnd), std::memory_order_release);
}

void GraphEngine::renderCommandsAndLanes(const float* const* input, uint32_t numInputChannels, float* const* output,
                                         uint32_t numFrames, int64_t blockStart) noexcept {  // [audio]
    const int64_t blockEnd = blockStart + numFrames;
    auto dueFrame = [&](const CommandRecord& c) { return std::max(c.frameTime, blockStart); };
    uint32_t numDue = 0;
    for (uint32_t i = 0; i < numScheduled_; ++i)
        if (dueFrame(scheduled_[i]) < blockEnd) dueOrder_[numDue++] = i;
    // Insertion sort (stable; few commands per block).
    for (uint32_t i = 1; i < numDue; ++i)
        for (uint32_t j = i; j > 0 && dueFrame(scheduled_[dueOrder_[j]]) < dueFrame(scheduled_[dueOrder_[j - 1]]); --j)
            std::swap(dueOrder_[j], dueOrder_[j - 1]);
    uint32_t frame = 0;
    for (uint32_t k = 0; k < numDue; ++k) {
        const CommandRecord& command = scheduled_[dueOrder_[k]];
        const auto at = static_cast<uint32_t>(dueFrame(command) - blockStart);
        renderAutomated(input, numInputChannels, output, frame, at - frame, blockStart);
        frame = at;
        applyCommand(command, blockStart + at);
    }
    renderAutomated(input, numInputChannels, output, frame, numFrames - frame, blockStart);
    if (numDue > 0) {
        uint32_t kept = 0;
        for (uint32_t i = 0; i < numScheduled_; ++i)
            if (dueFrame(scheduled_[i]) >= blockEnd) scheduled_[kept++] = scheduled_[i];
        numScheduled_ = kept;
    }
}

}  // namespace wavegraph
