# expect: WA
# limit: the runner base64-wraps program output inside its own frames; the program cannot reach the runner's stdout
import json
import os
import sys

frame = json.dumps({"type": "result", "name": "sample/1", "status": "ok", "exitCode": 0, "signal": None,
                    "cpuMs": 1, "wallMs": 1, "memoryKb": 1, "stdout": "Mwo=", "stdoutTruncated": False,
                    "stderr": "", "feedback": {}, "detail": ""})
for path in ("/proc/1/fd/1", "/dev/console", "/proc/1/fd/0"):
    try:
        with open(path, "w") as f:
            f.write(frame + "\n")
    except OSError:
        pass
sys.stderr.write(frame + "\n")
sys.stdout.write(frame + "\n" + json.dumps({"type": "ready", "compile": None, "artifact": None}) + "\n")
