#pragma once
/// \file voice_factory.h
/// Makes the Voice for a validated VoiceDescription.

#include <cstdint>
#include <memory>

#include "track/track_description.h"
#include "track/voice.h"

namespace wavegraph {

/// The voice for `description` in a step of stepFrames frames. [control] Allocates.
std::unique_ptr<Voice> makeVoice(const VoiceDescription& description, int64_t stepFrames, double sampleRateHz,
                                 uint32_t maxBlockFrames);

}  // namespace wavegraph
