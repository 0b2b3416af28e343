#include "host/play_engine.h"

#include <algorithm>

namespace wavegraph::cli {

Status PlayEngine::prepare(const PlayEngineSetup& setup, InputMixer* mixer) {  // [control]
    setup_ = setup;
    mixer_ = mixer;
    ProcessSpec spec;
    spec.sampleRateHz = setup.sampleRateHz;
    spec.numChannels = setup.channels;
    spec.maxBlockFrames = setup.maxBlockFrames;
    if (auto status = session_.prepare(spec, setup.commandRingCapacity); !status) return status;
    if (mixer != nullptr) mixer->prepare(setup.maxBlockFrames);
    fanOut_ = std::make_unique<SpmcRing>(setup.fanOutCapacityFrames, setup.channels);
    mix_.assign(setup.channels, std::vector<float>(setup.maxBlockFrames));
    render_.assign(setup.channels, std::vector<float>(setup.maxBlockFrames));
    mixPtr_.clear();
    renderPtr_.clear();
    for (auto& ch : mix_) mixPtr_.push_back(ch.data());
    for (auto& ch : render_) renderPtr_.push_back(ch.data());
    return Status::ok();
}

bool PlayEngine::process(const float* const* input, uint32_t inputChannels, float* const* output,
                         uint32_t outputChannels, uint32_t frames, const host::CallbackTime& time) {  // [audio]
    const double steady = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (timing_.callbacks == 0 || time.firstOfStream) {  // a new stream: a new clock to fit
        timing_ = Timing{};
        timing_.firstFrame = time.streamFrame;
        timing_.firstDeviceSeconds = time.deviceTimeSeconds;
        timing_.firstSteadySeconds = steady;
    }
    timing_.lastFrame = time.streamFrame;
    const double x = static_cast<double>(time.streamFrame - timing_.firstFrame) / setup_.sampleRateHz;
    timing_.device.add(x, time.deviceTimeSeconds - timing_.firstDeviceSeconds);
    timing_.steady.add(x, steady - timing_.firstSteadySeconds);
    timing_.deviceEnvelope.add(x, time.deviceTimeSeconds - timing_.firstDeviceSeconds - x);
    timing_.steadyEnvelope.add(x, steady - timing_.firstSteadySeconds - x);
    ++timing_.callbacks;

    const uint32_t channels = setup_.channels;
    const bool hasFileInput = mixer_ != nullptr && mixer_->numInputs() > 0;
    const bool hasSource = hasFileInput || inputChannels > 0;
    uint64_t position = position_.load(std::memory_order_relaxed);
    uint32_t done = 0;
    while (done < frames && position < setup_.endFrame) {
        const auto n = static_cast<uint32_t>(
            std::min<uint64_t>({frames - done, setup_.maxBlockFrames, setup_.endFrame - position}));
        // 1. The source: the file inputs in step, plus the device input (mono feeds every channel).
        if (hasFileInput) {
            mixer_->mix(mixPtr_.data(), channels, n);
        } else {
            for (auto* ch : mixPtr_) std::fill(ch, ch + n, 0.0f);
        }
        for (uint32_t c = 0; c < channels && inputChannels > 0; ++c) {
            const uint32_t from = inputChannels == 1 ? 0 : c;
            if (from >= inputChannels || input[from] == nullptr) continue;
            for (uint32_t i = 0; i < n; ++i) mix_[c][i] += input[from][done + i];
        }
        // 2. Render (the track, when loaded, replaces the source) into the device buffer (or scratch when there is no
        // output, input-only mode).
        float* out[kMaxChannels] = {};
        for (uint32_t c = 0; c < channels; ++c) out[c] = c < outputChannels ? output[c] + done : renderPtr_[c];
        const float* const* in = hasSource ? mixPtr_.data() : nullptr;
        session_.process(in, hasSource ? channels : 0, out, n);
        if (silenced_.load(std::memory_order_relaxed))
            for (uint32_t c = 0; c < channels; ++c) std::fill(out[c], out[c] + n, 0.0f);
        // 3. Fan-out: the same frames to the recorder and the meters (never waits).
        fanOut_->write(out, n);
        done += n;
        position += n;
    }
    for (uint32_t c = 0; c < outputChannels; ++c)  // after the end, and device channels beyond ours
        std::fill(output[c] + (c < channels ? done : 0), output[c] + frames, 0.0f);
    position_.store(position, std::memory_order_release);
    if (position >= setup_.endFrame) finished_.store(true, std::memory_order_release);
    return true;
}

}  // namespace wavegraph::cli
