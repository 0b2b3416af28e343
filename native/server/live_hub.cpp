#include "server/live_hub.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "graph/engine_event.h"

namespace wavegraph::server {

namespace {
constexpr uint32_t kReadFrames = 512;

void appendNumber(std::string& out, double value) {  // [control]
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%.6g", std::isfinite(value) ? value : 0.0);
    out.append(text, static_cast<size_t>(std::max(n, 0)));
}
}  // namespace

std::string formatDb(double db) {  // [any]
    std::string out;
    appendNumber(out, std::isfinite(db) ? std::max(db, -200.0) : -200.0);
    return out;
}

LiveHub::~LiveHub() { stop(); }  // [control]

void LiveHub::open(SpmcRing& fanOut, double sampleRateHz) {  // [control]
    reader_ = std::make_unique<SpmcReader>(fanOut);
    sampleRateHz_ = sampleRateHz;
    channels_ = fanOut.channels();
}

void LiveHub::start() {  // [control]
    stop_.store(false);
    thread_ = std::thread([this] { run(); });
}

void LiveHub::stop() {  // [control]
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    clients_.clear();
    count_.store(0);
}

bool LiveHub::add(const std::shared_ptr<LiveClient>& client, uint32_t maxClients) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    if (clients_.size() >= maxClients) return false;
    clients_.push_back(client);
    count_.store(static_cast<uint32_t>(clients_.size()));
    return true;
}

void LiveHub::remove(const LiveClient* client) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    clients_.erase(
        std::remove_if(clients_.begin(), clients_.end(), [client](const auto& c) { return c.get() == client; }),
        clients_.end());
    count_.store(static_cast<uint32_t>(clients_.size()));
}

void LiveHub::broadcast(PushKind kind, std::string text) {  // [control]
    auto message = std::make_shared<const std::string>(std::move(text));
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& client : clients_)
        if (client->wants(kind)) client->push(message);
}

void LiveHub::postEvent(const RingRecord& event) {  // [control]
    const auto kind = static_cast<EngineEvent>(event.kind);
    if (kind == EngineEvent::meterPeakDb || kind == EngineEvent::meterRmsDb) return;
    if (count_.load(std::memory_order_relaxed) == 0) return;
    std::string text = std::string(R"({"type":"event","kind":")") + engineEventName(kind) + R"(","node":)" +
                       std::to_string(event.target) + R"(,"param":)" + std::to_string(event.param) + R"(,"value":)";
    if (std::isfinite(event.value))
        appendNumber(text, event.value);
    else
        text += "null";
    text += R"(,"frame":)" + std::to_string(event.frameTime) + "}";
    broadcast(PushKind::event, std::move(text));
}

void LiveHub::run() {  // [control] hub thread
    const uint32_t channels = channels_;
    const auto meterWindow = static_cast<uint64_t>(std::max(1.0, std::round(sampleRateHz_ / kMetersPerSecond)));
    const auto analyserPeriod = static_cast<uint64_t>(std::max(1.0, std::round(sampleRateHz_ / kAnalyserPerSecond)));
    const auto positionPeriod = static_cast<uint64_t>(std::max(1.0, std::round(sampleRateHz_ / kPositionsPerSecond)));
    std::vector<std::vector<float>> block(channels, std::vector<float>(kReadFrames));
    std::vector<float*> blockPtr;
    for (auto& ch : block) blockPtr.push_back(ch.data());
    std::vector<double> peak(channels, 0.0), sumSquares(channels, 0.0);
    std::vector<float> mono(kAnalyserFrames, 0.0f);  // circular: frame n at n % kAnalyserFrames
    uint64_t frame = 0, meterFilled = 0, nextAnalyser = analyserPeriod, nextPosition = positionPeriod;
    std::string text;
    while (!stop_.load()) {
        const SpmcReadResult got = reader_->read(blockPtr.data(), kReadFrames);
        if (got.droppedFrames > 0) {  // lost frames: restart the meter window at the new position
            frame += got.droppedFrames;
            meterFilled = 0;
            std::fill(peak.begin(), peak.end(), 0.0);
            std::fill(sumSquares.begin(), sumSquares.end(), 0.0);
        }
        if (got.frames == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(3));
            continue;
        }
        const bool anyone = count_.load(std::memory_order_relaxed) > 0;
        for (uint32_t i = 0; i < got.frames; ++i) {
            double sum = 0.0;
            for (uint32_t c = 0; c < channels; ++c) {
                const double v = block[c][i];
                peak[c] = std::max(peak[c], std::fabs(v));
                sumSquares[c] += v * v;
                sum += v;
            }
            mono[frame % kAnalyserFrames] = static_cast<float>(sum / channels);
            ++frame;
            if (++meterFilled == meterWindow) {
                meterWindows_.fetch_add(1, std::memory_order_relaxed);
                if (anyone) {
                    text = R"({"type":"meters","frame":)" + std::to_string(frame) + R"(,"peakDb":[)";
                    for (uint32_t c = 0; c < channels; ++c)
                        text += (c ? "," : "") + formatDb(peak[c] > 0 ? 20.0 * std::log10(peak[c]) : -INFINITY);
                    text += R"(],"rmsDb":[)";
                    for (uint32_t c = 0; c < channels; ++c)
                        text += (c ? "," : "") +
                                formatDb(sumSquares[c] > 0
                                             ? 10.0 * std::log10(sumSquares[c] / static_cast<double>(meterWindow))
                                             : -INFINITY);
                    text += "]}";
                    broadcast(PushKind::meters, std::move(text));
                }
                meterFilled = 0;
                std::fill(peak.begin(), peak.end(), 0.0);
                std::fill(sumSquares.begin(), sumSquares.end(), 0.0);
            }
            if (frame >= nextAnalyser) {
                nextAnalyser = frame + analyserPeriod;
                if (anyone) {
                    text = R"({"type":"analyser","frame":)" + std::to_string(frame) + R"(,"samples":[)";
                    text.reserve(kAnalyserFrames * 11 + 64);
                    for (uint32_t k = 0; k < kAnalyserFrames; ++k) {
                        if (k) text += ',';
                        appendNumber(text, mono[(frame + k) % kAnalyserFrames]);
                    }
                    text += "]}";
                    broadcast(PushKind::analyser, std::move(text));
                }
            }
            if (frame >= nextPosition) {
                nextPosition = frame + positionPeriod;
                if (anyone) {
                    text = R"({"type":"position","frame":)" + std::to_string(frame) + R"(,"seconds":)";
                    appendNumber(text, static_cast<double>(frame) / sampleRateHz_);
                    text += R"(,"track":null})";
                    broadcast(PushKind::position, std::move(text));
                }
            }
        }
    }
}

}  // namespace wavegraph::server
