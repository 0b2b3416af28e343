#include "host/file_feeder.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "host/error_line.h"

namespace wavegraph::cli {

FileFeeder::~FileFeeder() { stop(); }  // [control]

void FileFeeder::attach(InputMixer& mixer, std::vector<SoundFileReader*> readers, uint32_t leadFrames,
                        uint32_t blockFrames) {  // [control]
    mixer_ = &mixer;
    readers_ = std::move(readers);
    fed_.assign(readers_.size(), 0);
    done_.assign(readers_.size(), false);
    leadFrames_ = leadFrames;
    blockFrames_ = std::clamp<uint32_t>(blockFrames, 1, std::max<uint32_t>(leadFrames, 1));
    blocks_.resize(readers_.size());
    for (size_t i = 0; i < readers_.size(); ++i) blocks_[i].resize(readers_[i]->info().channels, blockFrames_);
}

bool FileFeeder::feedInput(size_t i) {  // [control] true while input i has frames left
    SoundFileReader& reader = *readers_[i];
    const auto declared = static_cast<uint64_t>(std::max<int64_t>(reader.info().frames, 0));
    PlanarAudio& block = blocks_[i];
    for (;;) {
        const uint64_t ahead = fed_[i] - std::min(fed_[i], mixer_->consumed(i));
        if (ahead >= leadFrames_) return true;
        const auto want = static_cast<uint32_t>(std::min<uint64_t>(leadFrames_ - ahead, blockFrames_));
        auto pointers = block.pointersFrom(0);
        uint32_t got = 0;
        if (auto status = reader.readPlanar(pointers.data(), want, got); !status) {
            printLine(status.message() + " (input " + std::to_string(i) + " plays silence from frame " +
                      std::to_string(fed_[i]) + ")");
            return false;
        }
        if (got == 0) {
            if (fed_[i] < declared) {
                printLine("cannot read '" + reader.path() + "': it ends at frame " + std::to_string(fed_[i]) +
                          " of the " + std::to_string(declared) + " frames its header declares (cut short); input " +
                          std::to_string(i) + " plays silence from there");
            }
            return false;
        }
        mixer_->ring(i).write(pointers.data(), got);
        fed_[i] += got;
    }
}

bool FileFeeder::feedOnce() {  // [control] true while any file has frames left
    bool more = false;
    for (size_t i = 0; i < readers_.size(); ++i) {
        if (done_[i]) continue;
        if (feedInput(i))
            more = true;
        else
            done_[i] = true;
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
