// MeterNode: peak and RMS of known sines in dBFS, per-channel independence, the silence floor,
// the number of readings, block-split invariance, equality with a serial sum of squares, a
// control-thread reader racing the audio thread (no torn readings), no allocation in process().
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/meter_node.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;
using Signal = std::vector<std::vector<float>>;  // channels × frames

// Passes `in` through the meter in blocks of blockFrames; after each block, if a new reading
// was published, appends it to `readings` (when given). Returns the output.
Signal render(MeterNode& node, const Signal& in, uint32_t blockFrames, std::vector<MeterReading>* readings = nullptr) {
    uint64_t seen = node.readingsPublished();
    return test::renderApart(node, in, blockFrames, [&](NodeIo& io) {
        node.process(io);
        if (readings && node.readingsPublished() != seen) {
            seen = node.readingsPublished();
            MeterReading r;
            if (node.latest(r)) readings->push_back(r);
        }
    });
}

// DC level of window w on channel c in the racing-reader test: differs from window to window
// on every channel, so a reading mixing two windows is caught.
float dcLevel(uint64_t w, uint32_t c) { return static_cast<float>(1 + (w * (c + 1)) % 97) / 128.0f; }

}  // namespace

TEST(MeterNode, DescribesItself) {
    MeterNode node;
    node.prepare({kFs, 128, 2});
    EXPECT_EQ(node.typeName(), "meter");
    EXPECT_EQ(node.parameters().size(), 0u);
    EXPECT_FALSE(node.setParameter(0, 1.0));
    EXPECT_EQ(node.windowFrames(), 1024u);
    EXPECT_NEAR(node.readingRateHz(), 46.875, 1e-9);
    MeterReading r;
    EXPECT_FALSE(node.latest(r));  // nothing published yet
    EXPECT_EQ(MeterNode(1).windowFrames(), MeterNode::kMinWindowFrames);
}

TEST(MeterNode, SineLevelsInDbfs) {
    // A sine of amplitude 0.5: peak 20·log10(0.5) = -6.02 dBFS, RMS -6.02 - 3.01 = -9.03 dBFS.
    for (const double frequencyHz : {750.0, 1000.0, 3333.0}) {
        SCOPED_TRACE(frequencyHz);
        MeterNode node;
        node.prepare({kFs, 128, 1});
        const Signal in{test::makeSine(frequencyHz, kFs, 10 * 1024, 0.5)};
        std::vector<MeterReading> readings;
        const Signal out = render(node, in, 128, &readings);
        EXPECT_EQ(out, in);  // pass-through
        ASSERT_EQ(readings.size(), 10u);
        for (const MeterReading& r : readings) {
            EXPECT_NEAR(r.peakDb[0], -6.02, 0.05);
            EXPECT_NEAR(r.rmsDb[0], -9.03, 0.05);
        }
        std::cout << "[ measured ] " << frequencyHz << " Hz, amplitude 0.5: peak " << readings.back().peakDb[0]
                  << " dBFS, RMS " << readings.back().rmsDb[0] << " dBFS\n";
    }
}

TEST(MeterNode, ChannelsAreIndependentAndSilenceReadsTheFloor) {
    MeterNode node;
    node.prepare({kFs, 128, 3});
    const size_t frames = 4096;
    std::vector<float> full(frames);  // full-scale square wave: peak = RMS = 0 dBFS
    for (size_t i = 0; i < frames; ++i) full[i] = (i / 24) % 2 ? 1.0f : -1.0f;
    const Signal in{test::makeSine(750.0, kFs, frames, 0.1), std::vector<float>(frames, 0.0f), full};
    std::vector<MeterReading> readings;
    render(node, in, 100, &readings);
    ASSERT_EQ(readings.size(), 4u);
    const MeterReading& r = readings.back();
    EXPECT_EQ(r.numChannels, 3u);
    EXPECT_EQ(r.index, 3u);
    EXPECT_NEAR(r.peakDb[0], -20.0, 0.05);
    EXPECT_NEAR(r.rmsDb[0], -23.01, 0.05);
    EXPECT_EQ(r.peakDb[1], MeterNode::kFloorDb);  // digital silence: -200 dBFS, not -inf
    EXPECT_EQ(r.rmsDb[1], MeterNode::kFloorDb);
    EXPECT_NEAR(r.peakDb[2], 0.0, 1e-6);
    EXPECT_NEAR(r.rmsDb[2], 0.0, 1e-6);
}

