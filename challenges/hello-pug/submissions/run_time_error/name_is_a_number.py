# Thinks the input is a ticket number: int() fails on a name.
ticket = int(input())
print(f"Hello, {ticket}!")
