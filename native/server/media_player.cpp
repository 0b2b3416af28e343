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
    auto shared = std::make_shared<std::vector<std::unique_ptr<cli::SoundFileReader>>>(std::move(readers));
    restart([this, shared] { run(std::move(*shared)); }, nullptr);
    return Status::ok();
}

Status MediaPlayer::playTrack(std::string_view json) {  // [control]
    if (mixer_ == nullptr) return Status::error("track: the engine has no media input");
    auto player = std::make_unique<TrackPlayer>();
    if (auto status = player->load(json); !status) return status;
    ProcessSpec spec;
    spec.sampleRateHz = sampleRateHz_;
    spec.numChannels = 2;
    spec.maxBlockFrames = kBlockFrames;
    if (auto status = player->prepare(spec); !status) return status;
    TrackPlayer* track = player.get();
    // The track is stereo; a mono stream takes its left channel, extra stream channels stay silent.
    auto stereo = std::make_shared<cli::PlanarAudio>();
    stereo->resize(2, kBlockFrames);
    const Source read = [this, track, stereo](float* const* out, uint32_t frames) -> uint32_t {
        const int64_t left = track->durationFrames() - track->positionFrames();
        const auto n = static_cast<uint32_t>(std::clamp<int64_t>(left, 0, frames));
        if (n == 0) return 0;
        auto pointers = stereo->pointersFrom(0);
        track->process(pointers.data(), n);
        for (uint32_t c = 0; c < channels_; ++c) {
            if (c < 2)
                std::copy(stereo->channel(c), stereo->channel(c) + n, out[c]);
            else
                std::fill(out[c], out[c] + n, 0.0f);
        }
        return n;
    };
    restart([this, read] { feed(read); }, std::move(player));
    return Status::ok();
}

void MediaPlayer::restart(std::function<void()> body, std::unique_ptr<TrackPlayer> track) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    {
        std::lock_guard<std::mutex> swap(trackMutex_);
        track_.swap(track);
    }
    track.reset();  // the old track, freed outside trackMutex_
    stop_.store(false);
    playing_.store(true);
    thread_ = std::thread([this, body = std::move(body)] {
        body();
        playing_.store(false);
    });
}

std::optional<MediaPlayer::TrackProgress> MediaPlayer::trackProgress() const {  // [control]
    std::lock_guard<std::mutex> lock(trackMutex_);
    if (!track_) return std::nullopt;
    TrackProgress progress;
    progress.positionFrames = track_->positionFrames();
    progress.durationFrames = track_->durationFrames();
    progress.durationSeconds = track_->durationSeconds();
    progress.finished = track_->finished();
    return progress;
}

void MediaPlayer::stop() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    playing_.store(false);
}

bool MediaPlayer::feed(const Source& read) {  // [control] player thread
    // Frames already in the ring are not waited for: start where the mixer is.
    fed_ = std::max(fed_, mixer_->consumed(input_));
    cli::PlanarAudio out;
    out.resize(channels_, kBlockFrames);
    for (;;) {
        if (stop_.load()) return false;
        const uint64_t consumed = mixer_->consumed(input_);
        const uint64_t ahead = fed_ - std::min(fed_, consumed);
        if (ahead >= kLeadFrames) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        const auto want = static_cast<uint32_t>(std::min<uint64_t>(kLeadFrames - ahead, kBlockFrames));
        auto pointers = out.pointersFrom(0);
        const uint32_t got = read(pointers.data(), want);
        if (got == 0) return true;
        mixer_->ring(input_).write(pointers.data(), got);
        fed_ += got;
    }
}

void MediaPlayer::run(std::vector<std::unique_ptr<cli::SoundFileReader>> files) {  // [control] player thread
    for (auto& file : files) {
        const uint32_t fileChannels = std::max<uint32_t>(file->info().channels, 1);
        cli::PlanarAudio in;
        in.resize(fileChannels, kBlockFrames);
        const Source read = [&](float* const* out, uint32_t frames) -> uint32_t {
            auto pointers = in.pointersFrom(0);
            uint32_t got = 0;
            if (!file->readPlanar(pointers.data(), frames, got)) return 0;  // unreadable: next file
            // A mono file feeds every channel; extra file channels are dropped.
            for (uint32_t c = 0; c < channels_; ++c) {
                const float* from = in.channel(std::min(c, fileChannels - 1));
                std::copy(from, from + got, out[c]);
            }
            return got;
        };
        if (!feed(read)) return;
    }
}

}  // namespace wavegraph::server
