#pragma once
/// \file node_roles.h
/// Roles a node can play for the engine and the hosts beyond rendering: the host's input, a
/// level meter, an analyser tap, a frequency response. A node class takes a role by deriving
/// from its interface and returning itself from the matching accessor on Node (node.h); the
/// engine and the hosts ask the accessor, never the type name.

#include <array>
#include <cstdint>

#include "base/process_spec.h"

namespace wavegraph {

class AnalyserTap;

/// Levels of one finished meter window. dBFS: 0 dBFS is a sample magnitude of 1.0.
struct MeterReading {
    /// 0-based window number since construction (readings published so far = index + 1).
    uint64_t index = 0;
    uint32_t numChannels = 0;  ///< channels measured (the output's channel count), ≤ kMaxChannels
    /// 20·log10(max |x|) per channel, dBFS; entries ≥ numChannels are unused.
    std::array<float, kMaxChannels> peakDb{};
    /// 10·log10(Σx² / windowFrames) per channel, dBFS (a full-scale sine: -3.01).
    std::array<float, kMaxChannels> rmsDb{};
};

/// Reads the host's input block: the graph points it at the input channels before each render.
class HostInputSink {
public:
    /// channels: planar host input (numChannels of them, or nullptr for none); the node reads
    /// frames from startFrame on. [audio]
    virtual void setHostInput(const float* const* channels, uint32_t numChannels, uint32_t startFrame) noexcept = 0;

protected:
    ~HostInputSink() = default;
};

/// Publishes level readings that the engine turns into meter events.
class MeterSource {
public:
    /// Readings published so far. [any]
    virtual uint64_t readingsPublished() const noexcept = 0;
    /// The latest reading, consistent (never a mix of two windows); false after maxTries
    /// attempts or before the first reading. [any] wait-free for the writer.
    virtual bool latest(MeterReading& reading, int maxTries) const noexcept = 0;

protected:
    ~MeterSource() = default;
};

/// A dynamics processor's gain reduction read-out (W3C DynamicsCompressorNode.reduction), published
/// at a fixed interval of frames; the engine turns each new reading into a reductionDb event.
class ReductionSource {
public:
    /// Readings published so far. [any]
    virtual uint64_t reductionReadings() const noexcept = 0;
    /// The latest reading: gain reduction in dB (≤ 0). [any]
    virtual float reductionDb() const noexcept = 0;

protected:
    ~ReductionSource() = default;
};

/// Keeps the most recent samples for spectrum and waveform views (dsp/analyser_tap.h).
class AnalyserSource {
public:
    /// [any]
    virtual const AnalyserTap& tap() const noexcept = 0;

protected:
    ~AnalyserSource() = default;
};

/// A node whose output is its input and whose own work is a measurement for readers outside
/// the graph (a meter's readings, an analyser's tap). When nothing reads them (an offline render
/// to a file), the session turns the measurement off and the node only passes its input through:
/// the same output samples, no readings, no tap.
class ObserverFeed {
public:
    /// false: skip the measurement from the next process call on; true (the default): measure.
    /// [any] (relaxed atomic; the node reads it once per process call)
    virtual void setObserved(bool observed) noexcept = 0;
    /// The last value given to setObserved (true before). [any]
    virtual bool observed() const noexcept = 0;

protected:
    ~ObserverFeed() = default;
};

/// A node whose processing can fail (a processor from outside the engine, processor.h): the
/// engine reports new failures as processorFailed events and counts them.
class FailureSource {
public:
    /// Blocks whose processing failed so far (the node output silence for them). [any]
    virtual uint64_t failures() const noexcept = 0;
    /// The status code of the newest failure (a negative wg_processor_status). [any]
    virtual int32_t lastFailureCode() const noexcept = 0;

protected:
    ~FailureSource() = default;
};

/// A node that plays once and ends (a bufferSource): the engine reports the end as an `ended` event.
class EndedSource {
public:
    /// Times playback ended so far (0 or 1). [any]
    virtual uint64_t endings() const noexcept = 0;
    /// The engine frame of the first silent frame after the end, or −1. [any]
    virtual int64_t endedFrame() const noexcept = 0;

protected:
    ~EndedSource() = default;
};

/// A filter whose frequency response the hosts draw and report (as BiquadFilterNode's
/// getFrequencyResponse: defined from 0 Hz to Nyquist inclusive).
class FrequencyResponse {
public:
    /// |H| in dB at frequencyHz for the current coefficients. [control]
    virtual double magnitudeDbAt(double frequencyHz) const noexcept = 0;
    /// arg H in radians, in (−π, π], at frequencyHz for the current coefficients. [control]
    virtual double phaseRadiansAt(double frequencyHz) const noexcept = 0;

protected:
    ~FrequencyResponse() = default;
};

}  // namespace wavegraph
