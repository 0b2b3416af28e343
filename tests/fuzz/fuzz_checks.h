#pragma once
/// \file fuzz_checks.h
/// What every fuzz target asserts besides "no sanitizer report": rendered audio is finite, and a
/// refusal is one line. A failed check prints what it saw and aborts, which libFuzzer records as
/// a crash with the input that caused it.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/status.h"

namespace wavegraph::fuzz {

/// Aborts when any sample of `channels` × `frames` is NaN or ±Inf. [control]
inline void requireFinite(const std::vector<std::vector<float>>& channels, size_t frames, const char* where) {
    for (size_t c = 0; c < channels.size(); ++c)
        for (size_t i = 0; i < frames; ++i)
            if (!std::isfinite(channels[c][i])) {
                std::fprintf(stderr, "%s: sample %zu of channel %zu is %g\n", where, i, c, double(channels[c][i]));
                std::abort();
            }
}

/// Aborts when a refusal is empty or spans more than one line. [control]
inline void requireOneLine(const Status& status, const char* where) {
    if (status.isOk()) return;
    const std::string& message = status.message();
    if (message.empty() || message.find('\n') != std::string::npos || message.find('\r') != std::string::npos) {
        std::fprintf(stderr, "%s: refusal is not one line: [%s]\n", where, message.c_str());
        std::abort();
    }
}

/// Planar buffers with pointer tables for process() calls.
struct PlanarBuffers {
    PlanarBuffers(size_t numChannels, size_t frames) : data(numChannels, std::vector<float>(frames, 0.0f)) {
        for (auto& channel : data) pointers.push_back(channel.data());
    }
    std::vector<std::vector<float>> data;
    std::vector<float*> pointers;
};

}  // namespace wavegraph::fuzz
