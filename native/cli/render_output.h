#pragma once
/// \file render_output.h
/// The last steps shared by `wavegraph render` and `wavegraph track render`: finishing the output
/// file (written to a temporary file beside OUT, which appears only when everything succeeded),
/// and the peak level in the summary line.

#include <string>

#include "base/status.h"
#include "host/sound_file_writer.h"
#include "host/temporary_output_file.h"

namespace wavegraph::cli {

/// Closes `writer` (flushing the file), then moves `temporary` to its final path; the first
/// failure's status (e.g. "cannot write 'out.wav': No space left on device"). [control]
Status finishOutputFile(SoundFileWriter& writer, TemporaryOutputFile& temporary);

/// A peak level (linear, ≥ 0) as "-3.01 dBFS", or "-inf dBFS (silence)" for 0. [any]
std::string peakDbfsText(float peakLinear);

}  // namespace wavegraph::cli
