# Assumes there is a moment for every chip.
chips = int(input())
moments = input().strip()
eaten = sum(1 for i in range(chips) if moments[i] == "E")
print(eaten, chips - eaten)
