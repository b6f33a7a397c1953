/*
 * lock-held, a false finding reduced from git's
 * compat/simple-ipc/ipc-unix-socket.c (ipc_server_stop_async): the function
 * locks only when a field says the caller does not hold the lock already,
 * then unlocks on every path.  On the path that skipped the lock the caller
 * holds it, which closecheck cannot know; it reports an unlock of a lock
 * that is not held.  docs/evaluation.md, "git (Bear build)".
 */
#include <pthread.h>

struct server {
	int started;
	int shutdown_requested;
	pthread_mutex_t mutex;
};

int
server_stop(struct server *s)
{
	/* If we haven't started yet, we are already holding the lock. */
	if (s->started)
		pthread_mutex_lock(&s->mutex);
	s->shutdown_requested = 1;
	pthread_mutex_unlock(&s->mutex); /* known-false: lock-held */
	return 0;
}
