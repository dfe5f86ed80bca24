// A small strict reader for input validators: exact whitespace, bounded integers, nothing after the end.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

namespace reader {

[[noreturn]] inline void reject(const std::string& why) {
    std::fprintf(stderr, "%s\n", why.c_str());
    std::exit(43);
}

inline void expect(char wanted) {
    int c = std::getchar();
    if (c != wanted) reject(std::string("expected ") + (wanted == '\n' ? "a newline" : "a space") + ", got code " + std::to_string(c));
}

inline long integer(long low, long high) {
    std::string digits;
    int c = std::getchar();
    if (c == '-') { digits += '-'; c = std::getchar(); }
    while (c >= '0' && c <= '9') { digits += static_cast<char>(c); c = std::getchar(); }
    if (c != EOF) std::ungetc(c, stdin);
    if (digits.empty() || digits == "-") reject("expected an integer");
    if (digits.size() > 1 && (digits[0] == '0' || (digits[0] == '-' && digits[1] == '0'))) reject("leading zero in " + digits);
    long value = std::strtol(digits.c_str(), nullptr, 10);
    if (value < low || value > high) reject(digits + " is outside [" + std::to_string(low) + ", " + std::to_string(high) + "]");
    return value;
}

inline void end() {
    if (std::getchar() != EOF) reject("more input after the last line");
    std::exit(42);
}

}  // namespace reader