TEST(MeterNode, PublishesOneReadingPerFinishedWindow) {
    for (const uint32_t window : {16u, 100u, 1024u})
        for (const uint32_t block : {1u, 7u, 128u}) {
            MeterNode node(window);
            node.prepare({kFs, 128, 1});
            const uint32_t frames = 5000;
            render(node, {std::vector<float>(frames, 0.25f)}, block);
            EXPECT_EQ(node.readingsPublished(), frames / window) << "window " << window << " block " << block;
            MeterReading r;
            ASSERT_TRUE(node.latest(r));
            EXPECT_EQ(r.index, frames / window - 1);
        }
}

TEST(MeterNode, ReadingsDoNotDependOnBlockSplit) {
    const Signal in{test::makeSine(1234.0, kFs, 8 * 256, 0.3), test::makeSine(99.0, kFs, 8 * 256, 0.9)};
    std::vector<std::vector<MeterReading>> all;
    for (const uint32_t block : {1u, 7u, 128u}) {
        MeterNode node(256);
        node.prepare({kFs, 128, 2});
        std::vector<MeterReading> readings;
        render(node, in, block, &readings);
        ASSERT_EQ(readings.size(), 8u);
        all.push_back(readings);
    }
    for (size_t w = 0; w < 8; ++w)
        for (uint32_t c = 0; c < 2; ++c) {
            EXPECT_EQ(all[0][w].peakDb[c], all[1][w].peakDb[c]);
            EXPECT_EQ(all[0][w].peakDb[c], all[2][w].peakDb[c]);
            EXPECT_EQ(all[0][w].rmsDb[c], all[1][w].rmsDb[c]);
            EXPECT_EQ(all[0][w].rmsDb[c], all[2][w].rmsDb[c]);
        }
}

// The readings against an independent reference: each window's peak (max |x|) and its sum of
// squares added frame by frame in one double, in dBFS rounded to float as the node publishes
// them. Seeded noise at levels from 0 to -140 dBFS, with silent stretches and a full-scale
// square, through windows of 16, 1000, 1024 and 4801 frames in blocks of 1, 7, 128 and 1000
// frames (those not longer than the window): every reading equals the reference's.
TEST(MeterNode, ReadingsEqualASerialSumOfSquares) {
    std::mt19937 random(20261207);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    constexpr uint32_t kFrames = 40000;
    Signal in(2, std::vector<float>(kFrames));
    for (uint32_t i = 0; i < kFrames; ++i) {
        const float level = std::pow(10.0f, -static_cast<float>((i / 5000) * 20) / 20.0f);  // 0, -20, … -140 dB
        in[0][i] = (i % 7001 < 300) ? 0.0f : level * noise(random);
        in[1][i] = (i / 3000) % 2 ? ((i / 50) % 2 ? 1.0f : -1.0f) : level * noise(random);
    }
    auto toDb = [](double value, double factor) {
        if (!(value > 0.0)) return MeterNode::kFloorDb;
        const double db = factor * std::log10(value);
        return db < MeterNode::kFloorDb ? MeterNode::kFloorDb : static_cast<float>(db);
    };
    size_t compared = 0, differing = 0;
    for (const uint32_t window : {16u, 1000u, 1024u, 4801u}) {
        std::vector<MeterReading> expected;
        for (uint32_t w = 0; (w + 1) * window <= kFrames; ++w) {
            MeterReading r;
            r.numChannels = 2;
            for (uint32_t c = 0; c < 2; ++c) {
                float peak = 0.0f;
                double sum = 0.0;
                for (uint32_t i = w * window; i < (w + 1) * window; ++i) {
                    peak = std::max(peak, std::fabs(in[c][i]));
                    sum += double{in[c][i]} * double{in[c][i]};
                }
                r.peakDb[c] = toDb(peak, 20.0);
                r.rmsDb[c] = toDb(sum / window, 10.0);
            }
            expected.push_back(r);
        }
        for (const uint32_t block : {1u, 7u, 128u, 1000u}) {
            if (block > window) continue;  // one reading per block is collected
            MeterNode node(window);
            node.prepare({kFs, 4096, 2});
            std::vector<MeterReading> readings;
            render(node, in, block, &readings);
            ASSERT_EQ(readings.size(), expected.size()) << "window " << window << " block " << block;
            for (size_t w = 0; w < readings.size(); ++w)
                for (uint32_t c = 0; c < 2; ++c) {
                    compared += 2;
                    differing += readings[w].peakDb[c] != expected[w].peakDb[c];
                    differing += readings[w].rmsDb[c] != expected[w].rmsDb[c];
                }
        }
    }
    std::cout << "[ MEASURED ] " << compared << " readings against the serial sum, " << differing << " differ\n";
    EXPECT_EQ(differing, 0u);
}

