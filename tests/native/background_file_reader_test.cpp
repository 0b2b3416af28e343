// BackgroundFileReader: a float WAV read ahead on the reader's thread (and on the caller's, without
// it) into a BackgroundFileWriter's blocks and written back through them is the same frames bit for
// bit, for block sizes that do and do not divide the length; and a reader destroyed while its
// thread waits for a free block (every block read and not yet processed) stops at once.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "host/background_file_reader.h"
#include "host/background_file_writer.h"
#include "host/sound_file_reader.h"
#include "host/sound_file_writer.h"

namespace wavegraph::cli {
namespace {

constexpr uint32_t kChannels = 2;
constexpr double kRateHz = 48000.0;

// A float WAV of seeded noise (frames × kChannels interleaved samples) at `path`.
std::vector<float> writeNoise(const std::string& path, uint32_t frames, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> level(-0.9f, 0.9f);
    std::vector<float> samples(size_t{frames} * kChannels);
    for (float& x : samples) x = level(rng);
    SoundFileWriter writer;
    EXPECT_TRUE(writer.open(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), path, kChannels, kRateHz).isOk());
    EXPECT_TRUE(writer.writeInterleaved(samples.data(), frames).isOk());
    EXPECT_TRUE(writer.close().isOk());
    return samples;
}

std::vector<float> readAll(const std::string& path) {
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    EXPECT_NE(file, nullptr) << path;
    if (file == nullptr) return {};
    std::vector<float> samples(static_cast<size_t>(info.frames) * static_cast<size_t>(info.channels));
    EXPECT_EQ(sf_readf_float(file, samples.data(), info.frames), info.frames);
    sf_close(file);
    return samples;
}

TEST(BackgroundFileReader, CopiesEveryFrameInOrderThroughTheWritersBlocks) {
    const std::string in = testing::TempDir() + "wavegraph_background_reader_in.wav";
    const std::string out = testing::TempDir() + "wavegraph_background_reader_out.wav";
    const uint32_t frames = 100003;
    const std::vector<float> samples = writeNoise(in, frames, 23);
    for (const bool ownThread : {true, false}) {
        for (const uint32_t blockFrames : {1024u, 4093u, 200000u}) {
            SoundFileReader reader;
            ASSERT_TRUE(reader.open(in).isOk());
            SoundFileWriter writer;
            ASSERT_TRUE(
                writer.open(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), out, kChannels, kRateHz).isOk());
            uint64_t blocks = 0;
            {
                BackgroundFileWriter background(writer, kChannels, blockFrames, 3);
                BackgroundFileReader input(reader, background, blockFrames, ownThread);
                for (;;) {
                    unsigned char* block = nullptr;
                    const unsigned char* in = nullptr;
                    uint32_t got = 0;
                    ASSERT_TRUE(input.next(block, in, got).isOk());
                    ASSERT_NE(block, nullptr);
                    if (got == 0) break;
                    std::memmove(background.samples(block), in, size_t{got} * kChannels * sizeof(float));
                    background.submit(block, got);
                    ++blocks;
                }
                ASSERT_TRUE(background.finish().isOk());
            }
            ASSERT_TRUE(writer.close().isOk());
            const std::vector<float> copy = readAll(out);
            size_t differing = copy.size() == samples.size() ? 0 : samples.size();
            for (size_t i = 0; i < copy.size() && i < samples.size(); ++i)
                differing += std::memcmp(&copy[i], &samples[i], sizeof(float)) != 0;
            std::printf("own thread %d, blocks of %u frames: %llu blocks, %zu of %zu samples differ\n", ownThread,
                        blockFrames, static_cast<unsigned long long>(blocks), differing, samples.size());
            EXPECT_EQ(differing, 0u);
            EXPECT_EQ(blocks, (frames + blockFrames - 1) / blockFrames);
        }
    }
    std::remove(in.c_str());
    std::remove(out.c_str());
}

TEST(BackgroundFileReader, StopsWhileWaitingForAFreeBlock) {
    const std::string in = testing::TempDir() + "wavegraph_background_reader_stop.wav";
    const std::string out = testing::TempDir() + "wavegraph_background_reader_stop_out.wav";
    writeNoise(in, 50000, 29);
    SoundFileReader reader;
    ASSERT_TRUE(reader.open(in).isOk());
    SoundFileWriter writer;
    ASSERT_TRUE(writer.open(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), out, kChannels, kRateHz).isOk());
    BackgroundFileWriter background(writer, kChannels, 1000, 2);
    {
        BackgroundFileReader input(reader, background, 1000, true);
        unsigned char* block = nullptr;
        const unsigned char* in = nullptr;
        uint32_t got = 0;
        ASSERT_TRUE(input.next(block, in, got).isOk());  // the thread now reads the second block and waits for a third
        EXPECT_EQ(got, 1000u);
    }  // returns: the wait for a free block ends
    const unsigned char* afterwards = background.acquire();
    std::printf("reader stopped while waiting; the abandoned writer's acquire() gives %p\n",
                static_cast<const void*>(afterwards));
    EXPECT_EQ(afterwards, nullptr);
    std::remove(in.c_str());
    std::remove(out.c_str());
}

}  // namespace
}  // namespace wavegraph::cli
