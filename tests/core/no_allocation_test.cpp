// process() makes no heap allocation (a test-only counter replaces operator new).
#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "allocation_counter.h"
#include "reference_chain.h"

using namespace wavegraph;

TEST(NoAllocation, ProcessWithCommandsAllocatesNothing) {
    ReferenceChain chain;
    ASSERT_TRUE(chain.prepare(ProcessSpec{48000.0, 256, 2}).isOk());
    std::vector<float> left(256, 0.1f), right(256, -0.1f);
    float* channels[2] = {left.data(), right.data()};
    size_t allocations = 0;
    for (int block = 0; block < 200; ++block) {
        chain.commandRing().tryPush({node::eq, param::eqBandGainDb(block % 8), -(block % 24) * 1.0, 0, 0});
        chain.commandRing().tryPush({node::masterGain, param::masterGainDb, -(block % 30) * 1.0, 17, 0});
        chain.commandRing().tryPush({node::source, param::sourceKind, double(block % 3), 100, 0});
        wavegraph::test::AllocationCounter counter;
        chain.process(channels, 2, channels, 256);
        allocations += counter.count();
    }
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(chain.commandsApplied(), 600u);
    // The counter is real: an allocation inside its scope is seen.
    wavegraph::test::AllocationCounter counter;
    auto* probe = new std::vector<int>(4);
    EXPECT_GE(counter.count(), 1u);
    delete probe;
}

// The guard itself: it must see a lock when there is one (else "0 locks" would prove nothing).
TEST(RealtimeGuard, CountsMutexLocksAndAllocations) {
    std::mutex mutex;
    std::thread other([] {});  // make sure the program is multi-threaded (std::mutex then really locks)
    other.join();
    wavegraph::test::AllocationCounter guard(wavegraph::test::AllocationCounter::LockPolicy::count);
    {
        std::lock_guard<std::mutex> lock(mutex);
    }
    static int* volatile sink = nullptr;  // volatile: the new/delete pair cannot be elided
    sink = new int(3);
    delete sink;
    EXPECT_EQ(guard.locks(), 1u);
    EXPECT_EQ(guard.count(), 1u);
}
