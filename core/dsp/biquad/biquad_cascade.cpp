#include "dsp/biquad/biquad_cascade.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <utility>

#include "dsp/biquad/biquad_cascade_avx2.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace wavegraph {

namespace {

// Two double lanes: one SSE2 register natively, one simd128 register in WebAssembly.
typedef double V2d __attribute__((vector_size(16)));
typedef float V2f __attribute__((vector_size(8)));
typedef long long V2i __attribute__((vector_size(16)));

constexpr uint32_t kDoublesPerState = 8;  // {x1, x2, y1, y2} × 2 lanes

/// One section's coefficients, the same value in both lanes.
struct Lanes {
    V2d b0, b1, b2, a1, a2;
};

/// One section's direct-form-I memories for two channels (lane 0, lane 1).
struct Memory {
    V2d x1, x2, y1, y2;
};
static_assert(sizeof(Memory) == kDoublesPerState * sizeof(double));

constexpr double kFlushBelow = 1e-30;  // Biquad's denormal guard: |y| < 1e-30 → +0.0
// |y| < c ⇔ fl(y·y) < fl(c·c) for c = kFlushBelow: rounding is monotonic, so |y| ≥ c gives
// fl(y·y) ≥ fl(c·c), and |y| ≤ pred(c) gives fl(y·y) ≤ fl(pred(c)²), which is below fl(c·c):
static_assert(__builtin_bit_cast(double, __builtin_bit_cast(uint64_t, kFlushBelow) - 1) *
                  __builtin_bit_cast(double, __builtin_bit_cast(uint64_t, kFlushBelow) - 1) <
              kFlushBelow * kFlushBelow);

/// |y| < 1e-30 → +0.0 in each lane, as Biquad's denormal guard does (NaN stays NaN: the compare
/// is false).
[[gnu::always_inline]] inline V2d flushTiny(V2d y) noexcept {
#ifdef __wasm_simd128__
    // As y·y < c·c (see kFlushBelow; y·y = inf or NaN compares false, an underflowed y·y means
    // |y| < c anyway): mul, lt, andnot. The |y| form below costs one more instruction and a
    // load in V8 (f64x2.abs is an and with a constant read through a register each time),
    // about 8 % of the wasm kernel's time.
    return (V2d)wasm_v128_andnot(
        (v128_t)y, wasm_f64x2_lt(wasm_f64x2_mul((v128_t)y, (v128_t)y), wasm_f64x2_splat(kFlushBelow * kFlushBelow)));
#else
    const V2i absMask = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL};
    const V2d tiny = {kFlushBelow, kFlushBelow};
    const V2d magnitude = (V2d)((V2i)y & absMask);
    return (V2d)((V2i)y & ~(V2i)(magnitude < tiny));
#endif
}

/// Each lane rounded to float precision and back (exact: f64 → f32 → f64).
[[gnu::always_inline]] inline V2d roundToFloat(V2d y) noexcept {
#ifdef __wasm_simd128__
    // f32x4.demote_f64x2_zero + f64x2.promote_low_f32x4: two instructions. LLVM 14 scalarizes
    // the generic form below (2 extract_lane, 2 f32.demote, 2 f64.promote, splat, replace_lane;
    // 8 instead of 2 per section and frame), and folds the two intrinsics back into that form
    // unless the empty asm hides the narrowed vector from its combiner (it emits nothing).
    v128_t narrowed = wasm_f32x4_demote_f64x2_zero((v128_t)y);
    __asm__("" : "+r"(narrowed));
    return (V2d)wasm_f64x2_promote_low_f32x4(narrowed);
#else
    return __builtin_convertvector(__builtin_convertvector(y, V2f), V2d);
#endif
}

/// One frame through one section, for two channels at once: the arithmetic of
/// Biquad::process (same operation order, flush, float rounding), lane by lane.
/// x: the section's input (already float-representable); x1/y1 the previous input/output,
/// x2/y2 the ones before, which are overwritten with x and y (so the caller swaps the roles
/// of the two slots every frame instead of copying them). Returns y rounded to float precision
/// (what the next section, or the caller's buffer, receives). kRound: y2 gets that rounded value
/// instead of y (FeedbackRounding::float32, as Biquad does).
template <bool kRound>
[[gnu::always_inline]] inline V2d section(const Lanes& k, V2d x, const V2d& x1, V2d& x2, const V2d& y1,
                                          V2d& y2) noexcept {
    V2d y = k.b0 * x + k.b1 * x1 + k.b2 * x2 - k.a1 * y1 - k.a2 * y2;
    y = flushTiny(y);
    x2 = x;
    const V2d rounded = roundToFloat(y);
    y2 = kRound ? rounded : y;
    return rounded;
}

/// section() without the flush, for the hot steps of a speculative chunk (runChunk): the
/// flush is taken off the feedback path, and smallest (per lane) keeps the least y·y met, so the
/// caller knows afterwards whether the flush would have changed any value (y·y < 1e-60, i.e.
/// |y| < 1e-30, zeros included; NaN never lowers it, and the flush keeps NaN anyway).
template <bool kRound>
[[gnu::always_inline]] inline V2d sectionUnflushed(const Lanes& k, V2d x, const V2d& x1, V2d& x2, const V2d& y1,
                                                   V2d& y2, V2d& smallest) noexcept {
    const V2d y = k.b0 * x + k.b1 * x1 + k.b2 * x2 - k.a1 * y1 - k.a2 * y2;
#ifdef __wasm_simd128__
    smallest = (V2d)wasm_f64x2_pmin((v128_t)smallest, wasm_f64x2_mul((v128_t)y, (v128_t)y));
#else
    const V2d square = y * y;
    smallest = square < smallest ? square : smallest;
#endif
    x2 = x;
    const V2d rounded = roundToFloat(y);
    y2 = kRound ? rounded : y;
    return rounded;
}

