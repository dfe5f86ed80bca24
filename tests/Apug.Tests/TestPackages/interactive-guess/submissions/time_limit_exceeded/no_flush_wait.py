import sys
sys.stdout.write("50\n")  # no flush (and sys.stdin.readline, unlike input(), does not flush stdout): both wait
sys.stdin.readline()
