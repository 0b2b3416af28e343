#pragma once
// Test-only: renders a wavegraph::Node into vectors with a chosen block size, applying
// parameter changes at given frames (blocks are split there, as the graph does).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "graph/node.h"

namespace wavegraph::test {

/// A parameter change applied just before frame `frame` is rendered.
struct ParameterEvent {
    uint32_t frame;
    uint32_t id;
    double value;
};

/// Renders `frames` frames of a prepared node in blocks of at most `blockFrames`, splitting at
/// the events' frames. `input` (mono, same length) feeds input 0 when the node has an input.
/// Returns every output channel (channels × frames).
inline std::vector<std::vector<float>> renderChannels(Node& node, uint32_t frames, uint32_t blockFrames,
                                                      const std::vector<ParameterEvent>& events = {},
                                                      const std::vector<float>* input = nullptr) {
    const uint32_t channels = node.outputChannels(0);
    std::vector<std::vector<float>> out(channels, std::vector<float>(frames, 0.0f));
    std::vector<float> silence(frames, 0.0f);
    size_t nextEvent = 0;
    uint32_t frame = 0;
    while (frame < frames) {
        while (nextEvent < events.size() && events[nextEvent].frame <= frame) {
            node.setParameter(events[nextEvent].id, events[nextEvent].value);
            ++nextEvent;
        }
        uint32_t end = std::min(frames, frame + blockFrames);
        if (nextEvent < events.size()) end = std::min(end, events[nextEvent].frame);
        AudioBlock outBlock;
        outBlock.numChannels = channels;
        outBlock.numFrames = end - frame;
        for (uint32_t c = 0; c < channels; ++c) outBlock.channels[c] = out[c].data() + frame;
        AudioBlock inBlock;
        inBlock.numChannels = 1;
        inBlock.numFrames = end - frame;
        inBlock.channels[0] = (input != nullptr ? const_cast<float*>(input->data()) : silence.data()) + frame;
        NodeIo io{node.numInputs() > 0 ? std::span<const AudioBlock>(&inBlock, 1) : std::span<const AudioBlock>(),
                  std::span<AudioBlock>(&outBlock, 1), end - frame};
        node.process(io);
        frame = end;
    }
    return out;
}

/// Channel 0 of renderChannels().
inline std::vector<float> render(Node& node, uint32_t frames, uint32_t blockFrames,
                                 const std::vector<ParameterEvent>& events = {},
                                 const std::vector<float>* input = nullptr) {
    return renderChannels(node, frames, blockFrames, events, input)[0];
}

}  // namespace wavegraph::test
