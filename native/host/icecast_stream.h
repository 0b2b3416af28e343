#pragma once
/// \file icecast_stream.h
/// `--stream icecast://…`: a consumer of the fan-out ring (like the recorder and the meters) that
/// encodes what the device plays as Ogg Vorbis (ogg_vorbis_encoder.h) and sends it to an Icecast
/// mount with libshout (HTTP PUT, non-blocking socket), all on its own thread: nothing else waits
/// on the network, and the device output and the recorder never depend on it.
///
/// - Connection: non-blocking connect and login; each connection starts a new Ogg stream (new
///   serial number, header pages first), so a listener can decode from the first page.
/// - A slow network: when more than kMaxQueuedSeconds of encoded audio wait in libshout's send
///   queue, the frames read meanwhile are not encoded (counted as skipped) until it drains; a
///   reader that falls more than the ring's capacity behind skips ahead (counted as skipped).
///   A non-empty queue of which the socket takes nothing for kStallTimeoutSeconds counts as a
///   lost connection (a slow network that still takes some bytes does not).
/// - A lost server (socket error, refused connection, failed login): the frames played meanwhile
///   are skipped (counted) and the stream reconnects after a backoff that starts at 0.5 s and
///   doubles up to 8 s; every connection after the first is counted as a reconnect.
/// Counters are readable from any thread; state changes are reported as one line each through
/// the `report` callback given to open() (called on the stream thread).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "base/status.h"
#include "host/icecast_url.h"
#include "host/ogg_vorbis_encoder.h"
#include "rt/spmc_ring.h"

namespace wavegraph::cli {

/// What and where IcecastStream sends.
struct IcecastStreamSetup {
    IcecastUrl url;                      ///< the mount (icecast_url.h)
    VorbisRate rate;                     ///< Vorbis quality (default 0.4) or average bitrate
    std::string name = "wavegraph";      ///< stream name shown by Icecast
    double initialBackoffSeconds = 0.5;  ///< first wait before reconnecting, s
    double maxBackoffSeconds = 8.0;      ///< longest wait between attempts, s
};

/// The streaming thread (see the file comment).
class IcecastStream {
public:
    /// Encoded audio allowed in the send queue before frames are skipped, s.
    static constexpr double kMaxQueuedSeconds = 2.0;
    /// A non-empty send queue of which the socket took nothing for this long means a lost connection, s.
    static constexpr double kStallTimeoutSeconds = 10.0;
    /// A connect + login that takes longer than this fails, s.
    static constexpr double kConnectTimeoutSeconds = 10.0;

    IcecastStream();
    ~IcecastStream();  ///< stops the thread [control]

    /// Checks the encoder settings and attaches a reader to ring (at its current position: call
    /// before the producer starts). report: one line per state change (connected, lost, …),
    /// called on the stream thread; may be empty. [control]
    Status open(const IcecastStreamSetup& setup, SpmcRing& ring, double sampleRateHz,
                std::function<void(const std::string&)> report = {});
    /// Starts the thread (it connects at once). [control]
    void start();
    /// Ends the Ogg stream (its last pages sent if the connection takes them within 1 s),
    /// closes the connection and joins. [control]
    void stop();

    uint64_t framesSent() const noexcept {
        return sent_.load(std::memory_order_relaxed);
    }  ///< frames encoded and sent [any]
    /// Frames of the mix not sent: while disconnected, while the send queue was full, or lost to the ring. [any]
    uint64_t framesSkipped() const noexcept;
    uint64_t reconnects() const noexcept {
        return reconnects_.load(std::memory_order_relaxed);
    }  ///< connections after the first [any]
    bool connected() const noexcept { return connected_.load(std::memory_order_relaxed); }  ///< streaming now [any]
    /// `icecast://source:***@host:port/mount: connected, 480000 frames sent, 0 skipped, 0 reconnects`
    /// (the connection state only while the thread runs). [any]
    std::string summary() const;

private:
    struct Connection;
    void run();  // [control] the stream thread
    void report(const std::string& line);

    IcecastStreamSetup setup_;
    double sampleRateHz_ = 0;
    SpmcRing* ring_ = nullptr;
    std::unique_ptr<SpmcReader> reader_;
    std::function<void(const std::string&)> report_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> connected_{false};
    std::atomic<bool> running_{false};
    std::atomic<uint64_t> sent_{0};
    std::atomic<uint64_t> skipped_{0};  // not counting the reader's own dropped frames
    std::atomic<uint64_t> reconnects_{0};
    std::thread thread_;
};

}  // namespace wavegraph::cli
