#include "host/backend/callback_guard.h"

#include <algorithm>
#include <stdexcept>

#include "host/backend/fault_injection.h"

namespace wavegraph::host {

namespace {
void silence(float* const* output, uint32_t channels, uint32_t frames) noexcept {  // [audio]
    for (uint32_t c = 0; c < channels; ++c) std::fill(output[c], output[c] + frames, 0.0f);
}

/// True once, the first time `seconds` passes the fault's time. [audio]
bool fires(double atSeconds, double seconds, std::atomic<bool>& fired) noexcept {  // [audio]
    if (atSeconds < 0.0 || seconds < atSeconds || fired.load(std::memory_order_relaxed)) return false;
    return !fired.exchange(true, std::memory_order_relaxed);
}
}  // namespace

bool CallbackGuard::run(const float* const* input, uint32_t inputChannels, float* const* output,
                        uint32_t outputChannels, uint32_t frames, double deviceTimeSeconds) noexcept {  // [audio]
    FaultPlan& faults = faultPlan();  // parsed before any stream exists
    const uint64_t done = frames_.load(std::memory_order_relaxed);
    const double seconds = static_cast<double>(startFrame_ + done) / config_.sampleRateHz;
    if (faults.streamErrorAtSeconds >= 0.0 && seconds >= faults.streamErrorAtSeconds &&
        faults.streamErrorsFired.fetch_add(1, std::memory_order_relaxed) < faults.streamErrorRepeats) {
        silence(output, outputChannels, frames);
        return false;
    }
    if (fires(faults.underrunsAtSeconds, seconds, faults.underrunsFired))
        underruns_.fetch_add(faults.forcedUnderruns, std::memory_order_relaxed);
    bool ok = false;
    try {
        if (fires(faults.throwAtSeconds, seconds, faults.throwFired)) throw std::runtime_error("injected exception");
        CallbackTime time;
        time.streamFrame = startFrame_ + done;
        time.deviceTimeSeconds = deviceTimeSeconds;
        time.firstOfStream = done == 0;
        ok = callback_.process(input, inputChannels, output, outputChannels, frames, time);
    } catch (...) {
        ok = false;
    }
    if (!ok) {
        silence(output, outputChannels, frames);
        internalErrors_.fetch_add(1, std::memory_order_relaxed);
    }
    frames_.store(done + frames, std::memory_order_relaxed);
    return true;
}

}  // namespace wavegraph::host
