// The sample transfers of `wavegraph render` that bypass the page cache against libsndfile's own
// reads and writes of the same files: SoundFileWriter::writeBlock (page-aligned blocks written
// with O_DIRECT, the partial pages carried over or written buffered) gives the bytes libsndfile
// writes itself for 1, 2, 3 and 6 channels, lengths that are and are not multiples of a page, and
// blocks that are not whole pages; SoundFileReader::readBlock (the data chunk read as it is, with
// O_DIRECT) gives the samples libsndfile reads, for data chunks starting 2 bytes into a word
// (an 18-byte fmt chunk), WAVE_FORMAT_EXTENSIBLE, a chunk after the data and a header claiming
// more frames than the file holds; other formats (16-bit, big-endian RIFX) go through libsndfile.
// Whether the page cache was bypassed depends on the file system (printed; TMPDIR on tmpfs may
// refuse): the bytes are compared either way.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "float_wav_bytes.h"
#include "host/direct_file.h"
#include "host/interleaving.h"
#include "host/sound_file_reader.h"
#include "host/sound_file_writer.h"
#include "signal_helpers.h"

namespace wavegraph::cli {
namespace {

std::vector<float> noise(size_t count, uint32_t seed) { return test::uniformNoise(count, seed, 1.0f); }

std::vector<unsigned char> fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct AlignedBlock {
    explicit AlignedBlock(size_t bytes)
        : data(static_cast<unsigned char*>(std::aligned_alloc(kDirectAlignment, bytes))), size(bytes) {}
    ~AlignedBlock() { std::free(data); }
    AlignedBlock(const AlignedBlock&) = delete;
    AlignedBlock& operator=(const AlignedBlock&) = delete;
    unsigned char* data;
    size_t size;
};

// The reference: libsndfile writing the samples itself (float WAV, no PEAK chunk).
void writeWithLibsndfile(const std::string& path, const std::vector<float>& samples, uint32_t channels) {
    SF_INFO info{};
    info.channels = static_cast<int>(channels);
    info.samplerate = 48000;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
    sf_command(file, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
    const sf_count_t frames = static_cast<sf_count_t>(samples.size() / channels);
    if (frames > 0) {
        ASSERT_EQ(sf_writef_float(file, samples.data(), frames), frames);
    }
    ASSERT_EQ(sf_close(file), 0);
}

// The samples written with writeBlock in blocks of blockFrames (each block's bytes before the
// samples filled with 0xA5 first: they must not reach the file), bypassing the page cache when
// `direct` and the file system allows. Returns whether it bypassed it.
bool writeWithBlocks(const std::string& path, const std::vector<float>& samples, uint32_t channels,
                     uint32_t blockFrames, bool direct) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    SoundFileWriter writer;
    EXPECT_TRUE(writer.open(fd, path, channels, 48000.0).isOk());
    const bool bypassed = direct && writer.bypassPageCache(path);
    const size_t frameBytes = size_t{channels} * sizeof(float);
    AlignedBlock block(kDirectAlignment +
                       (size_t{blockFrames} * frameBytes + kDirectAlignment) / kDirectAlignment * kDirectAlignment);
    const size_t frames = samples.size() / channels;
    for (size_t at = 0; at < frames; at += blockFrames) {
        const uint32_t n = static_cast<uint32_t>(std::min<size_t>(blockFrames, frames - at));
        std::memset(block.data, 0xA5, block.size);
        std::memcpy(block.data + writer.blockSampleOffset(), samples.data() + at * channels, n * frameBytes);
        const Status written = writer.writeBlock(block.data, n, 0.0f);
        EXPECT_TRUE(written.isOk()) << written.message();
    }
    const Status closed = writer.close();
    EXPECT_TRUE(closed.isOk()) << closed.message();
    return bypassed;
}

TEST(DirectIo, WrittenBlocksAreTheBytesLibsndfileWrites) {
    const std::string reference = testing::TempDir() + "wavegraph_direct_reference.wav";
    const std::string written = testing::TempDir() + "wavegraph_direct_written.wav";
    size_t files = 0, bypassed = 0, bytes = 0;
    for (const uint32_t channels : {1u, 2u, 3u, 6u}) {
        // 0 frames, within the header's page, across it, a page of samples, blocks ± 1, several blocks.
        for (const uint32_t frames : {0u, 1u, 500u, 1001u, 4096u, 61439u, 61440u, 61441u, 150001u}) {
            const std::vector<float> samples = noise(size_t{frames} * channels, frames * 7 + channels);
            writeWithLibsndfile(reference, samples, channels);
            const std::vector<unsigned char> expected = fileBytes(reference);
            // 61440 frames: whole pages per block; 1000 and 1023: blocks that are not (partly buffered).
            for (const uint32_t blockFrames : {61440u, 1000u, 1023u}) {
                for (const bool direct : {true, false}) {
                    bypassed += writeWithBlocks(written, samples, channels, blockFrames, direct);
                    const std::vector<unsigned char> got = fileBytes(written);
                    ++files;
                    bytes += got.size();
                    ASSERT_EQ(got.size(), expected.size())
                        << channels << " channels, " << frames << " frames, blocks of " << blockFrames;
                    ASSERT_TRUE(got == expected) << channels << " channels, " << frames << " frames, blocks of "
                                                 << blockFrames << (direct ? ", direct" : ", buffered");
                }
            }
        }
    }
    std::printf("%zu files (%zu bytes) equal libsndfile's own, %zu of them written bypassing the page cache\n", files,
                bytes, bypassed);
    std::remove(reference.c_str());
    std::remove(written.c_str());
}

using test::writeFloatWav;

std::vector<float> readWithLibsndfile(const std::string& path) {
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    EXPECT_NE(file, nullptr) << path << ": " << sf_strerror(nullptr);
    if (file == nullptr) return {};
    std::vector<float> samples(static_cast<size_t>(info.frames) * static_cast<size_t>(info.channels));
    EXPECT_EQ(sf_readf_float(file, samples.data(), info.frames), info.frames);
    sf_close(file);
    return samples;
}

// Every frame of `path` through readBlock in blocks of blockFrames, bypassing the page cache when
// `direct` and allowed; `bypassed` tells whether it did.
std::vector<float> readWithBlocks(const std::string& path, uint32_t blockFrames, bool direct, bool& rawFloats,
                                  bool& bypassed) {
    SoundFileReader reader;
    EXPECT_TRUE(reader.open(path).isOk()) << path;
    rawFloats = reader.holdsRawFloats();
    bypassed = direct && reader.bypassPageCache();
    const uint32_t channels = reader.info().channels;
    AlignedBlock block(reader.readBlockBytes(blockFrames));
    std::vector<float> samples;
    for (;;) {
        std::memset(block.data, 0x5A, block.size);
        const unsigned char* at = nullptr;
        uint32_t frames = 0;
        const Status status = reader.readBlock(block.data, block.size, blockFrames, at, frames);
        EXPECT_TRUE(status.isOk()) << status.message();
        if (!status || frames == 0) break;
        EXPECT_GE(at, block.data);
        EXPECT_LE(at + size_t{frames} * channels * 4, block.data + block.size);
        const size_t old = samples.size();
        samples.resize(old + size_t{frames} * channels);
        std::memcpy(samples.data() + old, at, size_t{frames} * channels * 4);
    }
    return samples;
}

TEST(DirectIo, BlocksReadAreTheSamplesLibsndfileReads) {
    const std::string path = testing::TempDir() + "wavegraph_direct_read.wav";
    size_t files = 0, bypassed = 0, samplesCompared = 0;
    struct Layout {
        uint32_t fmtBytes;
        bool listAfterData;
        bool claimsMore;
    };
    for (const Layout layout : {Layout{16, false, false}, Layout{18, false, false}, Layout{40, true, false},
                                Layout{18, true, false}, Layout{18, false, true}}) {
        for (const uint32_t channels : {1u, 2u, 3u}) {
            for (const uint32_t frames : {1u, 1000u, 61441u, 130000u}) {
                const std::vector<float> samples = noise(size_t{frames} * channels, frames + channels * 3);
                writeFloatWav(path, samples, channels, layout.fmtBytes, layout.claimsMore ? frames + 5000u : frames,
                              layout.listAfterData);
                const std::vector<float> expected = readWithLibsndfile(path);
                ASSERT_EQ(expected.size(), samples.size());
                ASSERT_EQ(std::memcmp(expected.data(), samples.data(), samples.size() * 4), 0);
                for (const uint32_t blockFrames : {61440u, 777u}) {
                    for (const bool direct : {true, false}) {
                        bool raw = false, bypassedHere = false;
                        const std::vector<float> got = readWithBlocks(path, blockFrames, direct, raw, bypassedHere);
                        EXPECT_TRUE(raw) << "fmt " << layout.fmtBytes << ", " << channels << " channels";
                        ++files;
                        bypassed += bypassedHere;
                        ASSERT_EQ(got.size(), expected.size())
                            << "fmt " << layout.fmtBytes << ", " << channels << " channels, " << frames << " frames";
                        ASSERT_EQ(std::memcmp(got.data(), expected.data(), got.size() * 4), 0)
                            << "fmt " << layout.fmtBytes << ", " << channels << " channels, " << frames
                            << " frames, blocks of " << blockFrames << (direct ? ", direct" : ", buffered");
                        samplesCompared += got.size();
                    }
                }
            }
        }
    }
    // Not stored as this CPU's floats: read through libsndfile (converted), the same samples.
    for (const int format : {SF_FORMAT_WAV | SF_FORMAT_PCM_16, SF_FORMAT_WAV | SF_FORMAT_FLOAT | SF_ENDIAN_BIG}) {
        const std::vector<float> samples = noise(2 * 70001, 5);
        SF_INFO info{};
        info.channels = 2;
        info.samplerate = 48000;
        info.format = format;
        SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
        ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
        ASSERT_EQ(sf_writef_float(file, samples.data(), 70001), 70001);
        sf_close(file);
        const std::vector<float> expected = readWithLibsndfile(path);
        bool raw = true, bypassedHere = true;
        const std::vector<float> got = readWithBlocks(path, 61440, true, raw, bypassedHere);
        EXPECT_FALSE(raw) << std::hex << format;
        EXPECT_FALSE(bypassedHere) << std::hex << format;
        ASSERT_EQ(got.size(), expected.size());
        EXPECT_EQ(std::memcmp(got.data(), expected.data(), got.size() * 4), 0) << std::hex << format;
        ++files;
    }
    std::printf("%zu reads (%zu samples) equal libsndfile's, %zu of them bypassing the page cache\n", files,
                samplesCompared, bypassed);
    std::remove(path.c_str());
}

TEST(DirectIo, DeinterleavingBytesAtAnyOffsetEqualsDeinterleave) {
    size_t compared = 0;
    for (uint32_t channels = 1; channels <= 5; ++channels) {
        for (const uint32_t frames : {0u, 1u, 3u, 4u, 5u, 8u, 17u, 4099u}) {
            const std::vector<float> samples = noise(size_t{frames} * channels, channels * 100 + frames);
            std::vector<std::vector<float>> expected(channels, std::vector<float>(frames + 1));
            std::vector<float*> expectedPointers;
            for (auto& c : expected) expectedPointers.push_back(c.data());
            deinterleave(samples.data(), channels, frames, expectedPointers.data());
            for (size_t offset = 0; offset < 4; ++offset) {
                std::vector<unsigned char> bytes(offset + samples.size() * 4 + 1);
                if (!samples.empty()) std::memcpy(bytes.data() + offset, samples.data(), samples.size() * 4);
                std::vector<std::vector<float>> got(channels, std::vector<float>(frames + 1, -7.0f));
                std::vector<float*> pointers;
                for (auto& c : got) pointers.push_back(c.data());
                deinterleaveBytes(bytes.data() + offset, channels, frames, pointers.data());
                for (uint32_t c = 0; c < channels; ++c) {
                    ASSERT_EQ(std::memcmp(got[c].data(), expected[c].data(), size_t{frames} * 4), 0)
                        << channels << " channels, " << frames << " frames, offset " << offset;
                    ASSERT_EQ(got[c][frames], -7.0f) << "wrote past the frames";
                }
                compared += samples.size();
            }
        }
    }
    std::printf("samples compared: %zu\n", compared);
}

}  // namespace
}  // namespace wavegraph::cli
