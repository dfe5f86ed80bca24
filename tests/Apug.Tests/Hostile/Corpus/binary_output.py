# expect: WA
# limit: none: any bytes may come out (NUL, invalid UTF-8); they are stored and shown safely
import sys

sys.stdout.buffer.write(bytes(range(256)) * 16 + b"\xff\xfe\x00\n")
