# expect: AC
# limit: after the program ends the runner reads only what is already in the pipes (with a deadline), never to
# EOF: a stdout write end kept alive in an unreachable SCM_RIGHTS cycle cannot make it wait (it was a JE)
import array
import os
import socket

a, b = map(int, input().split())
print(a + b, flush=True)
s1, s2 = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
fds = array.array("i", [os.dup(1), s1.fileno(), s2.fileno()])
s1.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
s2.sendmsg([b"y"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
os._exit(0)