/// A frame through section m with the slots in their stored roles (then swapped in memory).
template <bool kRound>
[[gnu::always_inline]] inline V2d section(const Lanes& k, Memory& m, V2d x) noexcept {
    const V2d y = section<kRound>(k, x, m.x1, m.x2, m.y1, m.y2);
    std::swap(m.x1, m.x2);
    std::swap(m.y1, m.y2);
    return y;
}

/// p, hidden from the optimizer by an empty volatile asm with a memory clobber (WebAssembly
/// only; it emits nothing): loads through the result are done again, not replaced by values
/// kept from before (which V8 would have to keep in registers or spill to its stack).
template <typename T>
[[gnu::always_inline]] inline T* launder(T* p) noexcept {
#ifdef __wasm_simd128__
    __asm__ volatile("" : "+r"(p) : : "memory");
#endif
    return p;
}

/// Stores v into sink with a volatile store (WebAssembly only; natively nothing): v is then
/// computed at this point of the code. Without it Binaryen (wasm-opt, run by emcc) sinks the
/// speculative kernel's chain of pmin(smallest, y·y), whose intermediate values have one use each,
/// into one nested expression at the end of the step, so every y of the step stays live until
/// there and V8 spills them to its stack (a store and a load each). The store costs one
/// instruction per section and step.
template <typename T>
[[gnu::always_inline]] inline void storeHere([[maybe_unused]] const T& v, [[maybe_unused]] T& sink) noexcept {
#ifdef __wasm_simd128__
    *static_cast<volatile T*>(&sink) = v;
#endif
}

/// The next section's input, from a section's stored output y (flushed; already rounded to
/// float when kRound): y rounded to float.
template <bool kRound>
[[gnu::always_inline]] inline V2d inputFrom(V2d y) noexcept {
    if constexpr (kRound) return y;
    return roundToFloat(y);
}

/// Runs N sections over one channel pair (kTwo) or one channel (lane 1 then repeats lane 0
/// and is discarded) as a wavefront with a two-frame skew: at step t section s handles frames
/// 2(t − s) and 2(t − s) + 1, so the N sections are independent within a step (each one's
/// input was made by section s − 1 one step earlier). Nothing is in flight across blocks.
///
/// Why two frames per step: a section's coefficients and memories are loaded once for two
/// frames instead of once per frame (V8 has no memory operands for simd128 and 15 vector
/// registers, so every use of a value in memory is its own load: V8's x64 code for two frames
/// of 8 sections went from 454 to 390 instructions, 12.6 → 12.0 ns/frame; natively, SSE2,
/// 13.3–13.5 → 12.2–12.3 ns/frame, BM_BiquadCascade/portable/128). The input pair of section
/// s ≥ 1 is read back from section s − 1's memories (y2: the older frame, y1: the newer; after
/// each step x1/y1 hold a section's newest frame), where it was stored one step earlier: kept in
/// registers instead, the 16 carries were spilled by V8 (two more instructions per section and
/// frame). The N chains of two dependent frames per step (~2 × 16 cycles each) are long
/// enough apart in the instruction stream for the CPU to overlap them.
///
/// kSpeculative: the hot steps leave out the 1e-30 flush (about a quarter of a section's
/// instructions, and on its feedback path) and only track the least y·y; returns false when the
/// flush would have changed a value there (then the caller redoes the frames with it). Else true.
template <uint32_t N, bool kTwo, bool kRound, bool kSpeculative>
bool runPair(const Lanes* k, double* stateMemory, float* ch0, float* ch1, uint32_t frames) noexcept {
    Memory* const m = reinterpret_cast<Memory*>(stateMemory);
    const float* in1 = kTwo ? ch1 : ch0;
    auto emit = [&](uint32_t frame, V2d v) __attribute__((always_inline)) {
        ch0[frame] = static_cast<float>(v[0]);
        if constexpr (kTwo) ch1[frame] = static_cast<float>(v[1]);
    };
    // First and last steps, where some frames are outside the block: frame by frame with
    // activity checks, the outputs passed on in carry[s][j] (frame 2(t − s) + j).
    V2d carry[N][2] = {};
    auto partialStep = [&](uint32_t t) __attribute__((always_inline)) {
#pragma GCC unroll 8
        for (uint32_t i = 0; i < N; ++i) {
            const uint32_t s = N - 1 - i;  // last section first: carry[s − 1] is still last step's
            if (t < s) continue;
#pragma GCC unroll 2
            for (uint32_t j = 0; j < 2; ++j) {
                const uint32_t f = 2 * (t - s) + j;
                if (f >= frames) continue;
                carry[s][j] = section<kRound>(k[s], m[s], s == 0 ? V2d{ch0[f], in1[f]} : carry[s - 1][j]);
                if (s == N - 1) emit(f, carry[s][j]);
            }
        }
    };
    const uint32_t steps = (frames - 1) / 2 + N;          // frames ≥ 1 (process() returns on 0)
    const uint32_t hotEnd = std::max(frames / 2, N - 1);  // every frame in range for N − 1 ≤ t < hotEnd
    uint32_t t = 0;
    for (; t < N - 1; ++t) partialStep(t);
    V2d smallest = {kFlushBelow * kFlushBelow, kFlushBelow * kFlushBelow};  // kSpeculative: least y·y
    [[maybe_unused]] V2d smallestSeen;  // kSpeculative in WebAssembly: see storeHere
    for (; t < hotEnd; ++t) {
        Memory* const mm = launder(m);
#pragma GCC unroll 8
        for (uint32_t i = 0; i < N; ++i) {
            const uint32_t s = N - 1 - i;  // last section first: section s − 1's memories are still last step's
            const uint32_t f = 2 * (t - s);
            V2d x1 = mm[s].x1, x2 = mm[s].x2, y1 = mm[s].y1, y2 = mm[s].y2;
            const V2d inA = s == 0 ? V2d{ch0[f], in1[f]} : inputFrom<kRound>(mm[s - 1].y2);
            const V2d inB = s == 0 ? V2d{ch0[f + 1], in1[f + 1]} : inputFrom<kRound>(mm[s - 1].y1);
            V2d outA, outB;
            if constexpr (kSpeculative) {
                outA = sectionUnflushed<kRound>(k[s], inA, x1, x2, y1, y2, smallest);
                outB = sectionUnflushed<kRound>(k[s], inB, x2, x1, y2, y1, smallest);
                storeHere(smallest, smallestSeen);
            } else {
                outA = section<kRound>(k[s], inA, x1, x2, y1, y2);  // x2, y2 ← frame f
                outB = section<kRound>(k[s], inB, x2, x1, y2, y1);  // x1, y1 ← frame f + 1
            }
            mm[s].x1 = x1;
            mm[s].x2 = x2;
            mm[s].y1 = y1;
            mm[s].y2 = y2;
            if (s == N - 1) {
                emit(f, outA);
                emit(f + 1, outB);
            }
        }
    }
    if (t > N - 1) {  // the partial steps continue from the hot loop's last outputs
#pragma GCC unroll 8
        for (uint32_t s = 0; s < N; ++s) {
            carry[s][0] = inputFrom<kRound>(m[s].y2);
            carry[s][1] = inputFrom<kRound>(m[s].y1);
        }
    }
    for (; t < steps; ++t) partialStep(t);
    if constexpr (kSpeculative)
        return !(smallest[0] < kFlushBelow * kFlushBelow || smallest[1] < kFlushBelow * kFlushBelow);
    return true;
}

