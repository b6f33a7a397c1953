/* SPDX-License-Identifier: MIT */
/*
 * isolate: child processes for work that may crash or hang (isolate.h).
 * The parent is one thread: it forks, then polls the children's pipes with
 * the nearest deadline as the poll's timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "isolate.h"
#include "mem.h"

struct IsoChild {
	int fd;
};

typedef struct Slot {
	pid_t pid;               /* 0: free */
	int fd;
	int item;
	double deadline;         /* seconds, monotonic; 0: none */
	bool ended;              /* the child said "end" */
	bool timed_out;
	char *buf;               /* what came, up to a line's end */
	size_t len, cap;
} Slot;

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			_exit(3);    /* the parent is gone */
		s += k;
		n -= (size_t)k;
	}
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
	write_all(c->fd, s, n + 1);
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

/* Never returns.  Its crash report (LLVM prints a stack dump) is not the
 * user's business: the parent says what happened. */
static void
child(const Isolate *iso, int i, int fd)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	limit_memory(iso->memory_mb);
	IsoChild c = {fd};
	iso->work(iso->ctx, i, &c);
	json_t *end = json_object();
	json_object_set_new(end, "end", json_true());
	iso_send(&c, end);
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
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		int k = snprintf(buf, n, "closecheck crashed while analysing this file (signal %d: %s)",
				 sig, signal_words(sig));
		bool oom = sig == SIGABRT || sig == SIGSEGV || sig == SIGKILL || sig == SIGBUS;
		if (memory_mb > 0 && oom && k > 0 && (size_t)k < n)
			snprintf(buf + k, n - (size_t)k,
				 "; it may have run out of memory (--memory-limit=%d)", memory_mb);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		snprintf(buf, n, "closecheck's worker for this file stopped with exit status %d",
			 WEXITSTATUS(status));
	} else {
		snprintf(buf, n, "closecheck's worker for this file stopped before it was done");
	}
}

/* Forks the child of item i into s; false if it could not be started. */
static bool
start(const Isolate *iso, Slot *s, int i)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return false;
	fflush(NULL);            /* nothing buffered is written twice */
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return false;
	}
	if (pid == 0) {
		close(p[0]);
		child(iso, i, p[1]);
	}
	close(p[1]);
	*s = (Slot){.pid = pid, .fd = p[0], .item = i};
	if (iso->timeout > 0)
		s->deadline = now_s() + iso->timeout;
	return true;
}

/* Hands on each whole line that came. */
static void
take_lines(const Isolate *iso, Slot *s)
{
	size_t from = 0;
	for (size_t k = 0; k < s->len; k++) {
		if (s->buf[k] != '\n')
			continue;
		json_t *msg = json_loadb(s->buf + from, k - from, 0, NULL);
		if (msg && json_object_get(msg, "end"))
			s->ended = true;
		else if (msg)
			iso->on_msg(iso->ctx, s->item, msg);
		json_decref(msg);
		from = k + 1;
	}
	memmove(s->buf, s->buf + from, s->len - from);
	s->len -= from;
}

/* Reads what the child sent; false at the end of its pipe. */
static bool
take(const Isolate *iso, Slot *s)
{
	if (s->cap - s->len < 65536) {
		s->cap = s->cap * 2 + 65536;
		s->buf = xrealloc(s->buf, s->cap);
	}
	ssize_t k = read(s->fd, s->buf + s->len, s->cap - s->len);
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (k <= 0)
		return false;
	s->len += (size_t)k;
	take_lines(iso, s);
	return true;
}

/* The child is done (or killed): waits for it and says how it ended. */
static void
finish(const Isolate *iso, Slot *s)
{
	int status = 0;
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(s->fd);
	char why[300];
	const char *failure = NULL;
	if (s->timed_out) {
		snprintf(why, sizeof(why),
			 "analysis of this file stopped after %d s (the limit set by --timeout)",
			 iso->timeout);
		failure = why;
	} else if (!s->ended || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		iso_describe(status, iso->memory_mb, why, sizeof(why));
		failure = why;
	}
	iso->on_end(iso->ctx, s->item, failure);
	mem_free(s->buf);
	*s = (Slot){0};
}

