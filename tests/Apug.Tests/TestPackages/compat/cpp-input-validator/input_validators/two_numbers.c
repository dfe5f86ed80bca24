/* A single-file C input validator: two integers and nothing else. */
#include <stdio.h>

int main(void) {
    long a, b;
    char rest;
    if (scanf("%ld %ld", &a, &b) != 2) return 43;
    if (scanf(" %c", &rest) == 1) return 43;
    return 42;
}
