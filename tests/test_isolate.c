/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of isolate.c: children that end well, crash, hang past the
 * deadline or exit early, each said in words to the parent, the others'
 * messages all handed on; findings and messages over the wire byte for
 * byte (a path that is not UTF-8); children that live on from item to item.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "isolate.h"

enum { N = 5 };

typedef struct Seen {
	int msgs[N];
	char *failure[N];
	int started;
	Diag d;
	FindingSet fs;
} Seen;

static const char *const odd = "caf\xe9/\xff.c";   /* Latin-1, not UTF-8 */

static void
work(void *ctx, int i, IsoChild *c)
{
	(void)ctx;
	json_t *m = json_object();
	json_object_set_new(m, "item", json_integer(i));
	iso_send(c, m);
	switch (i) {
	case 1:
		raise(SIGKILL);  /* not SIGSEGV: a sanitizer's handler would exit */
		break;
	case 2:
		sleep(30);
		break;
	case 3:
		_exit(5);
	case 4: {
		wire_diag_sink(c, "error", odd, 3, 4, "bad \xe9");
		FindingSet fs;
		findings_init(&fs);
		Note n = {{odd, 2, 1}, "here"};
		Finding f = {.check = "leak", .severity = "warning", .loc = {odd, 3, 4},
			     .acquired = {odd, 2, 1}, .message = "lost \xff", .func = "f",
			     .rule = "fopen", .nnotes = 1, .notes = &n};
		findings_add(&fs, &f);
		json_t *r = json_object();
		json_object_set_new(r, "findings", wire_findings(&fs));
		iso_send(c, r);
		findings_release(&fs);
		break;
	}
	}
}

static void
on_start(void *ctx, int i)
{
	(void)i;
	((Seen *)ctx)->started++;
}

static void
on_msg(void *ctx, int i, json_t *msg)
{
	Seen *s = ctx;
	s->msgs[i]++;
	if (wire_diag_replay(msg, &s->d))
		return;
	const json_t *f = json_object_get(msg, "findings");
	if (f)
		wire_add_findings(f, &s->fs);
	else
		assert_int_equal(json_integer_value(json_object_get(msg, "item")), i);
}

static void
on_end(void *ctx, int i, const char *failure)
{
	Seen *s = ctx;
	assert_null(s->failure[i]);
	s->failure[i] = strdup(failure ? failure : "ok");
}

static void
test_run(void **state)
{
	(void)state;
	Seen s = {0};
	diag_init(&s.d, NULL);
	s.d.keep_errors = true;
	findings_init(&s.fs);
	Isolate iso = {2, 1, 0, work, on_start, on_msg, on_end, &s};
	iso_run(&iso, N);
	assert_int_equal(s.started, N);
	assert_string_equal(s.failure[0], "ok");
	assert_string_equal(s.failure[1],
		"closecheck crashed while analysing this file (signal 9: killed)");
	assert_string_equal(s.failure[2],
		"analysis of this file stopped after 1 s (the limit set by --timeout)");
	assert_string_equal(s.failure[3],
		"closecheck's worker for this file stopped with exit status 5");
	assert_string_equal(s.failure[4], "ok");
	for (int i = 0; i < N; i++)
		assert_int_equal(s.msgs[i], i == 4 ? 3 : 1);
	/* byte for byte */
	assert_int_equal(s.d.nerrs, 1);
	assert_string_equal(s.d.errs[0].file, odd);
	assert_string_equal(s.d.errs[0].msg, "bad \xe9");
	assert_int_equal(s.d.errs[0].line, 3);
	assert_int_equal(s.fs.v.n, 1);
	const Finding *f = &s.fs.v.v[0];
	assert_string_equal(f->loc.file, odd);
	assert_string_equal(f->message, "lost \xff");
	assert_null(f->pack);
	assert_int_equal(f->nnotes, 1);
	assert_string_equal(f->notes[0].text, "here");
	assert_int_equal(f->notes[0].loc.line, 2);
	for (int i = 0; i < N; i++)
		free(s.failure[i]);
	findings_release(&s.fs);
	diag_release(&s.d);
}

/* A finding's notes go over the wire as one string and come back as they
 * were: no file, no text, texts that look like the packing ("3:x", commas),
 * bytes that are not UTF-8, an empty text; a finding whose notes string is
 * not well formed is dropped, not half read. */
