// SoundFileWriter's float WAV read back by libsndfile: the same frames bit for bit (NaN, ±infinity,
// -0, values below 1e-30 and denormals included) for 1…5 channels over several write calls, a
// header without a PEAK chunk, and samplePeak() against a scalar std::max over every sample.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "host/sound_file_writer.h"

namespace wavegraph::cli {
namespace {

// The ids of the RIFF chunks before the samples ("fmt ", "fact", "PAD ", …).
std::vector<std::string> chunksBeforeData(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<std::string> ids;
    for (size_t at = 12; at + 8 <= bytes.size();) {
        ids.emplace_back(reinterpret_cast<const char*>(bytes.data() + at), 4);
        if (ids.back() == "data") break;
        uint32_t size = 0;
        std::memcpy(&size, bytes.data() + at + 4, 4);
        at += 8 + size + (size & 1);
    }
    return ids;
}

TEST(SoundFileWriter, LibsndfileReadsBackTheSamplesBitForBitWithoutAPeakChunk) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const std::string path = testing::TempDir() + "wavegraph_sound_file_writer.wav";
    std::mt19937 rng(19);
    std::uniform_real_distribution<float> level(-0.5f, 0.5f);
    const std::vector<uint32_t> calls = {1000, 1, 4096, 17, 3000};
    uint32_t total = 0;
    for (const uint32_t frames : calls) total += frames;
    size_t files = 0;
    for (uint32_t channels = 1; channels <= 5; ++channels) {
        for (int variant = 0; variant < 4; ++variant) {
            std::vector<float> samples(size_t{total} * channels);
            for (auto& x : samples) x = level(rng);
            if (variant == 1) {  // NaN, ±infinity, -0
                samples[size_t{1001} * channels] = nan;
                samples[size_t{6000} * channels + channels / 2] = -inf;
                samples[size_t{6001} * channels + channels / 2] = inf;
                samples[size_t{7000} * channels + channels - 1] = -0.0f;
            }
            if (variant == 2)  // below 1e-30
                for (size_t i = 0; i < samples.size(); ++i) samples[i] = 5e-31f * static_cast<float>(i % 7);
            if (variant == 3)  // denormals
                for (auto& x : samples) x *= 1e-38f;

            SoundFileWriter writer;
            const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            ASSERT_TRUE(writer.open(fd, path, channels, 48000.0));
            size_t at = 0;
            for (const uint32_t frames : calls) {
                ASSERT_TRUE(writer.writeInterleaved(samples.data() + at, frames));
                at += size_t{frames} * channels;
            }
            float expectedPeak = 0.0f;  // std::max ignores a NaN as its second argument
            for (const float x : samples) expectedPeak = std::max(expectedPeak, std::fabs(x));
            EXPECT_EQ(writer.samplePeak(), expectedPeak) << channels << " channels, variant " << variant;
            const Status closed = writer.close();
            ASSERT_TRUE(closed) << closed.message();

            SF_INFO info{};
            SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
            ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
            EXPECT_EQ(info.channels, static_cast<int>(channels));
            EXPECT_EQ(info.samplerate, 48000);
            EXPECT_EQ(info.format, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
            ASSERT_EQ(info.frames, static_cast<sf_count_t>(total));
            std::vector<float> readBack(samples.size());
            EXPECT_EQ(sf_readf_float(file, readBack.data(), total), static_cast<sf_count_t>(total));
            sf_close(file);
            EXPECT_EQ(std::memcmp(readBack.data(), samples.data(), samples.size() * sizeof(float)), 0)
                << channels << " channels, variant " << variant;
            const auto ids = chunksBeforeData(path);
            EXPECT_EQ(std::count(ids.begin(), ids.end(), "PEAK"), 0);
            EXPECT_EQ(ids.back(), "data");
            ++files;
        }
    }
    std::remove(path.c_str());
    std::printf("files read back bit for bit, without a PEAK chunk: %zu\n", files);
}

}  // namespace
}  // namespace wavegraph::cli
