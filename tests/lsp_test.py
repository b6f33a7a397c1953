#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A scripted JSON-RPC session with `closecheck --lsp`: the leak is published
on open, fixed text clears it on save, malformed messages get JSON-RPC
errors, shutdown/exit ends with status 0.   lsp_test.py CLOSECHECK"""
import json, os, subprocess, sys, tempfile

cc = sys.argv[1]
tmp = tempfile.mkdtemp()
src = os.path.join(tmp, "db.c")
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
FIXED = LEAK.replace("	if (c == EOF)\n		return -1;\n", "")
open(src, "w").write(LEAK)
json.dump([{"directory": tmp, "command": "cc -std=c11 -c db.c", "file": "db.c"}],
          open(os.path.join(tmp, "compile_commands.json"), "w"))
uri = "file://" + src

p = subprocess.Popen([cc, "--lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
passed = failed = 0

def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)

def raw(data):
    p.stdin.write(data)
    p.stdin.flush()

def send(msg):
    body = json.dumps(msg).encode()
    raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

def recv():
    length = None
    while True:
        line = p.stdout.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))

send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": "file://" + tmp, "capabilities": {}}})
r = recv()
check(r["id"] == 1 and r["result"]["capabilities"]["textDocumentSync"]["change"] == 1, "initialize")
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
      {"uri": uri, "languageId": "c", "version": 1, "text": LEAK}}})
r = recv()
check(r["method"] == "textDocument/publishDiagnostics" and r["params"]["uri"] == uri, "publish on open")
d = r["params"]["diagnostics"]
check(len(d) == 1, "one diagnostic: %r" % d)
if d:
    d = d[0]
    check(d["code"] == "leak" and d["severity"] == 2 and d["source"] == "closecheck", "leak diagnostic")
    check(d["range"]["start"] == {"line": 7, "character": 2}, "range: %r" % d["range"])
    check("stream 'f' acquired by 'fopen' at line 3" in d["message"], "message")
    rel = d["relatedInformation"]
    check(len(rel) == 3 and rel[0]["location"]["range"]["start"]["line"] == 2 and
          rel[0]["location"]["uri"] == uri and rel[2]["message"] == "'c == EOF' is true",
          "relatedInformation: %r" % rel)
send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
      "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": FIXED}]}})
send({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": uri}}})
r = recv()
check(r["params"]["diagnostics"] == [], "fixed text clears: %r" % r["params"]["diagnostics"])

# malformed messages
raw(b"Content-Length: 9\r\n\r\n{not json")
r = recv(); check(r["error"]["code"] == -32700 and r["id"] is None, "parse error")
send({"jsonrpc": "2.0", "id": 7, "method": "no/such"})
r = recv(); check(r["id"] == 7 and r["error"]["code"] == -32601, "method not found")
send({"jsonrpc": "2.0", "id": 8, "params": {}})
r = recv(); check(r["id"] == 8 and r["error"]["code"] == -32600, "invalid request")
send([1, 2])
r = recv(); check(r["error"]["code"] == -32600, "not an object")
raw(b"Content-Length: -5\r\n\r\n")
r = recv(); check(r["error"]["code"] == -32700, "negative length")
send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 3}})   # ignored
send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
r = recv(); check(r["params"]["diagnostics"] == [], "close clears")
send({"jsonrpc": "2.0", "id": 9, "method": "shutdown"})
r = recv(); check(r["id"] == 9 and r["result"] is None, "shutdown")
send({"jsonrpc": "2.0", "id": 10, "method": "initialize", "params": {}})
r = recv(); check(r["id"] == 10 and r["error"]["code"] == -32600, "request after shutdown")
send({"jsonrpc": "2.0", "method": "exit"})
check(p.wait(timeout=20) == 0, "exit status 0 after shutdown")

# exit without shutdown: status 1
q = subprocess.run([cc, "--lsp"], input=b'Content-Length: 33\r\n\r\n{"jsonrpc":"2.0","method":"exit"}',
                   capture_output=True, timeout=20)
check(q.returncode == 1, "exit without shutdown")
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
