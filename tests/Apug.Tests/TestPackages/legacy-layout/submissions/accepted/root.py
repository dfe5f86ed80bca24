print(int(input()) ** 0.5)
print("Done")
