#pragma once
/// \file graph_engine.h
/// Runs compiled graphs on the audio thread (after Elementary and chowdsp).
///
/// - Plans: the control thread publishes an immutable CompiledGraph through a wait-free queue.
///   The audio thread takes the newest one at the next block boundary (plans published in
///   between are handed back unrendered) and crossfades from the running plan
///   to it over `crossfadeMs` (equal-gain linear ramp, per frame). When the two plans own
///   distinct node instances (AudioGraph::forkNodes before compile), every node of the new plan
///   first copies the parameters and state of the node with the same id and type in the old
///   plan (Node::copyStateFrom), so both paths start from the same place and nodes present in
///   both plans keep their parameters and state; then the parameters the new plan's description
///   set explicitly (CompiledGraph::explicitParameters) are applied, ramped from the running values. If the plans share
///   a node instance, the switch is immediate (a shared node cannot be rendered twice per block). After the fade the
///   old plan goes back through a second queue and is freed on the control thread
///   (`collectRetired`). A plan is taken only when there is room to hand back the one it
///   replaces; otherwise the running plan stays (planSwapDeferred) until the control thread has
///   collected, so no plan is ever lost. See docs/graph-swap.md.
/// - Commands arrive on the command ring (target = NodeId, param = parameter index, frameTime =
///   absolute frame on this engine's clock, negative = next block) and take effect exactly at
///   their frame, also when it lies in a later block. During a crossfade they go to both plans.
/// - Automation lanes (automation/automation_lane.h, one per automated parameter) arrive through
///   a wait-free queue like plans: the control thread compiles a parameter's whole timeline and
///   publishes it; the audio thread swaps it in for that parameter's previous lane (a lane with
///   no segments removes it) and hands the old one back to be freed by collectRetired. At the
///   start of a constant segment the engine sets the value once (setParameterImmediate). While a
///   segment varies (a ramp, setTarget or curve), the parameter's Node::automationRate says how
///   its values arrive, with no smoothing: aRateValues, as one value per frame in a preallocated
///   buffer the node reads (Node::paramValues) over blocks of at most kRenderQuantumFrames frames
///   (the last value is then set on the node); kRate, one value per render quantum of the
///   engine's clock; aRateFrames, set before every frame, the graph rendered frame by frame.
///   A command for an automated parameter holds until the lane's value next changes.
/// - Events leave on the event ring (graph/engine_event.h): meter readings, clamped values,
///   rejected commands, plan swaps and retirements, bad blocks. A full event ring drops the
///   event and counts it (`eventsDropped`).

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "automation/automation_lane.h"
#include "base/process_spec.h"
#include "base/status.h"
#include "graph/compiled_graph.h"
#include "graph/engine_event.h"
#include "rt/command_ring.h"
#include "rt/spsc_queue.h"

namespace wavegraph {

/// Runs published render plans on the audio thread: takes new plans (crossfading between old
/// and new), applies parameter commands from the command ring at their frame and reports
/// events on the event ring (docs/graph-swap.md, docs/ring-layout.md).
class GraphEngine {
public:
    /// Plans that may wait for the audio thread, and retired plans waiting to be freed.
    static constexpr size_t kPlanQueueCapacity = 8;
    /// Commands held for a future frame at most (further ones wait in the command ring).
    static constexpr uint32_t kMaxScheduledCommands = 256;
    /// Crossfade length between plans when prepare is not told otherwise, ms.
    static constexpr double kDefaultCrossfadeMs = 5.0;
    /// Longest crossfade prepare accepts, ms.
    static constexpr double kMaxCrossfadeMs = 1000.0;
    /// Automated parameters at most (lanes running at once), and lanes that may wait in each queue.
    static constexpr uint32_t kMaxAutomationLanes = 64;

    GraphEngine();
    /// Frees the active plan and any plan still queued. Only when the audio thread has stopped. [control]
    ~GraphEngine();

    /// Allocates the rings and the crossfade buffer. Errors name the bad capacity (a power of
    /// two, 2…2²⁰) or crossfadeMs (0…1000). [control, before the audio thread starts]
    Status prepare(const ProcessSpec& spec, uint32_t commandRingCapacity = 256, uint32_t eventRingCapacity = 1024,
                   double crossfadeMs = kDefaultCrossfadeMs);
    /// Queues a plan compiled for this engine's spec; the audio thread takes it at its next
    /// block (while a crossfade runs, the next plan waits for its end).
    /// Errors: a null plan, a spec mismatch, or the queue full ("8 plans are waiting").
    /// [control]
    Status publish(std::unique_ptr<CompiledGraph> plan);
    /// Frees plans and automation lanes the audio thread has retired; returns how many plans.
    /// Call regularly. [control]
    size_t collectRetired();
    /// Queues parameter `lane->param` of node `lane->node`'s automation; the audio thread swaps
    /// it in at its next block (a lane with no segments ends the parameter's automation). The
    /// caller keeps at most kMaxAutomationLanes parameters automated. Errors: a null lane, or
    /// the queue full ("64 automation lanes are waiting"). [control]
    Status publishAutomation(std::unique_ptr<AutomationLane> lane);
    /// Automation lanes running on the audio thread (a snapshot). [any]
    uint32_t automationLanes() const noexcept { return numLanesRunning_.load(std::memory_order_relaxed); }

