# expect: WA
# limit: output is bytes: a NUL (and other control bytes) printed on stdout and stderr is judged and stored like any
# other output (PostgreSQL's text refuses NUL; the stored copy shows it as U+FFFD), never a submission stuck in 'running'
import sys
a, b = map(int, input().split())
print("\0" * 3, a + b, "\1\2\x7f")
print("\0 on stderr", file=sys.stderr)
