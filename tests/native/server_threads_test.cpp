// `wavegraph serve`'s threads meeting, without the network (label concurrency, also under
// ThreadSanitizer): the audio thread rendering a PlayEngine fed by the media player's input,
// the live hub's thread fanning out meters/analyser/position pushes and engine events to
// several clients (one stalled, one joining and leaving), network threads sending parameter
// commands and graphs through the live commands and the REST routes, the media player's thread
// started and stopped from them, and status read meanwhile. Clients stand in for the WebSocket
// sessions with the same bounded queue (drop and count when full).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/play_controls.h"
#include "host/input_mixer.h"
#include "host/play_engine.h"
#include "server/api_routes.h"
#include "server/engine_link.h"
#include "server/live_commands.h"
#include "server/live_hub.h"
#include "server/media_player.h"
#include "server/server_limits.h"
#include "session/reference_graph.h"
#include "session/schema.h"

using namespace wavegraph;
using namespace std::chrono_literals;

namespace {

constexpr uint32_t kFrames = 128;
constexpr double kRateHz = 48000.0;

/// A client like a WebSocket session: a queue of ServerLimits::clientQueueMessages pushes that
/// drops and counts when full, drained by its own writer thread unless stalled.
class QueueClient final : public server::LiveClient {
public:
    explicit QueueClient(bool stalled) {
        if (!stalled) writer_ = std::thread([this] { drain(); });
    }
    ~QueueClient() override {
        stop_.store(true);
        if (writer_.joinable()) writer_.join();
    }
    void push(std::shared_ptr<const std::string> message) override {  // hub thread, never blocks
        std::lock_guard<std::mutex> lock(mutex_);
        if (queue_.size() >= server::ServerLimits{}.clientQueueMessages) {
            ++dropped;
            return;
        }
        queue_.push_back(std::move(message));
    }
    std::atomic<uint64_t> written{0}, meters{0}, events{0};
    uint64_t dropped = 0;  // under mutex_
    size_t queued() {
        std::lock_guard<std::mutex> lock(mutex_);
        return queue_.size();
    }
    uint64_t droppedCount() {
        std::lock_guard<std::mutex> lock(mutex_);
        return dropped;
    }

private:
    void drain() {
        while (!stop_.load()) {
            std::shared_ptr<const std::string> message;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!queue_.empty()) {
                    message = std::move(queue_.front());
                    queue_.pop_front();
                }
            }
            if (!message) {
                std::this_thread::sleep_for(1ms);
                continue;
            }
            if (message->find(R"("type":"meters")") != std::string::npos) ++meters;
            if (message->find(R"("type":"event")") != std::string::npos) ++events;
            ++written;
        }
    }
    std::mutex mutex_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::atomic<bool> stop_{false};
    std::thread writer_;
};

/// The server's engine side with its threads: the audio thread (about 2.7 times real time), the
/// main loop collecting events into the hub (as runPlay does every 10 ms), the hub, the media player.
struct RunningServer {
    RunningServer() {
        media.attach(mixer, 2, kRateHz);
        cli::PlayEngineSetup setup;
        setup.sampleRateHz = kRateHz;
        setup.maxBlockFrames = kFrames;
        setup.commandRingCapacity = 4096;
        EXPECT_TRUE(engine.prepare(setup, &mixer));
        controls = std::make_unique<cli::PlayControls>(engine.session(), [] { return std::string("status"); });
        ReferenceGraphOptions pink;
        pink.source = ReferenceSource::pinkNoise;
        EXPECT_TRUE(controls->loadGraphJson(referenceGraphJson(pink)));
        hub.open(engine.fanOut(), kRateHz);
        controls->setEventSink([this](const RingRecord& event) { hub.postEvent(event); });
        link = std::make_unique<server::EngineLink>(
            engine, *controls, cli::PlayStreamInfo{kRateHz, 2, "test", "none", 2.7, kFrames},
            [] { return cli::PlayCounters{}; },
            server::EngineLink::Fixed{schemaJson(), "[]", referenceGraphJson(pink)});
        link->setClientCount([this] { return hub.clients(); });
        link->setMediaPlayer(&media);
        audio = std::thread([this] {
            std::vector<std::vector<float>> out(2, std::vector<float>(kFrames));
            float* pointers[2] = {out[0].data(), out[1].data()};
            uint64_t frame = 0;
            while (!stop.load()) {
                host::CallbackTime time;
                time.streamFrame = frame;
                time.firstOfStream = frame == 0;
                engine.process(nullptr, 0, pointers, 2, kFrames, time);
                for (const auto& channel : out)
                    for (float x : channel)
                        if (!std::isfinite(x)) nonFinite.fetch_add(1);
                frame += kFrames;
                std::this_thread::sleep_for(1ms);
            }
        });
        hub.start();
        mainLoop = std::thread([this] {
            while (!stop.load()) {
                controls->collect();
                std::this_thread::sleep_for(2ms);
            }
        });
    }
    ~RunningServer() {
        hub.stop();
        media.stop();
        stop.store(true);
        audio.join();
        mainLoop.join();
        controls->collect();
    }

