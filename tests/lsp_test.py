#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scripted JSON-RPC sessions with `closecheck --lsp` (standard library only).

The leak is published on open with its range, code and path; fixed text
clears it on save; a burst of didChanges is analysed once, after a pause,
from the editor's text; a header is analysed through a unit that includes
it; flags come from the compile database, a named database,
or the fallback flags; parse errors, suppressions and .closecheck.yaml are
honoured; positions are UTF-16; malformed input gets JSON-RPC errors and the
server goes on; shutdown/exit ends with 0, exit alone with 1.  The command
line's options given with --lsp apply (--checks, --warnings-as-errors,
--config, --rules, --baseline); an edited .closecheck.yaml or pack changes
the next analysis; suppression comments silence what they silence on the
command line, no more and no less.  A document that crashes libclang gets
an error and the server goes on.

    lsp_test.py CLOSECHECK
"""
import json
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

CC = sys.argv[1]
TIMEOUT = 60
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def frame(msg):
    body = json.dumps(msg).encode() if not isinstance(msg, bytes) else msg
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """One `closecheck --lsp` process; a thread unframes what it writes."""

    def __init__(self, args=()):
        self.p = subprocess.Popen([CC, "--lsp"] + list(args), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.q = queue.Queue()
        self.junk = b""
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 100

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                if line == b"\r\n":
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                else:               # anything but a header is a protocol error
                    self.junk += line
            self.q.put(json.loads(out.read(length)))

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        self.raw(frame(msg))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.recv()

    def recv(self):
        try:
            return self.q.get(timeout=TIMEOUT)
        except queue.Empty:
            return {"timeout": True}

    def diagnostics(self, uri):
        """The next publishDiagnostics (for uri)."""
        r = self.recv() or {}
        ok = r.get("method") == "textDocument/publishDiagnostics" and \
            r.get("params", {}).get("uri") == uri
        check(ok, "publishDiagnostics for %s: %r" % (uri, r))
        return r.get("params", {}).get("diagnostics", []) if ok else []

    def open(self, path, text, version=1):
        uri = uri_of(path)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "c", "version": version, "text": text}})
        return self.diagnostics(uri)

    def start(self, root):
        self.request("initialize", {"processId": None, "rootUri": uri_of(root),
                                    "capabilities": {}})
        self.notify("initialized", {})

    def save(self, path):
        """didSave: the document is analysed again, now."""
        self.notify("textDocument/didSave", {"textDocument": {"uri": uri_of(path)}})
        return self.diagnostics(uri_of(path))

    def stop(self):
        self.request("shutdown")
        self.notify("exit", {})
        return self.finish(0)

    def finish(self, expect_status):
        self.p.stdin.close()
        status = self.p.wait(timeout=TIMEOUT)
        check(status == expect_status, "exit status %s, expected %s" % (status, expect_status))
        check(self.q.get(timeout=TIMEOUT) is None, "nothing after the end")
        check(self.junk == b"", "only protocol messages on stdout: %r" % self.junk)
        return self.p.stderr.read()


def uri_of(path):
    safe = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~")
    return "file://" + "".join(chr(c) if c in safe else "%%%02X" % c
                               for c in path.encode())


def utf16(s):
    return len(s.encode("utf-16-le")) // 2


LEAK = """#include <stdio.h>
int first_byte(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	if (c == EOF)
		return -1;
	fclose(f);
	return c;
}
"""
FIXED = LEAK.replace("\tif (c == EOF)\n\t\treturn -1;\n", "")
# The leak only exists with -D<NAME>: tells which flags a file was parsed with.
IFDEF = """#include <stdlib.h>
int f(int n) {
	char *p = malloc(8);
#ifdef %s
	if (n)
		return 1;
#endif
	free(p);
	return 0;
}
"""

tmp = os.path.realpath(tempfile.mkdtemp())
# the include map goes to a cache outside the files and outside $HOME
cache = os.path.realpath(tempfile.mkdtemp())
os.environ["XDG_CACHE_HOME"] = cache
try:
    def write(rel, text):
        path = os.path.join(tmp, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    src = write("db.c", LEAK)
    uri = uri_of(src)
    write("compile_commands.json", json.dumps(
        [{"directory": tmp, "command": "cc -std=c11 -c db.c", "file": "db.c"}]))
    # a database outside the file's ancestry, named by compilationDatabase
    other = write("other/c.c", IFDEF % "NAMED_DB")
    write("cdb/compile_commands.json", json.dumps(
        [{"directory": tmp, "command": "cc -DNAMED_DB -c other/c.c", "file": "other/c.c"}]))
    nodb = write("with space/b.c", IFDEF % "FALLBACK")
    conf = write("conf/e.c", LEAK)
    write("conf/.closecheck.yaml", "severity: { leak: error }\n")

    # ---- the main session --------------------------------------------------
    s = Server()
    r = s.request("textDocument/hover", {})
    check(r.get("error", {}).get("code") == -32002, "request before initialize: %r" % r)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "text": LEAK}})  # dropped
    r = s.request("initialize", {
        "processId": None, "rootUri": uri_of(tmp), "capabilities": {},
        "initializationOptions": {"fallbackFlags": ["-DFALLBACK"],
                                  "compilationDatabase": "cdb",
                                  "docBase": "https://example.org/docs/"}})
    caps = r.get("result", {}).get("capabilities", {})
    check(caps.get("textDocumentSync") == {"openClose": True, "change": 1,
                                           "save": {"includeText": False}},
          "initialize capabilities: %r" % r)
    check(r.get("result", {}).get("serverInfo", {}).get("name") == "closecheck", "serverInfo")
    r = s.request("initialize", {})
    check(r.get("error", {}).get("code") == -32600, "second initialize: %r" % r)
    s.notify("initialized", {})

    d = s.open(src, LEAK)
    check(len(d) == 1, "one diagnostic on open: %r" % d)
    d = d[0] if d else {}
    check(d.get("code") == "leak" and d.get("severity") == 2 and d.get("source") == "closecheck",
          "leak diagnostic: %r" % d)
    check(d.get("range") == {"start": {"line": 7, "character": 2},
                             "end": {"line": 7, "character": 8}},
          "range covers 'return': %r" % d.get("range"))
    check(d.get("message") == "stream 'f' acquired by 'fopen' at line 3 is not released on this path",
          "message: %r" % d.get("message"))
    check(d.get("codeDescription") == {"href": "https://example.org/docs/checks/leak.md"},
          "codeDescription: %r" % d.get("codeDescription"))
    rel = d.get("relatedInformation", [])
    check([(x["location"]["uri"], x["location"]["range"]["start"]["line"], x["message"])
           for x in rel] ==
          [(uri, 2, "'f' acquired here by 'fopen'"), (uri, 3, "'f' is non-null"),
           (uri, 6, "'c == EOF' is true")], "relatedInformation: %r" % rel)
    check(rel and rel[0]["location"]["range"] == {"start": {"line": 2, "character": 11},
                                                  "end": {"line": 2, "character": 16}},
          "note range covers 'fopen': %r" % rel[:1])

    # didSave analyses the text at once (the change before it is not
    # analysed on its own: one publish)
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                        "contentChanges": [{"text": FIXED}]})
    s.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    check(s.diagnostics(uri) == [], "fixed text clears the diagnostics")

    # unsaved text wins over the file on disk (which still leaks)
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    check(s.diagnostics(uri) == [], "close clears")
    check(len(s.open(src, FIXED)) == 0, "the editor's text is analysed, not the file")

    # flags: the named database, the fallback flags
    d = s.open(other, IFDEF % "NAMED_DB")
    check([x.get("code") for x in d] == ["leak"], "flags from compilationDatabase: %r" % d)
    d = s.open(nodb, IFDEF % "FALLBACK")
    check([x.get("code") for x in d] == ["leak"], "fallbackFlags (path with a space): %r" % d)
    check(all(x["location"]["uri"] == uri_of(nodb) for x in d[0]["relatedInformation"]) if d else
          False, "related uris are the document's")

    # positions are UTF-16 code units
    pre = "\t\t/* é𝄞 */ "
    wide = write("wide.c", LEAK.replace("\t\treturn -1;\n\tfclose", pre + "return -1;\n\tfclose"))
    d = s.open(wide, open(wide).read())
    check(d and d[0]["range"]["start"] == {"line": 7, "character": utf16(pre)} and
          d[0]["range"]["end"]["character"] == utf16(pre) + 6, "UTF-16 columns: %r" % d[:1])

    # parse errors are errors at their place
    broken = write("broken.c", "int f(void) {\n\treturn 1 +;\n}\n")
    d = s.open(broken, open(broken).read())
    check(len(d) == 1 and d[0]["severity"] == 1 and d[0]["range"]["start"]["line"] == 1 and
          "expected expression" in d[0]["message"], "parse error: %r" % d)

    # an error in a header is shown on the first line, pointing at the header
    hdr = write("inc/bad.h", "int g(void) {\n\treturn 1 +;\n}\n")
    d = s.open(write("inc/user.c", '#include "bad.h"\n'), '#include "bad.h"\nint h(void);\n')
    rel = d[0].get("relatedInformation", [{}]) if d else [{}]
    check(len(d) == 1 and d[0]["severity"] == 1 and
          d[0]["range"]["start"] == {"line": 0, "character": 0} and
          d[0]["message"].startswith(hdr + ":2:") and
          rel[0].get("location", {}).get("uri") == uri_of(hdr) and
          rel[0]["location"]["range"]["start"]["line"] == 1, "error in a header: %r" % d)
    # so is a broken .closecheck.yaml
    write("badconf/.closecheck.yaml", "chekcs: x\n")
    d = s.open(write("badconf/f.c", LEAK), LEAK)
    check(sorted((x["severity"], x.get("code")) for x in d) == [(1, None), (2, "leak")] and
          any("unknown key 'chekcs'" in x["message"] for x in d), "broken configuration: %r" % d)

    # suppressions in the editor's text, and unknown names in them
    sup = LEAK.replace("\t\treturn -1;\n\tfclose", "\t\treturn -1; // closecheck: ignore[leak]\n\tfclose")
    check(s.open(write("sup.c", LEAK), sup) == [], "suppressed in the unsaved text")
    # a 50 MB message (under the 64 MB limit) is read whole and analysed
    big = LEAK + "/*" + "x" * (50 << 20) + "*/\n"
    d = s.open(write("big.c", LEAK), big)
    check([x.get("code") for x in d] == ["leak"], "50 MB message analysed: %r" % d[:2])
    bad = sup.replace("[leak]", "[lek, leak, txn]")
    d = s.open(write("sup2.c", LEAK), bad)
    col = utf16(bad.splitlines()[7].split("lek")[0])
    check([(x["message"], x["range"]["start"]) for x in d] ==
          [("unknown check 'lek' in a closecheck suppression (see --list-checks)",
            {"line": 7, "character": col}),
           ("unknown check 'txn' in a closecheck suppression (see --list-checks)",
            {"line": 7, "character": col + 11})], "unknown check names: %r" % d)
    check(s.open(write("sup3.c", LEAK), LEAK.replace("return -1;\n\tfclose",
          'return -1; const char *s = \"closecheck: ignore\"; (void)s;\n\tfclose')) != [],
          "only comments suppress")

    # .closecheck.yaml: severity
    d = s.open(conf, LEAK)
    check([x.get("severity") for x in d] == [1], "severity from .closecheck.yaml: %r" % d)

    # ---- malformed input -------------------------------------------------
    s.raw(b"Content-Length: 9\r\n\r\n{not json")
    r = s.recv()
    check(r.get("error", {}).get("code") == -32700 and r.get("id", 0) is None, "parse error: %r" % r)
    r = s.request("no/such")
    check(r.get("error", {}).get("code") == -32601 and r["id"] == s.next_id, "method not found: %r" % r)
    r = s.request("$/unknownRequest")
    check(r.get("error", {}).get("code") == -32601, "$/ request: %r" % r)
    s.send({"jsonrpc": "2.0", "id": 8, "params": {}})
    r = s.recv()
    check(r.get("id") == 8 and r.get("error", {}).get("code") == -32600, "no method: %r" % r)
    s.send({"id": 9, "method": "shutdown"})
    r = s.recv()
    check(r.get("id") == 9 and r.get("error", {}).get("code") == -32600, "no jsonrpc: %r" % r)
    s.send({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"})
    r = s.recv()
    check(r.get("id", 0) is None and r.get("error", {}).get("code") == -32600, "bad id: %r" % r)
    s.send({"jsonrpc": "2.0", "id": 10, "method": "shutdown", "params": 5})
    r = s.recv()
    check(r.get("id") == 10 and r.get("error", {}).get("code") == -32602, "bad params: %r" % r)
    for body in ([1, 2], 5, "x", None):
        s.send(json.dumps(body).encode())
        r = s.recv()
        check(r.get("error", {}).get("code") == -32600, "not an object %r: %r" % (body, r))
    s.raw(b"Content-Length: -5\r\n\r\n")
    r = s.recv()
    check(r.get("error", {}).get("code") == -32700, "negative length: %r" % r)
    s.raw(b"Content-Length: 12abc\r\n\r\n")
    r = s.recv()
    check(r.get("error", {}).get("code") == -32700, "length not a number: %r" % r)
    s.raw(b"Content-Type: application/json\r\n\r\n")
    r = s.recv()
    check(r.get("error", {}).get("code") == -32700, "no Content-Length: %r" % r)
    s.raw(b"X" * 5000 + b"\r\n\r\n")
    r = s.recv()
    check(r.get("error", {}).get("code") == -32700, "header line too long: %r" % r)
    # garbage without a line end before a message: the message is still found
    s.raw(b"\x00\xffgarbage{" + frame({"jsonrpc": "2.0", "id": 11, "method": "no/such"}))
    r = s.recv()
    check(r.get("id") == 11, "resynchronised after garbage: %r" % r)
    s.raw(b"content-length: 2\r\n\r\n{}")   # any case; {} has no method
    r = s.recv()
    check(r.get("error", {}).get("code") == -32600, "lower-case header: %r" % r)
    # random bodies: every one answered, never a crash
    rnd = random.Random(5)
    answered = 0
    for i in range(60):
        body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 80)))
        if i % 3 == 0:
            body = json.dumps({"jsonrpc": "2.0", "id": i, "method": "initialize",
                               "params": {"x": "y" * i}})[:rnd.randrange(1, 40)].encode()
        s.send(body)
        r = s.recv()
        answered += r.get("error", {}).get("code") in (-32700, -32600)
    check(answered == 60, "random bodies answered with errors: %d of 60" % answered)
    # notifications: unknown ones, bad params, a response from the client
    s.notify("$/cancelRequest", {"id": 3})
    s.notify("workspace/didChangeConfiguration", {"settings": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": 7})
    s.send({"jsonrpc": "2.0", "id": 1, "result": None})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:1", "text": "x"}})
    s.notify("textDocument/didSave", {"textDocument": {"uri": "file:///no/such/doc.c"}})
    # a change to a document never opened is ignored; closing it clears
    # whatever the editor may show for it
    s.notify("textDocument/didChange", {"textDocument": {"uri": "file:///no/such/doc.c",
                                                          "version": 3},
                                        "contentChanges": [{"text": "int x;"}]})
    s.notify("textDocument/didClose", {"textDocument": {"uri": "file:///no/such/doc.c"}})
    r = s.recv()
    check(r.get("method") == "textDocument/publishDiagnostics" and
          r["params"] == {"uri": "file:///no/such/doc.c", "diagnostics": []},
          "change to an unopened document ignored, its close clears: %r" % r)
    r = s.request("shutdown")
    check(r.get("id") == s.next_id and "result" in r and r["result"] is None,
          "shutdown (no reply to notifications or responses before it): %r" % r)
    r = s.request("initialize", {})
    check(r.get("error", {}).get("code") == -32600, "request after shutdown: %r" % r)
    s.notify("exit", {})
    s.finish(0)

    # ---- docBase: joined with one '/' whether it ends with one or not -------
    for base, want in (("https://example.org/docs", "https://example.org/docs/checks/leak.md"),
                       ("https://example.org/docs//", "https://example.org/docs/checks/leak.md"),
                       (None, None)):
        s = Server()
        opts = {"docBase": base} if base else {}
        s.request("initialize", {"processId": None, "rootUri": uri_of(tmp), "capabilities": {},
                                 "initializationOptions": opts})
        s.notify("initialized", {})
        d = s.open(src, LEAK)
        href = d[0].get("codeDescription", {}).get("href") if d else "no diagnostic"
        if base:
            check(href == want, "codeDescription with docBase %r: %r" % (base, href))
        else:   # the docs next to the program, if it finds them: a local file: URI
            check(href is None or (href.startswith("file:///") and
                                   href.endswith("/checks/leak.md") and "//checks" not in href and
                                   os.path.isfile(href[len("file://"):])),
                  "codeDescription without docBase: %r" % href)
        s.request("shutdown")
        s.notify("exit", {})
        s.finish(0)

    # ---- how sessions end ------------------------------------------------
    exit_only = frame({"jsonrpc": "2.0", "method": "exit"})
    q = subprocess.run([CC, "--lsp"], input=exit_only, capture_output=True, timeout=TIMEOUT)
    check(q.returncode == 1 and q.stdout == b"", "exit without shutdown: %r" % (q,))
    q = subprocess.run([CC, "--lsp"], input=b"", capture_output=True, timeout=TIMEOUT)
    check(q.returncode == 1 and q.stdout == b"", "end of input without shutdown: %r" % (q,))
    q = subprocess.run([CC, "--lsp"], input=b"Content-Length: 100\r\n\r\n{\"jsonrpc\"",
                       capture_output=True, timeout=TIMEOUT)
    check(q.returncode == 1 and q.stdout == b"", "body cut by the end of input: %r" % (q,))
    # a huge length is refused at once; its body would be skipped
    s = Server()
    s.raw(b"Content-Length: 999999999999999\r\n\r\n")
    r = s.recv()
    check(r.get("error", {}).get("code") == -32700, "huge length refused: %r" % r)
    s.finish(1)
    s = Server()
    s.raw(b"Content-Length: 99999999999999999999999\r\n\r\n")
    r = s.recv()
    check(r.get("error", {}).get("code") == -32700, "overflowing length refused: %r" % r)
    s.finish(1)

    # ---- typing: didChange is analysed after a pause, on the editor's text
    s = Server()
    s.request("initialize", {"processId": None, "rootUri": uri_of(tmp), "capabilities": {}})
    s.notify("initialized", {})
    typ = write("typing.c", FIXED)      # the file on disk stays clean
    turi = uri_of(typ)
    check(s.open(typ, FIXED) == [], "typing: clean on open")

    def change(uri, version, text):
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": [{"text": text}]})

    def nothing_more(what, wait=1.0):
        try:
            r = s.q.get(timeout=wait)
        except queue.Empty:
            r = None
        check(r is None, "%s: nothing more is published: %r" % (what, r))

    t0 = time.monotonic()
    for v in range(2, 7):               # a burst of changes; the last one leaks
        change(turi, v, FIXED if v < 6 else LEAK)
    r = s.recv()
    dt = time.monotonic() - t0
    p = r.get("params", {})
    d = p.get("diagnostics", [])
    check(r.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == turi and
          p.get("version") == 6, "one publish for the burst, of the last version: %r" % r)
    check(len(d) == 1 and d[0].get("code") == "leak" and
          d[0]["range"]["start"] == {"line": 7, "character": 2},
          "the leak typed in is shown at its line without a save: %r" % d)
    check(dt >= 0.25, "analysed after the pause, not at once: %.3f s" % dt)
    nothing_more("burst")
    # changes 0.1 s apart keep putting the analysis off: still one, at the end
    t0 = time.monotonic()
    for v in range(7, 12):
        change(turi, v, LEAK if v < 11 else FIXED)
        time.sleep(0.1)
    r = s.recv()
    dt = time.monotonic() - t0
    p = r.get("params", {})
    check(p.get("uri") == turi and p.get("version") == 11 and p.get("diagnostics") == [] and
          dt >= 0.6, "slow typing: one analysis after the last change (%.3f s): %r" % (dt, r))
    nothing_more("slow typing")

    # a header: diagnostics from a unit that includes it, on the header's text
    CLEAN_H = """#include <stdio.h>