// The avx2 kernel (two channels at once, fused multiply-adds) against the portable one and
// against the test's own lane sums: seeded noise from 0 to -140 dBFS with silent stretches,
// full-scale samples and subnormals, on 1, 2 and 3 channels (3: a pair and a channel alone),
// windows of 16, 100 and 1024 frames, blocks of 1, 7, 33, 128 and 1000 frames. After every block
// each channel's window peak and partial sums are the same bits in both kernels and equal to the
// reference (lane p % 8 of window position p, added in order; the largest |x| so far), and every
// reading is the same.
TEST(MeterNode, KernelsGiveTheSameBitsAsTheLaneSums) {
    if (MeterNode::bestKernel() != MeterNode::Kernel::avx2) GTEST_SKIP() << "the CPU has no AVX2 and FMA";
    std::mt19937 random(20261207);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    constexpr uint32_t kFrames = 9000;
    Signal in(3, std::vector<float>(kFrames));
    for (uint32_t c = 0; c < 3; ++c)
        for (uint32_t i = 0; i < kFrames; ++i) {
            const float level = std::pow(10.0f, -static_cast<float>(((i / 700 + c) % 8) * 20) / 20.0f);
            float v = level * noise(random);
            if ((i + 300 * c) % 2900 < 90) v = 0.0f;
            if (i % 1301 == 5) v = c % 2 ? -1.0f : 1.0f;
            if (i % 997 == 11) v = 1e-40f * noise(random);  // subnormal
            in[c][i] = v;
        }
    size_t blocksCompared = 0, differing = 0;
    for (const uint32_t channels : {1u, 2u, 3u})
        for (const uint32_t window : {16u, 100u, 1024u})
            for (const uint32_t block : {1u, 7u, 33u, 128u, 1000u}) {
                MeterNode portable(window), avx2(window);
                portable.prepare({kFs, 1000, channels});
                avx2.prepare({kFs, 1000, channels});
                ASSERT_TRUE(portable.setKernel(MeterNode::Kernel::portable));
                ASSERT_TRUE(avx2.setKernel(MeterNode::Kernel::avx2));
                ASSERT_EQ(avx2.kernel(), MeterNode::Kernel::avx2);
                const Signal x(in.begin(), in.begin() + channels);
                Signal outA(channels, std::vector<float>(kFrames)), outB = outA;
                std::vector<std::array<double, 8>> sums(channels);
                std::vector<float> peaks(channels, 0.0f);
                for (uint32_t start = 0; start < kFrames; start += block) {
                    const uint32_t n = std::min(block, kFrames - start);
                    for (uint32_t c = 0; c < channels; ++c)
                        for (uint32_t i = start; i < start + n; ++i) {
                            if (i % window == 0) {  // a new window
                                sums[c].fill(0.0);
                                peaks[c] = 0.0f;
                            }
                            sums[c][(i % window) % 8] += double{x[c][i]} * double{x[c][i]};
                            peaks[c] = std::max(peaks[c], std::fabs(x[c][i]));
                        }
                    for (auto [node, out] : {std::pair{&portable, &outA}, std::pair{&avx2, &outB}}) {
                        AudioBlock inBlock, outBlock;
                        inBlock.numChannels = outBlock.numChannels = channels;
                        inBlock.numFrames = outBlock.numFrames = n;
                        for (uint32_t c = 0; c < channels; ++c) {
                            inBlock.channels[c] = const_cast<float*>(x[c].data()) + start;
                            outBlock.channels[c] = (*out)[c].data() + start;
                        }
                        NodeIo io{{&inBlock, 1}, {&outBlock, 1}, n};
                        node->process(io);
                    }
                    const bool windowEnded = (start + n) % window == 0;  // the node has cleared it
                    ++blocksCompared;
                    bool same = true;
                    for (uint32_t c = 0; c < channels; ++c) {
                        same = same && std::memcmp(portable.windowSums(c).data(), avx2.windowSums(c).data(),
                                                   sizeof(double) * 8) == 0;
                        same = same && portable.windowPeak(c) == avx2.windowPeak(c);
                        if (!windowEnded) {
                            same = same && std::memcmp(avx2.windowSums(c).data(), sums[c].data(), sizeof sums[c]) == 0;
                            same = same && avx2.windowPeak(c) == peaks[c];
                        }
                    }
                    MeterReading a, b;
                    if (portable.latest(a) && avx2.latest(b)) {
                        same = same && a.index == b.index;
                        for (uint32_t c = 0; c < channels; ++c)
                            same = same && a.peakDb[c] == b.peakDb[c] && a.rmsDb[c] == b.rmsDb[c];
                    }
                    if (!same) ++differing;
                }
                EXPECT_EQ(portable.readingsPublished(), kFrames / window);
                EXPECT_EQ(avx2.readingsPublished(), kFrames / window);
                EXPECT_EQ(outA, x);  // both pass their input through
                EXPECT_EQ(outB, x);
            }
    std::cout << "[ MEASURED ] " << blocksCompared << " blocks: the kernels' peaks, sums and readings differ after "
              << differing << "\n";
    EXPECT_EQ(differing, 0u);
}

