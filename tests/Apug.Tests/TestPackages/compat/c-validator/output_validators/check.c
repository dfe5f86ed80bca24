#include <stdio.h>
int main(int argc, char **argv) {
  long answer, team;
  FILE *f = fopen(argv[2], "r");
  if (!f || fscanf(f, "%ld", &answer) != 1) return 1;
  if (scanf("%ld", &team) != 1) return 43;
  return team == answer ? 42 : 43;
}
