#!/usr/bin/env python3
"""Apug Judge from the terminal: register a team, list the challenges, submit and watch each test's result arrive.

    python3 submit.py --register "Pug Life" Ada Grace      # registers and saves the team's token
    python3 submit.py --list                               # the challenges
    python3 submit.py --challenge hello-pug solution.py    # submits and shows each test as it is judged
    python3 submit.py --challenge hello-pug --samples solution.py   # runs the samples here first
    python3 submit.py --challenge hello-pug --language pypy3 solution.py

The server is the one this file was downloaded from; --server URL picks another. The token is kept in
~/.config/apug/ (one file per server, readable by you only). Exit status: 0 when accepted, 1 for any other
verdict (or a failing sample), 2 for usage and connection errors. Python's standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SERVER = "__APUG_SERVER__"  # filled in by the server that serves this file
VERDICTS = {
    "AC": "Accepted",
    "WA": "Wrong answer",
    "TLE": "Time limit exceeded",
    "MLE": "Memory limit exceeded",
    "RTE": "Run-time error",
    "OLE": "Output limit exceeded",
    "CE": "Compile error",
    "JE": "Judge error (the judge failed, not you: the organisers can see why)",
}


class Failure(Exception):
    """A problem to report on one line, with the exit status to leave with."""

    def __init__(self, message, status=2):
        super().__init__(message)
        self.status = status


def main(argv=None):
    parser = argparse.ArgumentParser(prog="submit.py", description="Submit Python solutions to Apug Judge.")
    parser.add_argument("--server", help="the judge's address (default: %(default)s)", default=SERVER)
    parser.add_argument("--register", nargs="+", metavar=("TEAM", "MEMBER"), help="register a team: its name, then its members")
    parser.add_argument("--list", action="store_true", help="list the challenges")
    parser.add_argument("--challenge", metavar="ID", help="the challenge the file solves")
    parser.add_argument("--language", help="python3 or pypy3 (default: the server's)")
    parser.add_argument("--samples", action="store_true", help="run the challenge's samples here before submitting")
    parser.add_argument("file", nargs="?", help="your solution")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:
        return 2 if exit.code else 0
    try:
        server = normalise_server(args.server)
        if args.register:
            if len(args.register) < 2:
                raise Failure('Give the team name and at least one member: --register "Pug Life" Ada Grace')
            return register(server, args.register[0], args.register[1:])
        if args.list:
            return list_challenges(server)
        if not args.challenge or not args.file:
            parser.print_usage(sys.stderr)
            raise Failure("Say what to submit: --challenge ID solution.py (or --list, or --register).")
        return submit(server, args.challenge, args.file, args.language, args.samples)
    except Failure as failure:
        print(f"submit.py: {failure}", file=sys.stderr)
        return failure.status
    except KeyboardInterrupt:
        print("\nsubmit.py: stopped (a submission already sent is still judged; see the web page).", file=sys.stderr)
        return 2


def normalise_server(server):
    if not server or server.startswith("__APUG"):
        raise Failure("Which judge? Give --server http://HOST:PORT (or download submit.py from the judge itself).")
    if not re.match(r"^https?://", server):
        server = "http://" + server
    return server.rstrip("/")


# ---- talking to the judge ----

def request(server, method, path, body=None, token=None, timeout=30):
    """JSON in and out; an RFC 7807 problem from the server becomes a Failure with its message."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(server + path, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            text = response.read().decode("utf-8")
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        raise Failure(problem_message(error, token)) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise Failure(f"Cannot reach the judge at {server}: {reason}. Check the address (--server) and your network.") from None


def problem_message(error, token):
    try:
        problem = json.loads(error.read().decode("utf-8"))
    except (ValueError, OSError):
        problem = {}
    detail = problem.get("detail") or problem.get("title") or error.reason
    lines = [f"{detail} (HTTP {error.code})"]
    for field, messages in (problem.get("errors") or {}).items():
        for message in messages:
            lines.append(f"  {field}: {message}")
    if error.code == 401 and token:
        lines.append("  Your saved token is not valid on this server: register again with --register.")
    if error.code == 429 and error.headers.get("Retry-After"):
        lines.append(f"  Try again in {error.headers['Retry-After']} s.")
    return "\n".join(lines)


# ---- the saved token ----

def token_path(server):
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", urllib.parse.urlsplit(server).netloc + urllib.parse.urlsplit(server).path).strip("_")
    return os.path.join(base, "apug", (name or "server") + ".json")


def save_token(server, team):
    path = token_path(server)
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    # Created readable by the user only: the token is the team's password.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump({"server": server, "team": team["name"], "teamId": team["id"], "token": team["token"]}, file)
    os.chmod(path, 0o600)
    return path


def load_token(server):
    path = token_path(server)
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)["token"]
    except FileNotFoundError:
        raise Failure(f'No team registered with {server} from this account yet: run python3 submit.py --register "Team name" Member1 Member2') from None
    except (ValueError, KeyError, OSError) as error:
        raise Failure(f"The saved token {path} cannot be read ({error}); register again with --register.") from None


# ---- commands ----

def register(server, name, members):
    team = request(server, "POST", "/api/teams", {"name": name, "members": members})
    path = save_token(server, team)
    print(f"Registered team {team['name']} ({', '.join(team['members'])}).")
    print(f"Token saved in {path} (only you can read it).")
    return 0


