#include "host/file_feeder.h"

#include <algorithm>
#include <chrono>

namespace wavegraph::cli {

FileFeeder::~FileFeeder() { stop(); }  // [control]

void FileFeeder::attach(InputMixer& mixer, std::vector<const PlanarAudio*> files, uint32_t leadFrames) {  // [control]
    mixer_ = &mixer;
    files_ = std::move(files);
    fed_.assign(files_.size(), 0);
    leadFrames_ = leadFrames;
}

bool FileFeeder::feedOnce() {  // [control] true while any file has frames left
    bool more = false;
    for (size_t i = 0; i < files_.size(); ++i) {
        const PlanarAudio& file = *files_[i];
        if (fed_[i] >= file.numFrames()) continue;
        more = true;
        const uint64_t ahead = fed_[i] - std::min(fed_[i], mixer_->consumed(i));
        if (ahead >= leadFrames_) continue;
        const auto n = static_cast<uint32_t>(std::min<uint64_t>(leadFrames_ - ahead, file.numFrames() - fed_[i]));
        std::vector<const float*> from(file.numChannels());
        for (uint32_t c = 0; c < file.numChannels(); ++c) from[c] = file.channel(c) + fed_[i];
        mixer_->ring(i).write(from.data(), n);
        fed_[i] += n;
    }
    return more;
}

void FileFeeder::prefill() { feedOnce(); }  // [control]

void FileFeeder::start() {  // [control]
    stop_.store(false);
    thread_ = std::thread([this] {
        while (!stop_.load() && feedOnce()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    });
}

void FileFeeder::stop() {  // [control]
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
}

}  // namespace wavegraph::cli
