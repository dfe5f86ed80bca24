# Keeps going until the chips are gone, even when the moments run out first.
chips = int(input())
moments = input().strip()
eaten = snatched = i = 0
while eaten + snatched < chips:
    if i < len(moments):
        if moments[i] == "E":
            eaten += 1
        else:
            snatched += 1
    i += 1
print(eaten, snatched)
