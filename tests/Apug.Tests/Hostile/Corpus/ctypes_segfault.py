# expect: RTE
# limit: none: a segfault is the program's own run-time error (signal 11)
import ctypes

ctypes.string_at(0)
