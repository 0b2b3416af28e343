#include "base/audio_buffer.h"

#include <cmath>

#include "base/format_number.h"

namespace wavegraph {

namespace {
Status checkShape(uint32_t numChannels, size_t frames, double sampleRateHz) {  // [control]
    if (!(sampleRateHz >= AudioBuffer::kMinSampleRateHz && sampleRateHz <= AudioBuffer::kMaxSampleRateHz))
        return Status::error("sampleRateHz: " + formatNumber(sampleRateHz) + " is out of range (" +
                             formatNumber(AudioBuffer::kMinSampleRateHz) + "…" +
                             formatNumber(AudioBuffer::kMaxSampleRateHz) + " Hz)");
    if (numChannels < 1 || numChannels > AudioBuffer::kMaxChannels)
        return Status::error("channels: " + std::to_string(numChannels) + " channels is out of range (1…" +
                             std::to_string(AudioBuffer::kMaxChannels) + ")");
    if (frames < 1 || frames > AudioBuffer::kMaxFrames)
        return Status::error("channels: " + std::to_string(frames) + " frames is out of range (1…" +
                             std::to_string(AudioBuffer::kMaxFrames) + ")");
    return Status::ok();
}

Status checkFinite(const float* samples, uint32_t channel, size_t frames) {  // [control]
    for (size_t i = 0; i < frames; ++i)
        if (!std::isfinite(samples[i]))
            return Status::error("channels[" + std::to_string(channel) + "][" + std::to_string(i) +
                                 "]: " + formatNumber(samples[i]) + " is not a finite number");
    return Status::ok();
}
}  // namespace

Status AudioBuffer::make(std::vector<std::vector<float>> channels, double sampleRateHz,
                         std::shared_ptr<const AudioBuffer>& out) {  // [control]
    const size_t frames = channels.empty() ? 0 : channels[0].size();
    for (size_t c = 1; c < channels.size(); ++c)
        if (channels[c].size() != frames)
            return Status::error("channels[" + std::to_string(c) + "]: " + std::to_string(channels[c].size()) +
                                 " frames, not " + std::to_string(frames) + " as channel 0");
    if (channels.size() > kMaxChannels)
        return Status::error("channels: " + std::to_string(channels.size()) + " channels is out of range (1…" +
                             std::to_string(kMaxChannels) + ")");
    const auto numChannels = static_cast<uint32_t>(channels.size());
    if (auto s = checkShape(numChannels, frames, sampleRateHz); !s) return s;
    std::shared_ptr<AudioBuffer> made(new AudioBuffer());
    made->samples_.resize(size_t{numChannels} * frames);
    for (uint32_t c = 0; c < numChannels; ++c) {
        if (auto s = checkFinite(channels[c].data(), c, frames); !s) return s;
        std::copy(channels[c].begin(), channels[c].end(), made->samples_.begin() + static_cast<long>(c * frames));
    }
    made->numChannels_ = numChannels;
    made->frames_ = frames;
    made->sampleRateHz_ = sampleRateHz;
    out = std::move(made);
    return Status::ok();
}

Status AudioBuffer::makePlanar(const float* samples, uint32_t numChannels, size_t frames, double sampleRateHz,
                               std::shared_ptr<const AudioBuffer>& out) {  // [control]
    if (auto s = checkShape(numChannels, frames, sampleRateHz); !s) return s;
    for (uint32_t c = 0; c < numChannels; ++c)
        if (auto s = checkFinite(samples + size_t{c} * frames, c, frames); !s) return s;
    std::shared_ptr<AudioBuffer> made(new AudioBuffer());
    made->samples_.assign(samples, samples + size_t{numChannels} * frames);
    made->numChannels_ = numChannels;
    made->frames_ = frames;
    made->sampleRateHz_ = sampleRateHz;
    out = std::move(made);
    return Status::ok();
}

}  // namespace wavegraph