    cli::InputMixer mixer;
    server::MediaPlayer media;
    cli::PlayEngine engine;
    std::unique_ptr<cli::PlayControls> controls;
    server::LiveHub hub;
    std::unique_ptr<server::EngineLink> link;
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> nonFinite{0};
    std::thread audio, mainLoop;
};

const server::AccessPolicy& openPolicy() {
    static const server::AccessPolicy policy(server::AccessPolicy::Setup{});
    return policy;
}

}  // namespace

TEST(ServerThreads, HubFeedsEveryClientWhileOneStallsAndOneComesAndGoes) {
    RunningServer server;
    std::vector<std::shared_ptr<QueueClient>> readers;
    for (int i = 0; i < 3; ++i) readers.push_back(std::make_shared<QueueClient>(false));
    auto stalled = std::make_shared<QueueClient>(true);
    for (const auto& c : readers) ASSERT_TRUE(server.hub.add(c, 16));
    ASSERT_TRUE(server.hub.add(stalled, 16));
    std::atomic<bool> done{false};
    std::thread churn([&] {  // a client connecting and leaving, as sessions open and close on io threads
        while (!done.load()) {
            auto passing = std::make_shared<QueueClient>(false);
            if (server.hub.add(passing, 16)) {
                std::this_thread::sleep_for(5ms);
                server.hub.remove(passing.get());
            }
        }
    });
    std::thread commands([&] {  // graph swaps from a network thread: their events go to every client
        for (int i = 0; i < 6 && !done.load(); ++i) {
            ReferenceGraphOptions reference;
            (void)server.link->loadGraph(nlohmann::json(referenceGraphJson(reference)));
            std::this_thread::sleep_for(100ms);
        }
    });
    const auto start = std::chrono::steady_clock::now();
    while (server.hub.meterWindows() < 200 && std::chrono::steady_clock::now() - start < 20s)
        std::this_thread::sleep_for(10ms);
    done.store(true);
    churn.join();
    commands.join();
    std::this_thread::sleep_for(50ms);  // the readers empty their queues
    const uint64_t windows = server.hub.meterWindows();
    std::printf("meter windows %llu; readers got", (unsigned long long)windows);
    for (const auto& c : readers)
        std::printf(" %llu (%llu meters, %llu events, %llu dropped)", (unsigned long long)c->written.load(),
                    (unsigned long long)c->meters.load(), (unsigned long long)c->events.load(),
                    (unsigned long long)c->droppedCount());
    std::printf("; the stalled client holds %zu and dropped %llu\n", stalled->queued(),
                (unsigned long long)stalled->droppedCount());
    EXPECT_GE(windows, 200u);
    for (const auto& c : readers) {
        EXPECT_GE(c->meters.load() + c->droppedCount(), windows - 2);  // every window, bar the last in flight
        EXPECT_EQ(c->droppedCount(), 0u);
    }
    EXPECT_EQ(stalled->queued(), server::ServerLimits{}.clientQueueMessages);
    EXPECT_GT(stalled->droppedCount(), windows / 2);
    EXPECT_EQ(server.nonFinite.load(), 0u);
}

