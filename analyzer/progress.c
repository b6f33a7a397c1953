/* SPDX-License-Identifier: MIT */
/*
 * progress: "[k/n] file" on standard error when it is a terminal.  The
 * line is drawn as "\r" + text + "\033[K" (erase to the end of the line)
 * and cleared as "\r\033[K", so it never leaves debris behind.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "mem.h"
#include "progress.h"

struct Progress {
	FILE *tty;
	int total, begun;
	char *file;              /* the last unit begun */
	char cwd[PATH_MAX];      /* files below it are shown relative */
	int shown;               /* the line is on the screen */
	pthread_mutex_t lock;
};

Progress *
progress_new(FILE *tty, int total)
{
	if (!tty || !isatty(fileno(tty)))
		return NULL;
	Progress *p = xcalloc(1, sizeof(*p));
	p->tty = tty;
	p->total = total;
	if (!getcwd(p->cwd, sizeof(p->cwd)))
		p->cwd[0] = '\0';
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void
progress_free(Progress *p)
{
	if (!p)
		return;
	progress_clear(p);
	pthread_mutex_destroy(&p->lock);
	mem_free(p->file);
	mem_free(p);
}

static int
width(FILE *tty)
{
	struct winsize ws;
	if (ioctl(fileno(tty), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

/* With the lock held. */
static void
draw(Progress *p)
{
	if (!p->file)
		return;
	const char *f = p->file;
	size_t n = strlen(p->cwd);
	if (n > 1 && strncmp(f, p->cwd, n) == 0 && f[n] == '/')
		f += n + 1;
	char head[32];
	int h = snprintf(head, sizeof(head), "[%d/%d] ", p->begun, p->total);
	int room = width(p->tty) - 1 - h;
	int len = (int)strlen(f);
	if (room < 4)
		room = 4;
	if (len > room)            /* keep the end: the file name */
		fprintf(p->tty, "\r%s...%s\033[K", head, f + len - room + 3);
	else
		fprintf(p->tty, "\r%s%s\033[K", head, f);
	fflush(p->tty);
	p->shown = 1;
}

void
progress_start(Progress *p, const char *file)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->begun++;
	mem_free(p->file);
	p->file = xstrdup(file ? file : "");
	draw(p);
	pthread_mutex_unlock(&p->lock);
}

void
progress_clear(Progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	if (p->shown) {
		fputs("\r\033[K", p->tty);
		fflush(p->tty);
		p->shown = 0;
	}
	pthread_mutex_unlock(&p->lock);
}

void
progress_redraw(Progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	if (!p->shown)
		draw(p);
	pthread_mutex_unlock(&p->lock);
}