static inline int app_first(const char *path) {
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int c = fgetc(f);
	fclose(f);
	return c;
}
"""
    # the leak exists only with the unit's flags: the header alone has none
    LEAK_H = CLEAN_H.replace("\tint c", "#ifdef APP_LEAKS\n\treturn fgetc(f);\n#endif\n\tint c")
    hdr = write("hdr/include/app.h", CLEAN_H)          # clean on disk
    write("hdr/src/u.c", '#include <stdlib.h>\n#include "app.h"\n'
          'int u(const char *p) { return app_first(p); }\n'
          'int own(void) { char *q = malloc(4); return q ? 1 : 0; }\n')
    write("hdr/compile_commands.json", json.dumps(
        [{"directory": tmp + "/hdr", "command": "cc -Iinclude -DAPP_LEAKS -c src/u.c", "file": "src/u.c"}]))
    huri = uri_of(hdr)
    d = s.open(hdr, LEAK_H)
    check(len(d) == 1 and d[0].get("code") == "leak" and
          d[0]["range"]["start"] == {"line": 6, "character": 1} and
          d[0]["message"].startswith("stream 'f' acquired by 'fopen' at line 3"),
          "header: its leak only, from the unit that includes it: %r" % d)
    check(d and d[0]["relatedInformation"][0]["location"]["uri"] == huri,
          "header: the path is in the header: %r" % d[:1])
    change(huri, 2, CLEAN_H)
    check(s.diagnostics(huri) == [], "header: fixed by typing")
    nothing_more("header", 0.5)
    # a header nobody includes: said so, analysed on its own (leaks without flags)
    lone = write("hdr/include/lone.h", CLEAN_H)
    d = s.open(lone, LEAK_H.replace("#ifdef APP_LEAKS", "#ifndef APP_LEAKS"))
    check(sorted((x["severity"], x.get("code"), x["range"]["start"]["line"]) for x in d) ==
          [(2, "leak", 6), (3, None, 0)] and
          any("no unit includes this header" in x["message"] for x in d),
          "header no unit includes: %r" % d)
    r = s.request("shutdown")
    s.notify("exit", {})
    s.finish(0)
    check(not any(n.startswith("includes") for n in os.listdir(tmp)) and
          any(f.startswith("includes-") for f in os.listdir(os.path.join(cache, "closecheck"))),
          "the include map is in the cache, not in the files")

    # ---- the command line's options given with --lsp -----------------------
    def codes(diags):
        return sorted((x.get("code"), x["severity"]) for x in diags)

    opt = write("opts/a.c", LEAK)
    write("opts/compile_commands.json", json.dumps(
        [{"directory": tmp + "/opts", "command": "cc -std=c11 -c a.c", "file": "a.c"}]))
    for args, want, what in (
            (["--checks=-*,double-release"], [], "--checks turns leak off"),
            (["--checks=-*,leak"], [("leak", 2)], "--checks keeps leak"),
            (["-checks=-*", "--checks=leak"], [("leak", 2)], "--checks in order"),
            (["--warnings-as-errors=leak"], [("leak", 1)], "--warnings-as-errors"),
            (["--no-suppress"], [("leak", 2)], "--no-suppress")):
        s = Server(args)
        s.start(tmp)
        text = LEAK.replace("return -1;\n\tfclose", "return -1; // closecheck: ignore\n\tfclose") \
            if "--no-suppress" in args else LEAK
        check(codes(s.open(opt, text)) == want, "%s: %r" % (what, args))
        s.stop()
    # --extra-arg and --removed-arg: the unit's flags, as on the command line
    flag = write("opts/f.c", IFDEF % "EXTRA")
    for args, want, what in ((["--extra-arg=-DEXTRA"], [("leak", 2)], "--extra-arg"),
                             (["--extra-arg=-DEXTRA", "--removed-arg=-DEXTRA"], [("leak", 2)],
                              "--removed-arg drops only the unit's own flags"),
                             ([], [], "no -DEXTRA")):
        s = Server(args)
        s.start(tmp)
        check(codes(s.open(flag, IFDEF % "EXTRA")) == want, "%s: %r" % (what, args))
        s.stop()
    # --report-at-exit, and its key in .closecheck.yaml: what main holds at exit()
    EXITS = "#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n" \
        "\tFILE *f = fopen(\"x\", \"r\");\n\tif (!f)\n\t\treturn 1;\n" \
        "\tif (fgetc(f) < 0)\n\t\texit(1);\n\tfclose(f);\n\treturn 0;\n}\n"
    ex = write("atexit/m.c", EXITS)
    write("atexit/compile_commands.json", json.dumps(
        [{"directory": tmp + "/atexit", "command": "cc -c m.c", "file": "m.c"}]))
    for args, conf, want, what in (
            ([], None, [], "nothing held at exit() is reported by default"),
            (["--report-at-exit"], None, [("leak", 2)], "--report-at-exit with --lsp"),
            ([], "report-at-exit: true\n", [("leak", 2)], "report-at-exit in .closecheck.yaml")):
        if conf:
            write("atexit/.closecheck.yaml", conf)
        s = Server(args)
        s.start(tmp)
        check(codes(s.open(ex, EXITS)) == want, "%s: %r" % (what, args))
        s.stop()
    # --config: one configuration for every file, read again when edited
    fixed = write("opts/fixed.yaml", "severity: { leak: note }\n")
    s = Server(["--config", fixed])
    s.start(tmp)
    check(codes(s.open(opt, LEAK)) == [("leak", 3)], "--config with --lsp")
    write("opts/fixed.yaml", "checks: '-*'\n")
    check(s.save(opt) == [], "--config edited: read again")
    s.stop()
    # --baseline: the findings recorded are not shown, the new ones are
    base = os.path.join(tmp, "opts/base.json")
    q = subprocess.run([CC, "a.c", "--write-baseline", base], cwd=tmp + "/opts",
                       capture_output=True, timeout=TIMEOUT)
    check(q.returncode == 0 and os.path.isfile(base), "baseline written: %r" % (q,))
    s = Server(["--baseline", base, "--srcroot", tmp + "/opts"])
    s.start(tmp + "/opts")
    check(s.open(opt, LEAK) == [], "--baseline: the recorded leak is not shown")
    two = LEAK.replace("\tfclose(f);\n\treturn c;", "\tif (c == 'x')\n\t\treturn 0;\n"
                       "\tfclose(f);\n\treturn c;")
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri_of(opt), "version": 2},
                                        "contentChanges": [{"text": two}]})
    d = s.save(opt)
    check([x["range"]["start"]["line"] for x in d] == [9], "--baseline: the new leak is: %r" % d)
    s.stop()

    # ---- edited configurations and packs are read again --------------------
    POOL = """void *pool_get(int n);
