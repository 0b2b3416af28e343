#pragma once
/// \file wave_shaper_node.h
/// "waveShaper" (W3C Web Audio WaveShaperNode): each input sample x is mapped through a curve of
/// N points spread evenly over [−1, 1], with linear interpolation between the two nearest points
/// (x ≤ −1 gives curve[0], x ≥ 1 gives curve[N − 1]). Computed as Chromium does, in float32:
///   v = clamp((x + 1)·(0.5·(N − 1)), 0, N − 1), k = ⌊v⌋, f = v − k,
///   y = f·(curve[min(k + 1, N − 1)] − curve[k]) + curve[k].
/// Options: `curve` (2…65536 numbers; absent: the input passes unchanged) and `oversample`
/// ('none', '2x', '4x'): with 2x the signal is up-sampled, shaped at twice the rate and
/// down-sampled with the half-band windowed-sinc filters of Chromium's WaveShaperNode
/// (dsp/half_band_resampler.h; 4x: twice), with their delay (the samples line up with
/// Chromium's, tests/e2e check y). The input's channels are shaped one by one;
/// output channels beyond the input's are silent. No parameters; the curve and oversampling are
/// set by the graph description (a new description swaps them with a crossfade).

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/process_spec.h"
#include "dsp/half_band_resampler.h"
#include "graph/node_base.h"
#include "graph/node_fork.h"
#include "graph/node_options.h"

namespace wavegraph {

/// "waveShaper": a curve lookup per sample, optionally 2x or 4x oversampled.
class WaveShaperNode final : public NodeWithoutParameters {
public:
    /// The W3C OverSampleType.
    enum class Oversample : uint32_t { none = 1, x2 = 2, x4 = 4 };
    static constexpr size_t kMinCurvePoints = 2;      ///< Shortest curve (W3C: shorter is an error).
    static constexpr size_t kMaxCurvePoints = 65536;  ///< Longest curve.

    /// No curve (pass-through), no oversampling. [control]
    WaveShaperNode() = default;
    /// `curve` empty (pass-through) or 2…65536 points. [control] Allocates.
    WaveShaperNode(std::vector<float> curve, Oversample oversample);
    /// From the graph JSON options: curve (array of numbers), oversample ('none', '2x', '4x'). [control]
    static Status make(const NodeOptions& options, std::shared_ptr<Node>& made);

    std::string_view typeName() const noexcept override { return "waveShaper"; }  // [any]
    uint32_t numInputs() const noexcept override { return 1; }                    // [any]
    uint32_t numOutputs() const noexcept override { return 1; }                   // [any]

    /// Sizes the resamplers' histories and scratch for spec. [control] Allocates.
    void prepare(const ProcessSpec& spec) override;
    /// Clears the resamplers' histories. [audio]
    void reset() noexcept override;
    /// Shapes every input channel (see the file comment). [audio]
    void process(NodeIo& io) noexcept override;

    /// Same curve and oversampling, unprepared (node.h). [control] Allocates.
    std::shared_ptr<Node> fork() const override { return std::make_shared<WaveShaperNode>(curve_, oversample_); }
    /// Copies the resamplers' histories of a node with the same oversampling and spec (its own
    /// curve stays: a new description's curve applies from the swap). [audio]
    bool copyStateFrom(const Node& other) noexcept override;

    /// The curve (empty: pass-through). [any]
    const std::vector<float>& curve() const noexcept { return curve_; }
    /// The oversampling. [any]
    Oversample oversample() const noexcept { return oversample_; }

    /// Maps `frames` samples through `curve` (numPoints ≥ 2) as the file comment says; `out` may
    /// be `in`. [audio]
    static void shape(const float* curve, uint32_t numPoints, const float* in, float* out, uint32_t frames) noexcept;

private:
    struct ChannelState {
        UpSampler2x up1, up2;
        DownSampler2x down2, down1;
    };
    std::vector<float> curve_;
    Oversample oversample_ = Oversample::none;
    std::vector<ChannelState> channels_;  // [control] sized in prepare
    std::vector<float> scratch2_, scratch4_;
};

}  // namespace wavegraph
