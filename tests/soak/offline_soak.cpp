// wavegraph_soak: the offline soak. Renders minutes of audio time at full speed through the
// reference graph and seeded random 20-node graphs, alternating with a graph swap every 100 ms
// of audio time, with seeded random automation every block (frame-timed commands through the
// command ring, values inside each parameter's range), while another thread drains the event
// ring and reads the analyser. Measures and checks:
//   - non-finite output samples (0),
//   - render-thread CPU per frame in each window of audio time (flat: the last two windows
//     against the two after the warm-up window, within --cost-tolerance),
//   - resident memory (VmRSS) at start, after the warm-up window and at the end (flat after
//     warm-up, within --rss-tolerance-kib),
//   - every retired plan freed (plans published − plans collected = the plan still running),
//   - events dropped, commands rejected or late (0: every value is validated first and queued
//     ahead of its frame).
// Prints a summary, writes it as JSON with --json, exits 1 when a check fails.
//
//   wavegraph_soak [--minutes 10] [--window-seconds 60] [--seed 1] [--json out.json]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "dsp/analyser_tap.h"
#include "graph/engine_event.h"
#include "graph/node_roles.h"
#include "process_memory.h"
#include "random_graph.h"
#include "session/default_registry.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"

using namespace wavegraph;
using namespace wavegraph::soak;