TEST(ServerThreads, ParameterCommandsFromNetworkThreadsAllReachTheAudioThread) {
    RunningServer server;
    constexpr int kPerThread = 400;
    std::atomic<uint64_t> accepted{0}, refused{0};
    auto client = std::make_shared<QueueClient>(false);
    std::vector<std::thread> io;
    for (int t = 0; t < 2; ++t)
        io.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const double db = -20.0 + (i % 20);
                std::string reply;
                if (t == 0)  // a WebSocket setParam
                    reply = server::handleLiveMessage(
                        *server.link, *client,
                        R"({"op":"setParam","node":"eq","param":"band4.gainDb","value":)" + std::to_string(db) + "}");
                else  // a REST batch of one
                    reply = server::handleApiRequest(*server.link, openPolicy(), "POST", "/api/params",
                                                     R"({"params":[{"node":"master","param":"gainDb","value":)" +
                                                         std::to_string(db / 4) + "}]}")
                                .body;
                const auto json = nlohmann::json::parse(reply);
                (json.value("ok", false) ? accepted : refused).fetch_add(1);
                if (i % 50 == 0) (void)server.link->status().dump();
                if (i % 4 == 0) std::this_thread::sleep_for(1ms);  // spread over many audio blocks
            }
        });
    for (auto& t : io) t.join();
    const auto start = std::chrono::steady_clock::now();
    const GraphEngine& engine = server.engine.session().engine();
    while (engine.commandsApplied() < accepted.load() && std::chrono::steady_clock::now() - start < 10s)
        std::this_thread::sleep_for(5ms);
    std::printf(
        "%llu commands accepted from 2 threads, %llu refused, %llu applied by the audio thread, %llu rejected\n",
        (unsigned long long)accepted.load(), (unsigned long long)refused.load(),
        (unsigned long long)engine.commandsApplied(), (unsigned long long)engine.commandsRejected());
    EXPECT_EQ(accepted.load(), 2u * kPerThread);
    EXPECT_EQ(engine.commandsApplied(), accepted.load());
    EXPECT_EQ(engine.commandsRejected(), 0u);
    EXPECT_EQ(server.nonFinite.load(), 0u);
}

TEST(ServerThreads, MediaPlayerThreadStartsAndStopsWhileStatusIsRead) {
    RunningServer server;
    const std::string track =
        R"({"global_settings":{"sample_rate":48000,"crossfade_duration":0.1},)"
        R"("background_noise":{"type":"pink","amp":0.1},"steps":[{"duration":2.0,"voices":[)"
        R"({"synth_function_name":"binaural_beat","params":{"amp":0.5,"base_freq":200,"beat_freq":10}}]}]})";
    std::atomic<bool> done{false};
    std::atomic<uint64_t> statuses{0}, withTrack{0};
    std::thread reader([&] {  // GET /api/status on another io thread
        while (!done.load()) {
            const auto status = nlohmann::json::parse(
                server::handleApiRequest(*server.link, openPolicy(), "GET", "/api/status", "").body);
            ++statuses;
            if (status["track"].is_object()) ++withTrack;
        }
    });
    int played = 0;
    for (int i = 0; i < 12; ++i) {  // POST /api/play {"track": …} and POST /api/stop, alternately
        const auto answer = i % 3 == 2 ? server::handleApiRequest(*server.link, openPolicy(), "POST", "/api/stop", "")
                                       : server::handleApiRequest(*server.link, openPolicy(), "POST", "/api/play",
                                                                  R"({"track":)" + track + "}");
        EXPECT_EQ(answer.status, 200u) << answer.body;
        if (i % 3 != 2) ++played;
        std::this_thread::sleep_for(40ms);
    }
    done.store(true);
    reader.join();
    const uint64_t mixed = server.mixer.framesMixed(0);
    std::printf("%d tracks started, %llu status reads (%llu with a track), %llu media frames mixed\n", played,
                (unsigned long long)statuses.load(), (unsigned long long)withTrack.load(), (unsigned long long)mixed);
    EXPECT_GT(mixed, 0u);
    EXPECT_GT(withTrack.load(), 0u);
    EXPECT_EQ(server.nonFinite.load(), 0u);
}
