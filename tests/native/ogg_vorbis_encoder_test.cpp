// OggVorbisEncoder: a 1 kHz sine encoded as two chained logical streams (as two connections
// send it) decodes with libvorbisfile to two streams of the right length, frequency and level,
// and no page holds more than kMaxPageSeconds of audio.

#include <gtest/gtest.h>
#include <ogg/ogg.h>
#include <vorbis/vorbisfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "host/ogg_vorbis_encoder.h"

namespace wavegraph::cli {
namespace {

constexpr double kRateHz = 48000.0;
constexpr double kPi = 3.14159265358979323846;

struct Memory {
    const std::vector<uint8_t>* bytes;
    size_t at = 0;
};
size_t readMemory(void* to, size_t size, size_t count, void* source) {
    auto* m = static_cast<Memory*>(source);
    const size_t n = std::min(size * count, m->bytes->size() - m->at);
    std::memcpy(to, m->bytes->data() + m->at, n);
    m->at += n;
    return size ? n / size : 0;
}
int seekMemory(void* source, ogg_int64_t offset, int whence) {
    auto* m = static_cast<Memory*>(source);
    const auto base = whence == SEEK_SET   ? 0
                      : whence == SEEK_CUR ? static_cast<int64_t>(m->at)
                                           : static_cast<int64_t>(m->bytes->size());
    if (base + offset < 0 || base + offset > static_cast<int64_t>(m->bytes->size())) return -1;
    m->at = static_cast<size_t>(base + offset);
    return 0;
}
long tellMemory(void* source) { return static_cast<long>(static_cast<Memory*>(source)->at); }

/// Frequency from the mean period between rising zero crossings (interpolated), Hz.
double zeroCrossingFrequencyHz(const std::vector<float>& x, size_t begin, size_t end) {
    double first = -1, last = -1;
    size_t periods = 0;
    for (size_t i = begin + 1; i < end; ++i)
        if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
            const double t = double(i - 1) + -x[i - 1] / (double(x[i]) - x[i - 1]);
            if (first < 0)
                first = t;
            else
                ++periods;
            last = t;
        }
    return periods ? kRateHz * double(periods) / (last - first) : 0.0;
}

TEST(OggVorbisEncoder, TwoChainedStreamsDecodeToTheSine) {
    const uint32_t framesPerStream = 2 * 48000;
    std::vector<float> left(framesPerStream), right(framesPerStream);
    for (uint32_t i = 0; i < framesPerStream; ++i)
        left[i] = right[i] = static_cast<float>(0.5 * std::sin(2.0 * kPi * 1000.0 * i / kRateHz));
    std::vector<uint8_t> bytes;
    OggVorbisEncoder encoder;
    for (int serial : {101, 102}) {
        ASSERT_TRUE(encoder.begin(2, kRateHz, VorbisRate{}, serial, bytes));
        for (uint32_t at = 0; at < framesPerStream; at += 2048) {
            const uint32_t n = std::min<uint32_t>(2048, framesPerStream - at);
            const float* planar[] = {left.data() + at, right.data() + at};
            encoder.encode(planar, n, bytes);
        }
        EXPECT_EQ(encoder.framesEncoded(), framesPerStream);
        encoder.end(bytes);
        EXPECT_FALSE(encoder.active());
    }

    // Page by page: granule steps (audio per page) and the streams' serials.
    ogg_sync_state sync;
    ogg_sync_init(&sync);
    char* buffer = ogg_sync_buffer(&sync, static_cast<long>(bytes.size()));
    std::memcpy(buffer, bytes.data(), bytes.size());
    ogg_sync_wrote(&sync, static_cast<long>(bytes.size()));
    ogg_page page;
    int64_t previousGranule = 0, longestPageFrames = 0;
    int pages = 0, beginnings = 0, ends = 0;
    while (ogg_sync_pageout(&sync, &page) == 1) {
        ++pages;
        if (ogg_page_bos(&page)) beginnings++, previousGranule = 0;
        if (ogg_page_eos(&page)) ++ends;
        const int64_t granule = ogg_page_granulepos(&page);
        if (granule > 0 && !ogg_page_eos(&page)) {
            longestPageFrames = std::max(longestPageFrames, granule - previousGranule);
            previousGranule = granule;
        }
    }
    ogg_sync_clear(&sync);
    std::printf("%zu bytes (%.1f kbit/s), %d pages, longest page %.3f s of audio\n", bytes.size(),
                8.0 * double(bytes.size()) / 4.0 / 1000.0, pages, double(longestPageFrames) / kRateHz);
    EXPECT_EQ(beginnings, 2);
    EXPECT_EQ(ends, 2);
    // A page is closed at the first packet past the limit: at most one Vorbis long block (2048) more.
    EXPECT_LE(longestPageFrames, std::llround(OggVorbisEncoder::kMaxPageSeconds * kRateHz) + 2048);

    Memory memory{&bytes};
    OggVorbis_File file;
    ASSERT_EQ(ov_open_callbacks(&memory, &file, nullptr, 0, {readMemory, seekMemory, nullptr, tellMemory}), 0);
    ASSERT_EQ(ov_streams(&file), 2);
    for (int link = 0; link < 2; ++link) {
        EXPECT_EQ(ov_info(&file, link)->channels, 2);
        EXPECT_EQ(ov_info(&file, link)->rate, 48000);
        EXPECT_EQ(ov_pcm_total(&file, link), framesPerStream);
    }
    std::vector<std::vector<float>> decoded(2);
    for (;;) {
        float** pcm = nullptr;
        int link = 0;
        const long n = ov_read_float(&file, &pcm, 4096, &link);
        if (n <= 0) break;
        for (int c = 0; c < 2; ++c) decoded[c].insert(decoded[c].end(), pcm[c], pcm[c] + n);
    }
    ov_clear(&file);
    ASSERT_EQ(decoded[0].size(), 2u * framesPerStream);
    for (int link = 0; link < 2; ++link) {
        const size_t begin = link * framesPerStream + 4800, end = (link + 1) * framesPerStream - 4800;
        for (int c = 0; c < 2; ++c) {
            double sumSquares = 0;
            for (size_t i = begin; i < end; ++i) sumSquares += double(decoded[c][i]) * decoded[c][i];
            const double rmsDbfs = 10.0 * std::log10(sumSquares / double(end - begin));
            const double frequencyHz = zeroCrossingFrequencyHz(decoded[c], begin, end);
            std::printf("stream %d channel %d: %.4f Hz, %.3f dBFS RMS (sine: 1000 Hz, %.3f dBFS)\n", link, c,
                        frequencyHz, rmsDbfs, 20.0 * std::log10(0.5 / std::sqrt(2.0)));
            EXPECT_NEAR(frequencyHz, 1000.0, 0.01);
            EXPECT_NEAR(rmsDbfs, 20.0 * std::log10(0.5 / std::sqrt(2.0)), 0.2);
        }
    }
}

TEST(OggVorbisEncoder, RefusesWhatVorbisCannotEncode) {
    for (double quality : {-0.2, 1.01, double(NAN)}) {
        const Status status = OggVorbisEncoder::check(2, kRateHz, VorbisRate{quality, 0.0});
        ASSERT_FALSE(status);
        std::printf("quality %g -> %s\n", quality, status.message().c_str());
        EXPECT_NE(status.message().find("out of range (-0.1…1)"), std::string::npos);
    }
    const Status channels = OggVorbisEncoder::check(0, kRateHz, VorbisRate{});
    ASSERT_FALSE(channels);
    EXPECT_NE(channels.message().find("1…255 channels"), std::string::npos);
    EXPECT_TRUE(OggVorbisEncoder::check(1, 44100, VorbisRate{-0.1, 0.0}));
    EXPECT_TRUE(OggVorbisEncoder::check(2, 96000, VorbisRate{1.0, 0.0}));
    for (double kbps : {15.0, 501.0}) {
        const Status status = OggVorbisEncoder::check(2, kRateHz, VorbisRate{0.4, kbps});
        ASSERT_FALSE(status);
        EXPECT_NE(status.message().find("out of range (16…500 kbit/s)"), std::string::npos) << status.message();
    }
}

TEST(OggVorbisEncoder, AverageBitrateIsKept) {
    // 5 s of seeded white noise (±0.5), 48 kHz stereo, at 96 and 192 kbit/s (ABR: an average, no
    // hard limit): the audio pages' bytes per second (headers left out) within 25 % of the asked
    // bitrate, and the higher setting at least 1.5 times the lower one's.
    std::mt19937 random(7);
    std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
    const uint32_t frames = 5 * 48000;
    std::vector<float> left(frames), right(frames);
    for (uint32_t i = 0; i < frames; ++i) left[i] = noise(random), right[i] = noise(random);
    std::vector<double> measured;
    for (double kbps : {96.0, 192.0}) {
        std::vector<uint8_t> bytes;
        OggVorbisEncoder encoder;
        ASSERT_TRUE(encoder.begin(2, kRateHz, VorbisRate{0.4, kbps}, 1, bytes));
        const size_t headerBytes = bytes.size();
        for (uint32_t at = 0; at < frames; at += 4096) {
            const float* planar[] = {left.data() + at, right.data() + at};
            encoder.encode(planar, std::min<uint32_t>(4096, frames - at), bytes);
        }
        encoder.end(bytes);
        const double measuredKbps = 8.0 * double(bytes.size() - headerBytes) / 5.0 / 1000.0;
        std::printf("%g kbit/s asked: %.1f kbit/s measured over 5 s of white noise (headers: %zu bytes)\n", kbps,
                    measuredKbps, headerBytes);
        EXPECT_NEAR(measuredKbps, kbps, 0.25 * kbps);
        measured.push_back(measuredKbps);
    }
    EXPECT_GT(measured[1], 1.5 * measured[0]);
}

}  // namespace
}  // namespace wavegraph::cli
