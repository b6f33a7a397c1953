/* SPDX-License-Identifier: MIT */
/*
 * isolate: child processes for work that may crash or hang (isolate.h).
 * The parent is one thread: it keeps up to `jobs` children, writes each
 * the number of its next item, and polls their pipes with the nearest
 * deadline as the poll's timeout.  A child lives on from item to item (so
 * libclang's start-up is paid once per child, not once per unit) until it
 * dies or is killed; the next item then gets a new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "isolate.h"
#include "mem.h"

struct IsoChild {
	int fd;
};

typedef struct Slot {
	pid_t pid;               /* 0: no child */
	int from, to;            /* its messages; its items */
	int item;                /* -1: idle */
	double deadline;         /* seconds, monotonic; 0: none */
	char *buf;               /* what came, up to a line's end */
	size_t len, cap;
	size_t seen;             /* buf[0..seen) holds no line's end */
} Slot;

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* false if the other end is gone */
static bool
write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n > 0) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		s += k;
		n -= (size_t)k;
	}
	return true;
}

void
iso_send(IsoChild *c, json_t *msg)
{
	char *s = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!s)
		return;
	size_t n = strlen(s);
	s[n] = '\n';             /* json_dumps leaves the NUL's byte ours */
	if (!write_all(c->fd, s, n + 1))
		_exit(3);        /* the parent is gone */
	free(s);
}

/* ---- the child -------------------------------------------------------------- */

static void
limit_memory(int mb)
{
	if (mb <= 0)
		return;
	struct rlimit rl;
	rl.rlim_cur = rl.rlim_max = (rlim_t)mb * 1024 * 1024;
	setrlimit(RLIMIT_AS, &rl);
}

/* The next item's number; -1 when the parent has no more. */
static int
next_item(int fd)
{
	int i;
	size_t got = 0;
	while (got < sizeof(i)) {
		ssize_t k = read(fd, (char *)&i + got, sizeof(i) - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return i;
}

/* Never returns.  Its crash report (LLVM prints a stack dump) is not the
 * user's business: the parent says what happened. */
static void
child(const Isolate *iso, int in, int out, pid_t parent)
{
	/* a parent stopped by a signal takes its children with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	/* the parent's handlers (a test harness's, an interrupt's) are not ours */
	static const int sigs[] = {SIGINT, SIGTERM, SIGPIPE, SIGSEGV, SIGBUS, SIGABRT,
				   SIGILL, SIGFPE};
	for (size_t k = 0; k < sizeof(sigs) / sizeof(sigs[0]); k++)
		signal(sigs[k], SIG_DFL);
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	limit_memory(iso->memory_mb);
	IsoChild c = {out};
	for (int i; (i = next_item(in)) >= 0;) {
		iso->work(iso->ctx, i, &c);
		json_t *end = json_object();
		json_object_set_new(end, "end", json_integer(i));
		iso_send(&c, end);
	}
	_exit(0);
}

/* ---- the parent ------------------------------------------------------------- */

static const char *
signal_words(int sig)
{
	switch (sig) {
	case SIGSEGV: return "segmentation fault";
	case SIGBUS: return "bus error";
	case SIGABRT: return "aborted";
	case SIGILL: return "illegal instruction";
	case SIGFPE: return "arithmetic exception";
	case SIGKILL: return "killed";
	case SIGTERM: return "terminated";
	case SIGINT: return "interrupted";
	case SIGXCPU: return "CPU time limit exceeded";
	default: return "killed by a signal";
	}
}

void
iso_describe(int status, int memory_mb, char *buf, size_t n)
{
	int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	int k;
	if (sig)
		k = snprintf(buf, n, "closecheck crashed while analysing this file (signal %d: %s)",
			     sig, signal_words(sig));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		k = snprintf(buf, n, "closecheck's worker for this file stopped with exit status %d",
			     WEXITSTATUS(status));
	else
		k = snprintf(buf, n, "closecheck's worker for this file stopped before it was done");
	/* out of memory: a signal, or an exit (a sanitizer's report) */
	bool asked = sig == SIGINT || sig == SIGTERM;
	if (memory_mb > 0 && !asked && k > 0 && (size_t)k < n)
		snprintf(buf + k, n - (size_t)k,
			 "; it may have run out of memory (--memory-limit=%d)", memory_mb);
}

/* Forks a child into s; false if it could not be started.  Its items go
 * down a socket, which (unlike a pipe) can say the child is gone without
 * a SIGPIPE to the parent. */
static bool
spawn(const Isolate *iso, Slot *s, const Slot *slots, int jobs)
{
	int up[2], down[2];
	if (pipe2(up, O_CLOEXEC) != 0)
		return false;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, down) != 0) {
		close(up[0]);
		close(up[1]);
		return false;
	}
	fflush(NULL);            /* nothing buffered is written twice */
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		/* the other children's ends: held here, they would never see
		 * the end of their items */
		for (int j = 0; j < jobs; j++)
			if (slots[j].pid) {
				close(slots[j].from);
				close(slots[j].to);
			}
		child(iso, down[0], up[1], parent);
	}
	close(up[1]);
	close(down[0]);
	if (pid < 0) {
		close(up[0]);
		close(down[1]);
		return false;
	}
	*s = (Slot){.pid = pid, .from = up[0], .to = down[1], .item = -1};
	return true;
}

