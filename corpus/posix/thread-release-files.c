/* SPDX-License-Identifier: MIT */
/*
 * thread-release with POSIX streams and descriptors: a FILE * or a file
 * descriptor handed to a logging / upload thread and closed by its creator
 * before the thread is joined.  The thread then writes to a closed stream
 * (undefined behaviour) or, worse, to a descriptor number already reused by
 * another open().
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Thread routines implemented elsewhere. */
void *flush_log(void *arg);
void *upload_fd(void *arg);
void *compress_stream(void *arg);

struct upload_job {
	int fd;
	const char *url;
	int status;
};

struct log_job {
	FILE *fp;
	char prefix[32];
};

/*
 * Thread routine that owns the stream it is given: it writes the trailer
 * and closes the stream.
 */
static void *
finish_and_close(void *arg)
{
	FILE *fp = arg;
	fputs("-- end of report --\n", fp);
	if (fclose(fp) != 0)
		perror("fclose");
	return NULL;
}

/*
 * BUG: the log flusher receives the stream directly; the creator closes the
 * stream right after starting it and joins only afterwards.
 */
int
write_log_async(const char *path)
{
	pthread_t t;
	FILE *fp = fopen(path, "a");
	if (!fp) {
		perror(path);
		return -1;
	}
	if (pthread_create(&t, NULL, flush_log, fp) != 0) {
		fclose(fp);
		return -1;
	}
	fclose(fp); /* expect: thread-release */
	pthread_join(t, NULL);
	return 0;
}

/*
 * BUG: the descriptor travels inside a struct on the stack; close() runs
 * while the upload thread may still read from it.
 */
int
upload_file(const char *path, const char *url)
{
	struct upload_job job;
	pthread_t t;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	job.fd = fd;
	job.url = url;
	job.status = 0;
	if (pthread_create(&t, NULL, upload_fd, &job) != 0) {
		close(fd);
		return -1;
	}
	close(fd); /* expect: thread-release */
	pthread_join(t, NULL);
	return job.status;
}

/*
 * BUG: a heap job holding the stream is given to a detached thread; the
 * creator closes the stream as if the thread were done.
 */
int
start_log_flusher(const char *path, const char *prefix)
{
	pthread_t t;
	struct log_job *j;
	FILE *fp = fopen(path, "a");
	if (!fp)
		return -1;
	j = malloc(sizeof(*j));
	if (!j) {
		fclose(fp);
		return -1;
	}
	j->fp = fp;
	snprintf(j->prefix, sizeof(j->prefix), "%s", prefix);
	pthread_create(&t, NULL, flush_log, j);
	pthread_detach(t);
	fclose(fp); /* expect: thread-release */
	return 0;
}

/*
 * BUG (use after release): the stream is closed first and handed to the
 * compressor thread afterwards.
 */
int
compress_closed(const char *path)
{
	pthread_t t;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	fclose(fp);
	pthread_create(&t, NULL, compress_stream, fp); /* expect: use-after-release */
	pthread_join(t, NULL);
	return 0;
}

/*
 * OK: the flusher is joined before the stream is closed.
 */
int
write_log_sync(const char *path)
{
	pthread_t t;
	FILE *fp = fopen(path, "a");
	if (!fp) {
		perror(path);
		return -1;
	}
	if (pthread_create(&t, NULL, flush_log, fp) != 0) {
		fclose(fp);
		return -1;
	}
	pthread_join(t, NULL);
	fclose(fp);
	return 0;
}

/*
 * OK (tricky): the stream belongs to finish_and_close once the thread runs;
 * the creator closes it only when pthread_create failed.
 */
int
finish_report_async(const char *path)
{
	pthread_t t;
	FILE *fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs("report\n", fp);
	if (pthread_create(&t, NULL, finish_and_close, fp) != 0) {
		fclose(fp);
		return -1;
	}
	pthread_detach(t);
	return 0;
}

/*
 * OK (tricky): two uploads in parallel, each descriptor in its own job; both
 * threads are joined (also on the path where the second start failed)
 * before any descriptor is closed.
 */
int
upload_pair(const char *a, const char *b, const char *url)
{
	struct upload_job ja = { -1, url, 0 }, jb = { -1, url, 0 };
	pthread_t ta, tb;
	int fda, fdb, rc;
	fda = open(a, O_RDONLY | O_CLOEXEC);
	if (fda < 0)
		return -1;
	fdb = open(b, O_RDONLY | O_CLOEXEC);
	if (fdb < 0) {
		close(fda);
		return -1;
	}
	ja.fd = fda;
	jb.fd = fdb;
	if (pthread_create(&ta, NULL, upload_fd, &ja) != 0) {
		close(fdb);
		close(fda);
		return -1;
	}
	if (pthread_create(&tb, NULL, upload_fd, &jb) != 0) {
		pthread_join(ta, NULL);
		close(fdb);
		close(fda);
		return -1;
	}
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	rc = ja.status | jb.status;
	close(fdb);
	close(fda);
	return rc;
}

/* Joins a worker thread and reports a failed join. */
static void
wait_for_worker(pthread_t t)
{
	int err = pthread_join(t, NULL);
	if (err != 0)
		fprintf(stderr, "pthread_join: %s\n", strerror(err));
}

/*
 * OK (tricky): the thread is joined by a helper of this file before the
 * stream is closed.
 */
int
write_log_helper_join(const char *path)
{
	pthread_t t;
	FILE *fp = fopen(path, "a");
	if (!fp)
		return -1;
	if (pthread_create(&t, NULL, flush_log, fp) != 0) {
		fclose(fp);
		return -1;
	}
	wait_for_worker(t);
	fclose(fp);
	return 0;
}
