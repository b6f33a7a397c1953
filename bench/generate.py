#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generated C programs for the analyzer's bounds (issue 9 part 5, issue 11).

    bench/generate.py OUTDIR [--seed N] [--random K] [--lines N] [--shuffle]
                      [--only NAME,...]

Writes into OUTDIR, deterministically for a seed (python3, stdlib only):

  random-NN.c     K programs over the modelled APIs (malloc/free, fopen/fclose,
                  open/close, PQconnectdb/PQfinish, PQexec/PQclear,
                  sqlite3_prepare_v2/finalize, pthread_mutex_lock/unlock) in
                  random control flow: a few functions with dozens of handles,
                  nested loops, switches, gotos, early returns, aliases, struct
                  fields and ownership flags, about --lines lines each
  base.c          the includes alone: the floor every file pays
  long.c          one function of 50,000 statements (--long-statements)
  deep.c          500-deep nesting (needs -fbracket-depth=1024 or more)
  handles.c       one function with 300 handles and 200 branches
  many.c          2,000 functions in one file
  switch.c        a 200-case switch with gotos

With --series, the series instead (bench/bench.sh --series): each file one
function of the shapes above at one size, the sizes of issue 12's bench:

  statements-N.c  N statements (long.c's), N = 10, 100, 1000, 10000
  handles-N.c     N handles and 2N branches (handles.c's), N = 1, 10, 100
  nesting-N.c     N-deep nesting (deep.c's), N = 1, 10, 50

With --shuffle each file also comes as NAME.shuf.c: the same functions (the
same text) in another order, so findings can be compared per function.
Each function's text depends only on the seed, the file and its index, never
on the order it is written in.
"""
import argparse
import os
import random

HEADER = """\
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <libpq-fe.h>
#include <sqlite3.h>

extern int cond(int);
extern void use(const void *);
extern pthread_mutex_t mu[8];
extern sqlite3 *db;
struct holder { char *buf; FILE *fp; int fd; PGconn *conn; PGresult *res; sqlite3_stmt *st; };
"""

# kind: C type, initial value, acquire (x = expr), failure test, release
KINDS = {
    "mem":  ("char *", "NULL", "{v} = malloc({n});", "!{v}", "free({v});"),
    "file": ("FILE *", "NULL", '{v} = fopen("f{n}", "r");', "!{v}", "fclose({v});"),
    "fd":   ("int ", "-1", '{v} = open("p{n}", O_RDONLY);', "{v} < 0", "close({v});"),
    "conn": ("PGconn *", "NULL", '{v} = PQconnectdb("dbname=d{n}");', "!{v}", "PQfinish({v});"),
    "res":  ("PGresult *", "NULL", '{v} = PQexec(gconn, "SELECT {n}");', "!{v}", "PQclear({v});"),
    "stmt": ("sqlite3_stmt *", "NULL", '(void)sqlite3_prepare_v2(db, "SELECT {n}", -1, &{v}, NULL);',
             "!{v}", "sqlite3_finalize({v});"),
}
FIELD = {"mem": "buf", "file": "fp", "fd": "fd", "conn": "conn", "res": "res", "stmt": "st"}


class Fn:
    """One random function: handles, then a random body, then a cleanup label."""

    def __init__(self, rng, name, nhandles, budget):
        self.rng, self.name, self.budget = rng, name, budget
        self.h = [(f"h{i}", rng.choice(list(KINDS))) for i in range(nhandles)]
        self.lines, self.flags, self.depth, self.tmp = [], 0, 1, 0
        self.locked = False

    def emit(self, s):
        self.lines.append("\t" * self.depth + s)
        self.budget -= 1

    def acquire(self, v, k, n):
        t, init, acq, fail, rel = KINDS[k]
        self.emit(acq.format(v=v, n=n))
        r = self.rng.random()
        if r < 0.5:
            self.emit(f"if ({fail.format(v=v)}) goto out;")
        elif r < 0.7:
            self.emit(f"if ({fail.format(v=v)}) return -{n};")   # may leak the others

    def release(self, v, k):
        t, init, acq, fail, rel = KINDS[k]
        self.emit(f"if ({v} != {init}) {{ {rel.format(v=v)} {v} = {init}; }}"
                  if self.rng.random() < 0.6 else rel.format(v=v) + f" {v} = {init};")

    def stmt(self, level):
        rng = self.rng
        v, k = rng.choice(self.h)
        n = rng.randrange(1, 1000)
        r = rng.random()
        if level > 5 or self.budget <= 0:
            r = rng.random() * 0.45
        if r < 0.15:
            self.acquire(v, k, n)
        elif r < 0.27:
            self.release(v, k)
        elif r < 0.31:                                   # alias released through the alias
            t = KINDS[k][0]
            a = f"a{self.tmp}"; self.tmp += 1
            self.emit(f"{{ {t}{a} = {v}; {v} = {KINDS[k][1]}; if (cond({n})) {{ {KINDS[k][4].format(v=a)} }} else {{ {v} = {a}; }} }}")
        elif r < 0.35:                                   # through a struct field
            s = f"s{self.tmp}"; self.tmp += 1
            f = FIELD[k]
            self.emit(f"{{ struct holder {s}; memset(&{s}, 0, sizeof {s}); {s}.{f} = {v}; {v} = {KINDS[k][1]}; "
                      f"if (cond({n})) {{ {KINDS[k][4].format(v=s + '.' + f)} }} else {{ {v} = {s}.{f}; }} }}")
        elif r < 0.40:                                   # ownership flag
            fl = f"own{self.flags}"; self.flags += 1
            w, wk = f"w{self.tmp}", rng.choice(list(KINDS)); self.tmp += 1
            t, init, acq, fail, rel = KINDS[wk]
            self.emit(f"{{ int {fl} = 0; {t}{w} = {init};")
            self.emit(f"  if (cond({n})) {{ {acq.format(v=w, n=n)} if (!({fail.format(v=w)})) {fl} = 1; }}")
            self.emit(f"  use(&{w});")
            self.emit(f"  if ({fl}) {{ {rel.format(v=w)} }} }}")
        elif r < 0.45:
            self.emit(f"use(&{v});")
        elif r < 0.55:
            self.block(f"if (cond({n}))", level, else_=rng.random() < 0.5)
        elif r < 0.62:
            self.block(f"for (int i{level} = 0; i{level} < {n % 17 + 1}; i{level}++)", level)
        elif r < 0.67:
            self.block(f"while (cond({n}))", level)
        elif r < 0.75:
            self.emit(f"switch (cond({n})) {{")
            for c in range(rng.randrange(2, 6)):
                self.emit(f"case {c}:")
                self.depth += 1
                for _ in range(rng.randrange(1, 4)):
                    self.stmt(level + 1)
                self.emit("break;" if rng.random() < 0.8 else "/* fall through */")
                self.depth -= 1
            self.emit("default: break;")
            self.emit("}")
        elif r < 0.80:
            self.emit(f"if (cond({n})) goto out;")
        elif r < 0.84:
            self.emit(f"if (cond({n})) return {n};")        # early return: may leak
        elif r < 0.90 and not self.locked:                   # lock held over a region
            m = n % 8
            self.emit(f"pthread_mutex_lock(&mu[{m}]);")
            self.locked = True
            for _ in range(rng.randrange(1, 3)):
                self.stmt(level + 1)
            self.locked = False
            self.emit(f"pthread_mutex_unlock(&mu[{m}]);")
        else:
            self.emit(f"use(&{v});")

    def block(self, head, level, else_=False):
        self.emit(head + " {")
        self.depth += 1
        for _ in range(self.rng.randrange(1, 5)):
            self.stmt(level + 1)
        self.depth -= 1
        if else_:
            self.emit("} else {")
            self.depth += 1
            for _ in range(self.rng.randrange(1, 3)):
                self.stmt(level + 1)
            self.depth -= 1
        self.emit("}")

    def text(self):
        while self.budget > 0:
            self.stmt(0)
        out = [f"int {self.name}(void)", "{"]
        out += [f"\t{KINDS[k][0]}{v} = {KINDS[k][1]};" for v, k in self.h]
        out += self.lines
        out.append("out:")
        for v, k in self.h:
            if self.rng.random() < 0.93:                    # a few are never released
                init, rel = KINDS[k][1], KINDS[k][4]
                out.append(f"\tif ({v} != {init}) {rel.format(v=v)}")
        out.append("\treturn 0;")
        out.append("}")
        return "\n".join(out) + "\n"


def random_file(seed, idx, lines):
    """A few big functions with dozens of handles, then smaller ones."""
    fns, total, i = [], 0, 0
    while total < lines:
        rng = random.Random(f"{seed}/random-{idx}/{i}")
        big = i < 3
        f = Fn(rng, f"r{idx}_f{i}", rng.randrange(24, 48) if big else rng.randrange(2, 8),
               rng.randrange(250, 400) if big else rng.randrange(20, 60))
        t = f.text()
        fns.append(t)
        total += t.count("\n") + 1
        i += 1
    return fns


def long_fn(n=50000):
    body = ["int long_fn(int k)", "{", "\tchar *p = NULL;", "\tFILE *f = NULL;", "\tint acc = 0;"]
    for i in range(n):
        r = i % 10
        if r == 0:
            body.append(f"\tp = malloc({i % 97 + 1});")
        elif r == 1:
            body.append("\tif (!p) return -1;")
        elif r == 4:
            body.append("\tfree(p); p = NULL;")
        elif r == 5 and i % 1000 == 5:
            body.append(f'\tf = fopen("x{i}", "r");')
        elif r == 6 and i % 1000 == 6:
            body.append("\tif (f) fclose(f); f = NULL;")
        else:
            body.append(f"\tacc += cond({i});")
    body += ["\treturn acc;", "}"]
    return ["\n".join(body) + "\n"]


def deep_fn(depth=500):
    b = ["int deep_fn(int k)", "{", "\tchar *p = malloc(8);", "\tFILE *f = NULL;",
         "\tif (!p) return -1;"]
    for d in range(depth):
        ind = "\t" * (d + 1)
        kind = d % 3
        if kind == 0:
            b.append(f"{ind}if (cond({d})) {{")
        elif kind == 1:
            b.append(f"{ind}for (int i{d} = 0; i{d} < 2; i{d}++) {{")
        else:
            b.append(f"{ind}while (cond({d})) {{")
        if d % 50 == 25:
            b.append(f'{ind}\tif (!f) f = fopen("d{d}", "r");')
        if d % 100 == 99:
            b.append(f"{ind}\tif (cond(-{d})) return {d};")
    b.append("\t" * (depth + 1) + "use(p);")
    for d in reversed(range(depth)):
        b.append("\t" * (d + 1) + "}")
    b += ["\tif (f) fclose(f);", "\tfree(p);", "\treturn 0;", "}"]
    return ["\n".join(b) + "\n"]


def handles_fn(nh=300, nb=200):
    rng = random.Random("handles")
    hs = [(f"h{i}", list(KINDS)[i % len(KINDS)]) for i in range(nh)]
    b = ["int handles_fn(void)", "{"]
    b += [f"\t{KINDS[k][0]}{v} = {KINDS[k][1]};" for v, k in hs]
    for i, (v, k) in enumerate(hs):
        b.append("\t" + KINDS[k][2].format(v=v, n=i))
    for j in range(nb):
        v, k = hs[rng.randrange(nh)]
        w, wk = hs[rng.randrange(nh)]
        r = j % 4
        if r == 0:
            b.append(f"\tif (cond({j})) goto out;")
        elif r == 1:
            b.append(f"\tif ({KINDS[k][3].format(v=v)}) {{ {KINDS[wk][4].format(v=w)} {w} = {KINDS[wk][1]}; }}")
        elif r == 2:
            b.append(f"\tif (cond({j})) {{ use(&{v}); }} else {{ use(&{w}); }}")
        else:
            b.append(f"\tif (cond({j})) return {j};")
    b.append("out:")
    for v, k in hs:
        b.append(f"\tif ({v} != {KINDS[k][1]}) {KINDS[k][4].format(v=v)}")
    b += ["\treturn 0;", "}"]
    return ["\n".join(b) + "\n"]


def many_fns(seed, n=2000):
    fns = []
    for i in range(n):
        rng = random.Random(f"{seed}/many/{i}")
        fns.append(Fn(rng, f"m{i}", rng.randrange(1, 4), rng.randrange(3, 12)).text())
    return fns


def switch_fn(ncase=200):
    b = ["int switch_fn(int k)", "{", "\tchar *p = NULL;", "\tFILE *f = NULL;", "\tint fd = -1;",
         "\tPGconn *c = NULL;", "\tint n = 0;", "again:", "\tswitch (k) {"]
    for i in range(ncase):
        b.append(f"\tcase {i}:")
        r = i % 8
        if r == 0:
            b.append(f"\t\tif (!p) p = malloc({i + 1});")
        elif r == 1:
            b.append(f'\t\tif (!f) f = fopen("s{i}", "r");')
        elif r == 2:
            b.append(f'\t\tif (fd < 0) fd = open("s{i}", O_RDONLY);')
        elif r == 3:
            b.append(f"\t\tif (cond({i})) goto fail;")
        elif r == 4:
            b.append(f"\t\tif (++n < 3) {{ k = cond({i}); goto again; }}")
        elif r == 5:
            b.append(f'\t\tif (!c) c = PQconnectdb("dbname=s{i}");')
        elif r == 6:
            b.append(f"\t\tif (cond({i})) goto case_{(i + 7) % ncase};")
        else:
            b.append("\t\tfree(p); p = NULL;")
        b.append(f"\tcase_{i}:")
        b.append("\t\tbreak;" if i % 3 else "\t\t/* fall through */")
    b += ["\tdefault:", "\t\tgoto out;", "\t}", "\tif (cond(-1)) goto again;", "out:",
          "\tfree(p);", "\tif (f) fclose(f);", "\tif (fd >= 0) close(fd);", "\tif (c) PQfinish(c);",
          "\treturn 0;", "fail:", "\tif (f) fclose(f);", "\treturn -1;", "}"]
    return ["\n".join(b) + "\n"]


def write(path, fns):
    with open(path, "w") as f:
        f.write(HEADER)
        f.write("extern PGconn *gconn;\n\n")
        for t in fns:
            f.write(t)
            f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--random", type=int, default=4, help="how many random-NN.c files (default 4)")
    ap.add_argument("--lines", type=int, default=1400, help="lines of each random file (default 1400)")
    ap.add_argument("--shuffle", action="store_true", help="also write NAME.shuf.c, functions reordered")
    ap.add_argument("--long-statements", type=int, default=50000, help="statements of long.c (default 50000)")
    ap.add_argument("--series", action="store_true",
                    help="write the series of sizes instead (statements-N.c, handles-N.c, nesting-N.c)")
    ap.add_argument("--only", default="", help="comma-separated names to write (random,base,long,deep,handles,many,switch)")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    if a.series:
        for n in (10, 100, 1000, 10000):
            write(os.path.join(a.outdir, f"statements-{n}.c"), long_fn(n))
        for n in (1, 10, 100):
            write(os.path.join(a.outdir, f"handles-{n}.c"), handles_fn(n, 2 * n))
        for n in (1, 10, 50):
            write(os.path.join(a.outdir, f"nesting-{n}.c"), deep_fn(n))
        return
    only = set(filter(None, a.only.split(",")))
    files = {}
    if not only or "random" in only:
        for i in range(a.random):
            files[f"random-{i:02d}"] = random_file(a.seed, i, a.lines)
    shapes = {"base": lambda: [], "long": lambda: long_fn(a.long_statements), "deep": deep_fn, "handles": handles_fn,
              "many": lambda: many_fns(a.seed), "switch": switch_fn}
    for name, gen in shapes.items():
        if not only or name in only:
            files[name] = gen()
    for name, fns in files.items():
        write(os.path.join(a.outdir, name + ".c"), fns)
        if a.shuffle and len(fns) > 1:
            order = list(fns)
            random.Random(f"{a.seed}/shuffle/{name}").shuffle(order)
            if order == fns:
                order.reverse()
            write(os.path.join(a.outdir, name + ".shuf.c"), order)


if __name__ == "__main__":
    main()
