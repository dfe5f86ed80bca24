#include <cstdio>
int main(int argc, char **argv) { std::printf("%s %s\n", argv[1], argv[2]); return 0; }
