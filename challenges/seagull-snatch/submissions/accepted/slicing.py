# Only the first c moments can matter.
chips = int(input())
moments = input().strip()[:chips]
print(moments.count("E"), moments.count("G"))
