#include "wav_io.h"

#include <sndfile.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace wavegraph::test {

Audio readAudio(const std::string& path) {
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (file == nullptr) throw std::runtime_error("cannot read " + path + ": " + sf_strerror(nullptr));
    std::vector<float> interleaved(static_cast<size_t>(info.frames) * info.channels);
    const sf_count_t got = sf_readf_float(file, interleaved.data(), info.frames);
    sf_close(file);
    Audio audio;
    audio.sampleRateHz = info.samplerate;
    audio.format = info.format;
    audio.channels.assign(info.channels, std::vector<float>(static_cast<size_t>(got)));
    for (size_t i = 0; i < static_cast<size_t>(got); ++i)
        for (int c = 0; c < info.channels; ++c) audio.channels[c][i] = interleaved[i * info.channels + c];
    return audio;
}

void writeAudio(const std::string& path, const Audio& audio, int format) {
    SF_INFO info{};
    info.samplerate = static_cast<int>(audio.sampleRateHz);
    info.channels = static_cast<int>(audio.channels.size());
    info.format = format != 0 ? format : SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    if (file == nullptr) throw std::runtime_error("cannot write " + path + ": " + sf_strerror(nullptr));
    const size_t channels = audio.channels.size();
    std::vector<float> interleaved(audio.frames() * channels);
    for (size_t i = 0; i < audio.frames(); ++i)
        for (size_t c = 0; c < channels; ++c) interleaved[i * channels + c] = audio.channels[c][i];
    sf_writef_float(file, interleaved.data(), static_cast<sf_count_t>(audio.frames()));
    sf_close(file);
}

std::vector<float> sine(double frequencyHz, double sampleRateHz, size_t frames, double amplitude) {
    std::vector<float> x(frames);
    for (size_t n = 0; n < frames; ++n)
        x[n] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * frequencyHz * n / sampleRateHz));
    return x;
}

double rmsDb(const std::vector<float>& x, size_t start, size_t end) {
    double sum = 0.0;
    for (size_t i = start; i < end; ++i) sum += double{x[i]} * x[i];
    return 10.0 * std::log10(sum / static_cast<double>(end - start));
}

}  // namespace wavegraph::test
