#include "server/media_player.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "host/planar_audio.h"

namespace wavegraph::server {

MediaPlayer::~MediaPlayer() { stop(); }  // [control]

void MediaPlayer::attach(cli::InputMixer& mixer, uint32_t channels, double sampleRateHz) {  // [control]
    mixer_ = &mixer;
    channels_ = channels;
    sampleRateHz_ = sampleRateHz;
    input_ = mixer.addInput(channels, kRingFrames, 0.0, 0);
}

Status MediaPlayer::play(const std::vector<std::filesystem::path>& files,
                         const std::vector<std::string>& names) {  // [control]
    if (mixer_ == nullptr) return Status::error("media: the engine has no media input");
    std::vector<std::unique_ptr<cli::SoundFileReader>> readers;
    for (size_t i = 0; i < files.size(); ++i) {
        auto reader = std::make_unique<cli::SoundFileReader>();
        const std::string name = "media[" + std::to_string(i) + "] '" + names[i] + "'";
        if (auto status = reader->open(files[i].string()); !status)
            return Status::error(name + ": cannot be read (" + status.message() + ")");
        if (reader->info().sampleRateHz != sampleRateHz_)
            return Status::error(name + ": " + std::to_string(std::lround(reader->info().sampleRateHz)) +
                                 " Hz, the stream runs at " + std::to_string(std::lround(sampleRateHz_)) +
                                 " Hz (serve does not resample: convert with sox first)");
        readers.push_back(std::move(reader));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    stop_.store(false);
    playing_.store(true);
    thread_ = std::thread([this, r = std::move(readers)]() mutable { run(std::move(r)); });
    return Status::ok();
}

void MediaPlayer::stop() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    playing_.store(false);
}

void MediaPlayer::run(std::vector<std::unique_ptr<cli::SoundFileReader>> files) {  // [control] player thread
    cli::PlanarAudio out;
    out.resize(channels_, kBlockFrames);
    // Frames already in the ring are not waited for: start where the mixer is.
    fed_ = std::max(fed_, mixer_->consumed(input_));
    for (auto& file : files) {
        const uint32_t fileChannels = std::max<uint32_t>(file->info().channels, 1);
        cli::PlanarAudio in;
        in.resize(fileChannels, kBlockFrames);
        for (;;) {
            if (stop_.load()) return;
            const uint64_t consumed = mixer_->consumed(input_);
            const uint64_t ahead = fed_ - std::min(fed_, consumed);
            if (ahead >= kLeadFrames) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                continue;
            }
            const auto want = static_cast<uint32_t>(std::min<uint64_t>(kLeadFrames - ahead, kBlockFrames));
            auto pointers = in.pointersFrom(0);
            uint32_t got = 0;
            if (!file->readPlanar(pointers.data(), want, got) || got == 0) break;  // end (or unreadable): next file
            for (uint32_t c = 0; c < channels_; ++c)
                std::copy(in.channel(std::min(c, fileChannels - 1)), in.channel(std::min(c, fileChannels - 1)) + got,
                          out.channel(c));
            auto outPointers = out.pointersFrom(0);
            mixer_->ring(input_).write(outPointers.data(), got);
            fed_ += got;
        }
    }
    playing_.store(false);
}

}  // namespace wavegraph::server
