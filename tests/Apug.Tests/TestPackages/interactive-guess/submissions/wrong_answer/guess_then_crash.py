# Prints nonsense, then crashes reading the reply that never comes: the interactor ended first with WA, so WA.
print(50, flush=True)
input()
print("fifty", flush=True)
input()
