#pragma once
/// \file biquad_cascade_avx2.h
/// The AVX2 kernel of BiquadCascade (biquad_cascade_avx2.cpp), for CPUs with AVX2 and without
/// AVX-512: 1…8 sections over every channel pair in 4-lane double vectors, the same samples as the
/// sections run one after another as `Biquad` objects. Used through BiquadCascade::process.

#include <cstdint>

#include "base/audio_block.h"
#include "dsp/biquad/biquad_coefficients.h"

namespace wavegraph::cascade_avx2 {

/// Whether this build has the kernel (x86-64 with GCC or Clang) and the CPU reports AVX2. [any]
bool supported() noexcept;

/// The coefficients of numSections (1…8) sections laid out as the kernel's vectors read them:
/// G = ⌈numSections / 2⌉ groups, section s in group s % G, lanes 2 · (s / G) and 2 · (s / G) + 1
/// (one per channel of a pair); every other lane zero. BiquadCascade keeps one and updates it
/// only when a coefficient changes, so the kernel loads its vectors as they are.
struct alignas(32) SectionLanes {
    double b0[4][4] = {};  ///< b0 per group and lane.
    double b1[4][4] = {};  ///< b1 per group and lane.
    double b2[4][4] = {};  ///< b2 per group and lane.
    double a1[4][4] = {};  ///< a1 per group and lane.
    double a2[4][4] = {};  ///< a2 per group and lane.
};

/// Writes section's coefficients into its two lanes of lanes, laid out for numSections (1…8;
/// section < numSections). [any] no allocation.
void setSectionLanes(SectionLanes& lanes, uint32_t numSections, uint32_t section,
                     const BiquadCoefficients& coefficients) noexcept;

/// Filters channels 0…channels − 1 of block in place through numSections (1…8) sections.
/// lanes: their coefficients, laid out for numSections (setSectionLanes). memories: per channel pair p (channels 2p, 2p
/// + 1) and section s the 8 doubles at memories + 8 · (p · sectionStride + s), laid out as {x1, x2, y1, y2} × {lane 0,
/// lane 1} (BiquadCascade's SectionState); read before and written after the block. roundFeedback:
/// FeedbackRounding::float32 (y fed back rounded to float). exactRuns: the caller's count of runs still to make with
/// the 1e-30 flush on every step (kept between blocks; starts at 0): an even section count otherwise first runs its hot
/// steps without the flush and redoes them with it when it would have acted, then sets the count. Call only when
/// supported(). [audio] noexcept, no allocation.
void process(const SectionLanes& lanes, uint32_t numSections, bool roundFeedback, double* memories,
             uint32_t sectionStride, AudioBlock& block, uint32_t channels, uint32_t& exactRuns) noexcept;

}  // namespace wavegraph::cascade_avx2