static void bury(const Isolate *iso, Slot *s, bool timed_out);

/* Gives item i to s: to its child, or to a new one if it has none or the
 * one it has is gone; false if no child takes it. */
static bool
assign(const Isolate *iso, Slot *slots, int jobs, Slot *s, int i)
{
	for (int tries = 0; tries < 2; tries++) {
		if (!s->pid && !spawn(iso, s, slots, jobs))
			return false;
		if (send(s->to, &i, sizeof(i), MSG_NOSIGNAL) == (ssize_t)sizeof(i)) {
			s->item = i;
			s->deadline = iso->timeout > 0 ? now_s() + iso->timeout : 0;
			return true;
		}
		bury(iso, s, false);   /* idle: nothing to report */
	}
	return false;
}

/* Hands on each whole line that came; an "end" frees the slot. */
static void
take_lines(const Isolate *iso, Slot *s)
{
	size_t from = 0;
	for (size_t k = s->seen; k < s->len; k++) {
		if (s->buf[k] != '\n')
			continue;
		json_t *msg = json_loadb(s->buf + from, k - from, 0, NULL);
		if (msg && json_object_get(msg, "end") && s->item >= 0) {
			int i = s->item;
			s->item = -1;
			iso->on_end(iso->ctx, i, NULL);
		} else if (msg && s->item >= 0) {
			iso->on_msg(iso->ctx, s->item, msg);
		}
		json_decref(msg);
		from = k + 1;
	}
	memmove(s->buf, s->buf + from, s->len - from);
	s->len -= from;
	s->seen = s->len;        /* a long line is not scanned again */
}

/* Reads what the child sent; false at the end of its pipe. */
static bool
take(const Isolate *iso, Slot *s)
{
	if (s->cap - s->len < 65536) {
		s->cap = s->cap * 2 + 65536;
		s->buf = xrealloc(s->buf, s->cap);
	}
	ssize_t k = read(s->from, s->buf + s->len, s->cap - s->len);
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (k <= 0)
		return false;
	s->len += (size_t)k;
	take_lines(iso, s);
	return true;
}

/* The child is gone, or killed (timed_out): waits for it and says how its
 * item, if any, ended. */
static void
bury(const Isolate *iso, Slot *s, bool timed_out)
{
	if (timed_out)
		kill(s->pid, SIGKILL);
	close(s->to);
	close(s->from);
	int status = 0;
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	char why[300];
	if (timed_out)
		snprintf(why, sizeof(why),
			 "analysis of this file stopped after %d s (the limit set by --timeout)",
			 iso->timeout);
	else
		iso_describe(status, iso->memory_mb, why, sizeof(why));
	int i = s->item;
	mem_free(s->buf);
	*s = (Slot){.item = -1};
	if (i >= 0)
		iso->on_end(iso->ctx, i, why);
}

/* Milliseconds to the nearest deadline, -1: none. */
static int
poll_timeout(const Slot *slots, int jobs)
{
	double first = 0;
	for (int j = 0; j < jobs; j++)
		if (slots[j].item >= 0 && slots[j].deadline > 0 &&
		    (first == 0 || slots[j].deadline < first))
			first = slots[j].deadline;
	if (first == 0)
		return -1;
	double ms = (first - now_s()) * 1000 + 1;
	return ms < 0 ? 0 : ms > 1e9 ? 1000000000 : (int)ms;
}

/* One wait for the busy children: reads what came, buries those gone or
 * late. */
static void
step(const Isolate *iso, Slot *slots, int jobs)
{
	struct pollfd pf[jobs];
	for (int j = 0; j < jobs; j++)
		pf[j] = (struct pollfd){slots[j].item >= 0 ? slots[j].from : -1, POLLIN, 0};
	if (poll(pf, (nfds_t)jobs, poll_timeout(slots, jobs)) < 0 && errno != EINTR)
		return;
	double now = now_s();
	for (int j = 0; j < jobs; j++) {
		Slot *s = &slots[j];
		if (s->item < 0)
			continue;
		if (pf[j].revents && !take(iso, s))
			bury(iso, s, false);
		else if (s->item >= 0 && s->deadline > 0 && now >= s->deadline)
			bury(iso, s, true);
	}
}