/// Frames per speculative chunk (runChunk); its input is saved on the stack for the redo (16 KiB
/// for two channels). Each chunk pays the wavefront's fill and drain (frame by frame, flushed):
/// 2048 rather than 512 frames per chunk took the cascade in wasm from 15.1–15.3 to 14.8–15.1 CPU
/// ns/frame at 4096-frame blocks (paired, one process).
constexpr uint32_t kSpeculativeChunkFrames = 2048;
/// Chunks run exactly, without trying the speculative kernel, after one in which the flush acted
/// (silence, decaying tails): there each try would cost a redo.
constexpr uint32_t kExactChunksAfterFlush = 16;

/// N sections over frames [0, frames) of one channel pair (ch1: nullptr for a lone channel).
/// When exactChunks is 0 each chunk first runs without the flush on its hot steps and is redone
/// with it (input and memories restored) if the flush would have changed a value; the redo then
/// makes the next kExactChunksAfterFlush chunks run exactly straight away. Same samples either way.
template <uint32_t N, bool kTwo, bool kRound>
void runChunks(const Lanes* k, double* stateMemory, float* ch0, float* ch1, uint32_t frames,
               uint32_t& exactChunks) noexcept {
    Memory* const m = reinterpret_cast<Memory*>(stateMemory);
    for (uint32_t start = 0; start < frames; start += kSpeculativeChunkFrames) {
        const uint32_t n = std::min(kSpeculativeChunkFrames, frames - start);
        float* const c0 = ch0 + start;
        float* const c1 = kTwo ? ch1 + start : nullptr;
        if (exactChunks > 0) {
            --exactChunks;
            runPair<N, kTwo, kRound, false>(k, stateMemory, c0, c1, n);
            continue;
        }
        Memory savedMemory[N];
        float savedInput[2][kSpeculativeChunkFrames];
        std::copy(m, m + N, savedMemory);
        std::copy(c0, c0 + n, savedInput[0]);
        if constexpr (kTwo) std::copy(c1, c1 + n, savedInput[1]);
        if (runPair<N, kTwo, kRound, true>(k, stateMemory, c0, c1, n)) continue;
        std::copy(savedMemory, savedMemory + N, m);
        std::copy(savedInput[0], savedInput[0] + n, c0);
        if constexpr (kTwo) std::copy(savedInput[1], savedInput[1] + n, c1);
        runPair<N, kTwo, kRound, false>(k, stateMemory, c0, c1, n);
        exactChunks = kExactChunksAfterFlush;
    }
}

template <uint32_t N, bool kRound, typename SectionState>
void runPairs(const Lanes* k, std::vector<SectionState>& state, AudioBlock& block, uint32_t channels,
              uint32_t& exactChunks) noexcept {
    static_assert(sizeof(SectionState) == sizeof(Memory) && alignof(SectionState) >= alignof(Memory));
    for (uint32_t ch = 0; ch < channels; ch += 2) {
        double* memory = state[(ch / 2) * BiquadCascade::kMaxSections].values;
        if (ch + 1 < channels)
            runChunks<N, true, kRound>(k, memory, block.channels[ch], block.channels[ch + 1], block.numFrames,
                                       exactChunks);
        else
            runChunks<N, false, kRound>(k, memory, block.channels[ch], nullptr, block.numFrames, exactChunks);
    }
}

