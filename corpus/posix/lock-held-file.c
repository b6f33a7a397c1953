/*
 * lock-held on file locks: flock(fd, LOCK_EX) / flock(fd, LOCK_UN) and
 * lockf(fd, F_LOCK, 0) / lockf(fd, F_ULOCK, 0), with and without LOCK_NB.
 */
#include <sys/file.h>
#include <unistd.h>

int
flock_error_path(int fd, const char *buf, size_t n)
{
	if (flock(fd, LOCK_EX) != 0)
		return -1;
	if (write(fd, buf, n) < 0)
		return -1; /* expect: lock-held */
	flock(fd, LOCK_UN);
	return 0;
}

int
flock_nonblocking(int fd)
{
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		return -1;                       /* someone else holds it */
	fsync(fd);
	flock(fd, LOCK_UN);
	return 0;
}

int
lockf_region(int fd, int x)
{
	if (lockf(fd, F_LOCK, 0) < 0)
		return -1;
	if (x)
		return 1; /* expect: lock-held */
	lockf(fd, F_ULOCK, 0);
	return 0;
}

int
lockf_twice(int fd)
{
	lockf(fd, F_LOCK, 0);
	lockf(fd, F_ULOCK, 0);
	lockf(fd, F_ULOCK, 0); /* expect: lock-held */
	return 0;
}
