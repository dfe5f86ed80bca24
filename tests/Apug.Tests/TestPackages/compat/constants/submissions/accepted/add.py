print(int(input()) + {{FIVE}})
