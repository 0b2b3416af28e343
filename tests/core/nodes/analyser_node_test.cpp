// AnalyserNode: pass-through (unchanged audio, no allocation in process), the tapped mono
// down-mix in getFloatTimeDomainData, the spectrum of a 1 kHz sine through the node, parameters
// and their errors, no control-side allocation after setup, and a control thread reading while
// the audio thread writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "allocation_counter.h"
#include "nodes/analyser_node.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;
using Signal = std::vector<std::vector<float>>;  // channels × frames

Signal noise(uint32_t channels, uint32_t frames, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    Signal s(channels, std::vector<float>(frames));
    for (auto& channel : s)
        for (float& v : channel) v = dist(rng);
    return s;
}

// Renders `in` through the node in blocks of blockFrames; returns the output and the
// allocations counted inside process().
Signal render(AnalyserNode& node, const Signal& in, uint32_t blockFrames, size_t* allocations = nullptr) {
    const auto channels = static_cast<uint32_t>(in.size());
    const auto frames = static_cast<uint32_t>(in[0].size());
    Signal out(channels, std::vector<float>(frames));
    size_t counted = 0;
    for (uint32_t start = 0; start < frames; start += blockFrames) {
        const uint32_t n = std::min(blockFrames, frames - start);
        AudioBlock inBlock, outBlock;
        inBlock.numChannels = outBlock.numChannels = channels;
        inBlock.numFrames = outBlock.numFrames = n;
        for (uint32_t c = 0; c < channels; ++c) {
            inBlock.channels[c] = const_cast<float*>(in[c].data()) + start;
            outBlock.channels[c] = out[c].data() + start;
        }
        NodeIo io{{&inBlock, 1}, {&outBlock, 1}, n};
        test::AllocationCounter counter;
        node.process(io);
        counted += counter.count();
    }
    if (allocations) *allocations = counted;
    return out;
}

}  // namespace

TEST(AnalyserNode, DescribesItself) {
    AnalyserNode node;
    EXPECT_EQ(node.typeName(), "analyser");
    EXPECT_EQ(node.numInputs(), 1u);
    EXPECT_EQ(node.numOutputs(), 1u);
    const auto params = node.parameters();
    ASSERT_EQ(params.size(), 4u);
    EXPECT_EQ(node.parameterIndex("fftSize"), 0);
    EXPECT_EQ(node.parameterIndex("smoothingTimeConstant"), 1);
    EXPECT_EQ(node.parameterIndex("minDecibels"), 2);
    EXPECT_EQ(node.parameterIndex("maxDecibels"), 3);
    for (uint32_t id = 0; id < 4; ++id) EXPECT_EQ(node.parameter(id), params[id].defaultValue);
    EXPECT_EQ(node.parameter(AnalyserNode::kFftSize), 2048.0);
    EXPECT_EQ(node.parameter(AnalyserNode::kSmoothingTimeConstant), 0.8);
    EXPECT_EQ(node.parameter(AnalyserNode::kMinDecibels), -100.0);
    EXPECT_EQ(node.parameter(AnalyserNode::kMaxDecibels), -30.0);
    EXPECT_EQ(node.frequencyBinCount(), 1024u);
}

TEST(AnalyserNode, PassesAudioThroughUnchangedWithoutAllocating) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    const Signal in = noise(2, 5000, 11);
    size_t allocations = 1;
    const Signal out = render(node, in, 128, &allocations);
    EXPECT_EQ(out, in);
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(node.tap().framesWritten(), 5000u);

    // In place (in and out are the same buffers), and a mono input into a stereo output: the
    // input channel passes, the extra output channel is silent, the tap sees the mono input.
    Signal buffer = noise(1, 256, 16);
    const Signal original = buffer;
    std::vector<float> extra(256, 9.0f);
    AudioBlock inBlock, outBlock;
    inBlock.numChannels = 1;
    outBlock.numChannels = 2;
    inBlock.numFrames = outBlock.numFrames = 256;
    inBlock.channels[0] = outBlock.channels[0] = buffer[0].data();
    outBlock.channels[1] = extra.data();
    NodeIo io{{&inBlock, 1}, {&outBlock, 1}, 256};
    node.process(io);
    EXPECT_EQ(buffer, original);
    EXPECT_EQ(extra, std::vector<float>(256, 0.0f));
    std::vector<float> newest(256);
    node.getFloatTimeDomainData({});  // picks up nothing, changes nothing
    node.tap().copyLatest(newest.data(), 256);
    EXPECT_EQ(newest, original[0]);
}

