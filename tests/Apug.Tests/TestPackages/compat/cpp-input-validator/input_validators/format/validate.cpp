// Checks "a b\n" with |a|, |b| <= max (default 1000; the secret data passes --max 100).
#include <cstring>
#include <string>
#include "reader.h"

int main(int argc, char** argv) {
    long max = 1000;
    for (int i = 1; i + 1 < argc; i++)
        if (std::strcmp(argv[i], "--max") == 0) max = std::stol(argv[i + 1]);
    reader::integer(-max, max);
    reader::expect(' ');
    reader::integer(-max, max);
    reader::expect('\n');
    reader::end();
}
