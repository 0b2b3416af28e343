#pragma once
/// \file analyser_node.h
/// "analyser": the W3C Web Audio API AnalyserNode (§ 1.8). Passes its input through unchanged
/// and taps a mono down-mix of it (AnalyserTap) for the control side, which computes the
/// spectrum (AnalyserSpectrum: Blackman window, FFT, smoothing, dB/byte scaling) on demand.
/// The FFT never runs on the audio thread. 1 input, 1 output, spec.numChannels channels.
///
/// Parameters (stepped, not smoothed; they only affect the control-side computation):
///   0 fftSize 32…32768 (power of two, default 2048), 1 smoothingTimeConstant 0…1 (0.8),
///   2 minDecibels −200…20 dB (−100), 3 maxDecibels −200…20 dB (−30), minDecibels < maxDecibels.
/// setParameter [audio] only stores values (atomics); the getters [control] pick them up, and a
/// changed fftSize re-plans the FFT there (allocating, on the control thread).

#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analyser_spectrum.h"
#include "dsp/analyser_tap.h"
#include "graph/node.h"
#include "graph/node_fork.h"

namespace wavegraph {

class AnalyserNode final : public Node, public AnalyserSource {
public:
    enum Param : uint32_t { kFftSize = 0, kSmoothingTimeConstant = 1, kMinDecibels = 2, kMaxDecibels = 3 };
    /// Tap capacity: twice the largest fftSize, so a reader copying 32768 frames has 32768
    /// frames (0.68 s at 48 kHz) of slack before the audio thread overwrites what it reads.
    static constexpr uint32_t kTapCapacityFrames = 2 * AnalyserSpectrum::kMaxFftSize;

    /// Allocates the spectrum for the default fftSize. [control]
    AnalyserNode();

    std::string_view typeName() const noexcept override { return "analyser"; }
    uint32_t numInputs() const noexcept override { return 1; }
    uint32_t numOutputs() const noexcept override { return 1; }
    std::span<const ParameterInfo> parameters() const noexcept override;

    /// Allocates the tap (kTapCapacityFrames floats) and the time-domain scratch. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Nothing to clear on the audio side (the tap keeps its history). [audio]
    void reset() noexcept override {}
    /// Stores the value: fftSize must be a power of two in range, the dB pair must keep
    /// minDecibels < maxDecibels; otherwise the value is ignored (false). Other values are
    /// clamped (false when clamped). [audio]
    bool setParameter(uint32_t id, double value) noexcept override;
    double parameter(uint32_t id) const noexcept override;
    /// out = in for ch < min(in, out channels), silence on the other output channels; the
    /// input's mono down-mix (mean of its channels) is appended to the tap. in and out may be
    /// the same buffers. [audio] no allocation.
    void process(NodeIo& io) noexcept override;
    bool processesInPlace() const noexcept override { return true; }  ///< node.h [any]

    /// Full check of a value for parameter `id` against the current other parameters: Ok or the
    /// one-line message (range, power of two, minDecibels < maxDecibels). [control]
    Status validate(uint32_t id, double value) const;

    /// fftSize / 2 at the current fftSize parameter. [any]
    uint32_t frequencyBinCount() const noexcept { return fftSize_.load(std::memory_order_acquire) / 2; }

    // W3C getters. [control] One control thread at a time; no allocation unless fftSize changed
    // since the last call. Arrays shorter than the data get its first elements; longer ones keep
    // their extra elements unchanged.
    /// Smoothed spectrum in dB, frequencyBinCount() values; bin k ↔ k·sampleRate/fftSize Hz.
    void getFloatFrequencyData(std::span<float> out);
    /// Smoothed spectrum scaled to bytes over minDecibels…maxDecibels.
    void getByteFrequencyData(std::span<uint8_t> out);
    /// The newest fftSize frames of the mono down-mix, oldest first (−1…1 nominal).
    void getFloatTimeDomainData(std::span<float> out);
    /// The same as bytes: floor(128·(1 + x)) clamped to 0…255.
    void getByteTimeDomainData(std::span<uint8_t> out);

    const AnalyserTap& tap() const noexcept override { return tap_; }
    const AnalyserSource* analyserSource() const noexcept override { return this; }  ///< node_roles.h [any]

    /// Unprepared analyser (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<AnalyserNode>(); }
    /// Copies the parameters and the tap's history (node.h). The control side's spectrum
    /// smoothing state is not copied: it belongs to the reader. [audio]
    bool copyStateFrom(const Node& other) noexcept override;

private:
    /// Brings the spectrum's settings up to the parameters and copies the newest frames. [control]
    std::span<const float> capture();

    AnalyserTap tap_;
    AnalyserSpectrum spectrum_;
    std::vector<float> frames_;  // [control] kMaxFftSize frames, sized in prepare
    // Written on the audio thread by setParameter, read by the control-side getters.
    std::atomic<uint32_t> fftSize_{AnalyserSpectrum::kDefaultFftSize};
    std::atomic<double> smoothing_{AnalyserSpectrum::kDefaultSmoothingTimeConstant};
    std::atomic<double> minDecibels_{AnalyserSpectrum::kDefaultMinDecibels};
    std::atomic<double> maxDecibels_{AnalyserSpectrum::kDefaultMaxDecibels};
};

}  // namespace wavegraph
