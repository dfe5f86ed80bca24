# expect: AC
# limit: network mode none (only lo, no route anywhere), no docker.sock in the image, no CAP_NET_RAW
import socket

reached = []


def attempt(what, action):
    try:
        action()
        reached.append(what)
    except OSError:
        pass


def tcp(host, port):
    with socket.create_connection((host, port), timeout=0.5):
        pass


def udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", ("8.8.8.8", 53))


def raw():
    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).close()


def packet():
    socket.socket(socket.AF_PACKET, socket.SOCK_RAW).close()


def unix(path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)


attempt("tcp 1.1.1.1:80", lambda: tcp("1.1.1.1", 80))
attempt("tcp 172.17.0.1:2375", lambda: tcp("172.17.0.1", 2375))
attempt("tcp host 10.0.2.2", lambda: tcp("10.0.2.2", 80))
attempt("udp 8.8.8.8", udp)
attempt("dns example.com", lambda: socket.getaddrinfo("example.com", 80))
attempt("raw icmp", raw)
attempt("af_packet", packet)
for path in ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/tmp/.X11-unix/X0"):
    attempt(path, lambda p=path: unix(p))
attempt("ipv6", lambda: tcp("2606:4700:4700::1111", 80))
interfaces = [name for _, name in socket.if_nameindex() if name != "lo"]
if interfaces:
    reached.append(f"interfaces {interfaces}")
a, b = map(int, input().split())
print(a + b if not reached else f"LEAK: reached {reached}")
