#pragma once
/// \file interrupt_signal.h
/// Ctrl-C (SIGINT) and SIGTERM as a flag that render and play poll, so they can clean up
/// (remove a half-written file, stop the stream) instead of dying mid-way.

namespace wavegraph::cli {

/// Installs the handlers [control]. The first signal sets the flag; a second one gets the
/// default action (the process ends at once).
void installInterruptHandlers();

/// True once SIGINT or SIGTERM arrived. [any] Lock-free; safe in the audio callback.
bool interruptRequested() noexcept;

/// The signal that arrived (SIGINT, SIGTERM) or 0. [any]
int interruptSignal() noexcept;

}  // namespace wavegraph::cli