/* Milliseconds to the nearest deadline, -1: none. */
static int
poll_timeout(const Slot *slots, int jobs)
{
	double first = 0;
	for (int j = 0; j < jobs; j++)
		if (slots[j].pid && slots[j].deadline > 0 &&
		    (first == 0 || slots[j].deadline < first))
			first = slots[j].deadline;
	if (first == 0)
		return -1;
	double ms = (first - now_s()) * 1000 + 1;
	return ms < 0 ? 0 : ms > 1e9 ? 1000000000 : (int)ms;
}

/* One wait for the children: reads what came, ends those done or late. */
static void
step(const Isolate *iso, Slot *slots, int jobs)
{
	struct pollfd pf[jobs];
	for (int j = 0; j < jobs; j++)
		pf[j] = (struct pollfd){slots[j].pid ? slots[j].fd : -1, POLLIN, 0};
	if (poll(pf, (nfds_t)jobs, poll_timeout(slots, jobs)) < 0 && errno != EINTR)
		return;
	double now = now_s();
	for (int j = 0; j < jobs; j++) {
		Slot *s = &slots[j];
		if (!s->pid)
			continue;
		if (pf[j].revents && !take(iso, s)) {
			finish(iso, s);
		} else if (s->deadline > 0 && now >= s->deadline) {
			kill(s->pid, SIGKILL);
			s->timed_out = true;
			finish(iso, s);
		}
	}
}

/* Runs item i in the parent's stead when no child can be started. */
static void
cannot_start(const Isolate *iso, int i)
{
	iso->on_end(iso->ctx, i, "closecheck could not start a worker process for this file");
}

void
iso_run(const Isolate *iso, int n)
{
	int jobs = iso->jobs < 1 ? 1 : iso->jobs > n ? (n > 0 ? n : 1) : iso->jobs;
	Slot *slots = xcalloc((size_t)jobs, sizeof(Slot));
	int next = 0, active = 0;
	while (next < n || active > 0) {
		for (int j = 0; j < jobs && next < n; j++) {
			if (slots[j].pid)
				continue;
			if (iso->on_start)
				iso->on_start(iso->ctx, next);
			if (!start(iso, &slots[j], next))
				cannot_start(iso, next);
			next++;
		}
		active = 0;
		for (int j = 0; j < jobs; j++)
			active += slots[j].pid != 0;
		if (active > 0)
			step(iso, slots, jobs);
	}
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

void
wire_diag_sink(void *ctx, const char *what, const char *file, int line, int col,
	       const char *msg)
{
	json_t *a = json_array();
	json_array_append_new(a, wire_str(what));
	json_array_append_new(a, wire_str(file));
	json_array_append_new(a, json_integer(line));
	json_array_append_new(a, json_integer(col));
	json_array_append_new(a, wire_str(msg));
	json_t *m = json_object();
	json_object_set_new(m, "diag", a);
	iso_send(ctx, m);
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

static json_t *
wire_note(const Note *n)
{
	json_t *a = json_array();
	json_array_append_new(a, wire_loc(n->loc));
	json_array_append_new(a, wire_str(n->text));
	return a;
}

/* [check, severity, loc, acquired, message, func, rule, pack, kind, notes] */
static json_t *
wire_finding(const Finding *f)
{
	json_t *notes = json_array();
	for (int i = 0; i < f->nnotes; i++)
		json_array_append_new(notes, wire_note(&f->notes[i]));
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
	const json_t *notes = json_array_get(j, 9);
	f.nnotes = (int)json_array_size(notes);
	f.notes = arena_alloc(a, sizeof(Note) * (size_t)(f.nnotes + 1));
	for (int i = 0; i < f.nnotes; i++) {
		const json_t *n = json_array_get(notes, (size_t)i);
		f.notes[i].loc = loc_of(json_array_get(n, 0), a);
		f.notes[i].text = wire_get(json_array_get(n, 1), a);
	}
	if (f.check && f.message)
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
