#include "host/icecast_stream.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <random>
#include <vector>

#include "host/ogg_vorbis_encoder.h"
#include "host/shout_library.h"

namespace wavegraph::cli {

using host::loadShoutLibrary;
using host::shoutLibrary;

namespace {
using Clock = std::chrono::steady_clock;
constexpr uint32_t kReadFrames = 2048;  // frames per read from the ring (43 ms at 48 kHz)

double secondsSince(Clock::time_point t) {  // [control]
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string formatSeconds(double seconds) {  // [control] "0.5 s", "8 s"
    char text[32];
    std::snprintf(text, sizeof text, "%g s", seconds);
    return text;
}

/// What a libshout error means to the user.
std::string shoutErrorText(shout_t* shout, int code, bool connecting) {  // [control]
    switch (code) {
        case SHOUTERR_NOCONNECT: return "cannot connect";
        case SHOUTERR_NOLOGIN: return "login refused (wrong user or password, or the mount is in use)";
        case SHOUTERR_SOCKET: return connecting ? "cannot connect (refused or reset)" : "connection lost";
        default:
            return shout != nullptr ? std::string(shoutLibrary().get_error(shout)) : "error " + std::to_string(code);
    }
}

bool stillBusy(int code) { return code == SHOUTERR_BUSY || code == SHOUTERR_RETRY; }  // [control]
}  // namespace

/// The libshout handle, its current connection and the Ogg stream sent on it. One handle serves
/// every attempt (closed and opened again): Debian's libshout 2.4.6 frees a handle in shout_free
/// only while it is connected, so a handle per attempt would leak one per reconnection.
struct IcecastStream::Connection {
    shout_t* shout = nullptr;
    bool open = false;  // a connect, login or stream in progress on `shout`
    OggVorbisEncoder encoder;
    std::vector<uint8_t> pages;
    Clock::time_point started;     // when the connect began
    Clock::time_point queueMoved;  // when the socket last took bytes from the send queue
    size_t lastQueued = 0;         // send queue length at the last check, bytes
    size_t addedSinceCheck = 0;    // bytes handed to libshout since that check
    uint64_t bytesEncoded = 0;     // Ogg bytes produced on this connection
    uint64_t framesEncoded = 0;    // frames encoded on this connection
    bool streaming = false;        // connected and logged in