    /// Producer side for parameter commands. [control]
    CommandRingView& commandRing() noexcept { return commands_->view(); }
    /// Consumer side for events (graph/engine_event.h). [control]
    CommandRingView& eventRing() noexcept { return events_->view(); }

    /// Renders one block: input and output are planar (channels × numFrames), numFrames ≤
    /// spec.maxBlockFrames, output has spec.numChannels channels. Silence until a plan arrives;
    /// a bad block (too many frames, null output channel) is silenced and reported.
    /// `blockStartFrame`: the host's clock at the block's first frame (e.g. an AudioWorklet's
    /// currentFrame), against which command frameTimes are compared; negative (default) = this
    /// engine's own count of frames rendered.
    /// [audio] noexcept, no allocation, lock or wait.
    void process(const float* const* input, uint32_t numInputChannels, float* const* output, uint32_t numFrames,
                 int64_t blockStartFrame = -1) noexcept;

    /// Counters, readable from any thread.
    /// The frame after the last block rendered: the clock of RingRecord::frameTime (frames
    /// rendered since prepare, or the host's clock when process is given one).
    uint64_t framesRendered() const noexcept { return framesRendered_.load(std::memory_order_acquire); }
    /// Plans the audio thread has taken over.
    uint64_t plansSwapped() const noexcept { return plansSwapped_.load(std::memory_order_relaxed); }
    /// Plans accepted by publish, and plans freed by collectRetired: once the audio thread has
    /// stopped and collectRetired has run, published − collected is the plan still running
    /// (1 after the first publish), so a retired plan that was never freed shows as a difference.
    uint64_t plansPublished() const noexcept { return plansPublished_.load(std::memory_order_relaxed); }
    /// Plans freed by collectRetired (see plansPublished).
    uint64_t plansCollected() const noexcept { return plansCollected_.load(std::memory_order_relaxed); }
    /// Swaps that crossfaded (the rest switched at once because the plans shared nodes).
    uint64_t crossfades() const noexcept { return crossfades_.load(std::memory_order_relaxed); }
    /// Parameter commands applied to a node.
    uint64_t commandsApplied() const noexcept { return commandsApplied_.load(std::memory_order_relaxed); }
    /// Commands for a node not in the active plan, an unknown parameter, or a clamped value.
    uint64_t commandsRejected() const noexcept { return commandsRejected_.load(std::memory_order_relaxed); }
    /// Commands whose frameTime had already passed when they were read (applied at once).
    uint64_t commandsLate() const noexcept { return commandsLate_.load(std::memory_order_relaxed); }
    /// Events lost because the event ring was full.
    uint64_t eventsDropped() const noexcept { return eventsDropped_.load(std::memory_order_relaxed); }
    /// Blocks silenced because of a bad frame count or channel pointer.
    uint64_t badBlocks() const noexcept { return badBlocks_.load(std::memory_order_relaxed); }
    /// Retired plans that found the return queue full (kept and retried next block).
    uint64_t retireRetries() const noexcept { return retireRetries_.load(std::memory_order_relaxed); }
    /// Blocks in which a published plan waited because no retire slot was free (collectRetired
    /// had not been called for many swaps); the running plan stayed (planSwapDeferred event).
    uint64_t plansDeferred() const noexcept { return plansDeferred_.load(std::memory_order_relaxed); }
    /// Blocks in which a node of a running plan failed and was silenced (FailureSource).
    uint64_t processorFailures() const noexcept { return processorFailures_.load(std::memory_order_relaxed); }
    /// Crossfade length in frames (crossfadeMs at the spec's sample rate, rounded). [any]
    uint32_t crossfadeFrames() const noexcept { return crossfadeFrames_; }
    /// The spec of the last prepare. [any]
    const ProcessSpec& spec() const noexcept { return spec_; }

private:
    void takeNewPlan(int64_t blockStart) noexcept;                                     // [audio]
    void takeNewLanes() noexcept;                                                      // [audio]
    void applyAutomation(uint32_t node, uint32_t param, double value) noexcept;        // [audio]
    AutomationRate rateOf(const AutomationLane& lane) const noexcept;                  // [audio]
    void applyLanesAt(int64_t frame) noexcept;                                         // [audio]
    bool bindLaneValues(uint32_t laneIndex, int64_t frame, uint32_t frames) noexcept;  // [audio]
    void unbindLaneValues() noexcept;                                                  // [audio]
    /// process() for a block with commands due, automation lanes or a crossfade: renders up to
    /// each command's frame (renderAutomated), applies it, renders on. [audio]
    void renderCommandsAndLanes(const float* const* input, uint32_t numInputChannels, float* const* output,
                                uint32_t numFrames, int64_t blockStart) noexcept;
    void renderAutomated(const float* const* input, uint32_t numInputChannels, float* const* output, uint32_t start,
                         uint32_t frames, int64_t blockStart) noexcept;       // [audio]
    void retire(CompiledGraph* plan) noexcept;                                // [audio]
    void flushRetired() noexcept;                                             // [audio]
    bool retireRoomForOneMore() const noexcept;                               // [audio]
    void readCommands(int64_t blockStart) noexcept;                           // [audio]
    void applyCommand(const CommandRecord& command, int64_t frame) noexcept;  // [audio]
    void renderSegment(const float* const* input, uint32_t numInputChannels, float* const* output, uint32_t start,
                       uint32_t frames) noexcept;                      // [audio]
    void reportMeters(CompiledGraph& plan, int64_t frame) noexcept;    // [audio]
    void reportFailures(CompiledGraph& plan, int64_t frame) noexcept;  // [audio]
    void reportReductions(CompiledGraph& plan, int64_t frame) noexcept;
    void reportEndings(CompiledGraph& plan, int64_t frame) noexcept;                                     // [audio]
    void emit(EngineEvent kind, uint32_t target, uint32_t param, double value, int64_t frame) noexcept;  // [audio]

