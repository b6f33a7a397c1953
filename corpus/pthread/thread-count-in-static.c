/* SPDX-License-Identifier: MIT */
/*
 * A pool whose size is a static of the file: the loop that starts the
 * threads and the loop that joins them both run to it.  The static's
 * address is never taken, so only this file's functions change it; the
 * threads' routine calls a function of elsewhere, which cannot call back
 * into them, so both loops run the same number of times and every thread
 * is joined before the array is freed.  When the routine itself changes
 * the size, the join loop may stop early.
 */
#include <pthread.h>
#include <stdlib.h>

struct slice {
	pthread_t thread;
	int from, to;
};

void index_range(int from, int to);
void die(const char *msg) __attribute__((noreturn));

static int nr_threads;

static void *
index_slice(void *arg)
{
	struct slice *s = arg;
	index_range(s->from, s->to);
	return NULL;
}

/* good: the same count bounds both loops */
void
build_index(int n)
{
	struct slice *s;
	nr_threads = n > 8 ? 8 : 2;
	s = calloc(nr_threads, sizeof(*s));
	if (!s)
		die("out of memory");
	for (int t = 0; t < nr_threads; t++) {
		s[t].from = t;
		s[t].to = t + 1;
		if (pthread_create(&s[t].thread, NULL, index_slice, &s[t]))
			die("cannot start a thread"); /* at-exit: leak */
	}
	for (int t = 0; t < nr_threads; t++)
		if (pthread_join(s[t].thread, NULL))
			die("cannot join a thread");
	free(s);
}

static int nr_workers;

static void *
index_and_shrink(void *arg)
{
	struct slice *s = arg;
	index_range(s->from, s->to);
	if (s->from > 4)
		nr_workers = 4;
	return NULL;
}

/* bad: a worker may lower the count while the others run, and the join
 * loop then leaves threads that still use the array */
void
build_index_shrinking(int n)
{
	struct slice *s;
	nr_workers = n > 8 ? 8 : 2;
	s = calloc(nr_workers, sizeof(*s));
	if (!s)
		die("out of memory");
	for (int t = 0; t < nr_workers; t++) {
		s[t].from = t;
		s[t].to = t + 1;
		if (pthread_create(&s[t].thread, NULL, index_and_shrink, &s[t]))
			die("cannot start a thread"); /* at-exit: leak */
	}
	for (int t = 0; t < nr_workers; t++)
		if (pthread_join(s[t].thread, NULL))
			die("cannot join a thread");
	free(s); /* expect: thread-release */
}