static void
test_wire_notes(void **state)
{
	(void)state;
	FindingSet fs, back;
	findings_init(&fs);
	findings_init(&back);
	Note n[5] = {{{odd, 2, 1}, "here"},
		     {{NULL, 0, 0}, "3:x,4,5,"},
		     {{"a.c", 7, 9}, NULL},
		     {{"b:1,2.c", -1, 12}, ""},
		     {{"\xe9.c", 40, 2}, "caf\xe9 \xff"}};
	Finding f = {.check = "leak", .severity = "warning", .loc = {odd, 3, 4},
		     .message = "lost", .nnotes = 5, .notes = n};
	findings_add(&fs, &f);
	Finding g = {.check = "leak", .severity = "warning", .loc = {"c.c", 1, 1},
		     .message = "none"};
	findings_add(&fs, &g);
	json_t *w = wire_findings(&fs);
	wire_add_findings(w, &back);
	assert_int_equal(back.v.n, 2);
	const Finding *r = &back.v.v[0];
	assert_int_equal(r->nnotes, 5);
	for (int i = 0; i < 5; i++) {
		if (n[i].loc.file)
			assert_string_equal(r->notes[i].loc.file, n[i].loc.file);
		else
			assert_null(r->notes[i].loc.file);
		if (n[i].text)
			assert_string_equal(r->notes[i].text, n[i].text);
		else
			assert_null(r->notes[i].text);
		assert_int_equal(r->notes[i].loc.line, n[i].loc.line);
		assert_int_equal(r->notes[i].loc.col, n[i].loc.col);
	}
	assert_int_equal(back.v.v[1].nnotes, 0);
	/* cut short: "4:her" promises four bytes and has three */
	json_array_set_new(json_array_get(w, 0), 9, json_string("1:x2,1,4:her"));
	FindingSet bad;
	findings_init(&bad);
	wire_add_findings(w, &bad);
	assert_int_equal(bad.v.n, 1);          /* the second one only */
	assert_string_equal(bad.v.v[0].message, "none");
	json_decref(w);
	findings_release(&fs);
	findings_release(&back);
	findings_release(&bad);
}

static void
work_ok(void *ctx, int i, IsoChild *c)
{
	(void)ctx;
	json_t *m = json_object();
	json_object_set_new(m, "item", json_integer(i));
	json_object_set_new(m, "pid", json_integer(getpid()));
	iso_send(c, m);
}

static void
on_msg_ok(void *ctx, int i, json_t *msg)
{
	Seen *s = ctx;
	assert_int_equal(json_integer_value(json_object_get(msg, "item")), i);
	s->msgs[i % N] = (int)json_integer_value(json_object_get(msg, "pid"));
}

/* Children live on from item to item, and end when there are no more
 * (each holding only its own pipes: iso_run() returns). */
static void
test_children_live_on(void **state)
{
	(void)state;
	Seen s = {0};
	Isolate iso = {2, 0, 0, work_ok, on_start, on_msg_ok, on_end, &s};
	iso_run(&iso, N);
	assert_int_equal(s.started, N);
	int pids = 0;
	for (int i = 0; i < N; i++) {
		assert_string_equal(s.failure[i], "ok");
		bool seen = false;
		for (int k = 0; k < i; k++)
			seen |= s.msgs[k] == s.msgs[i];
		pids += !seen;
		free(s.failure[i]);
	}
	assert_int_equal(pids, 2);
}

static void
test_describe(void **state)
{
	(void)state;
	char buf[300];
	iso_describe(SIGABRT, 512, buf, sizeof(buf));   /* as waitpid() says it */
	assert_string_equal(buf, "closecheck crashed while analysing this file (signal 6: "
			    "aborted); it may have run out of memory (--memory-limit=512)");
	iso_describe(SIGSEGV, 0, buf, sizeof(buf));
	assert_string_equal(buf, "closecheck crashed while analysing this file (signal 11: "
			    "segmentation fault)");
	iso_describe(1 << 8, 64, buf, sizeof(buf));        /* exit(1) */
	assert_string_equal(buf, "closecheck's worker for this file stopped with exit status 1; "
			    "it may have run out of memory (--memory-limit=64)");
	iso_describe(SIGABRT, 0, buf, sizeof(buf));
	assert_string_equal(buf, "closecheck crashed while analysing this file (signal 6: aborted)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_wire_notes),
		cmocka_unit_test(test_children_live_on),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
