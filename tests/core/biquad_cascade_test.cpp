// BiquadCascade (SIMD wavefront) against the scalar Biquad sections run in turn: the same
// samples, bit for bit, for 1…8 sections, 1…5 channels and many block splits, with every
// kernel this CPU supports (portable 2-lane; on x86-64 also AVX and AVX-512 when present).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "dsp/biquad/biquad.h"
#include "dsp/biquad/biquad_cascade.h"
#include "sanitizer_budget.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kSampleRateHz = 48000.0;
// Noise for a third of the signal, then its decay: 6000 frames, 3000 in the sanitizer trees (a
// fixed budget: still several 1024-frame blocks and wide-kernel chunks, every block-edge path).
constexpr uint32_t kFrames = test::kSanitizedBuild ? 3000 : 6000;

// Seeded random sections of every RBJ type, frequency 20 Hz…20 kHz, Q 0.1…30, ±24 dB.
std::vector<BiquadCoefficients> makeSections(uint32_t count, std::mt19937& random) {
    std::uniform_real_distribution<double> logFrequency(std::log(20.0), std::log(20000.0));
    std::uniform_real_distribution<double> gainDb(-24.0, 24.0), q(0.1, 30.0);
    std::vector<BiquadCoefficients> sections;
    for (uint32_t s = 0; s < count; ++s) {
        const auto type = static_cast<BiquadType>(random() % 8);
        sections.push_back(
            BiquadCoefficients::design(type, kSampleRateHz, std::exp(logFrequency(random)), q(random), gainDb(random)));
    }
    return sections;
}

// White noise with a silent stretch at the end, so the flush-to-zero guard is exercised.
std::vector<std::vector<float>> makeInput(uint32_t channels, std::mt19937& random) {
    std::vector<std::vector<float>> in(channels, std::vector<float>(kFrames, 0.0f));
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    for (auto& ch : in)
        for (uint32_t i = 0; i < kFrames / 3; ++i) ch[i] = noise(random);
    return in;
}

AudioBlock view(std::vector<std::vector<float>>& data, uint32_t start, uint32_t frames) {
    return test::planarView(data, start, frames);
}

// `input` through one scalar Biquad per section over the whole signal, in turn: the reference.
std::vector<std::vector<float>> throughBiquads(std::vector<std::vector<float>> input,
                                               const std::vector<BiquadCoefficients>& sections,
                                               const ProcessSpec& spec) {
    for (const auto& c : sections) {
        Biquad filter;
        filter.prepare(spec);
        filter.setCoefficients(c);
        AudioBlock block = view(input, 0, kFrames);
        filter.process(block);
    }
    return input;
}

// Counts samples whose bits differ.
size_t countDiffering(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
    size_t differing = 0;
    for (size_t c = 0; c < a.size(); ++c)
        for (size_t i = 0; i < a[c].size(); ++i) differing += std::memcmp(&a[c][i], &b[c][i], sizeof(float)) != 0;
    return differing;
}

const char* kernelName(BiquadCascade::Kernel kernel) {
    switch (kernel) {
        case BiquadCascade::Kernel::portable: return "portable";
        case BiquadCascade::Kernel::avx: return "avx";
        case BiquadCascade::Kernel::avx2: return "avx2";
        case BiquadCascade::Kernel::avx512: return "avx512";
    }
    return "?";
}

std::vector<BiquadCascade::Kernel> supportedKernels() {
    std::vector<BiquadCascade::Kernel> kernels;
    for (auto k : {BiquadCascade::Kernel::portable, BiquadCascade::Kernel::avx, BiquadCascade::Kernel::avx2,
                   BiquadCascade::Kernel::avx512})
        if (BiquadCascade::kernelSupported(k)) kernels.push_back(k);
    return kernels;
}

}  // namespace

