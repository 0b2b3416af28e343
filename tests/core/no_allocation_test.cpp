// GraphSession::process with a stream of parameter commands makes no heap allocation and takes
// no lock (a test-only counter replaces operator new and wraps pthread mutex locking).
#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "allocation_counter.h"
#include "nodes/parametric_eq_node.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"

using namespace wavegraph;

TEST(NoAllocation, ProcessWithCommandsAllocatesNothing) {
    GraphSession session;
    ASSERT_TRUE(session.prepare(ProcessSpec{48000.0, 256, 2}).isOk());
    ASSERT_TRUE(session.loadGraph(kReferenceGraphJson).isOk());
    std::vector<float> left(256, 0.1f), right(256, -0.1f);
    float* channels[2] = {left.data(), right.data()};
    session.process(channels, 2, channels, 256);  // takes the plan
    size_t allocations = 0, locks = 0;
    using reference_graph::kEq;
    using reference_graph::kMaster;
    for (int block = 1; block <= 200; ++block) {
        const int64_t blockStart = int64_t{block} * 256;
        auto& ring = session.engine().commandRing();
        ring.tryPush({kEq, ParametricEqNode::parameterId(static_cast<uint32_t>(block % 8), ParametricEqNode::gainDb),
                      -(block % 24) * 1.0, blockStart, 0, 0});
        ring.tryPush({kMaster, 0, -(block % 30) * 1.0, blockStart + 17, 0, 0});
        ring.tryPush({kEq, ParametricEqNode::parameterId(static_cast<uint32_t>(block % 8), ParametricEqNode::q),
                      0.5 + (block % 5), blockStart + 100, 0, 0});
        wavegraph::test::AllocationCounter counter;
        session.process(channels, 2, channels, 256);
        allocations += counter.count();
        locks += counter.locks();
    }
    std::printf("200 blocks with 600 commands: %zu allocations, %zu locks, %llu commands applied, %llu rejected\n",
                allocations, locks, static_cast<unsigned long long>(session.engine().commandsApplied()),
                static_cast<unsigned long long>(session.engine().commandsRejected()));
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(locks, 0u);
    EXPECT_EQ(session.engine().commandsApplied(), 600u);
    // The counter is real: an allocation inside its scope is seen.
    wavegraph::test::AllocationCounter counter;
    auto* probe = new std::vector<int>(4);
    EXPECT_GE(counter.count(), 1u);
    delete probe;
}

// The paths a steady session takes: separate host output buffers (the last node writes them),
// blocks of 256, 130 and 33 frames (the cascade's unrolled and checked block edges), blocks
// without commands (the EQ's steady branch), and the meter and analyser unobserved, then observed.
TEST(NoAllocation, SteadyBlocksWithHostOutputAndUnobservedNodesAllocateNothing) {
    GraphSession session;
    ASSERT_TRUE(session.prepare(ProcessSpec{48000.0, 256, 2}).isOk());
    ASSERT_TRUE(session.loadGraph(kReferenceGraphJson).isOk());
    std::vector<float> inLeft(256, 0.1f), inRight(256, -0.1f), outLeft(256), outRight(256);
    const float* inputs[2] = {inLeft.data(), inRight.data()};
    float* outputs[2] = {outLeft.data(), outRight.data()};
    session.process(inputs, 2, outputs, 256);  // takes the plan
    constexpr uint32_t kFrames[] = {256, 130, 33};
    size_t allocations = 0, locks = 0, blocks = 0;
    for (const bool observed : {false, true}) {
        session.setObserved(observed);
        for (int block = 0; block < 90; ++block) {
            wavegraph::test::AllocationCounter counter;
            session.process(inputs, 2, outputs, kFrames[block % 3]);
            allocations += counter.count();
            locks += counter.locks();
            ++blocks;
        }
    }
    std::printf(
        "%zu steady blocks (host output, unobserved then observed): %zu allocations, %zu locks; "
        "first output sample of the last block %.6f\n",
        blocks, allocations, locks, outLeft[0]);
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(locks, 0u);
    EXPECT_NE(outLeft[0], 0.0f);  // the blocks ran: the EQ passes the input's level
}

// The guard itself: it must see a lock when there is one (else "0 locks" would prove nothing).
TEST(RealtimeGuard, CountsMutexLocksAndAllocations) {
    std::mutex mutex;
    std::thread other([] {});  // make sure the program is multi-threaded (std::mutex then really locks)
    other.join();
    wavegraph::test::AllocationCounter guard(wavegraph::test::AllocationCounter::LockPolicy::count);
    { std::lock_guard<std::mutex> lock(mutex); }
    static int* volatile sink = nullptr;  // volatile: the new/delete pair cannot be elided
    sink = new int(3);
    delete sink;
    EXPECT_EQ(guard.locks(), 1u);
    EXPECT_EQ(guard.count(), 1u);
}
