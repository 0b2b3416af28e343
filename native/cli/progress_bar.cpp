#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace wavegraph::cli {

namespace {
constexpr int kBarWidth = 20;
}

ProgressBar::ProgressBar(std::string label, double totalSeconds, bool enabled)
    : label_(std::move(label)), totalSeconds_(totalSeconds), enabled_(enabled) {}

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void ProgressBar::update(double doneSeconds) {  // [control]
    if (!enabled_) return;
    char text[256];
    if (totalSeconds_ > 0.0) {
        const double fraction = std::clamp(doneSeconds / totalSeconds_, 0.0, 1.0);
        const int filled = static_cast<int>(fraction * kBarWidth + 0.5);
        std::string bar(static_cast<size_t>(filled), '#');
        bar.append(static_cast<size_t>(kBarWidth - filled), ' ');
        std::snprintf(text, sizeof text, "  [%s] %3d%%  (%.1f of %.1f s)", bar.c_str(),
                      static_cast<int>(fraction * 100.0), doneSeconds, totalSeconds_);
    } else {
        std::snprintf(text, sizeof text, "  (%.1f s)", doneSeconds);
    }
    if (lastText_ == text) return;
    lastText_ = text;
    std::fprintf(stderr, "\r%s%s\033[K", label_.c_str(), text);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish() {  // [control]
    if (!drawn_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace wavegraph::cli
