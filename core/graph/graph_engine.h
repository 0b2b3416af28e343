#pragma once
/// \file graph_engine.h
/// Runs compiled graphs on the audio thread (after Elementary and chowdsp): the control thread
/// publishes an immutable CompiledGraph through a wait-free queue; the audio thread takes it at
/// the next block boundary and hands the plan it replaces back through a second queue, so that
/// every plan is freed on the control thread (`collectRetired`). Parameter commands arrive
/// through the command ring (target = NodeId, param = parameter index) and take effect at
/// their frame offset within the block in which they are read.
///
/// Not yet: the click-free crossfade between plans (docs/graph-swap.md describes the plan);
/// today the switch is immediate at a block boundary.

#include <atomic>
#include <cstdint>
#include <memory>

#include "command_ring.h"
#include "compiled_graph.h"
#include "process_spec.h"
#include "spsc_queue.h"
#include "status.h"

namespace wavegraph {

class GraphEngine {
public:
    static constexpr size_t kPlanQueueCapacity = 8;
    static constexpr uint32_t kMaxCommandsPerBlock = 64;

    GraphEngine();
    /// Frees the active plan and any plan still queued. Only when the audio thread has stopped. [control]
    ~GraphEngine();

    /// Allocates the command ring. [control, before the audio thread starts]
    Status prepare(const ProcessSpec& spec, uint32_t commandRingCapacity = 256);
    /// Queues a plan compiled for this engine's spec; the audio thread takes it at its next
    /// block. Errors: a null plan, a spec mismatch, or the queue full ("8 plans are waiting").
    /// [control]
    Status publish(std::unique_ptr<CompiledGraph> plan);
    /// Frees plans the audio thread has retired; returns how many. Call regularly. [control]
    size_t collectRetired();

    /// Producer side for parameter commands. [control]
    CommandRingView& commandRing() noexcept { return ring_->view(); }

    /// Renders one block (see CompiledGraph::render for shapes); silence until a plan arrives.
    /// [audio] noexcept, no allocation, lock or wait.
    void process(const float* const* input, uint32_t numInputChannels, float* const* output,
                 uint32_t numFrames) noexcept;

    /// Counters, readable from any thread.
    uint64_t plansSwapped() const noexcept { return plansSwapped_.load(std::memory_order_relaxed); }
    uint64_t commandsApplied() const noexcept { return commandsApplied_.load(std::memory_order_relaxed); }
    /// Commands for a node not in the active plan, an unknown parameter, or a clamped value.
    uint64_t commandsRejected() const noexcept { return commandsRejected_.load(std::memory_order_relaxed); }
    /// Retired plans that found the return queue full (kept and retried next block).
    uint64_t retireRetries() const noexcept { return retireRetries_.load(std::memory_order_relaxed); }

private:
    void applyCommand(const CommandRecord& command) noexcept;  // [audio]

    // [control] set in prepare.
    ProcessSpec spec_{};
    std::unique_ptr<CommandRing> ring_;
    // [control → audio] new plans; [audio → control] replaced plans to free.
    SpscQueue<CompiledGraph*, kPlanQueueCapacity> incoming_;
    SpscQueue<CompiledGraph*, kPlanQueueCapacity> retired_;
    // [audio]
    CompiledGraph* active_ = nullptr;
    CompiledGraph* waitingToRetire_ = nullptr;
    std::array<CommandRecord, kMaxCommandsPerBlock> pending_{};
    // [any]
    std::atomic<uint64_t> plansSwapped_{0}, commandsApplied_{0}, commandsRejected_{0}, retireRetries_{0};
};

}  // namespace wavegraph
