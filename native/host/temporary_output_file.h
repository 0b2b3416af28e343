#pragma once
/// \file temporary_output_file.h
/// Writes go to a hidden temporary file beside OUT, renamed over OUT only when everything
/// succeeded, so a failed or interrupted render never leaves a partial OUT behind.

#include <string>

#include "base/non_copyable.h"
#include "base/status.h"

namespace wavegraph::cli {

/// A temporary file beside the final path, renamed over it by commit() (see the file comment).
class TemporaryOutputFile : NonCopyable {
public:
    TemporaryOutputFile() = default;
    /// Removes the temporary file unless commit() succeeded.
    ~TemporaryOutputFile();

    /// Creates "<dir of finalPath>/.<name of finalPath>.wavegraph-XXXXXX" (mode 0666 minus the
    /// umask). [control] Error: "cannot create 'dir/out.wav': No such file or directory".
    Status create(const std::string& finalPath);
    /// The open descriptor; the caller takes ownership (and closes it). -1 after the first call.
    int releaseDescriptor() noexcept;
    /// Renames the temporary file to the final path. [control]
    Status commit();
    /// Removes the temporary file now (idempotent). [control]
    void discard() noexcept;

    /// Path of the temporary file (empty before create). [control]
    const std::string& temporaryPath() const noexcept { return temporaryPath_; }

private:
    std::string finalPath_;
    std::string temporaryPath_;
    int descriptor_ = -1;
    bool committed_ = false;
};

}  // namespace wavegraph::cli
