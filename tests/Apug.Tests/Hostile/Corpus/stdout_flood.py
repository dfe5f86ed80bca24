# expect: OLE
# limit: output limit (1 MiB): output cut there, program killed
import sys

line = "spam " * 1000 + "\n"
while True:
    sys.stdout.write(line)