TEST(MeterNode, ControlThreadNeverSeesATornReading) {
    // The audio side publishes a window every 16 frames (one per process call) while a second
    // thread polls; every reading must equal exactly one window's levels on all channels.
    constexpr uint32_t kWindow = 16, kChannels = 4, kWindows = 150000;
    MeterNode node(kWindow);
    node.prepare({kFs, kWindow, kChannels});
    std::atomic<bool> done{false}, started{false};
    std::atomic<uint64_t> consistent{0}, torn{0}, backwards{0};
    std::thread reader([&] {
        started.store(true, std::memory_order_release);
        uint64_t lastIndex = 0;
        MeterReading r;
        while (!done.load(std::memory_order_acquire)) {
            if (!node.latest(r)) continue;
            if (r.index < lastIndex) ++backwards;
            lastIndex = r.index;
            bool ok = r.numChannels == kChannels;
            for (uint32_t c = 0; c < kChannels && ok; ++c) {
                const double expectedDb = 20.0 * std::log10(double{dcLevel(r.index, c)});
                ok = std::abs(r.peakDb[c] - expectedDb) < 1e-3 && std::abs(r.rmsDb[c] - expectedDb) < 1e-3;
            }
            ++(ok ? consistent : torn);
        }
    });
    std::vector<std::vector<float>> buffers(kChannels, std::vector<float>(kWindow));
    AudioBlock block;
    block.numChannels = kChannels;
    block.numFrames = kWindow;
    for (uint32_t c = 0; c < kChannels; ++c) block.channels[c] = buffers[c].data();
    NodeIo io{{&block, 1}, {&block, 1}, kWindow};
    while (!started.load(std::memory_order_acquire)) std::this_thread::yield();
    // At least kWindows windows, and on a busy machine more, until the reader has really raced.
    uint64_t w = 0;
    for (; w < kWindows || (consistent.load() < 1000 && w < 100 * kWindows); ++w) {
        for (uint32_t c = 0; c < kChannels; ++c) std::fill(buffers[c].begin(), buffers[c].end(), dcLevel(w, c));
        node.process(io);
    }
    done.store(true, std::memory_order_release);
    reader.join();
    std::cout << "[ measured ] racing reader: " << consistent << " consistent readings, " << torn << " torn over " << w
              << " windows\n";
    EXPECT_EQ(node.readingsPublished(), w);
    EXPECT_EQ(torn.load(), 0u);
    EXPECT_EQ(backwards.load(), 0u);
    EXPECT_GT(consistent.load(), 100u);  // the reader really ran during the writes
}

TEST(MeterNode, ProcessAllocatesNothing) {
    MeterNode node(100);
    node.prepare({kFs, 128, 2});
    EXPECT_EQ(test::allocationsWhileProcessing(node, 100, [](int) {}), 0u);
    EXPECT_EQ(node.readingsPublished(), 128u);
}
