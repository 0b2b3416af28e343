#pragma once
/// \file session_render.h
/// Test helper: renders a mono signal through a prepared GraphSession in fixed-size blocks, in
/// place (input buffer = output buffer), as a host does.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "session/graph_session.h"

namespace wavegraph::test {

/// x rendered through `session` in blocks of `blockFrames` (the last one shorter). [test]
inline std::vector<float> renderMono(GraphSession& session, std::vector<float> x, uint32_t blockFrames) {
    for (size_t start = 0; start < x.size(); start += blockFrames) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(blockFrames, x.size() - start));
        float* channel = x.data() + start;
        session.process(&channel, 1, &channel, n);
    }
    return x;
}

}  // namespace wavegraph::test
