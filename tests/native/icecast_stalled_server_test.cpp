// IcecastStream against a server that stops reading for 4 s (a stalled network): a fake Icecast
// on loopback takes the source login as Icecast does (401 without credentials, then 200), then
// takes nothing for a while. The producer (the audio thread's side, SpmcRing::write) must never
// wait: the kernel's count of the producer thread's voluntary context switches (getrusage
// RUSAGE_THREAD, ru_nvcsw: the thread blocked on a lock, a futex, I/O or a sleep) does not move
// across any write. The longest write's wall time is printed, not judged: a paused virtual
// machine stretches any call without the call waiting for anything. Once the server reads again,
// the stream goes on on the same connection (no reconnect). On loopback the kernel's socket
// buffers (up to 4 MiB, tcp_wmem) absorb a 4 s stall at these rates, so the skip-ahead of a full
// send queue is printed, not judged, here.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "host/icecast_stream.h"

namespace wavegraph::cli {
namespace {

using Clock = std::chrono::steady_clock;

/// The calling thread's voluntary context switches so far (it blocked and gave up the CPU).
long voluntarySwitches() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nvcsw;
}

/// HTTP source endpoint, one connection at a time: answers a request without credentials 401 and
/// one with them 200, then reads the audio only while `reading` is true (counting the bytes).
class FakeIcecast {
public:
    FakeIcecast() {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;  // a small receive window: a stalled reader fills the pipe fast
        setsockopt(listener_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        listen(listener_, 4);
        thread_ = std::thread([this] { run(); });
    }
    ~FakeIcecast() {
        stop_ = true;
        shutdown(listener_, SHUT_RDWR);
        close(listener_);
        thread_.join();
    }
    uint16_t port() const { return port_; }
    std::string request() {
        std::lock_guard<std::mutex> lock(mutex_);
        return request_;
    }
    std::atomic<bool> reading{true};
    std::atomic<uint64_t> bytes{0};
    std::atomic<int> connections{0};

private:
    void run() {
        while (!stop_) {
            const int client = accept(listener_, nullptr, nullptr);
            if (client < 0) return;
            serve(client);
            close(client);
        }
    }
    void serve(int client) {
        timeval timeout{0, 20000};
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        // libshout first asks without credentials (answered 401 as Icecast does), then sends
        // the source request with them (answered 200); the audio follows on the same connection.
        char buffer[4096];
        std::string received;
        for (bool authorised = false; !stop_ && !authorised;) {
            size_t end;
            while (!stop_ && (end = received.find("\r\n\r\n")) == std::string::npos) {
                const ssize_t n = recv(client, buffer, sizeof buffer, 0);
                if (n > 0) received.append(buffer, static_cast<size_t>(n));
                if (n == 0) return;
            }
            if (stop_) break;
            const std::string request = received.substr(0, end + 4);
            received.erase(0, end + 4);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                request_ += request;
            }
            authorised = request.find("Authorization:") != std::string::npos;
            const std::string answer = authorised ? "HTTP/1.0 200 OK\r\n\r\n"
                                                  : "HTTP/1.0 401 Authentication Required\r\nWWW-Authenticate: "
                                                    "Basic realm=\"Icecast2 Server\"\r\nContent-Length: 0\r\n\r\n";
            send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
        }
        if (stop_) return;
        connections++;
        bytes += received.size();
        while (!stop_) {
            if (!reading) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
                continue;
            }
            const ssize_t n = recv(client, buffer, sizeof buffer, 0);
            if (n > 0) bytes += static_cast<uint64_t>(n);
            if (n == 0) break;
        }
    }
    std::mutex mutex_;
    std::string request_;
    int listener_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

TEST(IcecastStream, StalledServerNeverHoldsTheProducerAndStreamingResumes) {
    FakeIcecast server;
    constexpr double kRateHz = 48000.0;
    SpmcRing ring(1u << 16, 2);
    IcecastStreamSetup setup;
    setup.url.user = "source";
    setup.url.password = "pw";
    setup.url.host = "127.0.0.1";
    setup.url.port = server.port();
    setup.url.mount = "/live.ogg";
    setup.rate.quality = 1.0;  // white noise at the top quality: the most bytes per second
    std::mutex linesMutex;
    std::vector<std::string> lines;
    IcecastStream stream;
    ASSERT_TRUE(stream.open(setup, ring, kRateHz, [&](const std::string& line) {
        std::lock_guard<std::mutex> lock(linesMutex);
        lines.push_back(line);
    }));
    stream.start();

    // The producer: 1920-frame blocks of seeded white noise, one per 10 ms (4× real time, less
    // when the machine is loaded), counting the thread's voluntary context switches inside every
    // write and timing it.
    std::mt19937 random(42);
    std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
    std::vector<float> left(1920), right(1920);
    double longestWriteMs = 0;
    long blockingWrites = 0;
    uint64_t written = 0;
    auto produce = [&](double seconds) {
        const auto end = Clock::now() + std::chrono::duration<double>(seconds);
        while (Clock::now() < end) {
            for (uint32_t i = 0; i < 1920; ++i) left[i] = noise(random), right[i] = noise(random);
            const float* planar[] = {left.data(), right.data()};
            const auto before = Clock::now();
            const long switchesBefore = voluntarySwitches();
            ring.write(planar, 1920);
            if (voluntarySwitches() != switchesBefore) ++blockingWrites;
            longestWriteMs =
                std::max(longestWriteMs, std::chrono::duration<double, std::milli>(Clock::now() - before).count());
            written += 1920;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    };
    produce(1.0);
    if (!stream.connected()) {
        for (const auto& line : lines) std::printf("report: %s\n", line.c_str());
        std::printf("request: %s\n", server.request().c_str());
    }
    ASSERT_TRUE(stream.connected()) << "no connection to the fake server";
    const uint64_t skippedBefore = stream.framesSkipped();
    server.reading = false;
    produce(4.0);  // the server takes nothing
    const uint64_t sentStalled = stream.framesSent(), skippedStalled = stream.framesSkipped() - skippedBefore;
    const uint64_t bytesStalled = server.bytes;
    server.reading = true;
    produce(2.0);  // the server reads again
    stream.stop();
    std::printf(
        "produced %llu frames (%.1f s of audio), %llu ring writes, %ld of them blocked, longest %.3f ms; "
        "while stalled: %llu frames skipped, %llu sent in all by then, server had %llu bytes; at the end: %llu sent, "
        "%llu skipped, "
        "%llu bytes received, %llu reconnects\n",
        (unsigned long long)written, written / kRateHz, (unsigned long long)(written / 1920), blockingWrites,
        longestWriteMs, (unsigned long long)skippedStalled, (unsigned long long)sentStalled,
        (unsigned long long)bytesStalled, (unsigned long long)stream.framesSent(),
        (unsigned long long)stream.framesSkipped(), (unsigned long long)server.bytes.load(),
        (unsigned long long)stream.reconnects());
    for (const auto& line : lines) std::printf("report: %s\n", line.c_str());
    EXPECT_GT(server.bytes.load(), bytesStalled) << "the stream goes on once the server reads again";
    EXPECT_GT(stream.framesSent(), sentStalled);
    EXPECT_EQ(stream.reconnects(), 0u);
    EXPECT_EQ(server.connections.load(), 1);
    EXPECT_LE(stream.framesSent() + stream.framesSkipped(), written);
    EXPECT_EQ(blockingWrites, 0) << "the producer never waits for the stream";
}

}  // namespace
}  // namespace wavegraph::cli
