#pragma once
/// \file timeline_command.h
/// The AudioParam timeline methods as stdin commands of `wavegraph play` (play_controls.h), one
/// per line, named as in a graph description's `automation` lists (automation_call.h) with the
/// arguments in the order of their JSON keys:
///   setValueAtTime NODE.PARAM VALUE TIME_S
///   linearRampToValueAtTime NODE.PARAM VALUE TIME_S
///   exponentialRampToValueAtTime NODE.PARAM VALUE TIME_S
///   setTargetAtTime NODE.PARAM VALUE TIME_S TIME_CONSTANT_S
///   setValueCurveAtTime NODE.PARAM V1,V2,… TIME_S DURATION_S
///   cancelScheduledValues NODE.PARAM TIME_S
///   cancelAndHoldAtTime NODE.PARAM TIME_S
/// Times are seconds on the engine's clock (frames rendered / sample rate; `status` shows it).

#include <string>
#include <vector>

#include "base/status.h"
#include "session/host_session.h"

namespace wavegraph::cli {

/// True when `verb` is one of the seven method names. [any]
bool isTimelineCommand(const std::string& verb) noexcept;

/// Parses `words` (the method, NODE.PARAM and its arguments), checks them and applies the call
/// to the parameter's timeline in `session` (GraphSession::automate). `ack` describes what was
/// scheduled, e.g. "master.gainDb: linearRampToValueAtTime -20 dB at 2.5 s". Errors name the
/// bad word and what is allowed: "master.gainDb 50 is out of range (-120…24 dB)", "timeSeconds
/// 'soon' is not a number (seconds on the engine's clock)", "linearRampToValueAtTime takes
/// NODE.PARAM value timeSeconds (2 values after NODE.PARAM, 1 given)". [control]
Status applyTimelineCommand(HostSession& session, const std::vector<std::string>& words, std::string& ack);

}  // namespace wavegraph::cli