TEST(AnalyserNode, TimeDomainDataIsTheNewestFramesOfTheMonoDownMix) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    const Signal in = noise(2, 3000, 12);
    render(node, in, 100);  // any split
    std::vector<float> frames(2048);
    node.getFloatTimeDomainData(frames);
    float worst = 0.0f;
    for (uint32_t i = 0; i < 2048; ++i) {
        const float mono = (in[0][952 + i] + in[1][952 + i]) * 0.5f;
        worst = std::max(worst, std::fabs(frames[i] - mono));
    }
    EXPECT_LE(worst, 1e-7f);
    std::vector<uint8_t> bytes(2048);
    node.getByteTimeDomainData(bytes);
    for (uint32_t i = 0; i < 2048; ++i)
        EXPECT_EQ(bytes[i], std::clamp(std::floor(128.0 * (1.0 + frames[i])), 0.0, 255.0));
}

TEST(AnalyserNode, SpectrumOfAOneKilohertzSineThroughTheNode) {
    AnalyserNode node;
    node.prepare({kFs, 128, 1});
    ASSERT_TRUE(node.setParameter(AnalyserNode::kSmoothingTimeConstant, 0.0));
    ASSERT_TRUE(node.setParameter(AnalyserNode::kFftSize, 4096));
    const Signal in{test::makeSine(1000.0, kFs, 8192, 0.5)};
    render(node, in, 128);
    ASSERT_EQ(node.frequencyBinCount(), 2048u);
    std::vector<float> db(2048);
    node.getFloatFrequencyData(db);
    const auto peak = static_cast<uint32_t>(std::max_element(db.begin(), db.end()) - db.begin());
    EXPECT_EQ(peak, 85u);  // 1000·4096/48000 = 85.33
    // The same frames through a standalone AnalyserSpectrum (checked against the direct DFT and
    // the analytic Blackman response in analyser_spectrum_test.cpp).
    AnalyserSpectrum reference;
    ASSERT_TRUE(reference.setFftSize(4096));
    ASSERT_TRUE(reference.setSmoothingTimeConstant(0.0));
    std::vector<float> expected(2048);
    reference.getFloatFrequencyData(std::span<const float>(in[0]).subspan(8192 - 4096), expected);
    for (uint32_t k = 0; k < 2048; ++k) ASSERT_EQ(db[k], expected[k]) << "bin " << k;
    std::cout << "[measure] 1 kHz through the node, fftSize 4096: peak bin " << peak << " at " << db[peak]
              << " dB (on-bin A·a0/2 = -19.58 dB; 1/3-bin scalloping)\n";
    EXPECT_NEAR(db[peak], -19.576 - 0.5, 0.5);  // within the Blackman's ≤ 1 dB scalloping
    std::vector<uint8_t> bytes(2048);
    node.getByteFrequencyData(bytes);
    EXPECT_EQ(bytes[peak], std::clamp(std::floor(255.0 / 70.0 * (db[peak] + 100.0)), 0.0, 255.0));
}

