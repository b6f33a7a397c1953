/*
 * A pool of threads, one element of an array each: the thread's id is kept
 * in the element handed to it, and a second loop joins them by reading the
 * ids back from the array (or through a pointer into it).  After the join
 * loop the array may be freed.  Freed while the threads run, or after a
 * join loop that may stop early, it is a thread-release.
 */
#include <pthread.h>
#include <stdlib.h>

struct worker {
	pthread_t thread;
	int first, count;
	long sum;
};

static void *
add_up(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < w->count; i++)
		w->sum += w->first + i;
	return NULL;
}

/* good: every thread is joined by the second loop before the free; the
 * first loop ran, so the second (to the same bound) runs too. */
long
pool_sum(int nthreads, int per)
{
	struct worker *p = calloc(nthreads, sizeof *p);
	if (!p)
		return -1;
	for (int i = 0; i < nthreads; i++) {
		p[i].first = i * per;
		p[i].count = per;
		if (pthread_create(&p[i].thread, NULL, add_up, &p[i]))
			abort(); /* at-exit: leak */
	}
	long sum = 0;
	for (int i = 0; i < nthreads; i++) {
		pthread_join(p[i].thread, NULL);
		sum += p[i].sum;
	}
	free(p);
	return sum;
}

/* good: the same, joined through a pointer into the array. */
long
pool_sum_by_pointer(int nthreads, int per)
{
	struct worker *p = calloc(nthreads, sizeof *p);
	if (!p)
		return -1;
	for (int i = 0; i < nthreads; i++) {
		struct worker *w = p + i;
		w->first = i * per;
		w->count = per;
		if (pthread_create(&w->thread, NULL, add_up, w))
			abort(); /* at-exit: leak */
	}
	long sum = 0;
	for (int i = 0; i < nthreads; i++) {
		struct worker *w = p + i;
		pthread_join(w->thread, NULL);
		sum += w->sum;
	}
	free(p);
	return sum;
}

/* bad: the array is freed while the threads still add into it. */
long
pool_sum_no_join(int nthreads, int per)
{
	struct worker *p = calloc(nthreads, sizeof *p);
	if (!p)
		return -1;
	for (int i = 0; i < nthreads; i++) {
		p[i].first = i * per;
		p[i].count = per;
		if (pthread_create(&p[i].thread, NULL, add_up, &p[i]))
			abort(); /* at-exit: leak */
	}
	free(p); /* expect: thread-release */
	return 0;
}

/* bad: when `quick`, the threads are not joined before the free. */
long
pool_sum_quick(int nthreads, int per, int quick)
{
	struct worker *p = calloc(nthreads, sizeof *p);
	if (!p)
		return -1;
	for (int i = 0; i < nthreads; i++) {
		p[i].first = i * per;
		p[i].count = per;
		if (pthread_create(&p[i].thread, NULL, add_up, &p[i]))
			abort(); /* at-exit: leak */
	}
	if (!quick)
		for (int i = 0; i < nthreads; i++)
			pthread_join(p[i].thread, NULL);
	free(p); /* expect: thread-release */
	return 0;
}

struct counter {
	pthread_t tid;
	int *cells;
	int k;
};

static void *
bump(void *arg)
{
	struct counter *c = arg;
	c->cells[c->k]++;
	return NULL;
}

/* good: the cells are handed to every thread inside its element; each loop
 * declares its own `c`, and the second joins through it. */
int
shared_cells(int n)
{
	int *cells = calloc(n, sizeof *cells);
	struct counter *cs = calloc(n, sizeof *cs);
	if (!cells || !cs) {
		free(cells);
		free(cs);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct counter *c = cs + i;
		c->cells = cells;
		c->k = i;
		if (pthread_create(&c->tid, NULL, bump, c))
			abort(); /* at-exit: leak */
	}
	for (int i = 0; i < n; i++) {
		struct counter *c = cs + i;
		pthread_join(c->tid, NULL);
	}
	free(cs);
	free(cells);
	return 0;
}
