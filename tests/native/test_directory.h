#pragma once
// Test-only: a fresh, empty directory per test, removed with its files afterwards.

#include <filesystem>
#include <string>
#include <vector>

namespace wavegraph::test {

class TestDirectory {
public:
    TestDirectory();
    ~TestDirectory();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    /// Names of the entries (hidden ones too), sorted.
    std::vector<std::string> entries() const;

private:
    std::string path_;
};

}  // namespace wavegraph::test