namespace {

struct Options {
    double minutes = 10.0;
    double windowSeconds = 60.0;
    uint64_t seed = 1;
    uint32_t randomGraphs = 10;
    uint32_t randomGraphNodes = 20;
    double swapMs = 100.0;
    double costTolerance = 0.10;
    uint64_t rssToleranceKib = 2048;
    std::string jsonPath;
};

constexpr double kSampleRateHz = 48000.0;
constexpr uint32_t kBlockFrames = 128;
constexpr uint32_t kChannels = 2;
// The control thread stays at most this many blocks ahead of the render thread (85 ms).
constexpr uint64_t kLeadBlocks = 32;

double threadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// One window of audio time, as the render thread measured it.
struct Window {
    double cpuSeconds = 0.0;      // render thread CPU time
    double processSeconds = 0.0;  // wall time inside process()
    uint64_t frames = 0;
    uint64_t rssKib = 0;  // at the window's end (control thread)
};

/// Shared between the threads.
struct Shared {
    std::atomic<uint64_t> grantedFrames{0};
    std::atomic<uint64_t> renderedFrames{0};
    std::atomic<bool> stopReader{false};
    std::mutex descriptions;  // the control thread's graph descriptions vs the analyser reader
};

struct RenderCounts {
    uint64_t nonFinite = 0;
    float peak = 0.0f;
};

struct ReaderCounts {
    uint64_t events = 0, meterReadings = 0, nonFiniteMeterReadings = 0, analyserReads = 0, nonFiniteAnalyser = 0;
    uint64_t swapped = 0, retired = 0, clamped = 0, rejected = 0, deferred = 0;
};

/// [audio] The render thread: blocks until frames are granted (a device's clock), then renders.
void renderThread(GraphSession& session, Shared& shared, uint64_t totalFrames, uint64_t windowFrames,
                  std::vector<Window>& windows, RenderCounts& counts) {
    // 1 s of seeded white noise at −12 dBFS peak, looped, as the host input.
    std::vector<float> noise(kChannels * static_cast<size_t>(kSampleRateHz));
    std::mt19937 random(20261206);
    std::uniform_real_distribution<float> uniform(-0.25f, 0.25f);
    for (float& v : noise) v = uniform(random);
    const size_t loopFrames = noise.size() / kChannels;
    std::vector<float> out(kChannels * kBlockFrames);
    float* outputs[kChannels] = {out.data(), out.data() + kBlockFrames};
    const float* inputs[kChannels];

    uint64_t frame = 0;
    double windowCpuStart = threadCpuSeconds();
    double processSeconds = 0.0;
    while (frame < totalFrames) {
        uint64_t granted = shared.grantedFrames.load(std::memory_order_acquire);
        while (granted <= frame) {
            shared.grantedFrames.wait(granted, std::memory_order_acquire);
            granted = shared.grantedFrames.load(std::memory_order_acquire);
        }
        for (; frame < granted; frame += kBlockFrames) {
            const size_t offset = frame % loopFrames;
            for (uint32_t ch = 0; ch < kChannels; ++ch) inputs[ch] = noise.data() + ch * loopFrames + offset;
            const auto start = std::chrono::steady_clock::now();
            session.process(inputs, kChannels, outputs, kBlockFrames);
            processSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            for (float v : out) {
                if (!std::isfinite(v))
                    ++counts.nonFinite;
                else
                    counts.peak = std::max(counts.peak, std::fabs(v));
            }
            const uint64_t done = frame + kBlockFrames;
            if (done % windowFrames == 0 || done == totalFrames) {
                Window& w = windows[(done - 1) / windowFrames];
                const double now = threadCpuSeconds();
                w.cpuSeconds = now - windowCpuStart;
                w.processSeconds = processSeconds;
                w.frames = done - (done - 1) / windowFrames * windowFrames;
                windowCpuStart = now;
                processSeconds = 0.0;
            }
            shared.renderedFrames.store(done, std::memory_order_release);
            shared.renderedFrames.notify_one();
        }
    }
}

/// [control, another thread] Drains the event ring and copies the analyser's newest frames.
void readerThread(GraphSession& session, Shared& shared, ReaderCounts& counts) {
    std::vector<float> analyserFrames(2048);  // the default fftSize
    auto drain = [&] {
        CommandRecord record;
        while (session.engine().eventRing().tryPop(record)) {
            ++counts.events;
            switch (static_cast<EngineEvent>(record.kind)) {
                case EngineEvent::meterPeakDb:
                case EngineEvent::meterRmsDb:
                    ++counts.meterReadings;
                    if (!std::isfinite(record.value)) ++counts.nonFiniteMeterReadings;
                    break;
                case EngineEvent::planSwapped: ++counts.swapped; break;
                case EngineEvent::planRetired: ++counts.retired; break;
                case EngineEvent::parameterClamped: ++counts.clamped; break;
                case EngineEvent::commandRejected: ++counts.rejected; break;
                case EngineEvent::planSwapDeferred: ++counts.deferred; break;
                default: break;
            }
        }
    };
    uint32_t round = 0;
    while (!shared.stopReader.load(std::memory_order_acquire)) {
        drain();
        if (++round % 4 == 0) {
            std::lock_guard lock(shared.descriptions);
            const int64_t id = session.nodeId("analyser");
            const Node* node = id >= 0 ? session.node(static_cast<uint32_t>(id)) : nullptr;
            if (const AnalyserSource* analyser = node != nullptr ? node->analyserSource() : nullptr) {
                analyser->tap().copyLatest(analyserFrames.data(), static_cast<uint32_t>(analyserFrames.size()));
                ++counts.analyserReads;
                for (float v : analyserFrames)
                    if (!std::isfinite(v)) ++counts.nonFiniteAnalyser;
            }
        }
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    drain();
}

double mean(const std::vector<Window>& windows, size_t first, size_t count) {
    double sum = 0.0;
    for (size_t i = first; i < first + count; ++i) sum += windows[i].cpuSeconds * 1e9 / windows[i].frames;
    return sum / static_cast<double>(count);
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"wavegraph_soak: the offline soak (docs/reliability.md)"};
    app.add_option("--minutes", options.minutes, "audio time to render, in minutes")->check(CLI::Range(0.01, 1e4));
    app.add_option("--window-seconds", options.windowSeconds, "audio seconds per measured window")
        ->check(CLI::Range(1.0, 3600.0));
    app.add_option("--seed", options.seed, "seed of the random graphs and automation");
    app.add_option("--random-graphs", options.randomGraphs, "random graphs cycled through")->check(CLI::Range(1, 1000));
    app.add_option("--nodes", options.randomGraphNodes, "nodes per random graph")->check(CLI::Range(4, 10000));
    app.add_option("--swap-ms", options.swapMs, "audio time between graph swaps, ms")->check(CLI::Range(10.0, 60000.0));
    app.add_option("--cost-tolerance", options.costTolerance, "allowed relative change of the CPU cost per frame")
        ->check(CLI::Range(0.0, 10.0));
    app.add_option("--rss-tolerance-kib", options.rssToleranceKib, "allowed VmRSS growth after warm-up, KiB");
    app.add_option("--json", options.jsonPath, "write the summary as JSON to this file");
    CLI11_PARSE(app, argc, argv);

    const uint64_t windowFrames =
        std::max<uint64_t>(1, static_cast<uint64_t>(options.windowSeconds * kSampleRateHz) / kBlockFrames) *
        kBlockFrames;
    const uint64_t totalFrames =
        std::max<uint64_t>(1, static_cast<uint64_t>(options.minutes * 60.0 * kSampleRateHz) / kBlockFrames) *
        kBlockFrames;
    const uint64_t swapFrames = static_cast<uint64_t>(options.swapMs * 1e-3 * kSampleRateHz);
    const size_t numWindows = (totalFrames + windowFrames - 1) / windowFrames;

    const NodeRegistry registry = makeDefaultNodeRegistry();
    std::mt19937_64 random(options.seed);
    std::vector<std::string> graphs{std::string(kReferenceGraphJson)};
    for (uint32_t i = 0; i < options.randomGraphs; ++i)
        graphs.push_back(randomGraphJson(registry, kSampleRateHz, options.randomGraphNodes, random));

    GraphSession session;
    if (auto s = session.prepare({kSampleRateHz, kBlockFrames, kChannels}, 1024, 4096); !s) {
        std::fprintf(stderr, "wavegraph_soak: %s\n", s.message().c_str());
        return 2;
    }
    if (auto s = session.loadGraph(graphs[0]); !s) {
        std::fprintf(stderr, "wavegraph_soak: reference graph: %s\n", s.message().c_str());
        return 2;
    }
    const uint64_t rssStartKib = residentKib();

    Shared shared;
    std::vector<Window> windows(numWindows);
    RenderCounts renderCounts;
    ReaderCounts readerCounts;
    std::thread render(renderThread, std::ref(session), std::ref(shared), totalFrames, windowFrames, std::ref(windows),
                       std::ref(renderCounts));
    std::thread reader(readerThread, std::ref(session), std::ref(shared), std::ref(readerCounts));

    // [control] automation, swaps, collection.
    uint64_t issued = 0, nextSwap = swapFrames, swaps = 0, loadFailures = 0, commandsSent = 0, commandsNotQueued = 0,
             valuesSkipped = 0;
    size_t nextWindowRss = 0;
    std::string firstLoadError;
    const auto wallStart = std::chrono::steady_clock::now();
    while (issued < totalFrames) {
        uint64_t rendered = shared.renderedFrames.load(std::memory_order_acquire);
        while (issued > rendered + kLeadBlocks / 2 * kBlockFrames) {
            shared.renderedFrames.wait(rendered, std::memory_order_acquire);
            rendered = shared.renderedFrames.load(std::memory_order_acquire);
        }
        while (nextWindowRss < numWindows && rendered >= (nextWindowRss + 1) * windowFrames)
            windows[nextWindowRss++].rssKib = residentKib();
        while (issued < totalFrames && issued < rendered + kLeadBlocks * kBlockFrames) {
            if (issued >= nextSwap) {
                // The swap lands at this frame: the render thread catches up first, so no
                // command queued for the running graph reaches the next one.
                shared.grantedFrames.store(issued, std::memory_order_release);
                shared.grantedFrames.notify_one();
                while (rendered < issued) {
                    shared.renderedFrames.wait(rendered, std::memory_order_acquire);
                    rendered = shared.renderedFrames.load(std::memory_order_acquire);
                }
                nextSwap += swapFrames;
                ++swaps;
                // Reference, random 1, reference, random 2, …
                const std::string& json = swaps % 2 == 0 ? graphs[0] : graphs[1 + (swaps / 2) % options.randomGraphs];
                std::lock_guard lock(shared.descriptions);
                if (auto s = session.loadGraph(json); !s) {
                    ++loadFailures;
                    if (firstLoadError.empty()) firstLoadError = s.message();
                }
            }
            // 1–3 commands at random frames of this block, for random parameters of the newest graph.
            const auto& ids = session.nodeIds();
            const uint32_t count = 1 + static_cast<uint32_t>(random() % 3);
            for (uint32_t c = 0; c < count; ++c) {
                auto it = ids.begin();
                std::advance(it, static_cast<long>(random() % ids.size()));
                const Node* node = session.node(it->second);
                if (node == nullptr || node->parameters().empty()) continue;
                const uint32_t param = static_cast<uint32_t>(random() % node->parameters().size());
                const auto value = randomParameterValue(node->parameters()[param], kSampleRateHz, random);
                if (!value || !session.validateCommand(it->second, param, *value)) {
                    ++valuesSkipped;
                    continue;
                }
                CommandRecord command;
                command.target = it->second;
                command.param = param;
                command.value = *value;
                command.frameTime = static_cast<int64_t>(issued + random() % kBlockFrames);
                if (session.engine().commandRing().tryPush(command))
                    ++commandsSent;
                else
                    ++commandsNotQueued;
            }
            issued += kBlockFrames;
        }
        shared.grantedFrames.store(issued, std::memory_order_release);
        shared.grantedFrames.notify_one();
        std::lock_guard lock(shared.descriptions);
        session.collectRetired();
    }
    render.join();
    const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    while (nextWindowRss < numWindows) windows[nextWindowRss++].rssKib = residentKib();
    const uint64_t rssEndKib = residentKib();
    shared.stopReader.store(true, std::memory_order_release);
    reader.join();
    session.collectRetired();

    GraphEngine& engine = session.engine();
    const uint64_t plansPublished = engine.plansPublished(), plansCollected = engine.plansCollected();
    const uint64_t rssWarmKib = windows[0].rssKib;

    // Checks.
    const size_t compared = std::min<size_t>(2, numWindows >= 3 ? (numWindows - 1) / 2 : 0);
    const bool costMeasured = compared > 0;
    const double costFirst = costMeasured ? mean(windows, 1, compared) : 0.0;
    const double costLast = costMeasured ? mean(windows, numWindows - compared, compared) : 0.0;
    const double costChange = costMeasured ? costLast / costFirst - 1.0 : 0.0;
    std::vector<std::string> failures;
    if (renderCounts.nonFinite != 0)
        failures.push_back(std::to_string(renderCounts.nonFinite) + " non-finite output samples");
    if (readerCounts.nonFiniteMeterReadings + readerCounts.nonFiniteAnalyser != 0)
        failures.push_back("non-finite meter or analyser values");
    if (costMeasured && std::fabs(costChange) > options.costTolerance)
        failures.push_back("CPU cost per frame changed by " + std::to_string(100 * costChange) + " %");
    if (rssEndKib > rssWarmKib + options.rssToleranceKib)
        failures.push_back("VmRSS grew by " + std::to_string(rssEndKib - rssWarmKib) + " KiB after warm-up");
    if (plansPublished != plansCollected + 1)
        failures.push_back(std::to_string(plansPublished) + " plans published, " + std::to_string(plansCollected) +
                           " collected + 1 running");
    if (engine.eventsDropped() != 0) failures.push_back(std::to_string(engine.eventsDropped()) + " events dropped");
    if (loadFailures != 0) failures.push_back(std::to_string(loadFailures) + " graph loads failed: " + firstLoadError);
    if (engine.commandsRejected() != 0)
        failures.push_back(std::to_string(engine.commandsRejected()) + " commands rejected (all were validated)");
    if (engine.commandsLate() != 0) failures.push_back(std::to_string(engine.commandsLate()) + " commands late");
    if (engine.badBlocks() != 0) failures.push_back(std::to_string(engine.badBlocks()) + " bad blocks");

    nlohmann::json summary = {
        {"audioSeconds", static_cast<double>(totalFrames) / kSampleRateHz},
        {"wallSeconds", wallSeconds},
        {"sampleRateHz", kSampleRateHz},
        {"blockFrames", kBlockFrames},
        {"seed", options.seed},
        {"graphSwaps", swaps},
        {"randomGraphs", options.randomGraphs},
        {"randomGraphNodes", options.randomGraphNodes},
        {"nonFiniteSamples", renderCounts.nonFinite},
        {"outputPeak", renderCounts.peak},
        {"rssKib", {{"start", rssStartKib}, {"afterWarmUp", rssWarmKib}, {"end", rssEndKib}}},
        {"cost", {{"firstNsPerFrame", costFirst}, {"lastNsPerFrame", costLast}, {"change", costChange}}},
        {"plans",
         {{"published", plansPublished},
          {"collected", plansCollected},
          {"swapped", engine.plansSwapped()},
          {"deferred", engine.plansDeferred()}}},
        {"commands",
         {{"sent", commandsSent},
          {"notQueued", commandsNotQueued},
          {"valuesSkipped", valuesSkipped},
          {"applied", engine.commandsApplied()},
          {"rejected", engine.commandsRejected()},
          {"late", engine.commandsLate()}}},
        {"events",
         {{"read", readerCounts.events},
          {"dropped", engine.eventsDropped()},
          {"meterReadings", readerCounts.meterReadings},
          {"planSwapped", readerCounts.swapped},
          {"planRetired", readerCounts.retired},
          {"commandRejected", readerCounts.rejected},
          {"parameterClamped", readerCounts.clamped}}},
        {"analyserReads", readerCounts.analyserReads},
        {"failures", failures}};
    nlohmann::json perWindow = nlohmann::json::array();
    std::printf("wavegraph_soak: %.1f min of audio (%.0f s windows) in %.1f s, seed %llu\n", options.minutes,
                options.windowSeconds, wallSeconds, static_cast<unsigned long long>(options.seed));
    std::printf("  window  ns/frame(cpu)  ns/frame(process)  VmRSS KiB\n");
    for (size_t i = 0; i < numWindows; ++i) {
        const Window& w = windows[i];
        const double cpu = w.cpuSeconds * 1e9 / static_cast<double>(w.frames);
        const double wall = w.processSeconds * 1e9 / static_cast<double>(w.frames);
        std::printf("  %6zu  %13.2f  %17.2f  %9llu\n", i + 1, cpu, wall, static_cast<unsigned long long>(w.rssKib));
        perWindow.push_back({{"cpuNsPerFrame", cpu}, {"processNsPerFrame", wall}, {"rssKib", w.rssKib}});
    }
    summary["windows"] = perWindow;
    std::printf("  non-finite samples %llu (peak %.3f), graph swaps %llu, plans published %llu / collected %llu\n",
                static_cast<unsigned long long>(renderCounts.nonFinite), renderCounts.peak,
                static_cast<unsigned long long>(swaps), static_cast<unsigned long long>(plansPublished),
                static_cast<unsigned long long>(plansCollected));
    std::printf("  VmRSS start %llu KiB, after warm-up %llu KiB, end %llu KiB\n",
                static_cast<unsigned long long>(rssStartKib), static_cast<unsigned long long>(rssWarmKib),
                static_cast<unsigned long long>(rssEndKib));
    if (costMeasured)
        std::printf("  cost %.2f → %.2f ns/frame (%+.1f %%, tolerance %.0f %%)\n", costFirst, costLast,
                    100 * costChange, 100 * options.costTolerance);
    std::printf(
        "  commands sent %llu (applied %llu, rejected %llu, late %llu, not queued %llu), events read %llu, "
        "dropped %llu, analyser reads %llu\n",
        static_cast<unsigned long long>(commandsSent), static_cast<unsigned long long>(engine.commandsApplied()),
        static_cast<unsigned long long>(engine.commandsRejected()),
        static_cast<unsigned long long>(engine.commandsLate()), static_cast<unsigned long long>(commandsNotQueued),
        static_cast<unsigned long long>(readerCounts.events), static_cast<unsigned long long>(engine.eventsDropped()),
        static_cast<unsigned long long>(readerCounts.analyserReads));
    for (const std::string& f : failures) std::printf("  FAILED: %s\n", f.c_str());
    if (!options.jsonPath.empty()) std::ofstream(options.jsonPath) << summary.dump(2) << '\n';
    std::printf("%s\n", failures.empty() ? "soak passed" : "soak FAILED");
    return failures.empty() ? 0 : 1;
}