/* Gives out items from *next to the idle slots; how many are busy. */
static int
dispatch(const Isolate *iso, Slot *slots, int jobs, int *next, int n)
{
	int busy = 0;
	for (int j = 0; j < jobs; j++) {
		Slot *s = &slots[j];
		if (s->item < 0 && *next < n) {
			int i = (*next)++;
			if (iso->on_start)
				iso->on_start(iso->ctx, i);
			if (!assign(iso, slots, jobs, s, i))
				iso->on_end(iso->ctx, i,
					    "closecheck could not start a worker process for this file");
		}
		busy += s->item >= 0;
	}
	return busy;
}

void
iso_run(const Isolate *iso, int n)
{
	int jobs = iso->jobs < 1 ? 1 : iso->jobs > n ? (n > 0 ? n : 1) : iso->jobs;
	Slot *slots = xcalloc((size_t)jobs, sizeof(Slot));
	for (int j = 0; j < jobs; j++)
		slots[j].item = -1;
	int next = 0;
	while (dispatch(iso, slots, jobs, &next, n) > 0 || next < n)
		step(iso, slots, jobs);
	for (int j = 0; j < jobs; j++)
		if (slots[j].pid)
			bury(iso, &slots[j], false);   /* its pipe closed: it ends */
	mem_free(slots);
}

/* ---- the wire ----------------------------------------------------------------- */

json_t *
wire_str(const char *s)
{
	if (!s)
		return json_null();
	size_t n = strlen(s), k = 0;
	char *u = xmalloc(2 * n + 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80) {
			u[k++] = (char)*p;
		} else {
			u[k++] = (char)(0xc0 | (*p >> 6));
			u[k++] = (char)(0x80 | (*p & 0x3f));
		}
	}
	json_t *j = json_stringn(u, k);
	mem_free(u);
	return j;
}

const char *
wire_get(const json_t *j, Arena *a)
{
	if (!json_is_string(j))
		return NULL;
	const unsigned char *p = (const unsigned char *)json_string_value(j);
	size_t n = json_string_length(j), k = 0;
	char *s = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= 0xc0 && i + 1 < n) {
			s[k++] = (char)(((p[i] & 0x1f) << 6) | (p[i + 1] & 0x3f));
			i++;
		} else {
			s[k++] = (char)p[i];
		}
	}
	s[k] = '\0';
	return s;
}

json_t *
wire_diag(const char *what, const char *file, int line, int col, const char *msg)
{
	json_t *a = json_array();
	json_array_append_new(a, wire_str(what));
	json_array_append_new(a, wire_str(file));
	json_array_append_new(a, json_integer(line));
	json_array_append_new(a, json_integer(col));
	json_array_append_new(a, wire_str(msg));
	json_t *m = json_object();
	json_object_set_new(m, "diag", a);
	return m;
}

void
wire_diag_sink(void *ctx, const char *what, const char *file, int line, int col,
	       const char *msg)
{
	iso_send(ctx, wire_diag(what, file, line, col, msg));
}

bool
wire_diag_replay(const json_t *msg, Diag *d)
{
	const json_t *a = json_object_get(msg, "diag");
	if (!json_is_array(a) || json_array_size(a) != 5)
		return false;
	Arena ar;
	arena_init(&ar);
	const char *what = wire_get(json_array_get(a, 0), &ar);
	const char *file = wire_get(json_array_get(a, 1), &ar);
	int line = (int)json_integer_value(json_array_get(a, 2));
	int col = (int)json_integer_value(json_array_get(a, 3));
	const char *text = wire_get(json_array_get(a, 4), &ar);
	if (!what || !text)
		;
	else if (strcmp(what, "error") == 0)
		diag_error(d, file, line, col, "%s", text);
	else if (strcmp(what, "warning") == 0)
		diag_warning(d, file, line, col, "%s", text);
	else
		diag_note(d, file, line, col, "%s", text);
	arena_release(&ar);
	return true;
}

static json_t *
wire_loc(Loc l)
{
	json_t *a = json_array();
	json_array_append_new(a, wire_str(l.file));
	json_array_append_new(a, json_integer(l.line));
	json_array_append_new(a, json_integer(l.col));
	return a;
}

static Loc
loc_of(const json_t *j, Arena *a)
{
	Loc l = {wire_get(json_array_get(j, 0), a),
		 (int)json_integer_value(json_array_get(j, 1)),
		 (int)json_integer_value(json_array_get(j, 2))};
	return l;
}

typedef VEC(char) Bytes;

static void
put_bytes(Bytes *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vec_push(b, s[i]);
}

/* "LEN:TEXT", or "-" for NULL. */
static void
put_text(Bytes *b, const char *s)
{
	char num[32];
	if (!s) {
		vec_push(b, '-');
		return;
	}
	size_t n = strlen(s);
	put_bytes(b, num, (size_t)snprintf(num, sizeof(num), "%zu:", n));
	put_bytes(b, s, n);
}

