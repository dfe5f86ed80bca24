# Forgets the comma, so "Hello" never matches the answer's "Hello,".
name = input().strip()
print(f"Hello {name}!")