/// Runs the kernel for numSections (1…8) sections. Through a table of function pointers rather
/// than a switch: Binaryen (wasm-opt -O3, run by emcc) inlines every function that has a single
/// caller, whatever its size and LLVM's noinline, which turned the sixteen instances into one
/// wasm function of 250 KB of machine code; V8 then runs the cascade in Liftoff (baseline) code
/// until TurboFan has compiled all of it (in Node, over 20 s of stereo audio at 128-frame
/// blocks, about 80 ns/frame instead of 19). Kept apart, only the instance in use is compiled,
/// and optimized code runs within the first seconds (bench/render-offline-repeat.mjs).
template <bool kRound, typename SectionState>
void runPortable(const Lanes* k, uint32_t numSections, std::vector<SectionState>& state, AudioBlock& block,
                 uint32_t channels, uint32_t& exactChunks) noexcept {  // [audio]
    using Run = void (*)(const Lanes*, std::vector<SectionState>&, AudioBlock&, uint32_t, uint32_t&) noexcept;
    static constexpr Run kRuns[BiquadCascade::kMaxSections] = {
        runPairs<1, kRound>, runPairs<2, kRound>, runPairs<3, kRound>, runPairs<4, kRound>,
        runPairs<5, kRound>, runPairs<6, kRound>, runPairs<7, kRound>, runPairs<8, kRound>};
    kRuns[std::clamp<uint32_t>(numSections, 1, BiquadCascade::kMaxSections) - 1](k, state, block, channels,
                                                                                 exactChunks);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WAVEGRAPH_CASCADE_X86 1

// ---- Wide kernels (x86-64, chosen at run time) ---------------------------------------------
//
// A vector of L double lanes holds P = L / 2 sections × 2 channels: lanes 2j, 2j + 1 are the
// channel pair of slot j. With G groups (vectors) and N = P · G sections, group g slot j is
// section g + j · G. The sections run skewed by kSkew = 4 frames: at step t section s works on
// frame t − 4s, so its input (section s − 1's output for that frame) was made four steps ago,
// and group g's input is group g − 1's output of step t − 4 (for group 0: group G − 1's output
// moved up one slot, with the new input frame in slot 0). Arithmetic per lane as section().

// The helpers below take wide vectors by reference only (never by value), so that no function
// without the AVX target passes them in registers; they are inlined into the target kernels.
typedef double V4d __attribute__((vector_size(32)));
typedef long long V4i __attribute__((vector_size(32)));
typedef float V4f __attribute__((vector_size(16)));
typedef double V8d __attribute__((vector_size(64)));
typedef long long V8i __attribute__((vector_size(64)));
typedef float V8f __attribute__((vector_size(32)));

template <typename V>
struct WideTraits;
template <>
struct WideTraits<V4d> {
    using I = V4i;
    using F = V4f;
    /// Slot 0 ← in's lanes 0, 1; slot j ← o's slot j − 1.
    [[gnu::always_inline]] static void shiftIn(V4d& out, const V4d& o, const V4d& in) noexcept {
        out = __builtin_shufflevector(o, in, 4, 5, 0, 1);
    }
    [[gnu::always_inline]] static V2d lastSlot(const V4d& o) noexcept { return __builtin_shufflevector(o, o, 2, 3); }
    /// out = y rounded to float and back (the float rounding between sections).
    [[gnu::always_inline]] static void roundToFloat(V4d& out, const V4d& y) noexcept {
        out = __builtin_convertvector(__builtin_convertvector(y, V4f), V4d);
    }
};
template <>
struct WideTraits<V8d> {
    using I = V8i;
    using F = V8f;
    [[gnu::always_inline]] static void shiftIn(V8d& out, const V8d& o, const V8d& in) noexcept {
        out = __builtin_shufflevector(o, in, 8, 9, 0, 1, 2, 3, 4, 5);
    }
    [[gnu::always_inline]] static V2d lastSlot(const V8d& o) noexcept { return __builtin_shufflevector(o, o, 6, 7); }
    [[gnu::always_inline]] static void roundToFloat(V8d& out, const V8d& y) noexcept {
        const V8f narrowed = __builtin_convertvector(y, V8f);
#if defined(__clang__)
        out = __builtin_convertvector(narrowed, V8d);
#else
        // GCC 12 widens V8f → V8d as two 4-lane conversions and an insert (3 more µops and
        // their latency on every section's output); this is the single exact vcvtps2pd zmm.
        __asm__("vcvtps2pd %1, %0" : "=v"(out) : "v"(narrowed));
#endif
    }
};

constexpr uint32_t kSkew = 4;
constexpr uint32_t kChunkFrames = 256;

/// One channel pair's coefficients per group and, per lane, the first step at which its section
/// is active (kSkew · section); kept in memory and read there (memory operands), which leaves
/// the registers to the running state: memories per group and the outputs of the last kSkew
/// steps (o[t % kSkew] holds step t − kSkew's until step t overwrites it).
template <typename V, uint32_t G>
struct WideCoefficients {
    V b0[G], b1[G], b2[G], a1[G], a2[G];
    typename WideTraits<V>::I firstStep[G];
};
template <typename V, uint32_t G>
struct WideRegs {
    V x[2][G], y[2][G];  // x[p]/y[p]: the memory overwritten at steps of parity p
    V o[kSkew][G];
};

/// How a step applies the 1e-30 flush. exact: on every output, as section() does (it sits
/// on each section's feedback path: and, compare, masked move, about 10 cycles here).
/// speculative: not applied; instead every lane where it would have changed a bit (|y| < 1e-30
/// and y not +0.0) is OR-ed into a flag, off the feedback path. When the flag stays clear the
/// two give the same bits; otherwise the caller reruns the steps with exact.
enum class Flush { exact, speculative };

/// One wavefront step t (slot = t % kSkew, memory parity p = t & 1). in: the pair of input
/// frame t in lanes 0, 1.
/// kMasked: lanes whose section is outside frames 0…chunk − 1 at this step keep their memories.
/// The step's outputs are left in r.o[slot] (section N − 1's in the last slot of r.o[slot][G − 1]).
template <typename V, uint32_t G, uint32_t slot, bool kMasked, Flush kFlush = Flush::exact>
[[gnu::always_inline]] inline void step(const WideCoefficients<V, G>& k, WideRegs<V, G>& r, const V& in, long long t,
                                        long long chunk, typename WideTraits<V>::I* flushFlag = nullptr) noexcept {
    using I = typename WideTraits<V>::I;
    constexpr uint32_t p = slot & 1u;  // kSkew is even: t % kSkew has the parity of t
    constexpr uint32_t q = p ^ 1u;
    V input[G];
    WideTraits<V>::shiftIn(input[0], r.o[slot][G - 1], in);
#pragma GCC unroll 8
    for (uint32_t g = 1; g < G; ++g) input[g] = r.o[slot][g - 1];
#pragma GCC unroll 8
    for (uint32_t g = 0; g < G; ++g) {
        V y =
            k.b0[g] * input[g] + k.b1[g] * r.x[q][g] + k.b2[g] * r.x[p][g] - k.a1[g] * r.y[q][g] - k.a2[g] * r.y[p][g];
        const V magnitude = (V)((I)y & (I{} + 0x7fffffffffffffffLL));
        if constexpr (kFlush == Flush::exact)
            y = (V)((I)y & ~(I)(magnitude < V{} + 1e-30));
        else
            *flushFlag |= (I)y & (I)(magnitude < V{} + 1e-30);  // non-zero bits only where it mattered
        if constexpr (kMasked) {
            // Integer arithmetic only (sign bits), as a mask compare would not vectorize here:
            // active ⇔ firstStep ≤ t < firstStep + chunk.
            const I sinceFirst = (I{} + t) - k.firstStep[g];
            const I active = ~(sinceFirst >> 63) & ((sinceFirst - chunk) >> 63);
            r.x[p][g] = (V)(((I)input[g] & active) | ((I)r.x[p][g] & ~active));
            r.y[p][g] = (V)(((I)y & active) | ((I)r.y[p][g] & ~active));
        } else {
            r.x[p][g] = input[g];
            r.y[p][g] = y;
        }
        WideTraits<V>::roundToFloat(r.o[slot][g], y);
    }
}

/// Stores the last slot of o (section N − 1's output pair) at pairs[0…1].
template <typename V>
[[gnu::always_inline]] inline void storeLastSlot(double* pairs, const V& o) noexcept {
    const V2d pair = WideTraits<V>::lastSlot(o);
    __builtin_memcpy(pairs, &pair, sizeof(pair));
}

/// The pair of one frame (and whatever follows it) as a wide vector, lanes 0, 1 = the pair.
template <typename V>
[[gnu::always_inline]] inline void loadPairs(V& v, const double* pairs) noexcept {
    __builtin_memcpy(&v, pairs, sizeof(V));
}

/// One step with lane masking (t < D or t ≥ chunk), its ring slot chosen at run time.
template <typename V, uint32_t G>
[[gnu::always_inline]] inline void maskedStep(const WideCoefficients<V, G>& k, WideRegs<V, G>& r, const V& in,
                                              uint32_t t, uint32_t chunk) noexcept {
    static_assert(kSkew == 2 || kSkew == 4);
    const long long tt = t, cc = chunk;
    switch (t % kSkew) {
        case 0: step<V, G, 0, true>(k, r, in, tt, cc); break;
        case 1: step<V, G, 1, true>(k, r, in, tt, cc); break;
        case 2:
            if constexpr (kSkew > 2) step<V, G, 2 % kSkew, true>(k, r, in, tt, cc);
            break;
        default:
            if constexpr (kSkew > 3) step<V, G, 3 % kSkew, true>(k, r, in, tt, cc);
            break;
    }
}

/// kSkew unmasked steps from a step t with t % kSkew == 0: inputs of frames t…, outputs to
/// out (frames t − D…).
template <typename V, uint32_t G, Flush kFlush>
[[gnu::always_inline]] inline void hotSteps(const WideCoefficients<V, G>& k, WideRegs<V, G>& r, const double* in,
                                            double* out, typename WideTraits<V>::I& flushFlag) noexcept {
    V x;
    loadPairs(x, in);
    step<V, G, 0, false, kFlush>(k, r, x, 0, 0, &flushFlag);
    storeLastSlot(out, r.o[0][G - 1]);
    loadPairs(x, in + 2);
    step<V, G, 1, false, kFlush>(k, r, x, 0, 0, &flushFlag);
    storeLastSlot(out + 2, r.o[1][G - 1]);
    if constexpr (kSkew > 2) {
        loadPairs(x, in + 4);
        step<V, G, 2 % kSkew, false, kFlush>(k, r, x, 0, 0, &flushFlag);
        storeLastSlot(out + 4, r.o[2 % kSkew][G - 1]);
        loadPairs(x, in + 6);
        step<V, G, 3 % kSkew, false, kFlush>(k, r, x, 0, 0, &flushFlag);
        storeLastSlot(out + 6, r.o[3 % kSkew][G - 1]);
    }
}

/// Unmasked steps t…end − 1 (t % kSkew == 0, (end − t) % kSkew == 0), speculatively without
/// the flush first and, only if that run met a value the flush would have changed, again exactly
/// from the same starting registers (bit-identical either way).
template <typename V, uint32_t G, uint32_t D>
[[gnu::always_inline]] inline void hotRun(const WideCoefficients<V, G>& k, WideRegs<V, G>& r, const double* inPairs,
                                          double* outPairs, uint32_t t, uint32_t end) noexcept {
    using I = typename WideTraits<V>::I;
    // On a local copy: r is indexed at run time elsewhere, which keeps it in memory; the copy
    // lives in registers for the whole loop.
    WideRegs<V, G> h = r;
    I flag{};
    for (uint32_t u = t; u < end; u += kSkew)
        hotSteps<V, G, Flush::speculative>(k, h, &inPairs[2 * u], &outPairs[2 * u], flag);
    long long any = 0;
    for (uint32_t lane = 0; lane < sizeof(V) / sizeof(double); ++lane) any |= flag[lane];
    if (any != 0) {
        h = r;
        for (uint32_t u = t; u < end; u += kSkew)
            hotSteps<V, G, Flush::exact>(k, h, &inPairs[2 * u], &outPairs[2 * u], flag);
    }
    r = h;
}

/// For N = (L / 2) · G sections: [s][g][lane] = −1 in section s's two lanes if it is in
/// group g, else 0, aligned to be read as N × G wide integer vectors.
template <uint32_t L, uint32_t G>
struct SectionLaneTable {
    alignas(64) long long values[(L / 2) * G * G * L];
};
template <uint32_t L, uint32_t G>
constexpr SectionLaneTable<L, G> makeSectionLanes() {
    SectionLaneTable<L, G> table{};
    constexpr uint32_t N = (L / 2) * G;
    for (uint32_t s = 0; s < N; ++s)
        for (uint32_t g = 0; g < G; ++g)
            for (uint32_t lane = 0; lane < L; ++lane)
                table.values[(s * G + g) * L + lane] = (s % G == g && lane / 2 == s / G) ? -1LL : 0LL;
    return table;
}
template <uint32_t L, uint32_t G>
constexpr SectionLaneTable<L, G> kSectionLanes = makeSectionLanes<L, G>();

/// dst = src in the lanes of mask, dst elsewhere.
template <typename V, typename I>
[[gnu::always_inline]] inline void blendInto(V& dst, const V& src, const I& mask) noexcept {
    dst = (V)(((I)src & mask) | ((I)dst & ~mask));
}

/// A whole chunk (chunk % kSkew == 0) without lane masks: every lane runs every step, also
/// before its section's first frame (on the zeros the ring starts with) and after its last (on
/// what its predecessor then makes). Section s's memories are put back to their starting values
/// just before its first step (t = kSkew · s) and copied out just after its last
/// (t = chunk − 1 + kSkew · s), both at kSkew-step boundaries, so those extra steps change
/// nothing; sectionLanes[s][g] selects section s's two lanes in group g (zero in other groups).
/// Flush speculative throughout. Outputs of step t go to outPairs[2t…] (frame t − D at 2t).
/// Returns false, with r unchanged, when a value met the flush (then the caller redoes the
/// chunk with masks and the exact flush); true with r's memories at the chunk's end.
template <typename V, uint32_t G, uint32_t D>
[[gnu::always_inline]] inline bool fastChunk(const WideCoefficients<V, G>& k, WideRegs<V, G>& r, const double* inPairs,
                                             double* outPairs, uint32_t chunk,
                                             const typename WideTraits<V>::I (*sectionLanes)[G]) noexcept {
    using I = typename WideTraits<V>::I;
    constexpr uint32_t N = (sizeof(V) / sizeof(double) / 2) * G;
    WideRegs<V, G> h = r;                              // in registers; r keeps the starting memories
    V x1[G] = {}, x2[G] = {}, y1[G] = {}, y2[G] = {};  // memories at each section's last step
    I flag{};
    // Blocks of kSkew steps; only the first and last few have a section starting or ending,
    // and the middle loop has nothing else live, so its registers hold just the running state.
    auto block = [&](uint32_t t, bool events) __attribute__((always_inline)) {
        if (events && t >= kSkew && t <= D) {  // section t / kSkew starts: memories as at the chunk start
            const I* lanes = sectionLanes[t / kSkew];
#pragma GCC unroll 8
            for (uint32_t g = 0; g < G; ++g) {
                blendInto(h.x[0][g], r.x[0][g], lanes[g]);
                blendInto(h.x[1][g], r.x[1][g], lanes[g]);
                blendInto(h.y[0][g], r.y[0][g], lanes[g]);
                blendInto(h.y[1][g], r.y[1][g], lanes[g]);
            }
        }
        hotSteps<V, G, Flush::speculative>(k, h, &inPairs[2 * t], &outPairs[2 * t], flag);
        if (events && t + kSkew >= chunk) {  // section (t + kSkew − chunk) / kSkew made its last frame
            // The last step t + kSkew − 1 is odd: slots 1 hold the newest input and output.
            const I* lanes = sectionLanes[(t + kSkew - chunk) / kSkew];
#pragma GCC unroll 8
            for (uint32_t g = 0; g < G; ++g) {
                blendInto(x1[g], h.x[1][g], lanes[g]);
                blendInto(x2[g], h.x[0][g], lanes[g]);
                blendInto(y1[g], h.y[1][g], lanes[g]);
                blendInto(y2[g], h.y[0][g], lanes[g]);
            }
        }
    };
    const uint32_t steps = chunk + D;
    const uint32_t quietBegin = D + kSkew, quietEnd = chunk > kSkew ? chunk - kSkew : 0;
    uint32_t t = 0;
    for (; t < steps && t < quietBegin; t += kSkew) block(t, true);
    for (; t < quietEnd; t += kSkew) block(t, false);
    for (; t < steps; t += kSkew) block(t, true);
    long long any = 0;
    for (uint32_t lane = 0; lane < sizeof(V) / sizeof(double); ++lane) any |= flag[lane];
    if (any != 0) return false;
    static_assert(N >= 1);
    for (uint32_t g = 0; g < G; ++g) {
        r.x[1][g] = x1[g];
        r.x[0][g] = x2[g];
        r.y[1][g] = y1[g];
        r.y[0][g] = y2[g];
    }
    return true;
}

/// N = P · G sections over one channel pair (kTwo) or one channel (lane 1 repeats lane 0 and
/// is discarded). stateMemory: the pair's kMaxSections Memory records (section order).
template <typename V, uint32_t G, bool kTwo>
[[gnu::always_inline]] inline void runWidePair(const BiquadCoefficients* c, double* stateMemory, float* ch0, float* ch1,
                                               uint32_t frames) noexcept {
    constexpr uint32_t L = sizeof(V) / sizeof(double);
    constexpr uint32_t P = L / 2;
    constexpr uint32_t N = P * G;
    constexpr uint32_t D = kSkew * (N - 1);  // steps from a frame's input to its output
    Memory* const m = reinterpret_cast<Memory*>(stateMemory);
    const float* in1 = kTwo ? ch1 : ch0;

    WideCoefficients<V, G> k;
    WideRegs<V, G> r;
    for (uint32_t g = 0; g < G; ++g)
        for (uint32_t j = 0; j < P; ++j) {
            const uint32_t s = g + j * G;
            for (uint32_t lane = 2 * j; lane < 2 * j + 2; ++lane) {
                k.b0[g][lane] = c[s].b0;
                k.b1[g][lane] = c[s].b1;
                k.b2[g][lane] = c[s].b2;
                k.a1[g][lane] = c[s].a1;
                k.a2[g][lane] = c[s].a2;
                k.firstStep[g][lane] = kSkew * s;
            }
        }

    alignas(64) double inPairs[2 * (kChunkFrames + D + L)];
    alignas(64) double outPairs[2 * (kChunkFrames + D)];  // step t's output pair at 2t
    // sectionLanes[s][g]: all ones in section s's two lanes if it is in group g, else zero
    // (a constant table, read in place).
    const auto* sectionLanes = reinterpret_cast<const typename WideTraits<V>::I(*)[G]>(kSectionLanes<L, G>.values);
    for (uint32_t start = 0; start < frames; start += kChunkFrames) {
        const uint32_t chunk = std::min(kChunkFrames, frames - start);
        for (uint32_t f = 0; f < chunk; ++f) {
            inPairs[2 * f] = ch0[start + f];
            inPairs[2 * f + 1] = in1[start + f];
        }
        for (uint32_t i = 2 * chunk; i < 2 * (chunk + D + L); ++i) inPairs[i] = 0.0;
        // Memories in: step 0 (parity 0) reads x1/y1 from parity 1 and overwrites parity 0.
        for (uint32_t g = 0; g < G; ++g) {
            for (uint32_t j = 0; j < P; ++j) {
                const Memory& mem = m[g + j * G];
                for (uint32_t lane = 0; lane < 2; ++lane) {
                    r.x[1][g][2 * j + lane] = mem.x1[lane];
                    r.x[0][g][2 * j + lane] = mem.x2[lane];
                    r.y[1][g][2 * j + lane] = mem.y1[lane];
                    r.y[0][g][2 * j + lane] = mem.y2[lane];
                }
            }
            for (uint32_t k = 0; k < kSkew; ++k) r.o[k][g] = V{};
        }
        const uint32_t steps = chunk + D;
        // Usually the whole chunk runs unmasked (fastChunk); for a chunk that is not a multiple
        // of kSkew, or when the flush had to act, the steps before D and from chunk on mask
        // the lanes of inactive sections, and every lane is active for D ≤ t < chunk.
        const bool done = chunk % kSkew == 0 && fastChunk<V, G, D>(k, r, inPairs, outPairs, chunk, sectionLanes);
        const uint32_t hotBegin = D;
        const uint32_t hotEnd = chunk > D ? chunk : D;
        uint32_t t = 0;
        V in;
        for (; !done && t < hotBegin; ++t) {  // t < D: no output of section N − 1 yet
            loadPairs(in, &inPairs[2 * t]);
            maskedStep<V, G>(k, r, in, t, chunk);
        }
        if (!done && t + kSkew <= hotEnd) {  // t % kSkew == 0 here (D is a multiple)
            const uint32_t end = t + (hotEnd - t) / kSkew * kSkew;
            hotRun<V, G, D>(k, r, inPairs, outPairs, t, end);
            t = end;
        }
        for (; !done && t < steps; ++t) {
            loadPairs(in, &inPairs[2 * t]);
            maskedStep<V, G>(k, r, in, t, chunk);
            storeLastSlot(&outPairs[2 * t], r.o[t % kSkew][G - 1]);
        }
        // Memories out: every section's last active step is chunk − 1 + 2s, of the parity of
        // chunk − 1, whose slots then hold the newest input and output.
        const uint32_t newest = (chunk - 1) & 1;
        for (uint32_t g = 0; g < G; ++g)
            for (uint32_t j = 0; j < P; ++j) {
                Memory& mem = m[g + j * G];
                for (uint32_t lane = 0; lane < 2; ++lane) {
                    mem.x1[lane] = r.x[newest][g][2 * j + lane];
                    mem.x2[lane] = r.x[newest ^ 1][g][2 * j + lane];
                    mem.y1[lane] = r.y[newest][g][2 * j + lane];
                    mem.y2[lane] = r.y[newest ^ 1][g][2 * j + lane];
                }
            }
        for (uint32_t f = 0; f < chunk; ++f) {
            ch0[start + f] = static_cast<float>(outPairs[2 * (D + f)]);
            if constexpr (kTwo) ch1[start + f] = static_cast<float>(outPairs[2 * (D + f) + 1]);
        }
    }
}

template <typename V, uint32_t G, typename SectionState>
[[gnu::always_inline]] inline void runWidePairs(const BiquadCoefficients* c, std::vector<SectionState>& state,
                                                AudioBlock& block, uint32_t channels) noexcept {
    for (uint32_t ch = 0; ch < channels; ch += 2) {
        double* memory = state[(ch / 2) * BiquadCascade::kMaxSections].values;
        if (ch + 1 < channels)
            runWidePair<V, G, true>(c, memory, block.channels[ch], block.channels[ch + 1], block.numFrames);
        else
            runWidePair<V, G, false>(c, memory, block.channels[ch], nullptr, block.numFrames);
    }
}

template <typename SectionState>
__attribute__((target("avx"), noinline)) void runAvx(const BiquadCoefficients* c, uint32_t numSections,
                                                     std::vector<SectionState>& state, AudioBlock& block,
                                                     uint32_t channels) noexcept {
    switch (numSections) {
        case 2: runWidePairs<V4d, 1>(c, state, block, channels); break;
        case 4: runWidePairs<V4d, 2>(c, state, block, channels); break;
        case 6: runWidePairs<V4d, 3>(c, state, block, channels); break;
        default: runWidePairs<V4d, 4>(c, state, block, channels); break;
    }
}

template <typename SectionState>
__attribute__((target("avx512f"), noinline)) void runAvx512(const BiquadCoefficients* c, uint32_t numSections,
                                                            std::vector<SectionState>& state, AudioBlock& block,
                                                            uint32_t channels) noexcept {
    if (numSections == 4)
        runWidePairs<V8d, 1>(c, state, block, channels);
    else
        runWidePairs<V8d, 2>(c, state, block, channels);
}

#endif  // x86-64

}  // namespace

