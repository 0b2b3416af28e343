#pragma once
/// \file progress_bar.h
/// A one-line progress bar redrawn in place on stderr, e.g.
/// "rendering Front_Center.wav  [##########          ] 52%  (0.7 of 1.4 s)".
/// Disabled (draws nothing) unless stderr is a terminal, so logs and pipes stay clean.

#include <string>

namespace wavegraph::cli {

class ProgressBar {
public:
    /// label: e.g. "rendering Front_Center.wav"; totalSeconds ≤ 0 means unknown length.
    /// enabled: draw at all (callers pass stderrIsTerminal()). [control]
    ProgressBar(std::string label, double totalSeconds, bool enabled);
    ~ProgressBar();

    /// Redraws when the shown percentage (or tenth of a second) changed. [control]
    void update(double doneSeconds);
    /// Erases the bar so the next line starts clean (idempotent). [control]
    void finish();

    /// Whether stderr is a terminal (isatty). [control]
    static bool stderrIsTerminal();

private:
    std::string label_;
    double totalSeconds_;
    bool enabled_;
    bool drawn_ = false;
    std::string lastText_;
};

}  // namespace wavegraph::cli
