#pragma once
/// \file biquad_cascade.h
/// Up to eight biquad sections in series over every channel, computed with portable SIMD
/// (GCC/Clang vector extensions: SSE2 natively, simd128 in WebAssembly) and giving exactly the
/// samples of the same sections run one after another as `Biquad` objects over a float block.
///
/// How it is fast without changing a bit: each section is direct form I in double precision
/// with the very same operation order, flush and float rounding between sections as
/// `Biquad::process`. Two channels share one 2-lane double vector, and the sections run as a
/// wavefront (at step t section s works on frames 2(t − s) and 2(t − s) + 1 while section s + 1
/// works on the two before), so the sections' feedback recurrences are independent and overlap
/// instead of each waiting out the latency of the previous one, and each section's coefficients
/// and memories are loaded once per two frames. Scheduling changes, arithmetic does not.
///
/// On x86-64 a wider kernel is chosen at run time when the CPU has it (checked with
/// `__builtin_cpu_supports`; the code is compiled with per-function `target` attributes, so
/// the build itself stays plain x86-64): AVX (4 double lanes = 2 sections × 2 channels, for an
/// even number of sections) or AVX-512F (8 lanes = 4 sections × 2 channels, for 4 or 8
/// sections). There the sections run skewed by four frames (section s works on frame t − 4s),
/// so that a section's input was computed four steps earlier; whole 256-frame chunks run
/// without lane masks (each section's memories put back before its first step and copied out
/// after its last), and the 1e-30 flush is checked off the feedback path (a chunk in which it
/// would have changed a value is redone with it applied). Same arithmetic, same samples.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/audio_block.h"
#include "base/process_spec.h"
#include "dsp/biquad/biquad.h"
#include "dsp/biquad/biquad_cascade_avx2.h"
#include "dsp/biquad/biquad_coefficients.h"

namespace wavegraph {

/// Up to kMaxSections biquad sections in series over every channel of a planar block, with
/// SIMD kernels that give the same samples as a chain of Biquad.
class BiquadCascade {
public:
    /// Most sections a cascade holds.
    static constexpr uint32_t kMaxSections = 8;

    /// Which SIMD kernel process() runs. portable: 2-lane vectors (SSE2 natively, simd128 in
    /// WebAssembly), every section count. avx: 4 lanes, used for 2, 4, 6 or 8 sections.
    /// avx2: 4 lanes with the state in 16 registers and a ring in memory
    /// (biquad_cascade_avx2.h), every section count and feedback rounding. avx512: 8 lanes,
    /// used for 4 or 8 sections (other counts fall back to avx, then portable).
    enum class Kernel : uint8_t { portable, avx, avx2, avx512 };
    /// Whether this CPU and build can run kernel (portable: always; avx/avx512 only on x86-64
    /// built with GCC or Clang, when the CPU reports the feature). [any]
    static bool kernelSupported(Kernel kernel) noexcept;
    /// The widest supported kernel. [any]
    static Kernel bestKernel() noexcept;
    /// Whether the CPU runs AVX-512 operations as two 256-bit halves (an AMD Zen 4: family
    /// 19h with AVX-512); false without AVX-512 and outside x86-64. [any]
    static bool avx512InHalves() noexcept;
    /// The kernel cascades start with unless setDefaultKernel chose another: avx512 where the CPU
    /// has AVX-512 at full width, else avx2 where it has AVX2, else bestKernel(). Measured
    /// (docs/performance.md): on an AMD Zen 5 (full-width AVX-512) avx512 is the fastest at
    /// 128- and 1024-frame blocks; on a Zen 4 (avx512InHalves) avx2 is. Every kernel stays
    /// available through setKernel and WAVEGRAPH_KERNEL. [any]
    static Kernel preferredKernel() noexcept;
    /// The kernel a new cascade starts with: preferredKernel() unless setDefaultKernel chose
    /// another (hosts read WAVEGRAPH_KERNEL and set it at startup). [any]
    static Kernel defaultKernel() noexcept;
    /// Makes kernel the default of cascades constructed from now on; an unsupported one is
    /// refused (false, the default stays). [control]
    static bool setDefaultKernel(Kernel kernel) noexcept;
    /// "portable", "avx", "avx2" or "avx512". [any]
    static std::string_view kernelName(Kernel kernel) noexcept;
    /// The kernel with that name (kernelName's spelling), or nothing. [any]
    static std::optional<Kernel> kernelFromName(std::string_view name) noexcept;
    /// Selects the kernel (e.g. to compare them in tests and benchmarks); an unsupported one is
    /// ignored (returns false, the kernel stays). Output samples do not depend on it. [control]
    bool setKernel(Kernel kernel) noexcept;
    /// The kernel process() runs. [any]
    Kernel kernel() const noexcept { return kernel_; }