    // [control] set in prepare.
    ProcessSpec spec_{};
    std::unique_ptr<CommandRing> commands_;
    std::unique_ptr<CommandRing> events_;
    uint32_t crossfadeFrames_ = 0;
    // [control → audio] new plans; [audio → control] replaced plans to free.
    SpscQueue<CompiledGraph*, kPlanQueueCapacity> incoming_;
    SpscQueue<CompiledGraph*, kPlanQueueCapacity> retired_;
    // [audio]
    CompiledGraph* active_ = nullptr;
    CompiledGraph* fadingOut_ = nullptr;  // the previous plan during a crossfade
    uint32_t fadeFramesDone_ = 0;
    std::array<CompiledGraph*, 2 * kPlanQueueCapacity> waitingToRetire_{};  // return queue was full
    uint32_t numWaitingToRetire_ = 0;                                       // non-null entries above
    uint32_t retireSlotsReserved_ = 0;  // 1 during a crossfade: the fading plan's slot
    bool swapDeferred_ = false;         // planSwapDeferred reported, plan not yet taken
    std::vector<float> fadeScratch_;    // numChannels × maxBlockFrames, the old plan's output
    std::array<CommandRecord, kMaxScheduledCommands> scheduled_{};  // in arrival order
    uint32_t numScheduled_ = 0;
    std::array<uint32_t, kMaxScheduledCommands> dueOrder_{};
    uint32_t eventSequence_ = 0;
    /// One running automation lane: where its cursor is and the value it last set.
    /// (No member initializers: the array below is zero-filled, not initialized slot by slot.)
    struct LaneSlot {
        const AutomationLane* lane;
        int64_t cursor;
        double lastApplied;
        AutomationRate rate;  // of the lane's node parameter, read at every stretch
        bool applied;
        bool bound;  // its values are bound to the node for the stretch being rendered
    };
    std::array<LaneSlot, kMaxAutomationLanes> lanes_{};
    uint32_t numLanes_ = 0;
    // [control → audio] new lanes; [audio → control] replaced lanes to free.
    SpscQueue<AutomationLane*, kMaxAutomationLanes> incomingLanes_;
    SpscQueue<AutomationLane*, 4 * kMaxAutomationLanes> retiredLanes_;
    std::vector<double> laneValues_;  // kMaxAutomationLanes × kRenderQuantumFrames: values of moving a-rate lanes
    // [any]
    std::atomic<uint32_t> numLanesRunning_{0};
    std::atomic<uint64_t> framesRendered_{0};
    std::atomic<uint64_t> plansSwapped_{0}, crossfades_{0}, commandsApplied_{0}, commandsRejected_{0}, commandsLate_{0},
        eventsDropped_{0}, badBlocks_{0}, retireRetries_{0}, plansDeferred_{0}, processorFailures_{0};
    // [control] written, [any] read.
    std::atomic<uint64_t> plansPublished_{0}, plansCollected_{0};
};

}  // namespace wavegraph
