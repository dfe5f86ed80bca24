# submissions.yaml names this file the entry point.
import arith

print(arith.total(map(int, input().split())))
