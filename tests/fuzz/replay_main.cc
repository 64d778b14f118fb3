// A main() for the fuzz targets without libFuzzer: runs every file given (or every file in each
// folder given) through LLVMFuzzerTestOneInput once. ctest uses it to replay tests/fuzz/regressions/
// and the seed corpus in the ordinary (sanitizer) build, so a crash, leak or hang that fuzzing once
// found stays fixed. A crash or leak fails through the sanitizers; an input that takes longer than
// GHAPLAY_REPLAY_TIMEOUT seconds (default 5, libFuzzer's -timeout in `make fuzz`) fails here.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  double limit = 5;
  if (const char* env = std::getenv("GHAPLAY_REPLAY_TIMEOUT")) limit = std::atof(env);
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    fs::path path = argv[i];
    if (fs::is_directory(path)) {
      for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else if (fs::is_regular_file(path)) {
      files.push_back(path);
    } else {
      std::fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  int slow = 0;
  double slowest = 0;
  std::string slowest_name;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto start = std::chrono::steady_clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > slowest) slowest = seconds, slowest_name = file.filename().string();
    if (seconds > limit) {
      std::fprintf(stderr, "replay: %s took %.2f s (limit %.1f s)\n", file.c_str(), seconds, limit);
      ++slow;
    }
  }
  std::printf("replay: %zu inputs, slowest %.3f s (%s)\n", files.size(), slowest, slowest_name.c_str());
  return slow == 0 ? 0 : 1;
}
