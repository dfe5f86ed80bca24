// Accepts any permutation of the answer tokens (C++17, standard library only).
// Usage: validator input_file answer_file feedback_dir [--verbose] < team_output
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {
constexpr int kAccepted = 42;
constexpr int kWrongAnswer = 43;

[[noreturn]] void judge(const std::string& feedback_dir, const std::string& message, int exit_code) {
    std::ofstream(feedback_dir + "/judgemessage.txt") << message << "\n";
    std::exit(exit_code);
}

std::vector<std::string> tokens(std::istream& in) {
    std::vector<std::string> result;
    for (std::string token; in >> token;) result.push_back(token);
    std::sort(result.begin(), result.end());
    return result;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: validator input_file answer_file feedback_dir [--verbose]\n";
        return 1;
    }
    const std::string feedback_dir = argv[3];
    const bool verbose = argc > 4 && std::string(argv[4]) == "--verbose";
    std::ifstream answer_file(argv[2]);
    const auto expected = tokens(answer_file);
    const auto got = tokens(std::cin);
    if (got != expected) {
        judge(feedback_dir, verbose ? "expected " + std::to_string(expected.size()) + " tokens in some order, got " +
                                          std::to_string(got.size()) + " that do not match"
                                    : "not a permutation of the answer",
              kWrongAnswer);
    }
    judge(feedback_dir, "a permutation of the answer", kAccepted);
}
