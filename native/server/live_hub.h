#pragma once
/// \file live_hub.h
/// The one thread that turns the engine's output into pushes for every WebSocket client: it
/// reads the play engine's fan-out ring (its own SpmcReader, like the level meter and the
/// recorder; the audio thread never waits for it) and sends, to every subscribed client,
///   meters    peak and RMS dBFS per channel over windows of round(sampleRateHz / 43) frames (~43 Hz),
///   analyser  the newest kAnalyserFrames frames of the mono mix (mean of the channels), ~20 Hz,
///   position  the frame counter, ~10 Hz,
/// and the engine's events as they are collected (postEvent). A message is built once and
/// shared by every client's queue.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rt/command_ring.h"
#include "rt/spmc_ring.h"
#include "server/live_client.h"

namespace wavegraph::server {

class LiveHub {
public:
    static constexpr uint32_t kAnalyserFrames = 2048;  ///< frames per analyser push
    static constexpr double kMetersPerSecond = 43.0;
    static constexpr double kAnalyserPerSecond = 20.0;
    static constexpr double kPositionsPerSecond = 10.0;

    ~LiveHub();
    /// Attaches the reader. [control, before the producer starts]
    void open(SpmcRing& fanOut, double sampleRateHz);
    void start();  ///< [control]
    void stop();   ///< joins [control]

    /// Adds a client unless `maxClients` are connected. [control]
    bool add(const std::shared_ptr<LiveClient>& client, uint32_t maxClients);
    /// Removes a client (no-op when absent). [control]
    void remove(const LiveClient* client);
    /// Clients connected. [any]
    uint32_t clients() const noexcept { return count_.load(std::memory_order_relaxed); }

    /// One engine event (graph/engine_event.h) to every client subscribed to events; meter
    /// kinds are left out (the meters pushes carry the levels). [control]
    void postEvent(const RingRecord& event);

    /// Meter windows measured so far. [any]
    uint64_t meterWindows() const noexcept { return meterWindows_.load(std::memory_order_relaxed); }
    /// Frames the reader lost to the producer (it fell more than the ring behind). [any]
    uint64_t droppedFrames() const noexcept { return reader_ ? reader_->droppedFrames() : 0; }

private:
    void run();
    void broadcast(PushKind kind, std::string text);

    std::unique_ptr<SpmcReader> reader_;
    double sampleRateHz_ = 48000.0;
    uint32_t channels_ = 0;
    std::mutex mutex_;  // clients_
    std::vector<std::shared_ptr<LiveClient>> clients_;
    std::atomic<uint32_t> count_{0};
    std::atomic<uint64_t> meterWindows_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

/// A number for JSON: dB values below -200 (and -inf) as -200, 6 significant digits. [any]
std::string formatDb(double db);

}  // namespace wavegraph::server
