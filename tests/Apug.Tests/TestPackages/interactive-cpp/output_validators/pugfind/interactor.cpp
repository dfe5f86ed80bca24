// Interactor of "Find the Pug" (written for Apug Judge's tests): "? x" asks whether door >= x, "! x" answers.
// Usage: interactor input_file answer_file feedback_dir < program_output > program_input
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace {
std::string feedback;

[[noreturn]] void judge(int code, const std::string& message) {
    std::ofstream(feedback + "judgemessage.txt") << message << "\n";
    std::exit(code);
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return 1;
    feedback = argv[3];
    int door = 0, limit = 0;
    std::ifstream(argv[1]) >> door >> limit;
    for (int asked = 0;;) {
        std::string kind;
        long long x;
        if (!(std::cin >> kind >> x)) judge(43, "the program stopped before answering");
        if (kind == "!") judge(x == door ? 42 : 43, x == door ? "found" : "wrong door " + std::to_string(x));
        if (kind != "?") judge(43, "expected ? or !, got " + kind.substr(0, 20));
        if (++asked > limit) judge(43, "too many questions: more than " + std::to_string(limit));
        std::cout << (door >= x ? "yes" : "no") << std::endl;
    }
}
