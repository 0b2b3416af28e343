#include "graph_engine.h"

#include <algorithm>
#include <array>

namespace wavegraph {

GraphEngine::GraphEngine() : ring_(std::make_unique<CommandRing>(256)) {}  // [control]

GraphEngine::~GraphEngine() {  // [control]
    collectRetired();
    CompiledGraph* plan = nullptr;
    while (incoming_.tryPop(plan)) delete plan;
    delete waitingToRetire_;
    delete active_;
}

Status GraphEngine::prepare(const ProcessSpec& spec, uint32_t commandRingCapacity) {  // [control]
    if (auto s = CommandRing::validateCapacity(commandRingCapacity); !s) return s;
    spec_ = spec;
    ring_ = std::make_unique<CommandRing>(commandRingCapacity);
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
    return Status::ok();
}

size_t GraphEngine::collectRetired() {  // [control]
    size_t freed = 0;
    CompiledGraph* plan = nullptr;
    while (retired_.tryPop(plan)) {
        delete plan;
        ++freed;
    }
    return freed;
}

void GraphEngine::applyCommand(const CommandRecord& c) noexcept {  // [audio]
    Node* node = active_ == nullptr ? nullptr : active_->nodeById(c.target);
    const bool ok = node != nullptr && node->setParameter(c.param, c.value);
    (ok ? commandsApplied_ : commandsRejected_).fetch_add(1, std::memory_order_relaxed);
}

void GraphEngine::process(const float* const* input, uint32_t numInputChannels, float* const* output,
                          uint32_t numFrames) noexcept {  // [audio]
    // 1. Hand back a plan that could not be retired last time, then take the newest plan.
    if (waitingToRetire_ != nullptr && retired_.tryPush(waitingToRetire_)) waitingToRetire_ = nullptr;
    CompiledGraph* next = nullptr;
    while (incoming_.tryPop(next)) {
        if (active_ != nullptr) {
            if (waitingToRetire_ == nullptr && retired_.tryPush(active_)) {
                // handed back
            } else if (waitingToRetire_ == nullptr) {
                waitingToRetire_ = active_;
                retireRetries_.fetch_add(1, std::memory_order_relaxed);
            } else {
                // Both slots busy: keep the current plan, put the new one where it can retry.
                // (Cannot happen with one publish per collectRetired; counted to be seen.)
                retireRetries_.fetch_add(1, std::memory_order_relaxed);
                std::swap(next, active_);
                (void)retired_.tryPush(next);
                continue;
            }
        }
        active_ = next;
        plansSwapped_.fetch_add(1, std::memory_order_relaxed);
    }
    if (active_ == nullptr) {
        for (uint32_t ch = 0; ch < spec_.numChannels; ++ch)
            if (output != nullptr && output[ch] != nullptr) std::fill_n(output[ch], numFrames, 0.0f);
        return;
    }

    // 2. Commands: render up to each command's frame offset, apply it, continue.
    uint32_t numPending = 0;
    while (numPending < kMaxCommandsPerBlock && ring_->tryPop(pending_[numPending])) ++numPending;
    std::array<float*, kMaxChannels> out{};
    std::array<const float*, kMaxChannels> in{};
    uint32_t frame = 0;
    auto renderUntil = [&](uint32_t end) {
        if (end <= frame) return;
        for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) out[ch] = output[ch] + frame;
        for (uint32_t ch = 0; ch < numInputChannels; ++ch) in[ch] = input[ch] + frame;
        active_->render(numInputChannels ? in.data() : nullptr, numInputChannels, out.data(), end - frame);
        frame = end;
    };
    for (uint32_t i = 0; i < numPending; ++i) {
        renderUntil(std::min(pending_[i].frameOffset, numFrames == 0 ? 0 : numFrames - 1));
        applyCommand(pending_[i]);
    }
    renderUntil(numFrames);
}

}  // namespace wavegraph
