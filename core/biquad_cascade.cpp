#include "biquad_cascade.h"

#include <algorithm>
#include <utility>

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

/// One frame through one section, for two channels at once: the arithmetic of
/// Biquad::process (same operation order, flush, float rounding), lane by lane.
/// x: the section's input (already float-representable); x1/y1 the previous input/output,
/// x2/y2 the ones before, which are overwritten with x and y (so the caller swaps the roles
/// of the two slots every frame instead of copying them). Returns y rounded to float precision
/// (what the next section, or the caller's buffer, receives).
[[gnu::always_inline]] inline V2d section(const Lanes& k, V2d x, const V2d& x1, V2d& x2,
                                          const V2d& y1, V2d& y2) noexcept {
    V2d y = k.b0 * x + k.b1 * x1 + k.b2 * x2 - k.a1 * y1 - k.a2 * y2;
    // |y| < 1e-30 → +0.0, as Biquad's denormal guard does (NaN stays NaN: the compare is false).
    const V2i absMask = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL};
    const V2d tiny = {1e-30, 1e-30};
    const V2d magnitude = (V2d)((V2i)y & absMask);
    y = (V2d)((V2i)y & ~(V2i)(magnitude < tiny));
    x2 = x;
    y2 = y;
    return __builtin_convertvector(__builtin_convertvector(y, V2f), V2d);
}

/// A frame through section m with the slots in their stored roles (then swapped in memory).
[[gnu::always_inline]] inline V2d section(const Lanes& k, Memory& m, V2d x) noexcept {
    const V2d y = section(k, x, m.x1, m.x2, m.y1, m.y2);
    std::swap(m.x1, m.x2);
    std::swap(m.y1, m.y2);
    return y;
}

/// Runs N sections over one channel pair (kTwo) or one channel (lane 1 then repeats lane 0
/// and is discarded) as a wavefront: at step t section s handles frame t − s, so the N
/// sections are independent within a step. carry[s] holds section s's output of the previous
/// step, i.e. the input section s + 1 needs now. Nothing is in flight across blocks.
template <uint32_t N, bool kTwo>
void runPair(const Lanes* k, double* stateMemory, float* ch0, float* ch1, uint32_t frames) noexcept {
    // The memories stay in the caller's buffer and are used in place (memory operands):
    // copying them into locals only makes the compiler shuffle spills around.
    Memory* const m = reinterpret_cast<Memory*>(stateMemory);
    V2d carry[N] = {};
    const float* in1 = kTwo ? ch1 : ch0;

    // Sections lo…hi are active at step t (hi first, so carry[s − 1] is still last step's).
    auto partialStep = [&](uint32_t t) noexcept {
        const uint32_t hi = std::min(t, N - 1);
        const uint32_t lo = t < frames ? 0 : t - frames + 1;
        for (uint32_t s = hi + 1; s-- > lo;)
            carry[s] = section(k[s], m[s], s == 0 ? V2d{ch0[t], in1[t]} : carry[s - 1]);
        return hi == N - 1;
    };
    auto emit = [&](uint32_t frame) noexcept {
        ch0[frame] = static_cast<float>(carry[N - 1][0]);
        if constexpr (kTwo) ch1[frame] = static_cast<float>(carry[N - 1][1]);
    };

    const uint32_t steps = frames + N - 1;
    const uint32_t fullEnd = std::max(frames, N - 1);
    uint32_t t = 0;
    for (; t < N - 1; ++t)
        if (partialStep(t)) emit(t - (N - 1));
    // Every section active: the hot loop, two frames per iteration so that the memories'
    // roles alternate (first x1/y1 are the newest, then x2/y2) instead of being copied.
    for (; t + 1 < fullEnd; t += 2) {
#pragma GCC unroll 8
        for (uint32_t s = N - 1; s > 0; --s)
            carry[s] = section(k[s], carry[s - 1], m[s].x1, m[s].x2, m[s].y1, m[s].y2);
        carry[0] = section(k[0], V2d{ch0[t], in1[t]}, m[0].x1, m[0].x2, m[0].y1, m[0].y2);
        emit(t - (N - 1));
#pragma GCC unroll 8
        for (uint32_t s = N - 1; s > 0; --s)
            carry[s] = section(k[s], carry[s - 1], m[s].x2, m[s].x1, m[s].y2, m[s].y1);
        carry[0] = section(k[0], V2d{ch0[t + 1], in1[t + 1]}, m[0].x2, m[0].x1, m[0].y2, m[0].y1);
        emit(t + 1 - (N - 1));
    }
    for (; t < fullEnd; ++t) {  // the odd frame left, if any
        for (uint32_t s = N - 1; s > 0; --s) carry[s] = section(k[s], m[s], carry[s - 1]);
        carry[0] = section(k[0], m[0], V2d{ch0[t], in1[t]});
        emit(t - (N - 1));
    }
    for (; t < steps; ++t)
        if (partialStep(t)) emit(t - (N - 1));
}

template <uint32_t N, typename SectionState>
void runPairs(const Lanes* k, std::vector<SectionState>& state, AudioBlock& block,
              uint32_t channels) noexcept {
    static_assert(sizeof(SectionState) == sizeof(Memory) && alignof(SectionState) >= alignof(Memory));
    for (uint32_t ch = 0; ch < channels; ch += 2) {
        double* memory = state[(ch / 2) * BiquadCascade::kMaxSections].values;
        if (ch + 1 < channels)
            runPair<N, true>(k, memory, block.channels[ch], block.channels[ch + 1], block.numFrames);
        else
            runPair<N, false>(k, memory, block.channels[ch], nullptr, block.numFrames);
    }
}

}  // namespace

void BiquadCascade::prepare(const ProcessSpec& spec, uint32_t numSections) {  // [control]
    numSections_ = std::clamp<uint32_t>(numSections, 1, kMaxSections);
    numChannels_ = spec.numChannels;
    const uint32_t numPairs = (spec.numChannels + 1) / 2;
    state_.assign(static_cast<size_t>(numPairs) * kMaxSections, SectionState{});
}

void BiquadCascade::reset() noexcept {  // [audio]
    std::fill(state_.begin(), state_.end(), SectionState{});
}

void BiquadCascade::setCoefficients(uint32_t section,
                                    const BiquadCoefficients& coefficients) noexcept {  // [audio]
    if (section < kMaxSections) coefficients_[section] = coefficients;
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

void BiquadCascade::process(AudioBlock& block) noexcept {  // [audio]
    const uint32_t channels = std::min(block.numChannels, numChannels_);
    if (channels == 0 || block.numFrames == 0) return;
    Lanes k[kMaxSections];
    for (uint32_t s = 0; s < numSections_; ++s) {
        const BiquadCoefficients& c = coefficients_[s];
        k[s] = Lanes{{c.b0, c.b0}, {c.b1, c.b1}, {c.b2, c.b2}, {c.a1, c.a1}, {c.a2, c.a2}};
    }
    switch (numSections_) {
        case 1: runPairs<1>(k, state_, block, channels); break;
        case 2: runPairs<2>(k, state_, block, channels); break;
        case 3: runPairs<3>(k, state_, block, channels); break;
        case 4: runPairs<4>(k, state_, block, channels); break;
        case 5: runPairs<5>(k, state_, block, channels); break;
        case 6: runPairs<6>(k, state_, block, channels); break;
        case 7: runPairs<7>(k, state_, block, channels); break;
        default: runPairs<8>(k, state_, block, channels); break;
    }
}

}  // namespace wavegraph
