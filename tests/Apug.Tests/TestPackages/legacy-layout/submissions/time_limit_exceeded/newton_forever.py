n = int(input())
while True:
    pass
