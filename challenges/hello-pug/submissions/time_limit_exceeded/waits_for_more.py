# Keeps waiting for a second newcomer who never arrives.
name = input().strip()
while True:
    pass
print(f"Hello, {name}!")
