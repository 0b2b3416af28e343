// The AVX2 kernel of BiquadCascade: 4 double lanes = 2 channels × 2 sections, the sections as a
// wavefront so that every lane of every vector does useful work at every step.
//
// Layout. N sections (1…8) in G = ⌈N / 2⌉ vectors ("groups"); group g holds section g in lanes
// 0, 1 (slot 0) and section g + G in lanes 2, 3 (slot 1), each slot a channel pair. With an odd N
// the last slot is an unused section (zero coefficients, its output never read). A step handles
// two frames per section (A then B: B's feedback is A's output), section s the frames
// 2(T − kSkew · s) and the next at step T, so its input is its predecessor's output of kSkew steps
// earlier: group g ≥ 1 reads group g − 1's output vectors as they are, group 0 reads the new input
// frames in slot 0 and group G − 1's slot 0 in slot 1. The G feedback recurrences of a step are
// independent, and the feed-forward path from one section to the next has kSkew steps.
//
// Registers and memory. Only the feedback memory y1 (G vectors) and the flush's two constants
// live in registers; each step's rounded outputs and its frame-A feedback go to a ring of kRing
// steps in memory, from which a section reads its inputs x and also x1, x2 (its inputs of the
// step before) and y2, and the coefficients are loaded once per two frames: 16 vector registers
// then hold the running state without spills. Steps run kRing at a time from step 0, so every
// ring index is a constant in the unrolled code. The coefficient vectors come laid out from
// BiquadCascade (SectionLanes, rewritten only when a coefficient changes) and are copied with
// the ring into one Wavefront on the stack; each phase of a pass (fill, hot steps, drain, checked
// edges) is a function of its own that keeps y1 in registers and addresses the rest from one
// pointer.
//
// Arithmetic. Lane by lane exactly Biquad::process: y = b0·x + b1·x1 + b2·x2 − a1·y1 − a2·y2
// in that order (no FMA: the file is built with -ffp-contract=off and target avx2 alone, which
// has no FMA), |y| < 1e-30 → +0.0 (as an integer compare on the magnitude bits, so NaN stays NaN),
// rounded to float for the next section and the output.
//
// Speculative flush. With an even N, a run of up to kSpeculativeFrames first goes without the
// flush (three instructions per frame and section, on the feedback path) and only keeps the
// least y·y (two, off it); when that shows a |y| below 1e-30, the flush would have acted, and the
// run is redone exactly from the saved input and memories, as are the next kExactRunsAfterFlush
// runs (silence and decaying tails would fail every try). Lanes of sections not at work start
// from ones instead of zeros, so that they do not fail a run for nothing. An odd N (an unused
// slot computing zeros) always runs exactly.
//
// Block edges. Section s starts at step kSkew · s and ends at step kSkew · s + ⌈frames / 2⌉ − 1;
// before and after, its lanes compute values nobody reads. At its start its y1 lanes are loaded
// from its stored memories and its stored x1, x2, y2 are written to the ring where it reads them;
// after its end its memories are read back from the lanes and the ring. Nothing is in flight
// across blocks. With more than kFillSteps pairs (32 frames or more for 8 sections) the fill is
// unrolled with constant steps and runs only the groups whose slot-0 section has started; when
// the frame count is even and its pairs a multiple of kRing (128, 1024, …), the drain too, with
// constant offsets from the last pair, running only groups with a section at work. Other blocks
// take steps that check every start, end and frame, with every group running.
#include "dsp/biquad/biquad_cascade_avx2.h"

#include <cstring>
#include <type_traits>
#include <utility>

