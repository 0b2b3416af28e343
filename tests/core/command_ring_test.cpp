// The SPSC command ring: order across wrap-around, full without overwriting, empty, and a
// two-thread stress of 10^6 records with canaries.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "rt/command_ring.h"

using namespace wavegraph;

namespace {
constexpr uint32_t kCanary = 0xC0FFEE11;
CommandRecord recordFor(uint32_t n) {
    // frameTime above 2^32 checks that the 64-bit field survives whole.
    return CommandRecord{kCanary, n * 7u, n * 0.5 + 0.25, (int64_t{n} << 20) + 0x1'0000'0001, n % 3u, n};
}
bool sameRecord(const CommandRecord& a, const CommandRecord& b) {
    return a.target == b.target && a.param == b.param && a.value == b.value && a.frameTime == b.frameTime &&
           a.kind == b.kind && a.sequence == b.sequence;
}
}  // namespace

TEST(CommandRing, LayoutMatchesTheDocumentedOffsets) {
    CommandRing ring(8);
    uint32_t word;
    std::memcpy(&word, ring.data() + ring_layout::kMagicOffset, 4);
    EXPECT_EQ(word, 0x32524757u);  // "WGR2"
    std::memcpy(&word, ring.data() + ring_layout::kCapacityOffset, 4);
    EXPECT_EQ(word, 8u);
    std::memcpy(&word, ring.data() + ring_layout::kRecordBytesOffset, 4);
    EXPECT_EQ(word, 32u);
    EXPECT_EQ(ring.bytes(), 192u + 8u * 32u);
    ASSERT_TRUE(ring.tryPush(recordFor(5)));
    std::memcpy(&word, ring.data() + ring_layout::kWriteIndexOffset, 4);
    EXPECT_EQ(word, 1u);
    double value;
    std::memcpy(&value, ring.data() + ring_layout::kHeaderBytes + 8, 8);
    EXPECT_EQ(value, 2.75);
}

TEST(CommandRing, KeepsOrderAcrossWrapAround) {
    CommandRing ring(8);
    uint32_t next = 0, expected = 0;
    for (int round = 0; round < 1000; ++round) {
        const uint32_t batch = 1 + round % 8;  // 1…8 records, so indices wrap many times
        for (uint32_t i = 0; i < batch; ++i) ASSERT_TRUE(ring.tryPush(recordFor(next++)));
        CommandRecord r;
        while (ring.tryPop(r)) ASSERT_TRUE(sameRecord(r, recordFor(expected++)));
    }
    EXPECT_EQ(expected, next);
    EXPECT_GT(next, 8u * 100u);
}

TEST(CommandRing, ReportsFullWithoutOverwritingAndEmpty) {
    CommandRing ring(4);
    CommandRecord r;
    EXPECT_FALSE(ring.tryPop(r));
    for (uint32_t i = 0; i < 4; ++i) ASSERT_TRUE(ring.tryPush(recordFor(i)));
    EXPECT_FALSE(ring.tryPush(recordFor(99)));  // full
    EXPECT_EQ(ring.view().size(), 4u);
    for (uint32_t i = 0; i < 4; ++i) {
        ASSERT_TRUE(ring.tryPop(r));
        EXPECT_TRUE(sameRecord(r, recordFor(i)));  // the oldest survived: nothing overwritten
    }
    EXPECT_FALSE(ring.tryPop(r));
}

TEST(CommandRing, AttachRejectsBadMemory) {
    alignas(64) std::byte memory[512] = {};
    CommandRingView view;
    EXPECT_FALSE(CommandRingView::attach(memory, sizeof memory, view).isOk());  // no header
    EXPECT_EQ(CommandRingView::initialize(memory, sizeof memory, 12).message(),
              "ring capacity 12 must be a power of two in 2…1048576 records");
    EXPECT_FALSE(CommandRingView::initialize(memory, sizeof memory, 64).isOk());  // too small
    ASSERT_TRUE(CommandRingView::initialize(memory, sizeof memory, 8).isOk());
    EXPECT_TRUE(CommandRingView::attach(memory, sizeof memory, view).isOk());
}

TEST(CommandRing, TwoThreadStressOfAMillionRecordsWithCanaries) {
    constexpr uint32_t kRecords = 1'000'000;
    CommandRing ring(64);
    std::atomic<bool> producerDone{false};
    uint64_t fullRetries = 0;
    std::thread producer([&] {
        for (uint32_t n = 0; n < kRecords; ++n)
            while (!ring.tryPush(recordFor(n))) {
                ++fullRetries;
                std::this_thread::yield();
            }
        producerDone = true;
    });
    uint32_t expected = 0, mismatches = 0;
    CommandRecord r;
    while (expected < kRecords) {
        if (ring.tryPop(r)) {
            mismatches += !sameRecord(r, recordFor(expected));
            ++expected;
        } else {
            std::this_thread::yield();
        }
    }
    producer.join();
    EXPECT_TRUE(producerDone);
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(expected, kRecords);
    EXPECT_FALSE(ring.tryPop(r));
    std::printf("stress: %u records, %llu full retries\n", kRecords, static_cast<unsigned long long>(fullRetries));
}
