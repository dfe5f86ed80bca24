# expect: OLE
# limit: output limit (1 MiB) also applies to a single line with no newline
import sys

sys.stdout.write("x" * (8 * 1024 * 1024))
