def pair(n):
    return n, n * n
