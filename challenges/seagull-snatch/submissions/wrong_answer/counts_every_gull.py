# Forgets that nothing happens once the chips are gone.
input()
moments = input().strip()
print(moments.count("E"), moments.count("G"))