TEST(AnalyserNode, ParametersAreValidatedWithOneLineMessages) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    EXPECT_FALSE(node.setParameter(AnalyserNode::kFftSize, 1000));  // not a power of two: ignored
    EXPECT_FALSE(node.setParameter(AnalyserNode::kFftSize, 65536));
    EXPECT_EQ(node.parameter(AnalyserNode::kFftSize), 2048.0);
    EXPECT_EQ(node.validate(AnalyserNode::kFftSize, 1000).message(),
              "fftSize 1000 is not a power of two in range (32…32768)");
    EXPECT_EQ(node.validate(AnalyserNode::kFftSize, 65536).message(),
              "fftSize 65536 is out of range (32…32768)");
    EXPECT_TRUE(node.validate(AnalyserNode::kFftSize, 512));
    EXPECT_EQ(node.validate(AnalyserNode::kSmoothingTimeConstant, -0.1).message(),
              "smoothingTimeConstant -0.1 is out of range (0…1)");
    EXPECT_EQ(node.validate(AnalyserNode::kMinDecibels, -20).message(),
              "minDecibels -20 must be less than maxDecibels -30");
    EXPECT_EQ(node.validate(AnalyserNode::kMaxDecibels, -150).message(),
              "minDecibels -100 must be less than maxDecibels -150");
    EXPECT_FALSE(node.setParameter(AnalyserNode::kMinDecibels, -20));  // ≥ max: ignored
    EXPECT_EQ(node.parameter(AnalyserNode::kMinDecibels), -100.0);
    EXPECT_FALSE(node.setParameter(AnalyserNode::kSmoothingTimeConstant, 2.0));  // clamped
    EXPECT_EQ(node.parameter(AnalyserNode::kSmoothingTimeConstant), 1.0);
    EXPECT_FALSE(node.setParameter(7, 1.0));
    EXPECT_TRUE(std::isnan(node.parameter(7)));

    ASSERT_TRUE(node.setParameter(AnalyserNode::kSmoothingTimeConstant, 0.5));
    ASSERT_TRUE(node.setParameter(AnalyserNode::kFftSize, 512));
    EXPECT_EQ(node.frequencyBinCount(), 256u);
    std::vector<float> db(1024, 1.0f);
    render(node, noise(2, 1024, 13), 128);
    node.getFloatFrequencyData(db);
    EXPECT_TRUE(std::isfinite(db[255]) && db[255] < 0.0f);
    EXPECT_EQ(db[256], 1.0f);  // beyond frequencyBinCount: untouched
}

TEST(AnalyserNode, ControlSideComputesWithoutAllocatingAfterSetup) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    render(node, noise(2, 4096, 14), 128);
    std::vector<float> floats(32768);
    std::vector<uint8_t> bytes(32768);
    node.getFloatFrequencyData(floats);  // setup done: default fftSize already planned
    size_t allocations = 1;
    {
        test::AllocationCounter counter;
        for (int i = 0; i < 3; ++i) {
            node.getFloatFrequencyData(floats);
            node.getByteFrequencyData(bytes);
            node.getFloatTimeDomainData(floats);
            node.getByteTimeDomainData(bytes);
        }
        allocations = counter.count();
    }
    EXPECT_EQ(allocations, 0u);
}

TEST(AnalyserNode, ControlThreadReadsWhileAudioThreadWrites) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    const Signal in = noise(2, 128 * 64, 15);
    std::atomic<bool> done{false};
    std::atomic<uint64_t> blocks{0};
    std::thread audio([&] {
        Signal out(2, std::vector<float>(128));
        uint32_t fftSizes[] = {2048, 512, 32768, 32};
        for (uint64_t b = 0; !done.load(std::memory_order_acquire) || b < 2000; ++b) {
            if (b % 500 == 0) node.setParameter(AnalyserNode::kFftSize, fftSizes[(b / 500) % 4]);
            const uint32_t start = static_cast<uint32_t>((b % 64) * 128);
            AudioBlock inBlock, outBlock;
            inBlock.numChannels = outBlock.numChannels = 2;
            inBlock.numFrames = outBlock.numFrames = 128;
            for (uint32_t c = 0; c < 2; ++c) {
                inBlock.channels[c] = const_cast<float*>(in[c].data()) + start;
                outBlock.channels[c] = out[c].data();
            }
            NodeIo io{{&inBlock, 1}, {&outBlock, 1}, 128};
            node.process(io);
            blocks.store(b + 1, std::memory_order_release);
        }
    });
    std::vector<float> db(16384), frames(32768);
    std::vector<uint8_t> bytes(16384);
    size_t nonFinite = 0, reads = 0;
    while (blocks.load(std::memory_order_acquire) < 1000) std::this_thread::yield();
    for (int i = 0; i < 200; ++i) {
        std::fill(db.begin(), db.end(), 0.0f);
        node.getFloatFrequencyData(db);
        node.getByteFrequencyData(bytes);
        node.getFloatTimeDomainData(frames);
        for (float v : db) nonFinite += !std::isfinite(v);
        for (float v : frames) nonFinite += !std::isfinite(v);
        ++reads;
    }
    done.store(true, std::memory_order_release);
    audio.join();
    std::cout << "[measure] " << reads << " control-side reads during " << blocks.load() << " audio blocks, "
              << nonFinite << " non-finite values\n";
    EXPECT_EQ(nonFinite, 0u);
}