void BiquadCascade::prepare(const ProcessSpec& spec, uint32_t numSections) {  // [control]
    numSections_ = std::clamp<uint32_t>(numSections, 1, kMaxSections);
    numChannels_ = spec.numChannels;
    const uint32_t numPairs = (spec.numChannels + 1) / 2;
    state_.assign(static_cast<size_t>(numPairs) * kMaxSections, SectionState{});
    avx2Lanes_ = cascade_avx2::SectionLanes{};
    for (uint32_t s = 0; s < numSections_; ++s)
        cascade_avx2::setSectionLanes(avx2Lanes_, numSections_, s, coefficients_[s]);
}

void BiquadCascade::reset() noexcept {  // [audio]
    std::fill(state_.begin(), state_.end(), SectionState{});
}

void BiquadCascade::setCoefficients(uint32_t section,
                                    const BiquadCoefficients& coefficients) noexcept {  // [audio]
    if (section >= kMaxSections || std::memcmp(&coefficients_[section], &coefficients, sizeof coefficients) == 0)
        return;
    coefficients_[section] = coefficients;
    if (section < numSections_) cascade_avx2::setSectionLanes(avx2Lanes_, numSections_, section, coefficients);
}

Biquad::State BiquadCascade::state(uint32_t section, uint32_t channel) const noexcept {  // [audio]
    if (section >= numSections_ || channel >= numChannels_) return Biquad::State{};
    const double* v = state_[(channel / 2) * kMaxSections + section].values;
    const uint32_t lane = channel % 2;
    // values[2 · field + lane], fields in Memory's order x1, x2, y1, y2.
    return Biquad::State{v[0 + lane], v[2 + lane], v[4 + lane], v[6 + lane]};
}