    ~Connection() {
        close();
        if (shout != nullptr) shoutLibrary().free(shout);
    }
    void close() {  // [control]
        if (open) shoutLibrary().close(shout);
        open = false;
        streaming = false;
    }
    /// Bytes of encoded audio that fit kMaxQueuedSeconds (from this connection's rate so far).
    size_t queueLimitBytes(double sampleRateHz) const {  // [control]
        const double bytesPerFrame = framesEncoded > 48000 ? double(bytesEncoded) / double(framesEncoded) : 0.5;
        return static_cast<size_t>(std::max(16384.0, bytesPerFrame * sampleRateHz * IcecastStream::kMaxQueuedSeconds));
    }
};

IcecastStream::IcecastStream() = default;
IcecastStream::~IcecastStream() { stop(); }  // [control]

Status IcecastStream::open(const IcecastStreamSetup& setup, SpmcRing& ring, double sampleRateHz,
                           std::function<void(const std::string&)> report) {  // [control]
    if (auto status = OggVorbisEncoder::check(ring.channels(), sampleRateHz, setup.rate); !status)
        return Status::error(setup.url.masked() + ": " + status.message());
    setup_ = setup;
    ring_ = &ring;
    sampleRateHz_ = sampleRateHz;
    report_ = std::move(report);
    reader_ = std::make_unique<SpmcReader>(ring);
    if (auto status = loadShoutLibrary(); !status) return Status::error(setup.url.masked() + ": " + status.message());
    return Status::ok();
}

void IcecastStream::start() {  // [control]
    stop_.store(false);
    running_.store(true);
    thread_ = std::thread([this] { run(); });
}

void IcecastStream::stop() {  // [control]
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    running_.store(false);
}

uint64_t IcecastStream::framesSkipped() const noexcept {  // [any]
    return skipped_.load(std::memory_order_relaxed) + (reader_ ? reader_->droppedFrames() : 0);
}

std::string IcecastStream::summary() const {  // [any]
    char text[256];
    std::snprintf(text, sizeof text, "%s%llu frames sent, %llu skipped, %llu reconnect%s",
                  !running_.load() ? ""
                  : connected()    ? "connected, "
                                   : "not connected, ",
                  static_cast<unsigned long long>(framesSent()), static_cast<unsigned long long>(framesSkipped()),
                  static_cast<unsigned long long>(reconnects()), reconnects() == 1 ? "" : "s");
    return setup_.url.masked() + ": " + text;
}

void IcecastStream::report(const std::string& line) {  // [control] stream thread
    if (report_) report_(setup_.url.masked() + ": " + line);
}

void IcecastStream::run() {  // [control] the stream thread
    // A write to a socket the server closed raises SIGPIPE on this thread: blocked here, the
    // write fails with EPIPE instead and the connection counts as lost.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);

    const uint32_t channels = ring_->channels();
    std::vector<std::vector<float>> block(channels, std::vector<float>(kReadFrames));
    std::vector<float*> blockPtr;
    for (auto& ch : block) blockPtr.push_back(ch.data());
    std::mt19937 random{std::random_device{}()};
    int serial = static_cast<int>(random() & 0x7fffffff);

    Connection connection;
    double backoff = setup_.initialBackoffSeconds;
    Clock::time_point nextAttempt = Clock::now();
    bool everConnected = false;
    bool failureReported = false;  // one line per series of failed attempts

    auto dropConnection = [&](const std::string& why) {  // [control]
        const bool wasStreaming = connection.streaming;
        connection.close();
        connected_.store(false, std::memory_order_relaxed);
        if (wasStreaming || !failureReported)
            report(why + "; " + (everConnected ? "reconnecting" : "retrying") + " in " + formatSeconds(backoff) +
                   " (waits double up to " + formatSeconds(setup_.maxBackoffSeconds) +
                   "; the mix is skipped meanwhile)");
        failureReported = true;
        nextAttempt =
            Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(backoff));
        backoff = std::min(backoff * 2.0, setup_.maxBackoffSeconds);
    };
    auto sendPages = [&]() -> bool {  // [control] false: the connection is lost
        if (connection.pages.empty()) return true;
        connection.bytesEncoded += connection.pages.size();
        connection.addedSinceCheck += connection.pages.size();
        const int rc = shoutLibrary().send(connection.shout, connection.pages.data(), connection.pages.size());
        connection.pages.clear();
        if (rc == SHOUTERR_SUCCESS || stillBusy(rc)) return true;
        dropConnection(shoutErrorText(connection.shout, rc, false));
        return false;
    };
    auto onConnected = [&]() {  // [control]
        connection.streaming = true;
        connection.queueMoved = Clock::now();
        connection.lastQueued = connection.addedSinceCheck = 0;
        connection.bytesEncoded = connection.framesEncoded = 0;
        connection.pages.clear();
        if (auto status = connection.encoder.begin(channels, sampleRateHz_, setup_.rate, serial, connection.pages);
            !status) {
            dropConnection(status.message());
            return;
        }
        serial = (serial + 1) & 0x7fffffff;  // the next connection's stream gets another serial
        if (everConnected) reconnects_.fetch_add(1, std::memory_order_relaxed);
        char text[160];
        char rate[48];
        if (setup_.rate.bitrateKbps > 0.0)
            std::snprintf(rate, sizeof rate, "%g kbit/s", setup_.rate.bitrateKbps);
        else
            std::snprintf(rate, sizeof rate, "quality %g", setup_.rate.quality);
        std::snprintf(text, sizeof text, "%s, Ogg Vorbis %s, %u channel%s at %g Hz",
                      everConnected ? "reconnected" : "connected", rate, channels, channels == 1 ? "" : "s",
                      sampleRateHz_);
        report(text);
        everConnected = true;
        failureReported = false;
        backoff = setup_.initialBackoffSeconds;
        connected_.store(true, std::memory_order_relaxed);
        sendPages();
    };
    auto configure = [&](shout_t* s) -> bool {  // [control] once per handle
        const IcecastUrl& url = setup_.url;
        const std::string rate = std::to_string(std::lround(sampleRateHz_)), count = std::to_string(channels);
        char quality[32], bitrate[32];
        std::snprintf(quality, sizeof quality, "%g", setup_.rate.quality);
        std::snprintf(bitrate, sizeof bitrate, "%g", setup_.rate.bitrateKbps);
        // icecast:// is plain HTTP: no TLS upgrade probe (an OPTIONS request) before the login.
        const bool ok =
            shoutLibrary().set_host(s, url.host.c_str()) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_port(s, url.port) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_user(s, url.user.c_str()) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_password(s, url.password.c_str()) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_mount(s, url.mount.c_str()) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_protocol(s, SHOUT_PROTOCOL_HTTP) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_content_format(s, SHOUT_FORMAT_OGG, SHOUT_USAGE_AUDIO, nullptr) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_nonblocking(s, SHOUT_BLOCKING_NONE) == SHOUTERR_SUCCESS &&
            shoutLibrary().set_tls(s, SHOUT_TLS_DISABLED) == SHOUTERR_SUCCESS;
        if (!ok) return false;
        shoutLibrary().set_agent(s, "wavegraph");
        shoutLibrary().set_meta(s, SHOUT_META_NAME, setup_.name.c_str());
        shoutLibrary().set_audio_info(s, SHOUT_AI_SAMPLERATE, rate.c_str());
        shoutLibrary().set_audio_info(s, SHOUT_AI_CHANNELS, count.c_str());
        if (setup_.rate.bitrateKbps > 0.0)
            shoutLibrary().set_audio_info(s, SHOUT_AI_BITRATE, bitrate);
        else
            shoutLibrary().set_audio_info(s, SHOUT_AI_QUALITY, quality);
        return true;
    };
    auto beginConnect = [&]() {  // [control]
        connection.close();
        if (connection.shout == nullptr) {
            connection.shout = shoutLibrary().create();
            if (connection.shout == nullptr) return dropConnection("out of memory");
            if (!configure(connection.shout))
                return dropConnection(std::string("libshout refused a setting: ") +
                                      shoutLibrary().get_error(connection.shout));
        }
        shout_t* s = connection.shout;
        connection.open = true;
        connection.started = Clock::now();
        const int rc = shoutLibrary().open(s);
        if (rc == SHOUTERR_SUCCESS || rc == SHOUTERR_CONNECTED)
            onConnected();
        else if (!stillBusy(rc))
            dropConnection(shoutErrorText(s, rc, true));
    };

