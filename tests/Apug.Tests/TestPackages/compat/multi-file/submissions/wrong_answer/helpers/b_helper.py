def wrong(a, b):
    return a * b
