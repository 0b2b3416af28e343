// convolver against direct convolution computed in double: seeded noise through responses of
// 1, 2 and 4 channels (every W3C channel configuration), an impulse giving the normalized
// response back from frame 0 (latency 0), the W3C normalization scale against its formula,
// the same samples for blocks of 1, 7, 128 and 4096 frames, and no allocation in process.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/convolver_node.h"

namespace wavegraph {
namespace {

constexpr double kSampleRateHz = 48000.0;
using Planar = std::vector<std::vector<float>>;

// A reverb-like response: seeded noise under an exponential decay of 60 dB over `frames`.
Planar decayingNoise(uint32_t channels, size_t frames, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    Planar h(channels, std::vector<float>(frames));
    for (auto& channel : h)
        for (size_t n = 0; n < frames; ++n)
            channel[n] = static_cast<float>(dist(rng) * std::pow(10.0, -3.0 * double(n) / double(frames)));
    return h;
}

std::shared_ptr<const AudioBuffer> buffer(const Planar& channels, double sampleRateHz = kSampleRateHz) {
    std::shared_ptr<const AudioBuffer> made;
    EXPECT_TRUE(AudioBuffer::make(channels, sampleRateHz, made));
    return made;
}

std::unique_ptr<ConvolverNode> prepared(const Planar& response, bool normalize, uint32_t outChannels = 2,
                                        uint32_t maxBlockFrames = 4096) {
    auto node = std::make_unique<ConvolverNode>(buffer(response), normalize);
    node->prepare({kSampleRateHz, maxBlockFrames, outChannels});
    return node;
}

// Renders planar `in` (1 or 2 channels) into `outChannels` output channels, blocks of `block`.
Planar render(ConvolverNode& node, const Planar& in, uint32_t outChannels, uint32_t block) {
    const auto frames = static_cast<uint32_t>(in[0].size());
    Planar out(outChannels, std::vector<float>(frames));
    for (uint32_t start = 0; start < frames; start += block) {
        const uint32_t n = std::min(block, frames - start);
        AudioBlock a, b;
        a.numChannels = static_cast<uint32_t>(in.size());
        b.numChannels = outChannels;
        a.numFrames = b.numFrames = n;
        for (uint32_t c = 0; c < a.numChannels; ++c) a.channels[c] = const_cast<float*>(in[c].data()) + start;
        for (uint32_t c = 0; c < outChannels; ++c) b.channels[c] = out[c].data() + start;
        NodeIo io{std::span<const AudioBlock>(&a, 1), std::span<AudioBlock>(&b, 1), n};
        node.process(io);
    }
    return out;
}

// (x ∗ h)[n] in double.
double direct(const std::vector<float>& x, const std::vector<float>& h, size_t n, double scale) {
    double sum = 0.0;
    const size_t taps = std::min(h.size(), n + 1);
    for (size_t k = 0; k < taps; ++k) sum += double(h[k]) * double(x[n - k]);
    return sum * scale;
}

// W3C output channels for input channels xL, xR (xR = xL for a mono input) and response h.
std::vector<double> expected(const Planar& x, const Planar& h, size_t n, double scale) {
    const auto& xl = x[0];
    const auto& xr = x.size() > 1 ? x[1] : x[0];
    switch (h.size()) {
        case 1: return {direct(xl, h[0], n, scale), direct(xr, h[0], n, scale)};
        case 2: return {direct(xl, h[0], n, scale), direct(xr, h[1], n, scale)};
        default:
            return {direct(xl, h[0], n, scale) + direct(xr, h[2], n, scale),
                    direct(xl, h[1], n, scale) + direct(xr, h[3], n, scale)};
    }
}

// Largest |out − reference| over `checks` frames spread over the output, relative to the
// reference's largest magnitude there.
double relativeError(const Planar& out, const Planar& x, const Planar& h, double scale, size_t checks) {
    double maxDiff = 0.0, maxRef = 0.0;
    const size_t frames = out[0].size();
    for (size_t i = 0; i < checks; ++i) {
        const size_t n = i * (frames - 1) / (checks - 1);
        const auto ref = expected(x, h, n, scale);
        for (size_t c = 0; c < 2; ++c) {
            maxDiff = std::max(maxDiff, std::fabs(out[c][n] - ref[c]));
            maxRef = std::max(maxRef, std::fabs(ref[c]));
        }
    }
    return maxDiff / maxRef;
}

TEST(Convolver, EqualsDirectConvolutionInDoubleForShortAndLongResponses) {
    for (size_t responseFrames : {size_t{100}, size_t{6000}, size_t{48000}, size_t{144000}}) {
        const Planar h = decayingNoise(1, responseFrames, 41);
        const Planar x = test::noiseChannels(1, responseFrames + 12000, 42);
        auto node = prepared(h, false);
        const Planar out = render(*node, x, 2, 128);
        const double error = relativeError(out, x, h, 1.0, 1200);
        std::printf(
            "response %zu frames (partition %u): max |diff| from direct double convolution %.3g of the peak over "
            "1200 frames\n",
            responseFrames, node->partitionFrames(), error);
        EXPECT_LT(error, 2e-6);
        EXPECT_EQ(out[0], out[1]);  // mono in, mono response: the same on both output channels
    }
}

TEST(Convolver, EveryW3cChannelConfigurationEqualsDirectConvolution) {
    const Planar stereoIn = test::noiseChannels(2, 9000, 43);
    const Planar monoIn = {stereoIn[0]};
    for (uint32_t responseChannels : {1u, 2u, 4u}) {
        const Planar h = decayingNoise(responseChannels, 3000, 44 + responseChannels);
        for (const Planar* x : {&monoIn, &stereoIn}) {
            auto node = prepared(h, true);
            const Planar out = render(*node, *x, 2, 128);
            const double error = relativeError(out, *x, h, node->scale(), 900);
            std::printf(
                "%zu-channel input, %u-channel response, normalized (scale %.6g): max |diff| %.3g of the peak\n",
                x->size(), responseChannels, double(node->scale()), error);
            EXPECT_LT(error, 2e-6);
        }
    }
}

TEST(Convolver, AnImpulseGivesTheNormalizedResponseFromFrameZero) {
    const Planar h = decayingNoise(2, 20000, 51);
    auto node = prepared(h, true);
    const float scale = node->scale();
    // W3C: the normalized response has RMS 10^(−58/20) × 44100 / rate (0.00115665 at 48 kHz).
    double sumOfSquares = 0.0;
    for (const auto& channel : h)
        for (float v : channel) sumOfSquares += double(v * scale) * double(v * scale);
    const double rms = std::sqrt(sumOfSquares / double(2 * h[0].size()));
    const double w3cRms = std::pow(10.0, -58.0 / 20.0) * 44100.0 / kSampleRateHz;

    const uint32_t at = 1000;
    Planar x(1, std::vector<float>(at + 24000, 0.0f));
    x[0][at] = 1.0f;
    const Planar out = render(*node, x, 2, 128);
    double maxDiff = 0.0;
    size_t firstNonZero = out[0].size();
    for (size_t n = 0; n < out[0].size(); ++n) {
        if (firstNonZero == out[0].size() && (out[0][n] != 0.0f || out[1][n] != 0.0f)) firstNonZero = n;
        for (size_t c = 0; c < 2; ++c) {
            const double ref = n >= at && n - at < h[c].size() ? double(h[c][n - at]) * scale : 0.0;
            maxDiff = std::max(maxDiff, std::fabs(out[c][n] - ref));
        }
    }
    // Latency: the lag (0…255) at which the output correlates best with the response.
    size_t bestLag = 0;
    double best = -1.0;
    for (size_t lag = 0; lag < 256; ++lag) {
        double dot = 0.0;
        for (size_t n = 0; n < 4096; ++n) dot += double(out[0][at + lag + n]) * double(h[0][n]);
        if (dot > best) best = dot, bestLag = lag;
    }
    std::printf(
        "impulse at frame %u into a 20000-frame stereo response: first output at frame %zu, best lag %zu frames, "
        "max |diff| from scale × response %.3g (peak %.3g); normalized RMS %.8g, W3C %.8g\n",
        at, firstNonZero, bestLag, maxDiff, double(scale), rms, w3cRms);
    EXPECT_EQ(firstNonZero, at);
    EXPECT_EQ(bestLag, 0u);
    EXPECT_LT(maxDiff, 1e-6 * double(scale));
    EXPECT_NEAR(rms / w3cRms, 1.0, 1e-6);

    auto plain = prepared(h, false);
    EXPECT_EQ(plain->scale(), 1.0f);
    const double silent = ConvolverNode::normalizationScale(*buffer(Planar(4, std::vector<float>(10, 0.0f)), 44100.0));
    EXPECT_NEAR(silent / (0.5 / 0.000125 * std::pow(10.0, -58.0 / 20.0)), 1.0, 1e-6)
        << "a silent response: power floored at 0.000125, true stereo halved";
}

TEST(Convolver, BlockSplitsGiveTheSameSamplesAndProcessAllocatesNothing) {
    const Planar x = test::noiseChannels(2, 20000, 61);
    for (uint32_t responseChannels : {1u, 2u, 4u}) {
        const Planar h = decayingNoise(responseChannels, 20000, 62);  // partition 512
        auto reference = prepared(h, true);
        const Planar whole = render(*reference, x, 2, 4096);
        for (uint32_t block : {1u, 7u, 128u}) {
            auto node = prepared(h, true);
            EXPECT_EQ(render(*node, x, 2, block), whole) << responseChannels << " channels, block " << block;
        }
        auto node = prepared(h, true, 2, 128);
        EXPECT_EQ(test::allocationsWhileProcessing(*node, 200), 0u) << responseChannels << " channels";
    }
}

TEST(Convolver, OptionsAreCheckedAndAForkContinuesTheState) {
    const AudioBufferMap buffers{{"three", buffer({{1, 0.5f}, {0, 1}, {1, 1}})},
                                 {"mono", buffer({{1, 0.5f, 0.25f}})},
                                 {"cd", buffer({{1, 0.5f, 0.25f}}, 44100.0)}};
    NodeOptions options;
    ASSERT_TRUE(NodeOptions::parse(R"({"buffer": "three"})", options));
    options.setBuffers(&buffers);
    std::shared_ptr<Node> made;
    const Status three = ConvolverNode::make(options, made);
    std::printf("3-channel buffer: %s\n", three.message().c_str());
    EXPECT_FALSE(three);
    ASSERT_TRUE(NodeOptions::parse(R"({"buffer": "mono", "normalize": false})", options));
    options.setBuffers(&buffers);
    ASSERT_TRUE(ConvolverNode::make(options, made));
    made->prepare({kSampleRateHz, 128, 2});
    EXPECT_TRUE(made->prepareStatus());
    ASSERT_TRUE(NodeOptions::parse(R"({"buffer": "cd"})", options));
    options.setBuffers(&buffers);
    ASSERT_TRUE(ConvolverNode::make(options, made));
    made->prepare({kSampleRateHz, 128, 2});
    std::printf("44100 Hz response at 48000 Hz: %s\n", made->prepareStatus().message().c_str());
    EXPECT_FALSE(made->prepareStatus());

    const Planar h = decayingNoise(2, 5000, 71);
    const Planar x = test::noiseChannels(2, 6000, 72);
    auto whole = prepared(h, false, 2, 128);
    const Planar expectedOut = render(*whole, x, 2, 128);
    auto first = prepared(h, false, 2, 128);
    const Planar head = {std::vector<float>(x[0].begin(), x[0].begin() + 3000),
                         std::vector<float>(x[1].begin(), x[1].begin() + 3000)};
    const Planar rest = {std::vector<float>(x[0].begin() + 3000, x[0].end()),
                         std::vector<float>(x[1].begin() + 3000, x[1].end())};
    render(*first, head, 2, 128);
    auto second = first->fork();
    second->prepare(first->spec());
    ASSERT_TRUE(second->copyStateFrom(*first));
    const Planar continued = render(static_cast<ConvolverNode&>(*second), rest, 2, 128);
    for (size_t c = 0; c < 2; ++c)
        EXPECT_TRUE(std::equal(continued[c].begin(), continued[c].end(), expectedOut[c].begin() + 3000));
}

}  // namespace
}  // namespace wavegraph