namespace wavegraph::cascade_avx2 {

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

namespace {

typedef double V4d __attribute__((vector_size(32)));
typedef long long V4i __attribute__((vector_size(32)));
typedef float V4f __attribute__((vector_size(16)));
typedef double V2d __attribute__((vector_size(16)));
typedef float V2f __attribute__((vector_size(8)));

#define WAVEGRAPH_AVX2_INLINE __attribute__((target("avx2"), always_inline)) inline

constexpr uint32_t kSkew = 2;  // steps between a section and the next on the same frames
constexpr uint32_t kRing = 4;  // steps kept (a section reads steps T − kSkew − 1 and T − kSkew)
static_assert(kRing >= kSkew + 2 && (kRing & (kRing - 1)) == 0);
constexpr long long kTinyBits = __builtin_bit_cast(long long, 1e-30);  // |y| < 1e-30 ⇔ |y|'s bits < these
constexpr long long kMagnitudeMask = 0x7fffffffffffffffLL;

/// The flush's operands, read from memory by the instructions that use them.
struct FlushConstants {
    V4i mask, tinyBelow;
};
constexpr FlushConstants kFlushConstants{{kMagnitudeMask, kMagnitudeMask, kMagnitudeMask, kMagnitudeMask},
                                         {kTinyBits - 1, kTinyBits - 1, kTinyBits - 1, kTinyBits - 1}};

// One section's memories for a channel pair, as BiquadCascade stores them.
constexpr uint32_t kX1 = 0, kX2 = 2, kY1 = 4, kY2 = 6, kDoublesPerSection = 8;
constexpr uint32_t kA = 0, kB = 1;  // the two frames of a step

/// The coefficient vectors of G groups (SectionLanes' first G), copied to the stack by
/// runSections: there the kernel addresses them from the stack pointer, which keeps every
/// general register free for the loops.
template <uint32_t G>
struct Coefficients {
    V4d b0[G], b1[G], b2[G], a1[G], a2[G];
};

/// Group g's lanes of one coefficient (SectionLanes) as a vector.
WAVEGRAPH_AVX2_INLINE const V4d& lanesOf(const double (&lanes)[4]) noexcept {
    return *reinterpret_cast<const V4d*>(lanes);
}

template <uint32_t G>
struct Ring {
    V4d in0[kRing][2];     // group 0's input vectors of step T (frames A, B) at T % kRing
    V4d out[kRing][G][2];  // every group's outputs (rounded to float) of step T at T % kRing
    V4d fedA[kRing][G];    // every group's fed-back frame-A output (y, or y rounded) of step T
};

/// The channel pair group g slot j reads as its input of frame half h at step T (wrapping below 0
/// is fine: the unsigned step numbers are taken modulo kRing, a power of two; T may also be given
/// modulo kRing, which makes every ring index a constant in the unrolled steps).
template <uint32_t G>
WAVEGRAPH_AVX2_INLINE double* inputPair(Ring<G>& ring, uint32_t g, uint32_t j, uint32_t T, uint32_t h) noexcept {
    double* v = g == 0 ? reinterpret_cast<double*>(&ring.in0[T % kRing][h])
                       : reinterpret_cast<double*>(&ring.out[(T - kSkew) % kRing][g - 1][h]);
    return v + 2 * j;
}

template <uint32_t G>
WAVEGRAPH_AVX2_INLINE double* fedAPair(Ring<G>& ring, uint32_t g, uint32_t j, uint32_t T) noexcept {
    return reinterpret_cast<double*>(&ring.fedA[T % kRing][g]) + 2 * j;
}

WAVEGRAPH_AVX2_INLINE V2d loadPair(const double* p) noexcept {
    V2d v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

WAVEGRAPH_AVX2_INLINE void storePair(double* p, const V2d& v) noexcept { std::memcpy(p, &v, sizeof v); }

/// v with slot j (lanes 2j, 2j + 1) replaced by pair.
template <uint32_t j>
WAVEGRAPH_AVX2_INLINE void setSlot(V4d& v, const V2d& pair) noexcept {
    const V4d wide = __builtin_shufflevector(pair, pair, 0, 1, 0, 1);
    if constexpr (j == 0)
        v = __builtin_shufflevector(wide, v, 0, 1, 6, 7);
    else
        v = __builtin_shufflevector(v, wide, 0, 1, 4, 5);
}

template <uint32_t j>
WAVEGRAPH_AVX2_INLINE V2d getSlot(const V4d& v) noexcept {
    if constexpr (j == 0)
        return __builtin_shufflevector(v, v, 0, 1);
    else
        return __builtin_shufflevector(v, v, 2, 3);
}

// One group's two section frames A and B of a step, written out instruction by instruction in
// three parts, which step() issues part by part across the groups (all feed-forward products,
// then every group's frame A, then every frame B), so the out-of-order core always has the
// independent chains of several groups in its window, and the running values stay in 16
// registers (GCC, left to itself, spills y1: a store and a load on the feedback path). Per lane
// exactly Biquad's arithmetic, in its order:
//   yA = b0·xA + b1·x1 + b2·x2 − a1·y1 − a2·y2,    yB = b0·xB + b1·xA + b2·x1 − a1·yA − a2·y1
// each flushed (|y| < 1e-30 → +0.0: magnitude bits ≤ tinyBelow = bits of 1e-30 minus one) and
// rounded to float (oA, oB, as doubles).

/// The feed-forward parts of frames A and B: tA = b0·xA + b1·x1 + b2·x2, tB = b0·xB + b1·xA + b2·x1.
WAVEGRAPH_AVX2_INLINE void feedForward(const V4d& b0, const V4d& b1, const V4d& b2, const V4d& xA, const V4d& xB,
                                       const V4d& x1, const V4d& x2, V4d& tA, V4d& tB) noexcept {
    V4d c, u;
    __asm__(
        "vmovapd %[b0], %[c]\n\t"
        "vmulpd %[xA], %[c], %[ta]\n\t"
        "vmulpd %[xB], %[c], %[tb]\n\t"
        "vmovapd %[b1], %[c]\n\t"
        "vmulpd %[x1], %[c], %[u]\n\t"
        "vaddpd %[u], %[ta], %[ta]\n\t"
        "vmulpd %[xA], %[c], %[u]\n\t"
        "vaddpd %[u], %[tb], %[tb]\n\t"
        "vmovapd %[b2], %[c]\n\t"
        "vmulpd %[x2], %[c], %[u]\n\t"
        "vaddpd %[u], %[ta], %[ta]\n\t"
        "vmulpd %[x1], %[c], %[u]\n\t"
        "vaddpd %[u], %[tb], %[tb]\n\t"
        : [ta] "=&x"(tA), [tb] "=&x"(tB), [c] "=&x"(c), [u] "=&x"(u)
        : [b0] "m"(b0), [b1] "m"(b1), [b2] "m"(b2), [xA] "m"(xA), [xB] "m"(xB), [x1] "m"(x1), [x2] "m"(x2));
}

/// t − a1·y1 − a2·y2, flushed, into t (the fed-back value: y, or y rounded when kRound); the
/// output rounded to float into o (as double) and, when kOut, r (as float). y2 from memory.
template <bool kRound, bool kOut>
WAVEGRAPH_AVX2_INLINE void feedback(V4d& t, const V4d& a1, const V4d& a2, const V4d& y1, const V4d& y2, const V4i& mask,
                                    const V4i& tinyBelow, V4d& o, V4f& r) noexcept {
    V4d u, c;
#define WAVEGRAPH_FEEDBACK(Y2_INTO_C, ROUND, OUT)                           \
    __asm__(                                                                \
        "vmulpd %[a1], %[y1], %[u]\n\t"                                     \
        "vsubpd %[u], %[t], %[t]\n\t" Y2_INTO_C                             \
        "vmulpd %[a2], %[c], %[c]\n\t"                                      \
        "vsubpd %[c], %[t], %[t]\n\t"                                       \
        "vpand %[mask], %[t], %[u]\n\t"                                     \
        "vpcmpgtq %[tiny], %[u], %[u]\n\t"                                  \
        "vpand %[t], %[u], %[t]\n\t"                                        \
        "vcvtpd2ps %[t], %x[c]\n\t"                                         \
        "vcvtps2pd %x[c], %[u]\n\t"                                         \
        "vmovapd %[u], %[o]\n\t" ROUND OUT                                  \
        : [t] "+x"(t), [o] "=m"(o), [r] "=m"(r), [u] "=&x"(u), [c] "=&x"(c) \
        : [a1] "m"(a1), [a2] "m"(a2), [y1] "x"(y1), [y2] "xm"(y2), [mask] "x"(mask), [tiny] "x"(tinyBelow))
    if constexpr (kRound && kOut)
        WAVEGRAPH_FEEDBACK("vmovapd %[y2], %[c]\n\t", "vmovapd %[u], %[t]\n\t", "vmovaps %x[c], %[r]\n\t");
    else if constexpr (kRound)
        WAVEGRAPH_FEEDBACK("vmovapd %[y2], %[c]\n\t", "vmovapd %[u], %[t]\n\t", "");
    else if constexpr (kOut)
        WAVEGRAPH_FEEDBACK("vmovapd %[y2], %[c]\n\t", "", "vmovaps %x[c], %[r]\n\t");
    else
        WAVEGRAPH_FEEDBACK("vmovapd %[y2], %[c]\n\t", "", "");
#undef WAVEGRAPH_FEEDBACK
}

/// feedback() without the flush, for the steps of a speculative run: the fed-back value is
/// y unflushed, and smallest keeps the least y·y seen (NaN leaves it as it is); when no y·y is
/// below kSpeculationLimit, no |y| was below 1e-30 and the flush would have changed nothing.
template <bool kRound, bool kOut>
WAVEGRAPH_AVX2_INLINE void feedbackUnflushed(V4d& t, const V4d& a1, const V4d& a2, const V4d& y1, const V4d& y2,
                                             V4d& smallest, V4d& o, V4f& r) noexcept {
    V4d u, c;
#define WAVEGRAPH_FEEDBACK(ROUND, OUT)                                                                 \
    __asm__(                                                                                           \
        "vmulpd %[a1], %[y1], %[u]\n\t"                                                                \
        "vsubpd %[u], %[t], %[t]\n\t"                                                                  \
        "vmovapd %[y2], %[c]\n\t"                                                                      \
        "vmulpd %[a2], %[c], %[c]\n\t"                                                                 \
        "vsubpd %[c], %[t], %[t]\n\t"                                                                  \
        "vmulpd %[t], %[t], %[u]\n\t"                                                                  \
        "vminpd %[smallest], %[u], %[smallest]\n\t"                                                    \
        "vcvtpd2ps %[t], %x[c]\n\t"                                                                    \
        "vcvtps2pd %x[c], %[u]\n\t"                                                                    \
        "vmovapd %[u], %[o]\n\t" ROUND OUT                                                             \
        : [t] "+x"(t), [smallest] "+x"(smallest), [o] "=m"(o), [r] "=m"(r), [u] "=&x"(u), [c] "=&x"(c) \
        : [a1] "m"(a1), [a2] "m"(a2), [y1] "x"(y1), [y2] "xm"(y2))
    if constexpr (kRound && kOut)
        WAVEGRAPH_FEEDBACK("vmovapd %[u], %[t]\n\t", "vmovaps %x[c], %[r]\n\t");
    else if constexpr (kRound)
        WAVEGRAPH_FEEDBACK("vmovapd %[u], %[t]\n\t", "");
    else if constexpr (kOut)
        WAVEGRAPH_FEEDBACK("", "vmovaps %x[c], %[r]\n\t");
    else
        WAVEGRAPH_FEEDBACK("", "");
#undef WAVEGRAPH_FEEDBACK
}

/// Least y·y of a speculative run below which the flush may have acted:
/// |y| < 1e-30 gives y·y ≤ (1e-30)² rounded, below this limit (a margin keeps it conservative:
/// a false alarm only costs a redo).
constexpr double kSpeculationLimit = 1e-30 * 1e-30 * (1.0 + 1e-9);

/// One step T of the wavefront: group 0's inputs from inA, inB (the input frames 2T, 2T + 1, or
/// stand-ins beyond the block) and the ring, every group's two section frames, outputs to the ring, y1 moved on.
/// Returns group gOut's outputs rounded to float (its slot jOut holds the last section's).
/// kSpeculative: the flush left out (feedbackUnflushed), the least y·y kept in smallest.
/// kLive: the groups that run (bit g: group g), the others are left out (at the block edges,
/// groups whose sections have not started or have ended; nobody reads what they would write).
template <uint32_t G, bool kRound, uint32_t gOut, bool kSpeculative, uint32_t kLive = 0xffu>
WAVEGRAPH_AVX2_INLINE void step(const Coefficients<G>& k, Ring<G>& ring, V4d (&y1)[G], const V2d& inA, const V2d& inB,
                                uint32_t T, V4f& resultA, V4f& resultB, V4d& smallest) noexcept {
    if constexpr ((kLive & 1u) != 0) {
        const V2d carriedA = getSlot<0>(ring.out[(T - kSkew) % kRing][G - 1][kA]);
        const V2d carriedB = getSlot<0>(ring.out[(T - kSkew) % kRing][G - 1][kB]);
        ring.in0[T % kRing][kA] = __builtin_shufflevector(inA, carriedA, 0, 1, 2, 3);
        ring.in0[T % kRing][kB] = __builtin_shufflevector(inB, carriedB, 0, 1, 2, 3);
    }
    const V4i mask = kFlushConstants.mask;
    const V4i tinyBelow = kFlushConstants.tinyBelow;
    V4d tA[G], tB[G];
#pragma GCC unroll 8
    for (uint32_t g = 0; g < G; ++g) {
        if (((kLive >> g) & 1u) == 0) continue;
        const V4d& xA = g == 0 ? ring.in0[T % kRing][kA] : ring.out[(T - kSkew) % kRing][g - 1][kA];
        const V4d& xB = g == 0 ? ring.in0[T % kRing][kB] : ring.out[(T - kSkew) % kRing][g - 1][kB];
        // The inputs of the frames before A: the step before's B and A.
        const V4d& x1 = *reinterpret_cast<const V4d*>(inputPair(ring, g, 0, T - 1, kB));
        const V4d& x2 = *reinterpret_cast<const V4d*>(inputPair(ring, g, 0, T - 1, kA));
        feedForward(k.b0[g], k.b1[g], k.b2[g], xA, xB, x1, x2, tA[g], tB[g]);
    }
#pragma GCC unroll 8
    for (uint32_t g = 0; g < G; ++g) {
        if (((kLive >> g) & 1u) == 0) continue;
        const V4d& a1 = k.a1[g];
        const V4d& a2 = k.a2[g];
        V4f unused;
        if constexpr (kSpeculative) {
            if (g == gOut)
                feedbackUnflushed<kRound, true>(tA[g], a1, a2, y1[g], ring.fedA[(T - 1) % kRing][g], smallest,
                                                ring.out[T % kRing][g][kA], resultA);
            else
                feedbackUnflushed<kRound, false>(tA[g], a1, a2, y1[g], ring.fedA[(T - 1) % kRing][g], smallest,
                                                 ring.out[T % kRing][g][kA], unused);
        } else if (g == gOut)
            feedback<kRound, true>(tA[g], a1, a2, y1[g], ring.fedA[(T - 1) % kRing][g], mask, tinyBelow,
                                   ring.out[T % kRing][g][kA], resultA);
        else
            feedback<kRound, false>(tA[g], a1, a2, y1[g], ring.fedA[(T - 1) % kRing][g], mask, tinyBelow,
                                    ring.out[T % kRing][g][kA], unused);
        ring.fedA[T % kRing][g] = tA[g];
    }
#pragma GCC unroll 8
    for (uint32_t g = 0; g < G; ++g) {
        if (((kLive >> g) & 1u) == 0) continue;
        const V4d& a1 = k.a1[g];
        const V4d& a2 = k.a2[g];
        V4f unused;
        // Frame B feeds back frame A's output and y1 (frame A's y1 becomes B's y2).
        if constexpr (kSpeculative) {
            if (g == gOut)
                feedbackUnflushed<kRound, true>(tB[g], a1, a2, tA[g], y1[g], smallest, ring.out[T % kRing][g][kB],
                                                resultB);
            else
                feedbackUnflushed<kRound, false>(tB[g], a1, a2, tA[g], y1[g], smallest, ring.out[T % kRing][g][kB],
                                                 unused);
        } else if (g == gOut)
            feedback<kRound, true>(tB[g], a1, a2, tA[g], y1[g], mask, tinyBelow, ring.out[T % kRing][g][kB], resultB);
        else
            feedback<kRound, false>(tB[g], a1, a2, tA[g], y1[g], mask, tinyBelow, ring.out[T % kRing][g][kB], unused);
        y1[g] = tB[g];
    }
}

/// Section s (group g = s % G, slot j = s / G) before its first step T = kSkew · s: its y1 lanes
/// from memory, its x1, x2, y2 where it reads them at that step.
template <uint32_t G, uint32_t s>
WAVEGRAPH_AVX2_INLINE void startSection(Ring<G>& ring, V4d (&y1)[G], const double* memory, uint32_t T) noexcept {
    constexpr uint32_t g = s % G, j = s / G;
    setSlot<j>(y1[g], loadPair(memory + kY1));
    storePair(fedAPair(ring, g, j, T - 1), loadPair(memory + kY2));
    storePair(inputPair(ring, g, j, T - 1, kB), loadPair(memory + kX1));
    storePair(inputPair(ring, g, j, T - 1, kA), loadPair(memory + kX2));
}

/// Section s after its last step T: its memories back. bValid: frame B of that step was in the
/// block; if not, its y2 memory was written before the step (beforeOddEnd).
template <uint32_t G, uint32_t s>
WAVEGRAPH_AVX2_INLINE void endSection(Ring<G>& ring, const V4d (&y1)[G], double* memory, uint32_t T,
                                      bool bValid) noexcept {
    constexpr uint32_t g = s % G, j = s / G;
    if (bValid) {
        storePair(memory + kY1, getSlot<j>(y1[g]));
        storePair(memory + kY2, loadPair(fedAPair(ring, g, j, T)));
        storePair(memory + kX1, loadPair(inputPair(ring, g, j, T, kB)));
        storePair(memory + kX2, loadPair(inputPair(ring, g, j, T, kA)));
    } else {
        storePair(memory + kY1, loadPair(fedAPair(ring, g, j, T)));
        storePair(memory + kX1, loadPair(inputPair(ring, g, j, T, kA)));
        storePair(memory + kX2, loadPair(inputPair(ring, g, j, T - 1, kB)));
    }
}

/// Section s before its last step when that step has frame A only: its y2 memory is its y1 lanes
/// before the step.
template <uint32_t G, uint32_t s>
WAVEGRAPH_AVX2_INLINE void beforeOddEnd(const V4d (&y1)[G], double* memory) noexcept {
    constexpr uint32_t g = s % G, j = s / G;
    storePair(memory + kY2, getSlot<j>(y1[g]));
}

/// The groups with a section at work at step pairs − kRing + d of a block whose pairs is a
/// multiple of kRing (the last kRing + kSkew · (N − 1) steps, d from 0): bit g for group g.
template <uint32_t N>
constexpr uint32_t drainLiveGroups(uint32_t d) noexcept {
    constexpr uint32_t G = (N + 1) / 2;
    uint32_t live = 0;
    for (uint32_t s = 0; s < N; ++s)
        if (d <= kSkew * s + kRing - 1) live |= 1u << (s % G);
    return live;
}

/// The running state of one pass over a channel pair, in one place so that each phase
/// (PairPass's fill, hot steps, drain, checked edges) addresses it from one register.
template <uint32_t G>
struct Wavefront {
    Coefficients<G> k;
    Ring<G> ring;
    V4d y1[G];     // between phases; each phase keeps it in registers
    V4d smallest;  // speculative runs: the least y·y so far
};

/// N sections over one channel pair (kTwo) or one channel (lane 1 repeats lane 0, its output is
/// dropped), in phases: the fill (steps 0 … kFillSteps − 1, unrolled with constant steps: sections
/// start, only the groups whose first section has started run), the hot steps (no check), the
/// drain (when pairs is a multiple of kRing and frames even, as for 128 or 1024: unrolled with
/// constant offsets from the last pair; only groups with a section at work run) and otherwise
/// steps with every check. Each phase is a function of its own, with y1 in registers.
/// kSpeculative: the steps leave out the flush (and keep the least y·y in smallest).
template <uint32_t N, bool kRound, bool kTwo, bool kSpeculative>
struct PairPass {
    static constexpr uint32_t G = (N + 1) / 2;
    static constexpr uint32_t gOut = (N - 1) % G, jOut = (N - 1) / G;  // the last section's place
    static constexpr uint32_t outDelay = kSkew * (N - 1);              // steps from a frame's input to its output
    /// Steps of the unrolled fill: the first multiple of kRing above outDelay.
    static constexpr uint32_t kFillSteps = (outDelay + kRing) / kRing * kRing;
    // Lanes of sections not at work compute values nobody reads; from ones (and ones as the input
    // beyond the block) rather than zeros, they rarely come near the flush, which would make a
    // speculative run fail for nothing.
    static constexpr double kIdle = kSpeculative ? 1.0 : 0.0;

    WAVEGRAPH_AVX2_INLINE static void emit(float* ch0, float* ch1, uint32_t f, const V4f& rounded) noexcept {
        ch0[f] = rounded[2 * jOut];
        if constexpr (kTwo) ch1[f] = rounded[2 * jOut + 1];
    }

    /// Steps T … while T + kRing ≤ end (T % kRing == 0) with no check: no section starts or
    /// ends, both input frames and both output frames in the block (outDelay < T, end ≤ pairs − 1).
    /// Returns the step after the last.
    __attribute__((target("avx2"), noinline)) static uint32_t hot(Wavefront<G>& w, float* ch0, float* ch1, uint32_t T,
                                                                  uint32_t end) noexcept {
        const float* in1 = kTwo ? ch1 : ch0;
        V4d y1[G];
        for (uint32_t g = 0; g < G; ++g) y1[g] = w.y1[g];
        V4d smallest = w.smallest;
        Wavefront<G>* state = &w;
        for (; T + kRing <= end; T += kRing) {
            // The state's address made opaque each time round: GCC then addresses every operand
            // from it, instead of computing each operand's address once and spilling most of them.
            __asm__("" : "+r"(state));
#pragma GCC unroll 8
            for (uint32_t i = 0; i < kRing; ++i) {
                const uint32_t f = 2 * (T + i);
                const V2d inA{ch0[f], in1[f]};
                const V2d inB{ch0[f + 1], in1[f + 1]};
                V4f roundedA, roundedB;
                step<G, kRound, gOut, kSpeculative>(state->k, state->ring, y1, inA, inB, i, roundedA, roundedB,
                                                    smallest);
                emit(ch0, ch1, f - 2 * outDelay, roundedA);
                emit(ch0, ch1, f + 1 - 2 * outDelay, roundedB);
            }
        }
        for (uint32_t g = 0; g < G; ++g) w.y1[g] = y1[g];
        w.smallest = smallest;
        return T;
    }

    /// The fill of a block of more than kFillSteps pairs: steps 0 … kFillSteps − 1.
    __attribute__((target("avx2"), noinline)) static void fill(Wavefront<G>& w, double* memories, float* ch0,
                                                               float* ch1) noexcept {
        const float* in1 = kTwo ? ch1 : ch0;
        V4d y1[G];
        for (uint32_t g = 0; g < G; ++g) y1[g] = w.y1[g];
        V4d smallest = w.smallest;
        auto fillStep = [&](auto tc) __attribute__((target("avx2"), always_inline)) {
            constexpr uint32_t t = decltype(tc)::value;
            [&]<uint32_t... s>(std::integer_sequence<uint32_t, s...>) __attribute__((target("avx2"), always_inline)) {
                ((t == kSkew * s ? startSection<G, s>(w.ring, y1, memories + kDoublesPerSection * s, t % kRing)
                                 : void()),
                 ...);
            }
            (std::make_integer_sequence<uint32_t, N>{});
            constexpr uint32_t liveCount = t / kSkew + 1 < G ? t / kSkew + 1 : G;  // groups started
            const V2d inA{ch0[2 * t], in1[2 * t]};
            const V2d inB{ch0[2 * t + 1], in1[2 * t + 1]};
            V4f roundedA, roundedB;
            step<G, kRound, gOut, kSpeculative, (1u << liveCount) - 1u>(w.k, w.ring, y1, inA, inB, t % kRing, roundedA,
                                                                        roundedB, smallest);
            if constexpr (t >= outDelay) {
                emit(ch0, ch1, 2 * (t - outDelay), roundedA);
                emit(ch0, ch1, 2 * (t - outDelay) + 1, roundedB);
            }
        };
        [&]<uint32_t... t>(std::integer_sequence<uint32_t, t...>) __attribute__((target("avx2"), always_inline)) {
            (fillStep(std::integral_constant<uint32_t, t>{}), ...);
        }
        (std::make_integer_sequence<uint32_t, kFillSteps>{});
        for (uint32_t g = 0; g < G; ++g) w.y1[g] = y1[g];
        w.smallest = smallest;
    }

    /// The drain of a block of an even frame count whose pairs is a multiple of kRing, from
    /// T0 = pairs − kRing: step T0 + d (d a constant), the input frames in the block for
    /// d < kRing, both output frames always, section s ending at d = kSkew · s + kRing − 1.
    __attribute__((target("avx2"), noinline)) static void drain(Wavefront<G>& w, double* memories, float* ch0,
                                                                float* ch1, uint32_t T0) noexcept {
        const float* in1 = kTwo ? ch1 : ch0;
        V4d y1[G];
        for (uint32_t g = 0; g < G; ++g) y1[g] = w.y1[g];
        V4d smallest = w.smallest;
        auto drainStep = [&](auto dc) __attribute__((target("avx2"), always_inline)) {
            constexpr uint32_t d = decltype(dc)::value;
            const uint32_t T = T0 + d;
            V2d inA{kIdle, kIdle}, inB{kIdle, kIdle};
            if constexpr (d < kRing) {
                inA = V2d{ch0[2 * T], in1[2 * T]};
                inB = V2d{ch0[2 * T + 1], in1[2 * T + 1]};
            }
            V4f roundedA, roundedB;
            step<G, kRound, gOut, kSpeculative, drainLiveGroups<N>(d)>(w.k, w.ring, y1, inA, inB, d % kRing, roundedA,
                                                                       roundedB, smallest);
            emit(ch0, ch1, 2 * (T - outDelay), roundedA);
            emit(ch0, ch1, 2 * (T - outDelay) + 1, roundedB);
            [&]<uint32_t... s>(std::integer_sequence<uint32_t, s...>) __attribute__((target("avx2"), always_inline)) {
                ((d == kSkew * s + kRing - 1
                      ? endSection<G, s>(w.ring, y1, memories + kDoublesPerSection * s, d % kRing, true)
                      : void()),
                 ...);
            }
            (std::make_integer_sequence<uint32_t, N>{});
        };
        [&]<uint32_t... d>(std::integer_sequence<uint32_t, d...>) __attribute__((target("avx2"), always_inline)) {
            (drainStep(std::integral_constant<uint32_t, d>{}), ...);
        }
        (std::make_integer_sequence<uint32_t, kRing + outDelay>{});
        w.smallest = smallest;
    }

    /// Steps T … (T % kRing == 0) with every check (sections starting or ending, input and
    /// output frames outside the block; every group runs, the lanes of a section not at work
    /// computing values nobody reads), kRing at a time, until the next steps are hot or the
    /// block's steps are done. Returns the step after the last.
    __attribute__((target("avx2"), noinline)) static uint32_t edges(Wavefront<G>& w, double* memories, float* ch0,
                                                                    float* ch1, uint32_t frames, uint32_t T) noexcept {
        const float* in1 = kTwo ? ch1 : ch0;
        const uint32_t pairs = (frames + 1) / 2;  // steps per section
        const bool lastBValid = frames % 2 == 0;
        const uint32_t steps = pairs + outDelay;
        const uint32_t hotBegin = outDelay + 1;
        const uint32_t hotEnd = pairs - 1;
        V4d y1[G];
        for (uint32_t g = 0; g < G; ++g) y1[g] = w.y1[g];
        V4d smallest = w.smallest;
        // Step T (i = T % kRing, a constant where this is unrolled).
        auto edgeStep = [&](uint32_t T, uint32_t i) __attribute__((target("avx2"), always_inline)) {
            [&]<uint32_t... s>(std::integer_sequence<uint32_t, s...>) __attribute__((target("avx2"), always_inline)) {
                ((T == kSkew * s ? startSection<G, s>(w.ring, y1, memories + kDoublesPerSection * s, i) : void()), ...);
                if (!lastBValid)
                    ((T == kSkew * s + pairs - 1 ? beforeOddEnd<G, s>(y1, memories + kDoublesPerSection * s) : void()),
                     ...);
            }
            (std::make_integer_sequence<uint32_t, N>{});
            const uint32_t f = 2 * T;
            const V2d inA = f < frames ? V2d{ch0[f], in1[f]} : V2d{kIdle, kIdle};
            const V2d inB = f + 1 < frames ? V2d{ch0[f + 1], in1[f + 1]} : V2d{kIdle, kIdle};
            V4f roundedA, roundedB;
            step<G, kRound, gOut, kSpeculative>(w.k, w.ring, y1, inA, inB, i, roundedA, roundedB, smallest);
            if (T >= outDelay) {
                const uint32_t out = 2 * (T - outDelay);
                emit(ch0, ch1, out, roundedA);
                if (out + 1 < frames) emit(ch0, ch1, out + 1, roundedB);
            }
            [&]<uint32_t... s>(std::integer_sequence<uint32_t, s...>) __attribute__((target("avx2"), always_inline)) {
                ((T == kSkew * s + pairs - 1
                      ? endSection<G, s>(w.ring, y1, memories + kDoublesPerSection * s, i, lastBValid)
                      : void()),
                 ...);
            }
            (std::make_integer_sequence<uint32_t, N>{});
        };
        for (; T < steps && (T < hotBegin || T + kRing > hotEnd); T += kRing) {
#pragma GCC unroll 8
            for (uint32_t i = 0; i < kRing; ++i)
                if (T + i < steps) edgeStep(T + i, i);
        }
        for (uint32_t g = 0; g < G; ++g) w.y1[g] = y1[g];
        w.smallest = smallest;
        return T;
    }

    /// Frames [0, frames) of the pair. memories: section s's record at memories +
    /// kDoublesPerSection · s. Speculative: returns false when the flush would have changed a
    /// value (then the caller redoes the frames with it); else true.
    WAVEGRAPH_AVX2_INLINE static bool run(Wavefront<G>& w, double* memories, float* ch0, float* ch1,
                                          uint32_t frames) noexcept {
        const V4d idle = {kIdle, kIdle, kIdle, kIdle};
        for (auto& v : w.y1) v = idle;
        for (auto& v : w.ring.in0) v[0] = v[1] = idle;
        for (auto& step : w.ring.out)
            for (auto& v : step) v[0] = v[1] = idle;
        for (auto& step : w.ring.fedA)
            for (auto& v : step) v = idle;
        w.smallest = V4d{kSpeculationLimit, kSpeculationLimit, kSpeculationLimit, kSpeculationLimit};

        const uint32_t pairs = (frames + 1) / 2;  // steps per section
        uint32_t T = 0;
        bool done = false;
        if (pairs > kFillSteps) {
            fill(w, memories, ch0, ch1);
            T = kFillSteps;
            if (frames % 2 == 0 && pairs % kRing == 0 && pairs >= kFillSteps + kRing) {
                T = hot(w, ch0, ch1, T, pairs - 1);  // ends at pairs − kRing
                drain(w, memories, ch0, ch1, T);
                done = true;
            }
        }
        if (!done) {
            T = edges(w, memories, ch0, ch1, frames, T);
            T = hot(w, ch0, ch1, T, pairs - 1);
            edges(w, memories, ch0, ch1, frames, T);
        }
        if constexpr (kSpeculative) {
            const V4d limit = {kSpeculationLimit, kSpeculationLimit, kSpeculationLimit, kSpeculationLimit};
            const V4i below = w.smallest < limit;
            return (below[0] | below[1] | below[2] | below[3]) == 0;
        }
        return true;
    }
};

/// Copies n floats, 8 at a time while it can (not left to memcpy: a call or `rep movs` costs
/// more than the copy at these sizes).
WAVEGRAPH_AVX2_INLINE void copyFloats(float* to, const float* from, uint32_t n) noexcept {
    typedef float V8f __attribute__((vector_size(32)));
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        V8f v;
        std::memcpy(&v, from + i, sizeof v);
        __asm__("" : "+x"(v));  // keeps the loop a vector loop (else it may become a memcpy call)
        std::memcpy(to + i, &v, sizeof v);
    }
    for (; i < n; ++i) to[i] = from[i];
}

/// Copies N sections' memories (kDoublesPerSection doubles each), 4 at a time.
template <uint32_t N>
WAVEGRAPH_AVX2_INLINE void copyMemories(double* to, const double* from) noexcept {
#pragma GCC unroll 16
    for (uint32_t i = 0; i < N * kDoublesPerSection; i += 4) {
        V4d v;
        std::memcpy(&v, from + i, sizeof v);
        __asm__("" : "+x"(v));
        std::memcpy(to + i, &v, sizeof v);
    }
}

/// Frames per speculative run (runFrames); its input is saved on the stack for the redo.
constexpr uint32_t kSpeculativeFrames = 1024;
/// Runs made exactly, without trying the speculative kernel, after one in which the flush acted
/// (silence, decaying tails): there each try would cost a redo.
constexpr uint32_t kExactRunsAfterFlush = 16;

/// N sections over frames [0, frames) of one channel pair (kTwo) or channel. For an even N, when
/// exactRuns is 0, up to kSpeculativeFrames at a time first run speculatively (PairPass::run) and are
/// redone with the flush (input and memories restored) if it would have changed a value; the
/// redo makes the next kExactRunsAfterFlush runs exact straight away. An odd N has an unused
/// slot, whose lanes compute zeros, and always runs exactly. Same samples either way.
template <uint32_t N, bool kRound, bool kTwo>
WAVEGRAPH_AVX2_INLINE void runFrames(Wavefront<(N + 1) / 2>& w, double* memories, float* ch0, float* ch1,
                                     uint32_t frames, uint32_t& exactRuns) noexcept {
    if constexpr (N % 2 == 0) {
        for (uint32_t start = 0; start < frames && exactRuns == 0;) {
            const uint32_t n = frames - start < kSpeculativeFrames ? frames - start : kSpeculativeFrames;
            float* const c0 = ch0 + start;
            float* const c1 = kTwo ? ch1 + start : nullptr;
            double savedMemories[N * kDoublesPerSection];
            float savedInput[2][kSpeculativeFrames];
            copyMemories<N>(savedMemories, memories);
            copyFloats(savedInput[0], c0, n);
            if constexpr (kTwo) copyFloats(savedInput[1], c1, n);
            if (!PairPass<N, kRound, kTwo, true>::run(w, memories, c0, c1, n)) {
                copyMemories<N>(memories, savedMemories);
                copyFloats(c0, savedInput[0], n);
                if constexpr (kTwo) copyFloats(c1, savedInput[1], n);
                PairPass<N, kRound, kTwo, false>::run(w, memories, c0, c1, n);
                exactRuns = kExactRunsAfterFlush;
            }
            start += n;
            if (start == frames) return;
            if (exactRuns > 0) {
                ch0 += start;
                if constexpr (kTwo) ch1 += start;
                frames -= start;
                break;
            }
        }
    }
    if (exactRuns > 0) --exactRuns;
    PairPass<N, kRound, kTwo, false>::run(w, memories, ch0, ch1, frames);
}

template <uint32_t N, bool kRound>
__attribute__((target("avx2"), noinline)) void runSections(const SectionLanes& lanes, double* memories,
                                                           uint32_t sectionStride, AudioBlock& block, uint32_t channels,
                                                           uint32_t& exactRuns) noexcept {
    constexpr uint32_t G = (N + 1) / 2;
    Wavefront<G> w;
    Coefficients<G>& k = w.k;
    for (uint32_t g = 0; g < G; ++g) {
        k.b0[g] = lanesOf(lanes.b0[g]);
        k.b1[g] = lanesOf(lanes.b1[g]);
        k.b2[g] = lanesOf(lanes.b2[g]);
        k.a1[g] = lanesOf(lanes.a1[g]);
        k.a2[g] = lanesOf(lanes.a2[g]);
    }
    for (uint32_t ch = 0; ch < channels; ch += 2) {
        double* memory = memories + static_cast<size_t>(ch / 2) * sectionStride * kDoublesPerSection;
        if (ch + 1 < channels)
            runFrames<N, kRound, true>(w, memory, block.channels[ch], block.channels[ch + 1], block.numFrames,
                                       exactRuns);
        else
            runFrames<N, kRound, false>(w, memory, block.channels[ch], nullptr, block.numFrames, exactRuns);
    }
}

template <bool kRound>
void dispatch(const SectionLanes& k, uint32_t numSections, double* memories, uint32_t sectionStride, AudioBlock& block,
              uint32_t channels, uint32_t& exactRuns) noexcept {
    switch (numSections) {
        case 1: runSections<1, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
        case 2: runSections<2, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
        case 3: runSections<3, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
        case 4: runSections<4, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
        case 5: runSections<5, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
        case 6: runSections<6, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
        case 7: runSections<7, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
        default: runSections<8, kRound>(k, memories, sectionStride, block, channels, exactRuns); break;
    }
}

}  // namespace

bool supported() noexcept { return __builtin_cpu_supports("avx2"); }  // [any]

void process(const SectionLanes& lanes, uint32_t numSections, bool roundFeedback, double* memories,
             uint32_t sectionStride, AudioBlock& block, uint32_t channels,
             uint32_t& exactRuns) noexcept {  // [audio]
    if (channels == 0 || block.numFrames == 0 || numSections == 0) return;
    if (roundFeedback)
        dispatch<true>(lanes, numSections, memories, sectionStride, block, channels, exactRuns);
    else
        dispatch<false>(lanes, numSections, memories, sectionStride, block, channels, exactRuns);
}

#else  // not x86-64 with GCC or Clang: no AVX2 kernel

bool supported() noexcept { return false; }  // [any]

void process(const SectionLanes&, uint32_t, bool, double*, uint32_t, AudioBlock&, uint32_t, uint32_t&) noexcept {
}  // [audio]

#endif

void setSectionLanes(SectionLanes& lanes, uint32_t numSections, uint32_t section,
                     const BiquadCoefficients& coefficients) noexcept {  // [any]
    const uint32_t groups = (numSections + 1) / 2;
    const uint32_t g = section % groups, lane = 2 * (section / groups);
    for (uint32_t i = lane; i < lane + 2; ++i) {
        lanes.b0[g][i] = coefficients.b0;
        lanes.b1[g][i] = coefficients.b1;
        lanes.b2[g][i] = coefficients.b2;
        lanes.a1[g][i] = coefficients.a1;
        lanes.a2[g][i] = coefficients.a2;
    }
}

}  // namespace wavegraph::cascade_avx2
