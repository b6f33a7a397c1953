/*
 * lock-held: mutexes, read-write and spin locks still held where a path
 * returns, unlocked twice, or unlocked on a path that skipped the lock; on
 * globals, &s->lock and pointer parameters, with lock and unlock helpers of
 * the file.  Then the good cases: trylock, a lock under a condition released
 * under the same one, a cleanup attribute, helpers.
 */
#include <errno.h>
#include <pthread.h>
#include <threads.h>

struct stats {
	pthread_mutex_t lock;
	pthread_rwlock_t rw;
	long n;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t spin;
static long total;

int
early_return(int x)
{
	pthread_mutex_lock(&mu);
	if (x < 0)
		return -1; /* expect: lock-held */
	total += x;
	pthread_mutex_unlock(&mu);
	return 0;
}

int
member_lock(struct stats *s, int x)
{
	pthread_mutex_lock(&s->lock);
	if (x == 0)
		return -EINVAL; /* expect: lock-held */
	s->n += x;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

int
param_lock_twice(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
	total++;
	pthread_mutex_unlock(m);
	pthread_mutex_unlock(m); /* expect: lock-held */
	return 0;
}

void
unlock_not_held(int c)
{
	if (c)
		pthread_mutex_lock(&mu);
	total++;
	pthread_mutex_unlock(&mu); /* expect: lock-held */
}

long
rwlock_read(struct stats *s, int x)
{
	long n;
	pthread_rwlock_rdlock(&s->rw);
	n = s->n;
	if (n < x)
		return -1; /* expect: lock-held */
	pthread_rwlock_unlock(&s->rw);
	return n;
}

void
rwlock_write(struct stats *s, long n)
{
	if (pthread_rwlock_wrlock(&s->rw) != 0)
		return;
	s->n = n;
	pthread_rwlock_unlock(&s->rw);
}

int
spin_path(int x)
{
	pthread_spin_lock(&spin);
	if (x)
		return 1; /* expect: lock-held */
	total++;
	pthread_spin_unlock(&spin);
	return 0;
}

int
trylock_then_forgets(int x)
{
	int rc = pthread_mutex_trylock(&mu);
	if (rc != 0)
		return -1;
	if (x)
		return 1; /* expect: lock-held */
	pthread_mutex_unlock(&mu);
	return 0;
}

int
trylock_ok(void)
{
	if (pthread_mutex_trylock(&mu) != 0)
		return -1;
	total++;
	pthread_mutex_unlock(&mu);
	return 0;
}

void
same_condition(int c)
{
	if (c)
		pthread_mutex_lock(&mu);
	total++;
	if (c)
		pthread_mutex_unlock(&mu);
}

/* a lock helper and an unlock helper: no finding of their own */
static void
stats_lock(struct stats *s)
{
	pthread_mutex_lock(&s->lock);
}

static void
stats_unlock(struct stats *s)
{
	pthread_mutex_unlock(&s->lock);
}

int
helpers_ok(struct stats *s, long n)
{
	stats_lock(s);
	s->n += n;
	stats_unlock(s);
	return 0;
}

int
helpers_forget(struct stats *s, long n)
{
	stats_lock(s);
	if (n < 0)
		return -1; /* expect: lock-held */
	s->n += n;
	stats_unlock(s);
	return 0;
}

static void
unlockp(pthread_mutex_t **m)
{
	pthread_mutex_unlock(*m);
}

int
cleanup_attribute(int x)
{
	pthread_mutex_t *held __attribute__((cleanup(unlockp))) = &mu;
	pthread_mutex_lock(held);
	if (x)
		return -1;
	total++;
	return 0;
}

/* unlocks and locks again around a wait: the caller holds it */
void
wait_for(pthread_cond_t *cv)
{
	pthread_mutex_unlock(&mu);
	pthread_cond_wait(cv, &mu);
	pthread_mutex_lock(&mu);
}

int
goto_unlock(struct stats *s, int x)
{
	int rc = 0;
	pthread_mutex_lock(&s->lock);
	if (x < 0) {
		rc = -1;
		goto out;
	}
	s->n += x;
out:
	pthread_mutex_unlock(&s->lock);
	return rc;
}

void
loop_ok(struct stats *s, int n)
{
	for (int i = 0; i < n; i++) {
		pthread_mutex_lock(&s->lock);
		s->n++;
		pthread_mutex_unlock(&s->lock);
	}
}

int
c11_mutex(mtx_t *m, int x)
{
	if (mtx_lock(m) != thrd_success)
		return -1;
	if (x)
		return 1; /* expect: lock-held */
	mtx_unlock(m);
	return 0;
}
