import os
import sys

# Accepts any permutation of the answer tokens.
# Usage: validator.py input_file answer_file feedback_dir [arguments] < team_output
ACCEPTED, WRONG_ANSWER = 42, 43


def judge(feedback_dir, message, exit_code):
    with open(os.path.join(feedback_dir, "judgemessage.txt"), "w") as feedback:
        feedback.write(message + "\n")
    sys.exit(exit_code)


def main():
    _input_file, answer_file, feedback_dir = sys.argv[1:4]
    with open(answer_file) as answer:
        expected = sorted(answer.read().split())
    got = sys.stdin.read().split()
    if len(got) != len(expected):
        judge(feedback_dir, f"expected {len(expected)} numbers, got {len(got)}", WRONG_ANSWER)
    if sorted(got) != expected:
        judge(feedback_dir, "the output is not a permutation of the answer", WRONG_ANSWER)
    judge(feedback_dir, "a permutation of the answer", ACCEPTED)


main()