    /// Allocates the state of numSections (1…kMaxSections, clamped) sections for
    /// spec.numChannels channels; coefficients start as pass-through. [control]
    void prepare(const ProcessSpec& spec, uint32_t numSections);
    /// Clears every section's memories. [audio]
    void reset() noexcept;

    /// Replaces one section's coefficients (section < kMaxSections, else ignored); state is
    /// kept. Values equal to the current ones cost one comparison. [audio]
    void setCoefficients(uint32_t section, const BiquadCoefficients& coefficients) noexcept;
    /// Coefficients of `section` (< kMaxSections). [any]
    const BiquadCoefficients& coefficients(uint32_t section) const noexcept { return coefficients_[section]; }
    /// Sections prepared (1…kMaxSections; 0 before prepare). [any]
    uint32_t numSections() const noexcept { return numSections_; }
    /// What every section feeds back (biquad.h; default none), as `Biquad::setFeedbackRounding`.
    /// float32 always runs the portable kernel (the wide kernels exist for none only). [audio]
    void setFeedbackRounding(FeedbackRounding rounding) noexcept { rounding_ = rounding; }
    /// What every section feeds back. [any]
    FeedbackRounding feedbackRounding() const noexcept { return rounding_; }
    /// Number of channels prepared (spec.numChannels; 0 before prepare). [any]
    uint32_t numChannels() const noexcept { return numChannels_; }

    /// One section's memories for one channel, in the layout of `Biquad::State` (x1, y1 the
    /// newest input and output), so that a chain of `Biquad`s and a cascade can hand their
    /// history to each other between blocks and keep producing the same samples.
    /// State{} for section ≥ numSections() or channel ≥ numChannels(). [audio] no allocation.
    Biquad::State state(uint32_t section, uint32_t channel) const noexcept;
    /// Replaces one section's memories for one channel (ignored out of range, as above).
    /// [audio] no allocation.
    void setState(uint32_t section, uint32_t channel, const Biquad::State& state) noexcept;

    /// Filters block in place (channels × frames, planar float), the sections in order 0, 1, …;
    /// channels beyond those prepared are left untouched. Samples equal, bit for bit, those
    /// of numSections `Biquad`s applied in turn. Channel pointers must not alias each other.
    /// [audio] noexcept, no allocation.
    void process(AudioBlock& block) noexcept;

private:
    // [control] fixed after prepare.
    uint32_t numSections_ = 0;
    uint32_t numChannels_ = 0;
    /// One section's memories for a channel pair: {x1, x2, y1, y2} × {lane 0, lane 1}
    /// (values[2 · field + lane]; between blocks x1/y1 always hold the newest frame),
    /// aligned for the 2-lane vectors that read it in place.
    struct alignas(16) SectionState {
        double values[8] = {};
    };
    // [audio] channel pair p (channels 2p, 2p + 1), section s at state_[p · kMaxSections + s].
    std::vector<SectionState> state_;
    std::array<BiquadCoefficients, kMaxSections> coefficients_{};
    /// [audio] the first numSections_ coefficients as the avx2 kernel reads them, updated by
    /// prepare and by setCoefficients when a value changes.
    cascade_avx2::SectionLanes avx2Lanes_{};
    Kernel kernel_ = defaultKernel();
    FeedbackRounding rounding_ = FeedbackRounding::none;  // [audio]
    /// [audio] portable and avx2 kernels: chunks (runs) to make with the exact flush before trying
    /// the speculative one again (biquad_cascade.cpp, runChunks; biquad_cascade_avx2.cpp, runFrames).
    uint32_t exactChunks_ = 0;
};

}  // namespace wavegraph
