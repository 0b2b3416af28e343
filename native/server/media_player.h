#pragma once
/// \file media_player.h
/// Media files and tracks played by a running server (POST /api/play {"media": […]} or
/// {"track": {…}}): one extra input of the play engine's InputMixer, fed by this player's thread
/// from disk, one file after another, or rendered from a track (core/track/track_player.h,
/// stereo, rendered at the stream's rate on this thread, not the audio thread).
/// The files must be at the stream's rate (no resampling); mono files feed every channel, files
/// with more channels than the stream drop the extra ones. The ring is filled at most
/// kLeadFrames ahead of the mixer; the audio thread never waits for the player (an empty ring
/// plays silence and, the input having no declared length, counts no underflow).

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "base/status.h"
#include "host/input_mixer.h"
#include "host/sound_file_reader.h"
#include "track/track_player.h"

namespace wavegraph::server {

class MediaPlayer {
public:
    static constexpr uint32_t kRingFrames = 32768;  ///< the input's ring
    static constexpr uint32_t kLeadFrames = 16384;  ///< how far the player keeps ahead of the mixer
    static constexpr uint32_t kBlockFrames = 4096;  ///< frames per read from disk

    ~MediaPlayer();
    /// Adds the input to `mixer` (before the engine is prepared). [control]
    void attach(cli::InputMixer& mixer, uint32_t channels, double sampleRateHz);
    /// Opens every file (errors name the file and, for a wrong rate, both rates), then replaces
    /// what is playing with them, in order. [control]
    Status play(const std::vector<std::filesystem::path>& files, const std::vector<std::string>& names);
    /// Parses and prepares a track (errors name its JSON path, as `wavegraph track`'s), then
    /// replaces what is playing with it. [control] Allocates.
    Status playTrack(std::string_view json);
    /// Where the track playing or played last is: frames rendered into the ring (up to
    /// kLeadFrames ahead of what is heard) and its length.
    struct TrackProgress {
        int64_t positionFrames = 0;  ///< frames rendered so far
        int64_t durationFrames = 0;  ///< the track's length
        double durationSeconds = 0;  ///< the track's length, s
        bool finished = false;       ///< rendered to its end
    };
    /// A snapshot of the track's progress (nullopt: no track), safe against a playTrack or play
    /// on another control thread replacing the track meanwhile. [control]
    std::optional<TrackProgress> trackProgress() const;
    /// Stops feeding (what is in the ring still plays, at most kLeadFrames). [control]
    void stop();
    /// True while a file is being fed. [any]
    bool playing() const noexcept { return playing_.load(std::memory_order_relaxed); }

private:
    /// Reads up to `frames` frames of channels_ planar channels into `out`; 0 at the end.
    using Source = std::function<uint32_t(float* const* out, uint32_t frames)>;
    /// Replaces the feeding thread with one running `body`, and the track with `track` (null
    /// for media files) once the old thread has stopped. [control]
    void restart(std::function<void()> body, std::unique_ptr<TrackPlayer> track);
    /// Feeds `read` into the ring, kLeadFrames ahead of the mixer at most, until it ends or
    /// stop(); false when stopped. [control] player thread
    bool feed(const Source& read);
    void run(std::vector<std::unique_ptr<cli::SoundFileReader>> files);

    cli::InputMixer* mixer_ = nullptr;
    size_t input_ = 0;
    uint32_t channels_ = 0;
    double sampleRateHz_ = 0.0;
    uint64_t fed_ = 0;                    // frames written to the ring so far (player thread)
    std::unique_ptr<TrackPlayer> track_;  // replaced only while no feeding thread runs, under trackMutex_
    mutable std::mutex trackMutex_;       // track_ (the pointer; the player's counters are atomic)
    std::mutex mutex_;                    // play/stop/restart
    std::atomic<bool> stop_{false}, playing_{false};
    std::thread thread_;
};

}  // namespace wavegraph::server