void BiquadCascade::setState(uint32_t section, uint32_t channel,
                             const Biquad::State& state) noexcept {  // [audio]
    if (section >= numSections_ || channel >= numChannels_) return;
    double* v = state_[(channel / 2) * kMaxSections + section].values;
    const uint32_t lane = channel % 2;
    v[0 + lane] = state.x1;
    v[2 + lane] = state.x2;
    v[4 + lane] = state.y1;
    v[6 + lane] = state.y2;
}

bool BiquadCascade::kernelSupported(Kernel kernel) noexcept {  // [any]
    switch (kernel) {
        case Kernel::portable: return true;
#ifdef WAVEGRAPH_CASCADE_X86
        case Kernel::avx: return __builtin_cpu_supports("avx");
        case Kernel::avx2: return cascade_avx2::supported();
        case Kernel::avx512: return __builtin_cpu_supports("avx512f");
#endif
        default: return false;
    }
}

BiquadCascade::Kernel BiquadCascade::bestKernel() noexcept {  // [any]
    if (kernelSupported(Kernel::avx512)) return Kernel::avx512;
    if (kernelSupported(Kernel::avx2)) return Kernel::avx2;
    if (kernelSupported(Kernel::avx)) return Kernel::avx;
    return Kernel::portable;
}

bool BiquadCascade::avx512InHalves() noexcept {  // [any]
#ifdef WAVEGRAPH_CASCADE_X86
    // AMD family 19h with AVX-512 is Zen 4, whose 512-bit operations run as two 256-bit halves.
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_is("amdfam19h");
#else
    return false;
#endif
}

