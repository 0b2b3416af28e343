#pragma once
/// \file interleaving.h
/// Copies between interleaved frames (what sound files hold) and planar channels (what the graph
/// processes), and the peak level of a run of samples (SSE2 where the CPU has it).

#include <cstddef>
#include <cstdint>

namespace wavegraph::cli {

/// Copies `frames` frames of `numChannels` interleaved samples into planar channels. [any]
void deinterleave(const float* interleaved, uint32_t numChannels, uint32_t frames, float* const* channels) noexcept;

/// deinterleave() from bytes at any address (e.g. a file's data read as it is, whose samples
/// start 2 bytes into a 4-byte word): `interleaved` holds frames × numChannels floats of this
/// CPU's byte order, copied bit for bit. [any]
void deinterleaveBytes(const unsigned char* interleaved, uint32_t numChannels, uint32_t frames,
                       float* const* channels) noexcept;

/// Copies `frames` frames of `numChannels` planar channels into interleaved samples. [any]
void interleave(const float* const* channels, uint32_t numChannels, uint32_t frames, float* interleaved) noexcept;

/// interleave(), returning the larger of `peak` and the largest |sample| copied (NaNs ignored, as
/// peakMagnitude): the peak of the written samples without a second pass over them. [any]
float interleaveWithPeak(const float* const* channels, uint32_t numChannels, uint32_t frames, float* interleaved,
                         float peak) noexcept;

/// The larger of `peak` and the largest |sample| of `samples[0, count)`; NaNs are ignored
/// (as std::max(peak, std::fabs(x)) ignores them). [any]
float peakMagnitude(const float* samples, size_t count, float peak) noexcept;

}  // namespace wavegraph::cli
