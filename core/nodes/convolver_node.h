#pragma once
/// \file convolver_node.h
/// "convolver" (W3C Web Audio ConvolverNode): the input convolved with an impulse response of 1,
/// 2 or 4 channels, latency 0 (dsp/partitioned_convolver.h: a direct-form head of B frames and
/// uniformly partitioned FFT convolution for the rest, B from the response's length).
///
/// Channels, as W3C's ConvolverNode and Blink's Reverb (x the input, h the response's channels):
///   - 1 channel in, mono response: y = x∗h on every output channel (W3C: a mono output,
///     up-mixed);
///   - stereo response, or a stereo input: left = xL∗h0, right = xR∗h1 (a mono input is used as
///     xL = xR; a mono response as h1 = h0);
///   - 4 channels ("true stereo"): left = xL∗h0 + xR∗h2, right = xL∗h1 + xR∗h3.
/// Input channels beyond the second are not read; a one-channel output gets (left + right) / 2;
/// output channels beyond the second are silent.
///
/// `normalize` (default true) scales the response as W3C's "normalization scale" (Blink's
/// calculateNormalizationScale): 1 / RMS over all channels (at least 0.000125), × 10^(−58/20),
/// × 44100 / sample rate, × 0.5 for 4 channels. The response is one of the description's
/// buffers (base/audio_buffer.h, option `buffer`), at the engine's sample rate (as W3C requires;
/// another rate fails prepare with the two rates named). No parameters; the response and
/// normalize are set by the graph description.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/audio_buffer.h"
#include "base/process_spec.h"
#include "dsp/partitioned_convolver.h"
#include "graph/node_base.h"
#include "graph/node_options.h"

namespace wavegraph {

/// "convolver": W3C ConvolverNode, latency 0.
class ConvolverNode final : public NodeWithoutParameters {
public:
    /// No response: the output is silent. [control]
    ConvolverNode() = default;
    /// `response` of 1, 2 or 4 channels, or null (silent). [control]
    ConvolverNode(std::shared_ptr<const AudioBuffer> response, bool normalize);
    /// From the graph JSON options: buffer (the name of a buffer of 1, 2 or 4 channels),
    /// normalize (boolean). [control]
    static Status make(const NodeOptions& options, std::shared_ptr<Node>& made);

    std::string_view typeName() const noexcept override { return "convolver"; }  // [any]
    uint32_t numInputs() const noexcept override { return 1; }                   // [any]
    uint32_t numOutputs() const noexcept override { return 1; }                  // [any]

    /// Scales and FFTs the response (one convolver per response channel, two for a mono
    /// response) and sizes the scratch for spec; fails (prepareStatus) when the response's rate
    /// is not spec's. [control] Allocates.
    void prepare(const ProcessSpec& spec) override;
    /// Ok, or "buffer: 44100 Hz, not the engine's 48000 Hz (…)". [control]
    Status prepareStatus() const override { return prepareStatus_; }
    /// Clears every convolver's history. [audio]
    void reset() noexcept override;
    /// Convolves the input (see the file comment). [audio]
    void process(NodeIo& io) noexcept override;

    /// Same response and normalize, unprepared (node.h). [control] Allocates.
    std::shared_ptr<Node> fork() const override { return std::make_shared<ConvolverNode>(response_, normalize_); }
    /// Copies the input histories and pending output of a node prepared with the same spec and
    /// response shape. [audio]
    bool copyStateFrom(const Node& other) noexcept override;

    /// The W3C normalization scale of `response` (1, 2 or 4 channels, at its own rate). [any]
    static float normalizationScale(const AudioBuffer& response) noexcept;
    /// The scale applied to the response since the last prepare (1 when normalize is false). [any]
    float scale() const noexcept { return scale_; }
    /// Frames per partition of the convolvers (0 without a response). [any]
    uint32_t partitionFrames() const noexcept { return convolvers_.empty() ? 0 : convolvers_[0].partitionFrames(); }

private:
    std::shared_ptr<const AudioBuffer> response_;
    bool normalize_ = true;
    Status prepareStatus_ = Status::ok();
    float scale_ = 1.0f;
    std::vector<PartitionedConvolver> convolvers_;  // [control] made in prepare
    std::vector<float> scratch_;  // 3 × maxBlockFrames: true-stereo partial sums, right of a mono output
};

}  // namespace wavegraph
