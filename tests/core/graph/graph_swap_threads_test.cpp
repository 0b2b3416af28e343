// Graph swaps under a real audio thread: one thread renders a block every 50 µs (about 27 times
// real time for 64 frames at 48 kHz) while the
// control thread loads descriptions, queues commands, drains events and frees retired plans,
// all at once (the preset tsan runs this under ThreadSanitizer). Measured: the output stays
// between the two descriptions' levels (a crossfade or a ramp between them never leaves that
// range), and every plan published but the running one comes back retired (planRetired events,
// none dropped): none is lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "session/graph_session.h"

using namespace wavegraph;

namespace {

std::string levelGraph(double gainDb) {
    return R"({ "nodes": [ { "id": "source", "type": "input" }, { "id": "master", "type": "gain", "params": { "gainDb": )" +
           std::to_string(gainDb) + R"( } }, { "id": "meter", "type": "meter" } ],
  "connections": [ { "from": "source", "to": "master" }, { "from": "master", "to": "meter" } ], "output": "meter" })";
}

}  // namespace

TEST(GraphSwapThreads, LoadsCommandsAndEventsWhileTheAudioThreadRendersLoseNoPlan) {
    constexpr uint32_t kFrames = 64;
    constexpr double kLowDb = -12.0, kHighDb = -6.0;
    constexpr int kLoads = 300;
    GraphSession session;
    ASSERT_TRUE(session.prepare({48000.0, kFrames, 1}, 64, 4096, 1.0).isOk());
    ASSERT_TRUE(session.loadGraph(levelGraph(kHighDb)).isOk());
    const uint32_t master = static_cast<uint32_t>(session.nodeId("master"));

    std::atomic<bool> stop{false};
    std::atomic<uint64_t> blocks{0};
    float lowest = 1.0f, highest = 0.0f;
    std::thread audio([&] {
        std::vector<float> in(kFrames, 0.5f), out(kFrames);
        const float* input = in.data();
        float* output = out.data();
        while (!stop.load(std::memory_order_acquire)) {
            session.process(&input, 1, &output, kFrames);
            std::this_thread::sleep_for(std::chrono::microseconds(50));
            if (blocks.fetch_add(1, std::memory_order_relaxed) > 4) {  // after the first fade in from silence
                lowest = std::min(lowest, *std::min_element(out.begin(), out.end()));
                highest = std::max(highest, *std::max_element(out.begin(), out.end()));
            }
        }
    });
    int loaded = 1, commands = 0, retries = 0;
    std::string firstRefusal;
    uint64_t events = 0, retired = 0;
    auto drainEvents = [&] {
        for (RingRecord event; session.engine().eventRing().tryPop(event); ++events)
            if (event.kind == static_cast<uint32_t>(EngineEvent::planRetired)) ++retired;
    };
    for (int k = 0; k < kLoads; ++k) {
        // A full plan queue ("8 plans are waiting") asks for collectRetired and a retry.
        for (int attempt = 0; attempt < 100; ++attempt) {
            const Status status = session.loadGraph(levelGraph(k % 2 == 0 ? kLowDb : kHighDb));
            if (status) {
                ++loaded;
                break;
            }
            if (firstRefusal.empty()) firstRefusal = status.message();
            ++retries;
            session.collectRetired();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const double gainDb = kLowDb + (kHighDb - kLowDb) * (k % 7) / 6.0;
        if (session.engine().commandRing().tryPush({master, 0, gainDb, RingRecord::kAtNextBlock, 0, 0})) ++commands;
        drainEvents();
        session.collectRetired();
        std::this_thread::sleep_for(std::chrono::microseconds(300));
    }
    // Let the audio thread take the last plan and finish its fade, then stop it.
    const uint64_t blocksAtEnd = blocks.load();
    while (blocks.load() < blocksAtEnd + 64) std::this_thread::sleep_for(std::chrono::microseconds(200));
    stop.store(true, std::memory_order_release);
    audio.join();
    drainEvents();
    session.collectRetired();

    const float low = 0.5f * static_cast<float>(std::pow(10.0, kLowDb / 20.0));
    const float high = 0.5f * static_cast<float>(std::pow(10.0, kHighDb / 20.0));
    std::printf(
        "%d descriptions loaded (%d retries), %d commands, %llu events, %llu blocks; plans swapped %llu; "
        "retired %llu, events dropped %llu; output %.6f…%.6f (levels %.6f…%.6f)\n",
        loaded, retries, commands, static_cast<unsigned long long>(events),
        static_cast<unsigned long long>(blocks.load()),
        static_cast<unsigned long long>(session.engine().plansSwapped()), static_cast<unsigned long long>(retired),
        static_cast<unsigned long long>(session.engine().eventsDropped()), lowest, highest, low, high);
    EXPECT_EQ(loaded, kLoads + 1) << firstRefusal;
    EXPECT_EQ(session.engine().eventsDropped(), 0u);
    EXPECT_EQ(retired, static_cast<uint64_t>(loaded - 1)) << "every plan but the running one comes back";
    EXPECT_GE(lowest, low * (1.0f - 1e-5f));
    EXPECT_LE(highest, high * (1.0f + 1e-5f));
}
