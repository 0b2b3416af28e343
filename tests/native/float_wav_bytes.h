#pragma once
// Float WAV files written byte by byte, independently of libsndfile, for tests that need header
// layouts libsndfile does not write itself (an 18-byte fmt chunk, as sox writes, which puts the
// samples 2 bytes into a 4-byte word; WAVE_FORMAT_EXTENSIBLE; a chunk after the data; a data chunk
// claiming more frames than the file holds).

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace wavegraph::test {

/// Writes `path`: RIFF, a fmt chunk of fmtBytes (16; 18 with cbSize 0; or 40 for
/// WAVE_FORMAT_EXTENSIBLE), 48 kHz 32-bit float, a fact chunk, a data chunk declaring
/// declaredFrames, `interleaved` (frames × channels samples) and, when listAfterData, a LIST
/// chunk after the samples. [any]
inline void writeFloatWav(const std::string& path, const std::vector<float>& interleaved, uint32_t channels,
                          uint32_t fmtBytes, uint64_t declaredFrames, bool listAfterData) {
    std::string out;
    auto put32 = [&](uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
    };
    auto put16 = [&](uint32_t v) {
        out.push_back(static_cast<char>(v));
        out.push_back(static_cast<char>(v >> 8));
    };
    auto tag = [&](const char* id) { out.append(id, 4); };
    const uint32_t frames = static_cast<uint32_t>(interleaved.size() / channels);
    tag("RIFF");
    put32(0);  // patched below
    tag("WAVE");
    tag("fmt ");
    put32(fmtBytes);
    put16(fmtBytes == 40 ? 0xFFFE : 3);
    put16(channels);
    put32(48000);
    put32(48000 * 4 * channels);
    put16(4 * channels);
    put16(32);
    if (fmtBytes >= 18) put16(fmtBytes == 40 ? 22 : 0);
    if (fmtBytes == 40) {
        put16(32);
        put32(0);  // no channel mask
        const char floatGuid[16] = {0x03,       0x00, 0x00, 0x00,       0x00, 0x00, 0x10,       0x00,
                                    char(0x80), 0x00, 0x00, char(0xAA), 0x00, 0x38, char(0x9B), 0x71};
        out.append(floatGuid, 16);
    }
    tag("fact");
    put32(4);
    put32(frames);
    tag("data");
    put32(static_cast<uint32_t>(declaredFrames * 4 * channels));
    const size_t at = out.size();
    out.resize(at + interleaved.size() * 4);
    if (!interleaved.empty()) std::memcpy(out.data() + at, interleaved.data(), interleaved.size() * 4);
    if (listAfterData) {
        tag("LIST");
        put32(12);
        tag("INFO");
        tag("ICMT");
        put32(0);
    }
    const uint32_t riff = static_cast<uint32_t>(out.size() - 8);
    std::memcpy(out.data() + 4, &riff, 4);
    std::ofstream(path, std::ios::binary) << out;
}

}  // namespace wavegraph::test