void pool_put(void *p);
int g(int n) {
	void *p = pool_get(n);
	if (!p)
		return -1;
	if (n > 1)
		return 1;
	pool_put(p);
	return 0;
}
"""
    PACK = "pack: pool\nkinds:\n  - name: pool_block\n    noun: block\n" \
        "    acquire: [%s]\n    release: [pool_put]\n"
    pool = write("edit/src/p.c", POOL)
    write("edit/compile_commands.json", json.dumps(
        [{"directory": tmp + "/edit", "command": "cc -c src/p.c", "file": "src/p.c"}]))
    pack = write("edit/mine.yaml", PACK % "pool_get")
    cfg = write("edit/src/.closecheck.yaml", "severity: { leak: error }\n")
    s = Server(["--rules", pack])
    s.start(tmp + "/edit")
    d = s.open(pool, POOL)
    check(codes(d) == [("leak", 1)] and d[0]["message"].startswith("block 'p' acquired by"),
          "--rules pack and .closecheck.yaml: %r" % d)
    write("edit/src/.closecheck.yaml", "severity: { leak: note }\n")
    check(codes(s.save(pool)) == [("leak", 3)], "edited .closecheck.yaml: severity")
    write("edit/src/.closecheck.yaml", "checks: '-*,double-release'\n")
    check(s.save(pool) == [], "edited .closecheck.yaml: checks")
    os.remove(cfg)
    check(codes(s.save(pool)) == [("leak", 2)], "removed .closecheck.yaml")
    write("edit/mine.yaml", PACK % "pool_take")
    check(s.save(pool) == [], "edited pack (--rules): pool_get no longer acquires")
    write("edit/mine.yaml", "pack: pool\nkinds: [\n")
    d = s.save(pool)
    check(len(d) == 1 and d[0]["severity"] == 1 and "mine.yaml:" in d[0]["message"],
          "broken pack: its error is shown: %r" % d)
    d = s.save(pool)
    check(len(d) == 1 and "mine.yaml:" in d[0]["message"], "broken pack: shown again: %r" % d)
    write("edit/mine.yaml", PACK % "pool_get")
    check(codes(s.save(pool)) == [("leak", 2)], "fixed pack: loaded again")
    # a configuration's pack: loaded, reloaded when edited, dropped with it
    write("edit/src/.closecheck.yaml", "rules: [cfgpack.yaml]\n")
    cpack = write("edit/src/cfgpack.yaml", PACK.replace("pool_block", "cfg_block")
                  .replace("pool_put", "cfg_put") % "cfg_get")
    cfgsrc = POOL.replace("pool_", "cfg_")
    other = write("edit/src/q.c", cfgsrc)
    d = s.open(other, cfgsrc)
    check(codes(d) == [("leak", 2)], "pack of .closecheck.yaml: %r" % d)
    write("edit/src/cfgpack.yaml", open(cpack).read().replace("[cfg_get]", "[cfg_other]"))
    check(s.save(other) == [], "edited pack of .closecheck.yaml")
    write("edit/src/cfgpack.yaml", open(cpack).read().replace("[cfg_other]", "[cfg_get]"))
    check(codes(s.save(other)) == [("leak", 2)], "pack of .closecheck.yaml back")
    write("edit/src/.closecheck.yaml", "checks: '*'\n")
    check(s.save(other) == [], "pack dropped from .closecheck.yaml: not used")
    s.stop()

    # ---- suppressions: the same lines silence in the server and on the command line
    LOOP = """#include <stdio.h>
