"""Interactor of the guessing game (written for Apug Judge's tests): input_file holds the secret number and the guess limit."""
import sys

input_file, answer_file, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
secret, limit = map(int, open(input_file).read().split())


def judge(code, message):
    with open(feedback + "judgemessage.txt", "w") as f:
        f.write(message + "\n")
    sys.exit(code)


for guess_number in range(1, limit + 1):
    line = sys.stdin.readline(64)  # a bounded read: a flooding program cannot make the interactor run out of memory
    if not line:
        judge(43, f"the program stopped after {guess_number - 1} guesses without finding the number")
    try:
        guess = int(line)
    except ValueError:
        judge(43, f"guess {guess_number}: {line.strip()[:40]!r} is not a whole number")
    if guess == secret:
        print("correct", flush=True)
        rest = sys.stdin.read(64)
        if rest.strip():
            judge(43, f"printed {rest.strip()[:20]!r} after the number was found")
        judge(42, f"found {secret} in {guess_number} guesses")
    print("lower" if guess > secret else "higher", flush=True)
judge(43, f"too many questions: {limit} guesses without finding {secret}")