TEST(BiquadCascade, KernelSelection) {
    BiquadCascade cascade;
    EXPECT_EQ(cascade.kernel(), BiquadCascade::preferredKernel());
    // avx512 where the CPU runs it at full width, then avx2 wherever the CPU has it, else the widest.
    const bool fullWidthAvx512 =
        BiquadCascade::kernelSupported(BiquadCascade::Kernel::avx512) && !BiquadCascade::avx512InHalves();
    EXPECT_EQ(BiquadCascade::preferredKernel(), fullWidthAvx512 ? BiquadCascade::Kernel::avx512
                                                : BiquadCascade::kernelSupported(BiquadCascade::Kernel::avx2)
                                                    ? BiquadCascade::Kernel::avx2
                                                    : BiquadCascade::bestKernel());
    if (!BiquadCascade::kernelSupported(BiquadCascade::Kernel::avx512)) EXPECT_FALSE(BiquadCascade::avx512InHalves());
    EXPECT_TRUE(BiquadCascade::kernelSupported(BiquadCascade::Kernel::portable));
    for (auto k : {BiquadCascade::Kernel::portable, BiquadCascade::Kernel::avx, BiquadCascade::Kernel::avx2,
                   BiquadCascade::Kernel::avx512}) {
        const auto before = cascade.kernel();
        const bool accepted = cascade.setKernel(k);
        EXPECT_EQ(accepted, BiquadCascade::kernelSupported(k)) << kernelName(k);
        EXPECT_EQ(cascade.kernel(), accepted ? k : before) << kernelName(k);
    }
    std::string names;
    for (auto k : supportedKernels()) names += std::string(names.empty() ? "" : ", ") + kernelName(k);
    RecordProperty("kernels", names);
    std::printf("BiquadCascade kernels on this machine: %s\n", names.c_str());
}

TEST(BiquadCascade, MatchesScalarBiquadsBitForBit) {
    std::mt19937 random(20261123);
    // 255…257 frame blocks straddle the wide kernels' 256-frame chunks; 6000 spans many. 32, 33,
    // 40, 126, 128, 130 and 1024 take each of the avx2 kernel's block-edge paths (unrolled fill
    // and drain, unrolled fill and checked drain, checked edges) for one section count or another.
    const std::vector<uint32_t> blockSizes = {kFrames, 1, 7, 61, 128, 3, 255, 256, 257, 32, 33, 40, 126, 130, 1024};
    for (uint32_t numSections = 1; numSections <= BiquadCascade::kMaxSections; ++numSections) {
        for (uint32_t channels = 1; channels <= 5; ++channels) {
            const auto sections = makeSections(numSections, random);
            const auto input = makeInput(channels, random);
            const ProcessSpec spec{kSampleRateHz, kFrames, channels};

            // Reference: one Biquad per section over the whole signal, in turn.
            const auto expected = throughBiquads(input, sections, spec);
            double energy = 0;
            for (float s : expected[0]) energy += double{s} * s;
            ASSERT_GT(energy, 0.0);

            for (const auto kernel : supportedKernels())
                for (uint32_t blockSize : blockSizes) {
                    BiquadCascade cascade;
                    ASSERT_TRUE(cascade.setKernel(kernel));
                    cascade.prepare(spec, numSections);
                    for (uint32_t s = 0; s < numSections; ++s) cascade.setCoefficients(s, sections[s]);
                    auto actual = input;
                    for (uint32_t start = 0; start < kFrames; start += blockSize) {
                        AudioBlock block = view(actual, start, std::min(blockSize, kFrames - start));
                        cascade.process(block);
                    }
                    EXPECT_EQ(countDiffering(expected, actual), 0u)
                        << kernelName(kernel) << " kernel, " << numSections << " sections, " << channels
                        << " channels, blocks of " << blockSize;
                }
        }
    }
}