BiquadCascade::Kernel BiquadCascade::preferredKernel() noexcept {  // [any]
    if (kernelSupported(Kernel::avx512) && !avx512InHalves()) return Kernel::avx512;
    return kernelSupported(Kernel::avx2) ? Kernel::avx2 : bestKernel();
}

namespace {
// -1: no choice made (preferredKernel()); else a Kernel value.
std::atomic<int> chosenDefaultKernel{-1};
}  // namespace

BiquadCascade::Kernel BiquadCascade::defaultKernel() noexcept {  // [any]
    const int chosen = chosenDefaultKernel.load(std::memory_order_relaxed);
    return chosen < 0 ? preferredKernel() : static_cast<Kernel>(chosen);
}

bool BiquadCascade::setDefaultKernel(Kernel kernel) noexcept {  // [control]
    if (!kernelSupported(kernel)) return false;
    chosenDefaultKernel.store(static_cast<int>(kernel), std::memory_order_relaxed);
    return true;
}

std::string_view BiquadCascade::kernelName(Kernel kernel) noexcept {  // [any]
    switch (kernel) {
        case Kernel::avx: return "avx";
        case Kernel::avx2: return "avx2";
        case Kernel::avx512: return "avx512";
        default: return "portable";
    }
}

std::optional<BiquadCascade::Kernel> BiquadCascade::kernelFromName(std::string_view name) noexcept {  // [any]
    if (name == "portable") return Kernel::portable;
    if (name == "avx") return Kernel::avx;
    if (name == "avx2") return Kernel::avx2;
    if (name == "avx512") return Kernel::avx512;
    return std::nullopt;
}

