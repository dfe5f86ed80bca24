import sys

import pairs_lib

print(*pairs_lib.pair(int(sys.argv[1])))
