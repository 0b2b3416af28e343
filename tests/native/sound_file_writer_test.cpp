// SoundFileWriter's float WAV against libsndfile's own sf_writef_float on the same frames: the
// files must be equal byte for byte (the PEAK chunk's timestamp aside), whether SoundFileWriter
// finds the PEAK values itself (a descriptor open for reading and writing) or libsndfile does (a
// write-only one), for 1…5 channels, frame
// counts across several write calls, and samples that test the PEAK chunk's rules (NaN as a
// call's first sample, NaNs elsewhere, ±infinity, -0, equal maxima at two frames, peaks below
// 1e-30 and denormals, which libsndfile's header writes in its own way); and its samplePeak()
// against a scalar std::max over every sample.

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

std::vector<unsigned char> fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Where the PEAK chunk's timestamp is (4 bytes), or 0 when the header has none.
size_t peakTimestampOffset(const std::vector<unsigned char>& bytes) {
    for (size_t at = 12; at + 8 <= bytes.size();) {
        uint32_t size = 0;
        std::memcpy(&size, bytes.data() + at + 4, 4);
        if (std::memcmp(bytes.data() + at, "PEAK", 4) == 0) return at + 12;
        if (std::memcmp(bytes.data() + at, "data", 4) == 0) return 0;
        at += 8 + size + (size & 1);
    }
    return 0;
}

// Writes `calls` (frame counts) of `samples` with libsndfile's sf_writef_float and with
// SoundFileWriter::writeInterleaved; returns the number of bytes that differ outside the timestamp.
size_t differingBytes(const std::vector<float>& samples, uint32_t channels, const std::vector<uint32_t>& calls,
                      int openFlags, size_t& fileSize) {
    const std::string reference = testing::TempDir() + "wavegraph_reference.wav";
    const std::string written = testing::TempDir() + "wavegraph_written.wav";
    SF_INFO info{};
    info.channels = static_cast<int>(channels);
    info.samplerate = 48000;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(reference.c_str(), SFM_WRITE, &info);
    EXPECT_NE(file, nullptr) << sf_strerror(nullptr);
    SoundFileWriter writer;
    const int fd = ::open(written.c_str(), openFlags | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    EXPECT_TRUE(writer.open(fd, written, channels, 48000.0));
    size_t at = 0;
    for (const uint32_t frames : calls) {
        sf_writef_float(file, samples.data() + at, frames);
        EXPECT_TRUE(writer.writeInterleaved(samples.data() + at, frames));
        at += size_t{frames} * channels;
    }
    sf_close(file);
    float expectedPeak = 0.0f;  // std::max ignores a NaN as its second argument
    for (size_t i = 0; i < at; ++i) expectedPeak = std::max(expectedPeak, std::fabs(samples[i]));
    EXPECT_EQ(writer.samplePeak(), expectedPeak);
    const Status closed = writer.close();
    EXPECT_TRUE(closed) << closed.message();
    auto a = fileBytes(reference);
    auto b = fileBytes(written);
    std::remove(reference.c_str());
    std::remove(written.c_str());
    fileSize = b.size();
    if (a.size() != b.size()) return std::max(a.size(), b.size());
    if (const size_t t = peakTimestampOffset(a); t != 0 && t == peakTimestampOffset(b))
        std::memset(a.data() + t, 0, 4), std::memset(b.data() + t, 0, 4);
    size_t differing = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) std::printf("DBG %zu %02x %02x\n", i, a[i], b[i]);
        differing += a[i] != b[i];
    }
    return differing;
}

TEST(SoundFileWriter, WritesTheBytesLibsndfileWrites) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    std::mt19937 rng(19);
    std::uniform_real_distribution<float> level(-0.5f, 0.5f);
    size_t files = 0;
    size_t bytes = 0;
    for (uint32_t channels = 1; channels <= 5; ++channels) {
        const std::vector<uint32_t> calls = {1000, 1, 4096, 17, 3000};
        uint32_t total = 0;
        for (const uint32_t frames : calls) total += frames;
        for (int variant = 0; variant < 6; ++variant) {
            std::vector<float> samples(size_t{total} * channels);
            for (auto& x : samples) x = level(rng);
            if (variant >= 1) {  // the largest magnitude at two frames of a call: the first counts
                samples[size_t{200} * channels] = -0.75f;
                samples[size_t{300} * channels] = 0.75f;
                samples[size_t{1001} * channels + channels - 1] = -0.0f;
            }
            if (variant >= 2) {  // a NaN opening a call hides that channel's call; NaNs elsewhere
                samples[size_t{1001} * channels] = nan;
                samples[size_t{1500} * channels] = 0.9f;
                samples[size_t{5200} * channels + channels - 1] = nan;
                samples[size_t{5300} * channels + channels - 1] = 0.8f;
                samples[size_t{7000} * channels] = nan;
            }
            if (variant == 3) {  // infinities
                samples[size_t{6000} * channels + channels / 2] = -inf;
                samples[size_t{6001} * channels + channels / 2] = inf;
            }
            if (variant == 4)  // peaks libsndfile's header writes as 0 (below 1e-30) and just above
                for (size_t i = 0; i < samples.size(); ++i)
                    samples[i] = (i / channels) % 2 ? 5e-31f * static_cast<float>(i % channels)
                                                    : 2e-30f * static_cast<float>(i % 2);
            if (variant == 5)  // denormals
                for (auto& x : samples) x *= 1e-38f;
            for (const int openFlags : {O_RDWR, O_WRONLY}) {  // peaks found by SoundFileWriter, by libsndfile
                size_t size = 0;
                ASSERT_EQ(differingBytes(samples, channels, calls, openFlags, size), 0u)
                    << channels << " channels, variant " << variant
                    << (openFlags == O_RDWR ? ", O_RDWR" : ", O_WRONLY");
                ++files;
                bytes += size;
            }
        }
    }
    std::printf("files equal to libsndfile's sf_writef_float: %zu (%zu bytes compared)\n", files, bytes);
}

}  // namespace
}  // namespace wavegraph::cli