/* A finding's notes as one string: for each, its file as put_text() puts
 * it, "LINE,COL,", then its text.  One JSON string instead of seven values
 * a note: a unit with 12,847 findings of 24 notes each sent a message that
 * child and parent each held as a tree of two million values. */
static json_t *
wire_notes(const Finding *f)
{
	Bytes b = {0};
	char num[48];
	for (int i = 0; i < f->nnotes; i++) {
		put_text(&b, f->notes[i].loc.file);
		put_bytes(&b, num, (size_t)snprintf(num, sizeof(num), "%d,%d,",
						      f->notes[i].loc.line, f->notes[i].loc.col));
		put_text(&b, f->notes[i].text);
	}
	vec_push(&b, '\0');
	json_t *j = wire_str(b.v);
	vec_free(&b);
	return j;
}

/* Reads what put_text() put at *p into the arena, moving *p past it;
 * false when the text is not well formed. */
static bool
get_text(const char **p, const char *end, const char **out, Arena *a)
{
	if (*p < end && **p == '-') {
		(*p)++;
		*out = NULL;
		return true;
	}
	char *colon;
	unsigned long long n = strtoull(*p, &colon, 10);
	if (colon == *p || colon >= end || *colon != ':' || n > (unsigned long long)(end - colon - 1))
		return false;
	*out = arena_strndup(a, colon + 1, (size_t)n);
	*p = colon + 1 + n;
	return true;
}

static bool
get_int(const char **p, const char *end, int *out)
{
	char *comma;
	long v = strtol(*p, &comma, 10);
	if (comma == *p || comma >= end || *comma != ',')
		return false;
	*out = (int)v;
	*p = comma + 1;
	return true;
}

/* The notes wire_notes() packed, into the arena; how many, -1 when the
 * text is not well formed. */
static int
unwire_notes(const char *text, Note **notes, Arena *a)
{
	VEC(Note) v = {0};
	const char *p = text, *end = text ? text + strlen(text) : NULL;
	while (p && p < end) {
		Note n = {{0}, NULL};
		if (!get_text(&p, end, &n.loc.file, a) || !get_int(&p, end, &n.loc.line) ||
		    !get_int(&p, end, &n.loc.col) || !get_text(&p, end, &n.text, a)) {
			vec_free(&v);
			return -1;
		}
		vec_push(&v, n);
	}
	*notes = arena_alloc(a, sizeof(Note) * (size_t)(v.n + 1));
	if (v.n)
		memcpy(*notes, v.v, sizeof(Note) * (size_t)v.n);
	int k = v.n;
	vec_free(&v);
	return k;
}

/* [check, severity, loc, acquired, message, func, rule, pack, kind, notes]
 * (notes: wire_notes()) */
static json_t *
wire_finding(const Finding *f)
{
	json_t *notes = wire_notes(f);
	json_t *a = json_array();
	json_array_append_new(a, wire_str(f->check));
	json_array_append_new(a, wire_str(f->severity));
	json_array_append_new(a, wire_loc(f->loc));
	json_array_append_new(a, wire_loc(f->acquired));
	json_array_append_new(a, wire_str(f->message));
	json_array_append_new(a, wire_str(f->func));
	json_array_append_new(a, wire_str(f->rule));
	json_array_append_new(a, wire_str(f->pack));
	json_array_append_new(a, wire_str(f->kind));
	json_array_append_new(a, notes);
	return a;
}

json_t *
wire_findings(const FindingSet *s)
{
	json_t *a = json_array();
	for (int i = 0; i < s->v.n; i++)
		json_array_append_new(a, wire_finding(&s->v.v[i]));
	return a;
}

static void
add_finding(const json_t *j, FindingSet *out, Arena *a)
{
	Finding f = {0};
	f.check = wire_get(json_array_get(j, 0), a);
	f.severity = wire_get(json_array_get(j, 1), a);
	f.loc = loc_of(json_array_get(j, 2), a);
	f.acquired = loc_of(json_array_get(j, 3), a);
	f.message = wire_get(json_array_get(j, 4), a);
	f.func = wire_get(json_array_get(j, 5), a);
	f.rule = wire_get(json_array_get(j, 6), a);
	f.pack = wire_get(json_array_get(j, 7), a);
	f.kind = wire_get(json_array_get(j, 8), a);
	f.nnotes = unwire_notes(wire_get(json_array_get(j, 9), a), &f.notes, a);
	if (f.check && f.message && f.nnotes >= 0)
		findings_add(out, &f);
}

void
wire_add_findings(const json_t *arr, FindingSet *out)
{
	Arena a;
	arena_init(&a);
	for (size_t i = 0; i < json_array_size(arr); i++)
		add_finding(json_array_get(arr, i), out, &a);
	arena_release(&a);
}
