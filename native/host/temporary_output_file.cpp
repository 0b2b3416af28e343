#include "host/temporary_output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace wavegraph::cli {

namespace {
mode_t defaultFileMode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}
}  // namespace

TemporaryOutputFile::~TemporaryOutputFile() { discard(); }

Status TemporaryOutputFile::create(const std::string& finalPath) {  // [control]
    discard();
    finalPath_ = finalPath;
    const auto slash = finalPath.rfind('/');
    const std::string directory = slash == std::string::npos ? "" : finalPath.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? finalPath : finalPath.substr(slash + 1);
    if (name.empty()) return Status::error("cannot create '" + finalPath + "': it names a directory");
    std::string pattern = directory + "." + name + ".wavegraph-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemp(buffer.data());
    if (fd < 0) return Status::error("cannot create '" + finalPath + "': " + std::strerror(errno));
    ::fchmod(fd, defaultFileMode());
    descriptor_ = fd;
    temporaryPath_ = buffer.data();
    committed_ = false;
    return Status::ok();
}

int TemporaryOutputFile::releaseDescriptor() noexcept {
    const int fd = descriptor_;
    descriptor_ = -1;
    return fd;
}

Status TemporaryOutputFile::commit() {  // [control]
    if (temporaryPath_.empty()) return Status::error("cannot create '" + finalPath_ + "': nothing was written");
    if (std::rename(temporaryPath_.c_str(), finalPath_.c_str()) != 0)
        return Status::error("cannot create '" + finalPath_ + "': " + std::strerror(errno));
    committed_ = true;
    temporaryPath_.clear();
    return Status::ok();
}

void TemporaryOutputFile::discard() noexcept {  // [control]
    if (descriptor_ >= 0) ::close(descriptor_);
    descriptor_ = -1;
    if (!committed_ && !temporaryPath_.empty()) ::unlink(temporaryPath_.c_str());
    temporaryPath_.clear();
}

}  // namespace wavegraph::cli
