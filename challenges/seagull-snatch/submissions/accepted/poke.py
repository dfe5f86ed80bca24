chips = int(input())
eaten = snatched = 0
for moment in input().strip():
    if eaten + snatched == chips:
        break
    if moment == "E":
        eaten += 1
    else:
        snatched += 1
print(eaten, snatched)
