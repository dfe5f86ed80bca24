# Asks too many questions: 1, 2, 3, ... (the interactor stops it after 7).
guess = 1
while input_reply := (print(guess, flush=True) or input()):
    if input_reply == "correct":
        break
    guess += 1
