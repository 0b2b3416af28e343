// SpmcRing: a producer that never waits and readers that detect being lapped. Every frame
// carries its own index as a canary (channel c of frame n holds (n·channels + c) mod 2²⁴, exact
// in float), so a reader can check each frame it receives is the frame it expects, whole and
// in order, and that the frames it was told were dropped are exactly the gap.

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "rt/spmc_ring.h"

namespace wavegraph {
namespace {

constexpr uint32_t kChannels = 3;

float canary(uint64_t frame, uint32_t channel) {
    return static_cast<float>((frame * kChannels + channel) % (1u << 24));
}

/// Writes frames [first, first + n) with canaries.
void writeFrames(SpmcRing& ring, uint64_t first, uint32_t n) {
    std::vector<std::vector<float>> data(kChannels, std::vector<float>(n));
    std::array<const float*, kChannels> ptr{};
    for (uint32_t c = 0; c < kChannels; ++c) {
        for (uint32_t i = 0; i < n; ++i) data[c][i] = canary(first + i, c);
        ptr[c] = data[c].data();
    }
    ring.write(ptr.data(), n);
}

/// A reader's buffers with guard floats after maxFrames (must survive every read).
struct GuardedBuffers {
    static constexpr float kGuard = -12345.0f;
    explicit GuardedBuffers(uint32_t maxFrames) : maxFrames(maxFrames) {
        for (auto& ch : data) ch.assign(maxFrames + 8, kGuard);
        for (uint32_t c = 0; c < kChannels; ++c) ptr[c] = data[c].data();
    }
    bool guardsIntact() const {
        for (const auto& ch : data)
            for (size_t i = maxFrames; i < ch.size(); ++i)
                if (ch[i] != kGuard) return false;
        return true;
    }
    uint32_t maxFrames;
    std::array<std::vector<float>, kChannels> data;
    std::array<float*, kChannels> ptr{};
};

TEST(SpmcRing, CapacityIsRoundedUpToAPowerOfTwo) {
    SpmcRing ring(1000, kChannels);
    EXPECT_EQ(ring.capacityFrames(), 1024u);
    EXPECT_EQ(ring.channels(), kChannels);
}

TEST(SpmcRing, TwoReadersAtTheirOwnPaceGetEveryFrameInOrder) {
    SpmcRing ring(256, kChannels);
    SpmcReader fast(ring), slow(ring);
    GuardedBuffers a(64), b(16);
    uint64_t written = 0, fastNext = 0, slowNext = 0;
    for (int block = 0; block < 40; ++block) {
        writeFrames(ring, written, 32);
        written += 32;
        for (auto r = fast.read(a.ptr.data(), 64); r.frames > 0; r = fast.read(a.ptr.data(), 64)) {
            ASSERT_EQ(r.droppedFrames, 0u);
            for (uint32_t i = 0; i < r.frames; ++i, ++fastNext)
                for (uint32_t c = 0; c < kChannels; ++c) ASSERT_EQ(a.data[c][i], canary(fastNext, c));
        }
        const auto r = slow.read(b.ptr.data(), 16);  // 16 of every 32: falls behind by 16 a block
        ASSERT_EQ(r.droppedFrames, 0u) << "block " << block;
        for (uint32_t i = 0; i < r.frames; ++i, ++slowNext)
            for (uint32_t c = 0; c < kChannels; ++c) ASSERT_EQ(b.data[c][i], canary(slowNext, c));
        if (slow.available() > 200) break;  // stop before it is lapped
    }
    EXPECT_EQ(fastNext, written);
    EXPECT_EQ(fast.dropouts(), 0u);
    EXPECT_TRUE(a.guardsIntact());
    EXPECT_TRUE(b.guardsIntact());
}

TEST(SpmcRing, LappedReaderCountsTheExactGapAndSkipsAhead) {
    const uint32_t capacity = 256, skipBehind = 64;
    SpmcRing ring(capacity, kChannels);
    SpmcReader reader(ring, skipBehind);
    GuardedBuffers buffers(512);
    writeFrames(ring, 0, 1000);  // 1000 frames, reader at 0: lapped by 1000 - 256
    const auto r = reader.read(buffers.ptr.data(), 512);
    // Analytic: lands skipBehind frames behind the newest, so it lost 1000 - 64 frames.
    EXPECT_EQ(r.droppedFrames, 1000u - skipBehind);
    ASSERT_EQ(r.frames, skipBehind);
    for (uint32_t i = 0; i < r.frames; ++i)
        for (uint32_t c = 0; c < kChannels; ++c) ASSERT_EQ(buffers.data[c][i], canary(1000 - skipBehind + i, c));
    EXPECT_EQ(reader.dropouts(), 1u);
    EXPECT_EQ(reader.droppedFrames(), 1000u - skipBehind);
    EXPECT_TRUE(buffers.guardsIntact());
    // Caught up: the next frames arrive without loss.
    writeFrames(ring, 1000, 100);
    const auto next = reader.read(buffers.ptr.data(), 512);
    EXPECT_EQ(next.droppedFrames, 0u);
    EXPECT_EQ(next.frames, 100u);
    EXPECT_EQ(buffers.data[0][0], canary(1000, 0));
}

// A real producer thread writing blocks as fast as it can, and a reader on this thread that
// sleeps at random (seeded) moments. Every frame received must be whole (its channels agree)
// and be the next expected frame or follow a reported gap; received + dropped = written.
TEST(SpmcRing, ConcurrentProducerNeverWaitsAndReaderAccountsForEveryFrame) {
    SpmcRing ring(1024, kChannels);
    SpmcReader reader(ring);
    constexpr uint64_t kTotal = 3'000'000;
    std::atomic<bool> done{false};
    std::thread producer([&] {
        std::mt19937 rng(7);
        std::uniform_int_distribution<uint32_t> blockSize(1, 300);
        uint64_t n = 0, blocks = 0;
        while (n < kTotal) {
            const uint32_t frames = static_cast<uint32_t>(std::min<uint64_t>(blockSize(rng), kTotal - n));
            writeFrames(ring, n, frames);
            n += frames;
            if (++blocks % 8 == 0) std::this_thread::sleep_for(std::chrono::microseconds(20));  // roughly paced
        }
        done.store(true);
    });
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> pause(0, 99);
    GuardedBuffers buffers(200);
    uint64_t expected = 0, received = 0, dropped = 0, tornOrWrong = 0;
    for (;;) {
        const bool finished = done.load();
        const auto r = reader.read(buffers.ptr.data(), 200);
        dropped += r.droppedFrames;
        expected += r.droppedFrames;
        for (uint32_t i = 0; i < r.frames; ++i, ++expected) {
            for (uint32_t c = 0; c < kChannels; ++c)
                if (buffers.data[c][i] != canary(expected, c)) ++tornOrWrong;
        }
        received += r.frames;
        if (finished && r.frames == 0 && r.droppedFrames == 0) break;
        if (pause(rng) < 2) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    producer.join();
    std::printf("received %llu, dropped %llu in %llu dropouts, wrong frames %llu\n",
                static_cast<unsigned long long>(received), static_cast<unsigned long long>(dropped),
                static_cast<unsigned long long>(reader.dropouts()), static_cast<unsigned long long>(tornOrWrong));
    EXPECT_EQ(tornOrWrong, 0u);
    EXPECT_GT(received, 0u);
    EXPECT_EQ(received + dropped, kTotal);
    EXPECT_EQ(reader.droppedFrames(), dropped);
    EXPECT_TRUE(buffers.guardsIntact());
}

}  // namespace
}  // namespace wavegraph