TEST(BiquadCascade, CoefficientsChangedBetweenBlocksTakeEffectAtTheNextBlock) {
    // Every section's coefficients replaced after block 10 of 128 frames (and set again to equal
    // values before every block): the cascade against Biquads switched at the same frame, for
    // every kernel and section count, 2 channels.
    std::mt19937 random(9001);
    constexpr uint32_t kBlock = 128, kSwitchFrame = 10 * kBlock;  // within the noise
    for (uint32_t numSections = 1; numSections <= BiquadCascade::kMaxSections; ++numSections) {
        const auto first = makeSections(numSections, random);
        const auto second = makeSections(numSections, random);
        const auto input = makeInput(2, random);
        const ProcessSpec spec{kSampleRateHz, kFrames, 2};
        auto expected = input;
        for (uint32_t s = 0; s < numSections; ++s) {
            Biquad filter;
            filter.prepare(spec);
            filter.setCoefficients(first[s]);
            AudioBlock head = view(expected, 0, kSwitchFrame);
            filter.process(head);
            filter.setCoefficients(second[s]);
            AudioBlock tail = view(expected, kSwitchFrame, kFrames - kSwitchFrame);
            filter.process(tail);
        }
        for (const auto kernel : supportedKernels()) {
            BiquadCascade cascade;
            ASSERT_TRUE(cascade.setKernel(kernel));
            cascade.prepare(spec, numSections);
            auto actual = input;
            for (uint32_t start = 0; start < kFrames; start += kBlock) {
                for (uint32_t s = 0; s < numSections; ++s)
                    cascade.setCoefficients(s, start < kSwitchFrame ? first[s] : second[s]);
                AudioBlock block = view(actual, start, std::min(kBlock, kFrames - start));
                cascade.process(block);
            }
            EXPECT_EQ(countDiffering(expected, actual), 0u)
                << kernelName(kernel) << " kernel, " << numSections << " sections";
        }
    }
}

TEST(BiquadCascade, ResetClearsTheMemories) {
    std::mt19937 random(7);
    const ProcessSpec spec{kSampleRateHz, kFrames, 2};
    BiquadCascade cascade;
    cascade.prepare(spec, 8);
    for (uint32_t s = 0; s < 8; ++s)
        cascade.setCoefficients(
            s, BiquadCoefficients::design(BiquadType::peaking, kSampleRateHz, 60.0 * (1u << s), 1.0, 12.0));
    auto input = makeInput(2, random);
    auto first = input;
    AudioBlock block = view(first, 0, kFrames);
    cascade.process(block);
    cascade.reset();
    auto second = input;
    block = view(second, 0, kFrames);
    cascade.process(block);
    EXPECT_EQ(countDiffering(first, second), 0u);
    EXPECT_GT(countDiffering(first, input), kFrames / 4);  // the cascade did filter
}

TEST(BiquadCascade, SwitchingKernelsBetweenBlocksKeepsTheSamples) {
    // The memories have one layout for every kernel, so changing kernel between blocks must not
    // change a bit either: 8 and 6 sections (every wide kernel applies), 3 channels, 100-frame
    // blocks, the kernel cycling through all supported ones.
    std::mt19937 random(4242);
    for (uint32_t numSections : {6u, 8u}) {
        const auto sections = makeSections(numSections, random);
        const auto input = makeInput(3, random);
        const ProcessSpec spec{kSampleRateHz, kFrames, 3};
        const auto expected = throughBiquads(input, sections, spec);
        const auto kernels = supportedKernels();
        BiquadCascade cascade;
        cascade.prepare(spec, numSections);
        for (uint32_t s = 0; s < numSections; ++s) cascade.setCoefficients(s, sections[s]);
        auto actual = input;
        uint32_t blockIndex = 0;
        for (uint32_t start = 0; start < kFrames; start += 100, ++blockIndex) {
            ASSERT_TRUE(cascade.setKernel(kernels[blockIndex % kernels.size()]));
            AudioBlock block = view(actual, start, std::min(100u, kFrames - start));
            cascade.process(block);
        }
        EXPECT_EQ(countDiffering(expected, actual), 0u) << numSections << " sections";
    }
}
