# expect: RTE
# limit: a secret test shows the exception type only when it is one of Python's built-in exceptions, so a class
# named after the input cannot carry secret data out (the team sees "Run-time error: exit code 1")
a, b = map(int, input().split())
Leak = type(f"Answer{a + b}Error", (Exception,), {})
raise Leak("x")
