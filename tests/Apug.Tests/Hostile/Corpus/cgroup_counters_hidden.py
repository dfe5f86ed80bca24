# expect: AC
# limit: the run's namespaces hide /sys/fs/cgroup: no peak, usage or CPU counter of this run or an earlier one
# can be read (memory.max_usage_in_bytes told the last test's peak)
import os

found = []
for root, dirs, files in os.walk("/sys/fs/cgroup"):
    found += [os.path.join(root, f) for f in files]
cgroup = open("/proc/self/cgroup").read()
a, b = map(int, input().split())
print(a + b if not found else f"LEAK: {found[:5]}")