    while (!stop_.load(std::memory_order_relaxed)) {
        const SpmcReadResult got = reader_->read(blockPtr.data(), kReadFrames);
        if (!connection.streaming) {
            skipped_.fetch_add(got.frames, std::memory_order_relaxed);
            if (!connection.open) {
                if (Clock::now() >= nextAttempt) beginConnect();
            } else {
                const int rc = shoutLibrary().get_connected(connection.shout);
                if (rc == SHOUTERR_CONNECTED)
                    onConnected();
                else if (rc != SHOUTERR_UNCONNECTED && !stillBusy(rc))
                    dropConnection(shoutErrorText(connection.shout, rc, true));
                else if (secondsSince(connection.started) > kConnectTimeoutSeconds)
                    dropConnection("no answer within " + formatSeconds(kConnectTimeoutSeconds));
            }
        } else {
            // Move what waits in the send queue; judge the network by whether it moves.
            auto queued = static_cast<size_t>(std::max<ssize_t>(shoutLibrary().queuelen(connection.shout), 0));
            if (queued > 0) {
                const int rc = shoutLibrary().send(connection.shout, nullptr, 0);
                if (rc != SHOUTERR_SUCCESS && !stillBusy(rc)) {
                    dropConnection(shoutErrorText(connection.shout, rc, false));
                    continue;
                }
                queued = static_cast<size_t>(std::max<ssize_t>(shoutLibrary().queuelen(connection.shout), 0));
            }
            // Bytes the socket took since the last check: what was queued then plus what was
            // added since, minus what is queued now (a slow network still takes some).
            if (queued == 0 || queued < connection.lastQueued + connection.addedSinceCheck)
                connection.queueMoved = Clock::now();
            connection.lastQueued = queued;
            connection.addedSinceCheck = 0;
            if (secondsSince(connection.queueMoved) > kStallTimeoutSeconds) {
                dropConnection("the server took nothing for " + formatSeconds(kStallTimeoutSeconds));
                continue;
            }
            if (got.frames > 0) {
                if (queued > connection.queueLimitBytes(sampleRateHz_)) {
                    skipped_.fetch_add(got.frames, std::memory_order_relaxed);  // slow network: skip ahead
                } else {
                    connection.encoder.encode(blockPtr.data(), got.frames, connection.pages);
                    connection.framesEncoded += got.frames;
                    sent_.fetch_add(got.frames, std::memory_order_relaxed);
                    if (!sendPages()) continue;
                }
            }
        }
        if (got.frames < kReadFrames) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    if (connection.streaming) {  // the end of the Ogg stream, sent if the server takes it soon
        connection.encoder.end(connection.pages);
        if (sendPages()) {
            const Clock::time_point until = Clock::now() + std::chrono::seconds(1);
            while (shoutLibrary().queuelen(connection.shout) > 0 && Clock::now() < until) {
                const int rc = shoutLibrary().send(connection.shout, nullptr, 0);
                if (rc != SHOUTERR_SUCCESS && !stillBusy(rc)) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        }
    }
    connection.close();
    connected_.store(false, std::memory_order_relaxed);
}

}  // namespace wavegraph::cli
