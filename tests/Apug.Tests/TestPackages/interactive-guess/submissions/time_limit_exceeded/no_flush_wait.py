import sys
sys.stdout.write("50\n")  # no flush: both wait for each other
input()
