import sys

name = sys.stdin.readline().strip()
sys.stdout.write("Hello, " + name + "!\n")
