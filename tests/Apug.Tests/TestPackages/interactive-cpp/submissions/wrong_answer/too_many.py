# Walks up from door 1 in steps of 100, then door by door: far more than 10 questions.
door = 1
while True:
    print("?", door + 1, flush=True)
    if input() == "no":
        break
    door += 1
print("!", door, flush=True)