int count(const char **paths, int n) {
	FILE *f = NULL;
	int k = 0;
	for (int i = 0; i < n; i++) {%s
		k++;
		f = fopen(paths[i], "r");%s
		if (!f)
			return -1;
	}
	if (f)
		fclose(f);
	return k;
}
"""
    IGN = " // closecheck: ignore[%s]"
    cases = [
        ("LEAK, at the finding", LEAK.replace("return -1;\n\tfclose", "return -1;" + IGN % "leak" + "\n\tfclose")),
        ("LEAK, the line before", LEAK.replace("\tif (c == EOF)\n", "\tif (c == EOF)" + IGN % "leak" + "\n")),
        ("LEAK, two lines before", LEAK.replace("\tint c = fgetc(f);\n", "\tint c = fgetc(f);" + IGN % "leak" + "\n")),
        ("LEAK, at the acquisition", LEAK.replace('"r");', '"r");' + IGN % "leak")),
        ("LEAK, another check", LEAK.replace('"r");', '"r");' + IGN % "double-release")),
        ("loop, at the loop (the first note)", LOOP % (IGN % "loop-release", "")),
        ("loop, at the acquisition", LOOP % ("", IGN % "loop-release")),
        ("loop, nothing", LOOP % ("", "")),
    ]
    s = Server()
    s.start(tmp)
    for i, (what, text) in enumerate(cases):
        path = write("same/s%d.c" % i, text)
        q = subprocess.run([CC, "--format=gcc", path, "--", "-std=c11"], capture_output=True,
                           text=True, timeout=TIMEOUT)
        cli = sorted((int(l.split(":")[1]), l.rsplit("[", 1)[1].rstrip("]"))
                     for l in q.stdout.splitlines() if ": warning: " in l)
        lsp = sorted((x["range"]["start"]["line"] + 1, x.get("code"))
                     for x in s.open(path, text) if x.get("code"))
        check(cli == lsp, "suppression %s: command line %r, server %r" % (what, cli, lsp))
    check(any(w.startswith("loop, nothing") for w, _ in cases), "cases")
    s.stop()

    # ---- the other units' stored summaries ------------------------------------
    # A wrapper in b.c of a wrapper of fopen() in c.c is an acquirer in a.c
    # once a run of the command line has stored the units' summaries and
    # the rounds of the chains in the cache (the server reads them again
    # after a save); without them it is unknown.
    write("prog/c.c", "#include <stdio.h>\n"
          "FILE *raw_open(const char *path) { return fopen(path, \"a\"); }\n")
    write("prog/b.c", "#include <stdio.h>\nFILE *raw_open(const char *path);\n"
          "FILE *log_open(const char *path) { return raw_open(path); }\n"
          "void log_close(FILE *f) { fclose(f); }\n")
    prog_a = "#include <stdio.h>\nFILE *log_open(const char *path);\nvoid log_close(FILE *f);\n" \
             "int leaky(const char *path, int quiet) {\n\tFILE *f = log_open(path);\n" \
             "\tif (!f)\n\t\treturn -1;\n\tif (quiet)\n\t\treturn 0;\n" \
             "\tlog_close(f);\n\treturn 1;\n}\n"
    a = write("prog/a.c", prog_a)
    write("prog/compile_commands.json", json.dumps(
        [{"directory": os.path.join(tmp, "prog"), "arguments": ["cc", "-c", f], "file": f}
         for f in ("a.c", "b.c", "c.c")]))
    # the cache does not trust a file newer than its parse by 50 ms: these
    # were written just now
    old_time = time.time() - 5
    for f in ("a.c", "b.c", "c.c"):
        os.utime(os.path.join(tmp, "prog", f), (old_time, old_time))
    s = Server()
    s.start(os.path.join(tmp, "prog"))
    d = s.open(a, prog_a)
    check(d == [], "nothing stored: log_open() is unknown: %r" % d)
    q = subprocess.run([CC, "-q", "-p", os.path.join(tmp, "prog")], capture_output=True,
                       text=True, timeout=TIMEOUT)
    check("a.c:9:3: warning: stream 'f' acquired by 'log_open' at line 5" in q.stdout,
          "the command line sees the wrapper: %r" % q.stdout)
    d = s.save(a)
    check([(x["range"]["start"]["line"], x.get("code")) for x in d] == [(8, "leak")] and
          "acquired by 'log_open' at line 5" in d[0]["message"],
          "after a run stored b.c's summaries: the leak: %r" % d)
    # while typing, the table read at the save is used (the release now
    # happens on every path: no finding)
    fixed = prog_a.replace("\tif (quiet)\n\t\treturn 0;\n", "")
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri_of(a), "version": 2},
                                        "contentChanges": [{"text": fixed}]})
    d = s.diagnostics(uri_of(a))
    check(d == [], "the fixed text: no finding: %r" % d)
    s.stop()

    # ---- the other documents' summaries, without any run of the command line --
    # b.c open and saved in the editor: its wrapper is an acquirer in a.c's
    # next analysis; saved again without the acquisition, it is not.
    wrap_b = "#include <stdio.h>\nFILE *cfg_open(const char *p) { return fopen(p, \"r\"); }\n"
    bare_b = "#include <stdio.h>\nFILE *cfg_open(const char *p) { (void)p; return stdin; }\n"
    b2 = write("prog2/b.c", wrap_b)
    a2_text = "#include <stdio.h>\nFILE *cfg_open(const char *p);\n" \
              "int peek(const char *p) {\n\tFILE *f = cfg_open(p);\n\tif (!f)\n\t\treturn -1;\n" \
              "\tint c = fgetc(f);\n\tif (c == EOF)\n\t\treturn -1;\n\tfclose(f);\n\treturn c;\n}\n"
    a2 = write("prog2/a.c", a2_text)
    write("prog2/compile_commands.json", json.dumps(
        [{"directory": os.path.join(tmp, "prog2"), "arguments": ["cc", "-c", f], "file": f}
         for f in ("a.c", "b.c")]))
    s = Server()
    s.start(os.path.join(tmp, "prog2"))
    d = s.open(a2, a2_text)
    check(d == [], "b.c not open: cfg_open() is unknown: %r" % d)
    check(s.open(b2, wrap_b) == [], "b.c: nothing to report")
    d = s.save(a2)
    check([(x["range"]["start"]["line"], x.get("code")) for x in d] == [(8, "leak")] and
          "acquired by 'cfg_open' at line 4" in d[0]["message"],
          "b.c open: its wrapper acquires in a.c: %r" % d)
    with open(b2, "w") as f:
        f.write(bare_b)
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri_of(b2), "version": 2},
                                        "contentChanges": [{"text": bare_b}]})
    s.save(b2)
    d = s.save(a2)
    check(d == [], "b.c saved without the acquisition: nothing in a.c: %r" % d)
    s.stop()

    # ---- documents that crash libclang ----------------------------------------
    # Each analysis runs in a child process: a crash is a diagnostic of the
    # document, and the server goes on with the next one.
    s = Server()
    s.start(tmp)
    n = 100000
    deep_text = "int f(void) { return " + "(" * n + "1" + ")" * n + "; }\n"
    deep = write("crash/deep.c", deep_text)
    d = s.open(deep, deep_text)
    # a signal, or under a sanitizer (which reports the fault) an exit status
    check(any(("closecheck crashed while analysing this file (signal 11: segmentation fault)"
               in x["message"] or "closecheck's worker for this file stopped with exit status 1"
               in x["message"]) and x.get("severity") == 1 for x in d),
          "crash: an error on the document: %r" % d[:3])
    ifs_text = "int g(int x) {\n" + "if (x) {\n" * 8000 + "x++;\n" + "}\n" * 8000 + "return x;\n}\n"
    ifs = write("crash/ifs.c", ifs_text)
    s.open(ifs, ifs_text)
    leak = write("crash/leak.c", LEAK)
    d = s.open(leak, LEAK)
    check([x.get("code") for x in d] == ["leak"], "after a crash: the leak: %r" % d)
    s.stop()
finally:
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