bool BiquadCascade::setKernel(Kernel kernel) noexcept {  // [control]
    if (!kernelSupported(kernel)) return false;
    kernel_ = kernel;
    return true;
}

void BiquadCascade::process(AudioBlock& block) noexcept {  // [audio]
    const uint32_t channels = std::min(block.numChannels, numChannels_);
    if (channels == 0 || block.numFrames == 0) return;
    if (kernel_ == Kernel::avx2) {  // every section count and both feedback roundings
        cascade_avx2::process(avx2Lanes_, numSections_, rounding_ == FeedbackRounding::float32, state_.data()->values,
                              kMaxSections, block, channels, exactChunks_);
        return;
    }
#ifdef WAVEGRAPH_CASCADE_X86
    // The wide kernels feed back the unrounded output only; float32 feedback runs portable.
    const bool wideApplies = rounding_ == FeedbackRounding::none;
    if (wideApplies && kernel_ == Kernel::avx512 && numSections_ % 4 == 0) {
        runAvx512(coefficients_.data(), numSections_, state_, block, channels);
        return;
    }
    if (wideApplies && kernel_ != Kernel::portable && numSections_ % 2 == 0) {
        runAvx(coefficients_.data(), numSections_, state_, block, channels);
        return;
    }
#endif
    Lanes k[kMaxSections];
    for (uint32_t s = 0; s < numSections_; ++s) {
        const BiquadCoefficients& c = coefficients_[s];
        k[s] = Lanes{{c.b0, c.b0}, {c.b1, c.b1}, {c.b2, c.b2}, {c.a1, c.a1}, {c.a2, c.a2}};
    }
    if (rounding_ == FeedbackRounding::float32)
        runPortable<true>(k, numSections_, state_, block, channels, exactChunks_);
    else
        runPortable<false>(k, numSections_, state_, block, channels, exactChunks_);
}

}  // namespace wavegraph
