#include "track/voice_factory.h"

#include "track/binaural_beat_voice.h"
#include "track/isochronic_tone_voice.h"
#include "track/noise_voice.h"
#include "track/sine_voice.h"

namespace wavegraph {

std::unique_ptr<Voice> makeVoice(const VoiceDescription& d, int64_t stepFrames, double sampleRateHz,
                                 uint32_t maxBlockFrames) {  // [control]
    switch (d.synth) {
        case SynthKind::binauralBeat: return std::make_unique<BinauralBeatVoice>(d, stepFrames, sampleRateHz);
        case SynthKind::isochronicTone: return std::make_unique<IsochronicToneVoice>(d, stepFrames, sampleRateHz);
        case SynthKind::sine:
        case SynthKind::sineVarying: return std::make_unique<SineVoice>(d, stepFrames, sampleRateHz);
        case SynthKind::noise:
            return std::make_unique<NoiseVoice>(d.color, d.seed, d.amp, d.pan, stepFrames, sampleRateHz,
                                                maxBlockFrames);
    }
    return nullptr;
}

}  // namespace wavegraph