def list_challenges(server):
    challenges = request(server, "GET", "/api/challenges")
    if not challenges:
        print("No challenges are loaded on this server.")
        return 0
    width = max(len(c["id"]) for c in challenges)
    for c in challenges:
        limits = c["limits"]
        kind = "scoring" if c.get("type") == "Scoring" else "pass-fail"
        print(f"{c['id']:<{width}}  {c['name']}  ({kind}, {limits['timeLimitSeconds']:g} s, {limits['memoryMiB']} MiB, "
              f"{c['sampleCount']} sample(s), {c['testCount']} test(s))")
    return 0


def read_source(path):
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise Failure(f"Cannot read {path}: {error.strerror}.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Failure(f"{path} is not UTF-8 text; save it as UTF-8 and submit again.") from None


def tokens(text):
    return text.split()


def run_samples(server, challenge, source_path):
    """Runs each sample with this Python, as the default validator compares (tokens; numbers as written)."""
    detail = request(server, "GET", "/api/challenges/" + urllib.parse.quote(challenge, safe=""))
    limit = float(detail["limits"]["timeLimitSeconds"])
    failed = 0
    for sample in detail["samples"]:
        try:
            run = subprocess.run([sys.executable, source_path], input=sample["input"].encode("utf-8"), capture_output=True,
                                 timeout=max(1.0, limit * 2 + 1))
            output = run.stdout.decode("utf-8", "replace")
            if run.returncode != 0:
                verdict, why = "RTE", (run.stderr.decode("utf-8", "replace").strip().splitlines() or ["exit status %d" % run.returncode])[-1]
            elif tokens(output) != tokens(sample["output"]):
                verdict, why = "WA", f"expected {sample['output'].strip()!r}, got {output.strip()!r}"
            else:
                verdict, why = "AC", ""
        except subprocess.TimeoutExpired:
            verdict, why = "TLE", f"still running after {limit * 2 + 1:g} s"
        failed += verdict != "AC"
        print(f"  {sample['name']:<14} {verdict:<3} {why}".rstrip())
    return failed


def submit(server, challenge, path, language, samples):
    source = read_source(path)
    token = load_token(server)
    if samples:
        print(f"Running the samples of {challenge} here:")
        failed = run_samples(server, challenge, path)
        if failed:
            print(f"{failed} sample(s) failed here: not submitted. Fix them, or submit without --samples.")
            return 1
    body = {"challengeId": challenge, "source": source}
    if language:
        body["language"] = language  # only when asked: servers without languages keep working
    accepted = request(server, "POST", "/api/submissions", body, token)
    submission_id = accepted["id"]
    print(f"Submitted {os.path.basename(path)} to {challenge}: {submission_id}")
    shown = set()
    try:
        follow_events(server, submission_id, token, shown)
    except Failure:
        raise
    except Exception:  # the stream broke (a proxy, an old server): polling still gets the verdict
        pass
    view = wait_for_verdict(server, submission_id, token)
    return report(view, shown)


def follow_events(server, submission_id, token, shown):
    """Server-sent events of the submission: each test as it is judged, until the verdict."""
    req = urllib.request.Request(f"{server}/api/submissions/{submission_id}/events")
    req.add_header("Accept", "text/event-stream")
    req.add_header("Authorization", "Bearer " + token)
    try:
        response = urllib.request.urlopen(req, timeout=300)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return  # a server without the stream: poll instead
        raise Failure(problem_message(error, token)) from None
    with response:
        event, data = None, []
        for raw in response:
            line = raw.decode("utf-8").rstrip("\r\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif line == "" and data:
                payload = json.loads("\n".join(data))
                if event == "started":
                    print(f"Judging {payload['testCount']} test(s)...")
                elif event == "test":
                    print_test(payload, payload.get("testCount"))
                    shown.add(payload["ordinal"])
                elif event == "judged":
                    return
                event, data = None, []


def wait_for_verdict(server, submission_id, token):
    deadline = time.monotonic() + 600
    while True:
        view = request(server, "GET", f"/api/submissions/{submission_id}", token=token)
        if view["status"] == "judged":
            return view
        if time.monotonic() > deadline:
            raise Failure(f"No verdict after 10 minutes; the submission {submission_id} is still {view['status']}. Check the web page later.")
        time.sleep(1)


def print_test(test, count=None):
    where = test["name"] if test.get("isSample") else "secret"
    number = str(test["ordinal"] + 1).rjust(len(str(count or "")))
    total = f"/{count}" if count else ""
    message = f"  {test['message']}" if test.get("message") and test["verdict"] != "AC" else ""
    # A secret test's memory is shown only when the organisers allow it (Apug:Feedback:ShowMemory).
    memory = f"{test['memoryKb'] // 1024:>4} MiB" if test.get("memoryKb") is not None else "       "
    print(f"  test {number}{total} {where:<14} {test['verdict']:<3} {test['cpuMs']:>5} ms {memory}{message}")


def report(view, shown):
    tests = view.get("tests") or []
    for ordinal, test in enumerate(tests):
        if ordinal not in shown:
            print_test(dict(test, ordinal=ordinal), len(tests))
    verdict = view.get("verdict") or "JE"
    line = f"Verdict: {verdict} ({VERDICTS.get(verdict, verdict)})"
    if view.get("score") is not None:
        line += f", score {view['score']:g}"
    print(line)
    if view.get("message"):
        print(view["message"])
    for test in tests:
        sample = test.get("sample")
        if sample and test["verdict"] != "AC":
            print(f"--- sample {test['name']}: input")
            print(sample["input"].rstrip("\n"))
            print("--- expected")
            print(sample["expected"].rstrip("\n"))
            print("--- your output")
            print((sample.get("output") or "").rstrip("\n"))
            if sample.get("stderr"):
                print("--- stderr")
                print(sample["stderr"].rstrip("\n"))
            break
    return 0 if verdict == "AC" else 1


if __name__ == "__main__":
    sys.exit(main())
