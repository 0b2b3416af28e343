#include "host/backend/audio_config.h"

#include <cstdio>

namespace wavegraph::host {

const char* sampleFormatName(SampleFormat format) noexcept {  // [any]
    switch (format) {
        case SampleFormat::i16: return "i16";
        case SampleFormat::i32: return "i32";
        case SampleFormat::f32: return "f32";
    }
    return "?";
}

std::string describeConfig(const AudioConfig& config) {  // [control]
    char text[160];
    std::snprintf(text, sizeof text, "%g Hz, %u channel%s%s, %s, %u-frame buffers", config.sampleRateHz,
                  config.channels, config.channels == 1 ? "" : "s",
                  config.inputChannels > 0 ? (" + " + std::to_string(config.inputChannels) + " in").c_str() : "",
                  sampleFormatName(config.sampleFormat), config.bufferFrames);
    return text;
}

}  // namespace wavegraph::host
