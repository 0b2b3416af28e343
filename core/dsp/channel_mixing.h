#pragma once
/// \file channel_mixing.h
/// Up-mixing and down-mixing of planar blocks between channel counts, by the rules of the W3C
/// Web Audio API § "Channel Up-Mixing and Down-Mixing" (the "speakers" layouts mono, stereo,
/// quad, 5.1 and the "discrete" fallback). The graph calls mixChannels when a connection's
/// channel count differs from the channel count of the input it feeds.
///
/// Channel order (§ "Channel Ordering"): stereo L R; quad L R SL SR; 5.1 L R C LFE SL SR.

#include <cstdint>

#include "base/audio_block.h"
#include "base/status.h"

namespace wavegraph {

/// How channels are matched when counts differ (the Web Audio `channelInterpretation`).
enum class ChannelInterpretation {
    /// Speaker layouts for 1, 2, 4 and 6 channels (the spec's formulas); discrete otherwise.
    speakers,
    /// Channel k to channel k: extra input channels are dropped, missing ones are silent.
    discrete,
};

/// Ok when a block of `fromChannels` can be mixed into `toChannels` (both 1…kMaxChannels),
/// else "channel count 40 is out of range (1…32)". [control]
Status canMix(uint32_t fromChannels, uint32_t toChannels);

/// Mixes every frame of `in` (in.numChannels × in.numFrames, planar) into `out`
/// (out.numChannels × in.numFrames; out.numFrames is set to in.numFrames).
///
/// speakers (§ "Up Mixing Speaker Layouts" / "Down Mixing Speaker Layouts"):
///   1→2: L = R = M.                     1→4: L = R = M, SL = SR = 0.
///   1→6: C = M, others 0.               2→4: L, R, SL = SR = 0.
///   2→6: L, R, others 0.                4→6: L, R, C = LFE = 0, SL, SR.
///   2→1: M = 0.5·(L + R).               4→1: M = 0.25·(L + R + SL + SR).
///   6→1: M = 0.7071·(L + R) + C + 0.5·(SL + SR).
///   4→2: L = 0.5·(L + SL), R = 0.5·(R + SR).
///   6→2: L = L + 0.7071·(C + SL), R = R + 0.7071·(C + SR).
///   6→4: L = L + 0.7071·C, R = R + 0.7071·C, SL, SR.
/// Any other pair of counts, and `discrete`, copy channel k to k, zero-fill or drop the rest.
/// Equal counts copy. The 0.7071 coefficient is the spec's literal √½ rounded to 4 digits.
///
/// Preconditions (checked with canMix on the control side): 1 ≤ channel counts ≤ kMaxChannels,
/// every out channel holds ≥ in.numFrames floats. `out` may alias `in` channel for channel (the
/// same pointer for the same channel index: each frame is read before it is written); other
/// overlaps are not allowed. [audio] No allocation.
void mixChannels(const AudioBlock& in, AudioBlock& out,
                 ChannelInterpretation interpretation = ChannelInterpretation::speakers) noexcept;

/// A block of no channels: the input of a node with nothing connected, for copyDiscrete (a
/// reference to it, unlike a temporary AudioBlock{}, costs no copy of the channel array).
inline constexpr AudioBlock kNoChannels{};

/// The discrete rule alone: channel k of `in` to channel k of `out` for `frames` frames; out
/// channels with no input channel (all of them when in.numChannels is 0) are silenced, extra
/// input channels dropped. Same aliasing rule as mixChannels; out.numFrames is left as it is.
/// Used by in-place nodes (filters, meters) to bring their input into their output buffers.
/// [audio] No allocation.
void copyDiscrete(const AudioBlock& in, AudioBlock& out, uint32_t frames) noexcept;

}  // namespace wavegraph
