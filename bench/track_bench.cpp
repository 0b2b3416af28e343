// The track scheduler: rendering a valid 1-hour track (six 10-minute steps: binaural beats with
// linen envelopes, an is_transition glide, an isochronic tone, a sine_varying, a noise voice,
// pink background noise, 5 s equal-power crossfades) at 48 kHz, whole, in blocks of 4096 or
// 128 frames. Counter x_real_time = seconds of audio rendered per second of CPU time (one
// thread; CPU time, not wall time, because the machine is shared).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "track/track_player.h"

namespace {

using namespace wavegraph;

const char* const kHourTrack = R"({
  "global_settings": { "sample_rate": 48000, "crossfade_duration": 5.0, "crossfade_curve": "equal_power" },
  "background_noise": { "type": "pink", "amp": 0.05, "pan": 0.0, "seed": 3 },
  "steps": [
    { "duration": 600, "voices": [
      { "synth_function_name": "binaural_beat", "params": { "amp": 0.4, "base_freq": 200, "beat_freq": 10 },
        "volume_envelope": { "type": "linen", "params": { "fade_in": 10, "fade_out": 0 } } } ] },
    { "duration": 600, "voices": [
      { "synth_function_name": "binaural_beat", "is_transition": true, "params": { "amp": 0.4, "base_freq": 220, "beat_freq": 6 } } ] },
    { "duration": 600, "voices": [
      { "synth_function_name": "binaural_beat", "params": { "amp": 0.3, "base_freq": 220, "beat_freq": 6 } },
      { "synth_function_name": "isochronic_tone", "params": { "amp": 0.2, "base_freq": 330, "beat_freq": 6 } } ] },
    { "duration": 600, "voices": [
      { "synth_function_name": "sine_varying", "params": { "start_freq": 110, "end_freq": 90, "start_amp": 0.2, "end_amp": 0.3 } },
      { "synth_function_name": "noise", "params": { "amp": 0.1, "noise_type": "brown", "seed": 4 } } ] },
    { "duration": 600, "voices": [
      { "synth_function_name": "isochronic_tone", "params": { "amp": 0.3, "base_freq": 250, "beat_freq": 4 },
        "volume_envelope": { "type": "adsr", "params": { "attack": 5, "decay": 5, "sustain_level": 0.8, "release": 10 } } } ] },
    { "duration": 630, "voices": [
      { "synth_function_name": "binaural_beat", "params": { "amp": 0.4, "base_freq": 200, "beat_freq": 10 },
        "volume_envelope": { "type": "linen", "params": { "fade_in": 0, "fade_out": 30 } } } ] }
  ] })";

void BM_TrackRenderHour(benchmark::State& state) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    TrackPlayer player;
    if (auto s = player.load(kHourTrack); !s) {
        state.SkipWithError(s.message().c_str());
        return;
    }
    std::vector<float> left(blockFrames), right(blockFrames);
    float* channels[2] = {left.data(), right.data()};
    double seconds = 0.0;
    for (auto _ : state) {
        state.PauseTiming();
        (void)player.prepare({48000.0, blockFrames, 2});
        state.ResumeTiming();
        const int64_t total = player.durationFrames();
        for (int64_t done = 0; done < total; done += blockFrames) {
            player.process(channels, blockFrames);
            benchmark::DoNotOptimize(left.data());
            benchmark::DoNotOptimize(right.data());
        }
        seconds += player.durationSeconds();
    }
    state.counters["audio_seconds"] = player.durationSeconds();
    state.counters["x_real_time"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TrackRenderHour)->Arg(4096)->Arg(128)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
